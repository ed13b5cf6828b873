"""Processing an accepted upload once, in memory: upright, re-encoded, with its renditions.

`prepare()` judges an upload (see photos.checks) and returns the re-encoded master (upright,
without EXIF, XMP or GPS, the credits its EXIF carried set aside) and its WebP and JPEG
renditions; photos.storage writes them. Nothing here touches a file.
"""

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from photos.checks import JPEG, MESSAGES, PNG, WEBP, ImageFormat, open_image, read_upload

# Enough for a phone in a one-column layout up to a wide screen at 2x; never upscaled.
RENDITION_WIDTHS = (480, 960, 1600)
# A very tall image is also capped in height, so no rendition is heavy (and WebP's 16 383 px
# limit always holds).
RENDITION_MAX_HEIGHT_PER_WIDTH = 3
RENDITION_FORMATS = (WEBP, JPEG)


@dataclass(frozen=True)
class Rendition:
    image_format: ImageFormat
    width: int
    height: int
    content: bytes


@dataclass(frozen=True)
class PreparedPhoto:
    """An accepted upload, processed: ready to be written, nothing written yet."""

    image_format: ImageFormat
    width: int
    height: int
    sha256: str
    master: bytes
    renditions: tuple
    creator: str = ""
    rights_holder: str = ""
    taken_on: date | None = None


def decode(data, *, judge=True):
    """The image's format and pixels, upright, plus the credits its EXIF carries."""
    # Pillow, here and below, is imported by the first upload or rendition (see checks.py).
    from PIL import ImageOps

    image_format, image = open_image(data, judge=judge)
    credits = exif_credits(image)
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except Exception as error:
        # A crafted orientation tag is a file we cannot read, never a server error.
        raise ValidationError(MESSAGES["corrupt"], code="corrupt") from error
    return image_format, image, credits


EXIF_CREDIT_PREFIX = re.compile(r"^\s*(?:©|\(c\)|copyright)?\s*(?:\d{4}\s*)?[-,:]?\s*", re.I)


def _exif_text(value):
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    text = "".join(character for character in value if character.isprintable()).strip()
    return text[:150]


def exif_credits(image):
    """Creator, rights holder and date taken from EXIF, to prefill empty fields."""
    from PIL import ExifTags

    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
    except Exception:
        # Broken EXIF only costs the prefill, not the photo.
        return {}
    rights_holder = EXIF_CREDIT_PREFIX.sub("", _exif_text(exif.get(ExifTags.Base.Copyright)))
    taken = _exif_text(details.get(ExifTags.Base.DateTimeOriginal) or exif.get(0x0132))
    taken_on = None
    match = re.match(r"^(\d{4}):(\d{2}):(\d{2})", taken)
    if match:
        try:
            taken_on = date(*(int(part) for part in match.groups()))
        except ValueError:
            taken_on = None
    return {
        "creator": _exif_text(exif.get(ExifTags.Base.Artist)),
        "rights_holder": rights_holder.strip(),
        "taken_on": taken_on,
    }


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def _to_eight_bits(image):
    if image.mode in ("I", "F") or image.mode.startswith("I;"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    return image


def _for_format(image, image_format):
    """The image in a mode the format stores well; transparency becomes white in JPEG."""
    image = _to_eight_bits(image)
    if image_format is PNG and image.mode in ("1", "L", "LA", "P", "RGB", "RGBA"):
        return image
    if image_format is JPEG and image.mode in ("L", "RGB"):
        return image
    if _has_alpha(image):
        image = image.convert("RGBA")
        if image_format is JPEG:
            from PIL import Image

            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            return background
        return image
    return image.convert("RGB")


RGB_FAMILY = ("RGB", "RGBA", "P", "PA")
GREY_FAMILY = ("L", "LA")


def _icc_profile(source_mode, output_mode, profile):
    """Keep the colour profile only where it still describes the pixels."""
    if not profile:
        return None
    same_family = (source_mode in RGB_FAMILY and output_mode in ("RGB", "RGBA", "P")) or (
        source_mode in GREY_FAMILY and output_mode in GREY_FAMILY
    )
    return profile if same_family else None


def encode(image, image_format, *, quality, icc_profile=None, source_mode=None):
    """Bytes of the image in that format, with no metadata but its colour profile."""
    prepared = _for_format(image, image_format)
    # Metadata is named empty rather than left out: some Pillow versions and formats fall back
    # to the source's info, and nothing from the upload (GPS included) may reach a stored file.
    options = {
        "exif": b"",
        "xmp": b"",
        "icc_profile": _icc_profile(source_mode or image.mode, prepared.mode, icc_profile),
    }
    if image_format is JPEG:
        options.update(quality=quality, optimize=True, progressive=True)
    elif image_format is WEBP:
        options.update(quality=quality, method=4)
    else:
        options.update(optimize=prepared.width * prepared.height <= 4_000_000)
    output = io.BytesIO()
    prepared.save(output, image_format.name, **options)
    return output.getvalue()


def rendition_sizes(width, height):
    """(width, height) of each rendition: the target widths, never upscaled, deduplicated."""
    sizes = {}
    for target in RENDITION_WIDTHS:
        scale = min(1.0, target / width, target * RENDITION_MAX_HEIGHT_PER_WIDTH / height)
        rendition_width = max(1, round(width * scale))
        sizes[rendition_width] = max(1, round(height * scale))
    return sorted(sizes.items())


def expected_renditions(width, height):
    return {
        (image_format.name, rendition_width)
        for rendition_width, _height in rendition_sizes(width, height)
        for image_format in RENDITION_FORMATS
    }


def make_renditions(image, icc_profile=None):
    from PIL import Image

    renditions = []
    source_mode = image.mode
    # Pillow resizes palette and 1-bit images pixel by pixel (nearest): resize true colour.
    current = _to_eight_bits(image)
    if current.mode not in ("RGB", "RGBA"):
        current = current.convert("RGBA" if _has_alpha(current) else "RGB")
    # Largest first, each made from the previous one: much faster than always from the master.
    for width, height in reversed(rendition_sizes(*image.size)):
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for image_format in RENDITION_FORMATS:
            quality = 80 if image_format is WEBP else 82
            content = encode(
                current,
                image_format,
                quality=quality,
                icc_profile=icc_profile,
                source_mode=source_mode,
            )
            renditions.append(Rendition(image_format, width, height, content))
    return tuple(sorted(renditions, key=lambda item: (item.image_format.name, item.width)))


def prepare_bytes(data):
    """Judge and process an image's bytes: a PreparedPhoto, or a ValidationError in French."""
    image_format, image, credits = decode(data)
    icc_profile = image.info.get("icc_profile")
    try:
        master = encode(
            image,
            image_format,
            quality=90,
            icc_profile=icc_profile,
            source_mode=image.mode,
        )
        renditions = make_renditions(image, icc_profile)
    except Exception as error:
        raise ValidationError(MESSAGES["unsupported"], code="unsupported") from error
    return PreparedPhoto(
        image_format=image_format,
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(data).hexdigest(),
        master=master,
        renditions=renditions,
        **credits,
    )


def prepare(file):
    """Prepare an uploaded file once: the result is kept on it for the model's save()."""
    prepared = getattr(file, "prepared_photo", None)
    if prepared is None:
        prepared = prepare_bytes(read_upload(file))
        file.prepared_photo = prepared
    return prepared
