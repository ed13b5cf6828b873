"""Images made with Pillow for the tests: nothing is downloaded, nothing is shipped."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

RED = (220, 30, 30)
BLUE = (30, 30, 220)


def two_tone(width=120, height=80, mode="RGB"):
    """Left half red, right half blue: shows which way an image was turned."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image.convert(mode)


def encode(image, image_format="JPEG", **options):
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()


def jpeg_with_gps_and_orientation(width=120, height=80):
    """A phone photo: EXIF orientation 6 (turn 90° clockwise to view), GPS position, credits."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Artist] = "Elodie Touchais"
    exif[ExifTags.Base.Copyright] = "Copyright 2021 Radio France"
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (49.0, 11.0, 32.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 18.0, 27.0)
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = "2021:08:27 11:30:00"
    return encode(
        two_tone(width, height),
        "JPEG",
        exif=exif,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>position</rdf:RDF></x:xmpmeta>',
        quality=95,
    )


def jpeg(width=120, height=80, **options):
    return encode(two_tone(width, height), "JPEG", **options)


def png(width=120, height=80, mode="RGB"):
    return encode(two_tone(width, height, mode), "PNG")


def webp(width=120, height=80):
    return encode(two_tone(width, height), "WEBP")


def noisy_jpeg(width=400, height=300):
    """Incompressible content, for files of a predictable, larger size."""
    return encode(Image.effect_noise((width, height), 80).convert("RGB"), "JPEG", quality=95)


def png_bomb(width=20_000, height=20_000):
    """400 megapixels in a few tens of kilobytes: a 1-bit image of one colour compresses well."""
    return encode(Image.new("1", (width, height)), "PNG")


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
