"""Processing once, at upload: upright, no metadata, renditions recorded on the row."""

import io

import pytest
from PIL import ExifTags, Image

from photos import processing
from places.models import PlacePhoto
from tests import factories, images
from tests.photos.conftest import open_back, read_back, stored_files

pytestmark = pytest.mark.django_db


def upload_photo(content, name="photo.jpg", **overrides):
    values = {"alt_text": "Des établis en bois dans un grand atelier", "caption": "L'atelier"}
    values.update(overrides)
    return factories.place_photo(factories.place(), image=images.upload(content, name), **values)


def is_red(pixel):
    return pixel[0] > 150 and pixel[2] < 100


def is_blue(pixel):
    return pixel[2] > 150 and pixel[0] < 100


def test_phone_jpeg_comes_out_upright_without_any_metadata_in_master_and_renditions():
    source = images.jpeg_with_gps_and_orientation(2400, 1800)
    # The upload really carries what must go: orientation, GPS position, camera, XMP.
    exif = Image.open(io.BytesIO(source)).getexif()
    assert exif[ExifTags.Base.Orientation] == 6
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == (49.0, 11.0, 32.0)
    assert b"xmpmeta" in source and b"PhoneMaker" in source

    photo = upload_photo(source, "IMG_0042.JPG")
    photo.refresh_from_db()

    assert (photo.width, photo.height) == (1800, 2400)
    assert sorted((r["format"], r["width"], r["height"]) for r in photo.renditions) == [
        ("JPEG", 480, 640),
        ("JPEG", 960, 1280),
        ("JPEG", 1600, 2133),
        ("WEBP", 480, 640),
        ("WEBP", 960, 1280),
        ("WEBP", 1600, 2133),
    ]
    names = photo.stored_file_names()
    assert len(names) == 7
    assert stored_files() == set(names)
    for name in names:
        data = read_back(name)
        image = open_back(name)
        assert not image.getexif(), name
        assert not {"exif", "xmp", "XML:com.adobe.xmp"} & set(image.info), name
        for trace in (b"Exif\x00\x00", b"xmpmeta", b"PhoneMaker", b"Radio France", b"Touchais"):
            assert trace not in data, (name, trace)
        # Upright: the red left half of the sensor image is now at the top.
        width, height = image.size
        rgb = image.convert("RGB")
        assert height > width, name
        assert is_red(rgb.getpixel((width // 2, height // 10))), name
        assert is_blue(rgb.getpixel((width // 2, height * 9 // 10))), name
    assert open_back(photo.image.name).size == (1800, 2400)
    assert {open_back(r["name"]).format for r in photo.renditions} == {"JPEG", "WEBP"}


def test_empty_credits_are_prefilled_from_exif_and_given_ones_kept():
    photo = upload_photo(images.jpeg_with_gps_and_orientation(), creator="", rights_holder="")
    assert (photo.creator, photo.rights_holder) == ("Elodie Touchais", "Radio France")
    assert photo.credit_line == "© Radio France - Elodie Touchais"
    assert str(photo.taken_on) == "2021-08-27"

    kept = upload_photo(
        images.jpeg_with_gps_and_orientation(), creator="Autre", rights_holder="Ville de Caen"
    )
    assert (kept.creator, kept.rights_holder) == ("Autre", "Ville de Caen")


def test_small_images_are_never_upscaled():
    photo = upload_photo(images.jpeg(300, 200))
    assert sorted((r["format"], r["width"]) for r in photo.renditions) == [
        ("JPEG", 300),
        ("WEBP", 300),
    ]


def test_very_tall_images_are_capped_in_height_too():
    assert processing.rendition_sizes(1000, 12_000) == [(120, 1440), (240, 2880), (400, 4800)]


def test_transparency_becomes_white_in_jpeg_and_stays_in_webp_and_png():
    transparent = Image.new("RGBA", (100, 80), (0, 0, 0, 0))
    photo = upload_photo(images.encode(transparent, "PNG"), "logo.png")
    assert open_back(photo.image.name).mode == "RGBA"
    for record in photo.renditions:
        image = open_back(record["name"])
        if record["format"] == "JPEG":
            assert image.convert("RGB").getpixel((5, 5)) == (255, 255, 255)
        else:
            assert image.convert("RGBA").getpixel((5, 5))[3] == 0


def test_palette_cmyk_and_sixteen_bit_images_are_processed():
    for content in (
        images.png(mode="P"),
        images.encode(images.two_tone(mode="CMYK"), "JPEG"),
        images.encode(Image.new("I;16", (60, 40), 40_000), "PNG"),
    ):
        photo = upload_photo(content)
        assert len(photo.renditions) == 2
        assert PlacePhoto.objects.get(pk=photo.pk).renditions == photo.renditions


def test_palette_images_are_resized_smoothly_not_pixel_by_pixel():
    # Vertical stripes one pixel wide: a smooth resize averages them to grey.
    stripes = Image.new("P", (1000, 500))
    stripes.putpalette([0, 0, 0, 255, 255, 255])
    stripes.putdata([x % 2 for _y in range(500) for x in range(1000)])
    photo = upload_photo(images.encode(stripes, "PNG"), "rayures.png")
    smallest = min(photo.renditions, key=lambda record: record["width"])
    grey = open_back(smallest["name"]).convert("L").getpixel((100, 100))
    assert 80 < grey < 180
