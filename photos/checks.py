"""Judging an upload by its content: formats, limits, and the French message for each refusal.

`open_image()` takes a file's bytes and gives back its decoded pixels only if the file is a
sound JPEG, PNG or WebP within the size and pixel limits, with no markup hidden in its metadata
or after its end. Pillow reads every header and decodes every pixel; the few checks written here
are those Pillow has no answer for, each saying why.
"""

import importlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Pillow is imported by the first upload or rendition, not by every worker at start (3 MiB):
# public pages only link to renditions already made.


@dataclass(frozen=True)
class ImageFormat:
    name: str
    extension: str
    mime_type: str
    signature: re.Pattern
    # Pillow's own reader for the format (its plugin module, its class), so nothing else ever
    # parses an upload.
    reader: tuple[str, str]

    def read(self, stream):
        module = importlib.import_module(f"PIL.{self.reader[0]}")
        return getattr(module, self.reader[1])(stream)


JPEG = ImageFormat(
    "JPEG",
    ".jpg",
    "image/jpeg",
    re.compile(rb"\xff\xd8\xff"),
    ("JpegImagePlugin", "JpegImageFile"),
)
PNG = ImageFormat(
    "PNG",
    ".png",
    "image/png",
    re.compile(rb"\x89PNG\r\n\x1a\n"),
    ("PngImagePlugin", "PngImageFile"),
)
WEBP = ImageFormat(
    "WEBP",
    ".webp",
    "image/webp",
    re.compile(rb"RIFF.{4}WEBP", re.S),
    ("WebPImagePlugin", "WebPImageFile"),
)
ACCEPTED_FORMATS = {image_format.name: image_format for image_format in (JPEG, PNG, WEBP)}
ACCEPT_ATTRIBUTE = ",".join(image_format.mime_type for image_format in ACCEPTED_FORMATS.values())
MAX_ASPECT_RATIO = 20

MESSAGES = {
    "empty": _("Le fichier est vide (0 octet) : choisissez une photo JPEG, PNG ou WebP."),
    "too_large": _(
        "Ce fichier pèse %(size)s ; la limite est de %(limit)s. "
        "Réduisez la photo avant de l'envoyer."
    ),
    "svg": _(
        "Les images SVG ne sont pas acceptées, car elles peuvent contenir du code : "
        "envoyez une photo JPEG, PNG ou WebP."
    ),
    "markup": _(
        "Ce fichier est une page web ou un document texte, pas une photo, quel que soit son nom : "
        "envoyez une photo JPEG, PNG ou WebP."
    ),
    "format": _(
        "Ce fichier n'est pas une photo JPEG, PNG ou WebP (c'est son contenu qui compte, pas son "
        "nom) : convertissez-la dans l'un de ces formats."
    ),
    "polyglot": _(
        "Ce fichier cache du code (HTML, script, SVG ou PHP) à côté de l'image : il est refusé. "
        "Exportez la photo de nouveau depuis un logiciel d'image."
    ),
    "corrupt": _(
        "Ce fichier image est tronqué ou endommagé et ne peut pas être lu en entier : "
        "exportez-le de nouveau puis réessayez."
    ),
    "too_many_pixels": _(
        "Cette image fait %(width)s × %(height)s pixels, soit %(megapixels)s mégapixels ; "
        "la limite est de %(limit)s mégapixels. Réduisez ses dimensions avant de l'envoyer."
    ),
    "too_elongated": _(
        "Cette image est trop allongée (%(width)s × %(height)s pixels) : un côté ne doit pas "
        "dépasser %(ratio)s fois l'autre."
    ),
    "unsupported": _(
        "Le codage des couleurs de cette image n'est pas pris en charge : "
        "exportez-la en JPEG ou en PNG standard."
    ),
}

# Markup that makes a file dangerous if a browser ever sniffs it as a page. Only searched where
# text can hide (metadata, comments, bytes after the image), never in compressed pixel data,
# where any short pattern turns up by chance.
ACTIVE_CONTENT = re.compile(
    rb"<(?:script|html|svg|iframe|body|object|embed|\?php)[\s>/]|<!doctype\s+html",
    re.IGNORECASE,
)
TRAILER_SCAN_BYTES = 64 * 1024
TEXT_LIMIT = 1024 * 1024


def max_upload_bytes():
    return settings.PHOTO_MAX_UPLOAD_BYTES


def max_pixels():
    return settings.PHOTO_MAX_PIXELS


def _megapixels(pixels):
    return number_format(pixels / 1_000_000, decimal_pos=0 if pixels % 1_000_000 == 0 else 1)


def _number(value):
    return number_format(value, force_grouping=True)


def _megabytes(size):
    return f"{number_format(size / (1024 * 1024), decimal_pos=1)}\xa0Mo"


def limits_help_text():
    return format_lazy(
        _("JPEG, PNG ou WebP ; {size} et {megapixels} mégapixels au plus."),
        size=_megabytes(max_upload_bytes()),
        megapixels=_megapixels(max_pixels()),
    )


def _refusal(code):
    return ValidationError(MESSAGES[code], code=code)


def _too_large(size, limit):
    shown_size, shown_limit = _megabytes(size), _megabytes(limit)
    if shown_size == shown_limit:
        # Just over the limit: only the exact counts tell the two apart.
        shown_size, shown_limit = (f"{_number(value)}\xa0octets" for value in (size, limit))
    return ValidationError(
        MESSAGES["too_large"],
        code="too_large",
        params={"size": shown_size, "limit": shown_limit},
    )


def _too_many_pixels(width, height):
    return ValidationError(
        MESSAGES["too_many_pixels"],
        code="too_many_pixels",
        params={
            "width": _number(width),
            "height": _number(height),
            "megapixels": _megapixels(width * height),
            "limit": _megapixels(max_pixels()),
        },
    )


def read_upload(file):
    """All the bytes of an upload, refusing an empty or oversize one before reading it all."""
    limit = max_upload_bytes()
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large(size, limit)
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if not data:
        raise _refusal("empty")
    if len(data) > limit:
        raise _too_large(size or len(data), limit)
    return data


def sniff_format(data):
    # Pillow calls a damaged photo and a file of another kind alike "unidentified": only the
    # signature tells "damaged" from "not a photo".
    for image_format in ACCEPTED_FORMATS.values():
        if image_format.signature.match(data):
            return image_format
    return None


def _refuse_unknown(data):
    # Pillow cannot read SVG or HTML at all: the message names what the file is instead.
    head = data[:1024].lstrip(b"\xef\xbb\xbf\x00\t\n\r ").lower()
    if b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in data[:4096].lower()):
        raise _refusal("svg")
    if head.startswith(b"<"):
        raise _refusal("markup")
    raise _refusal("format")


def check_size(width, height):
    """Refuse an image over the pixel limit or too elongated, from its header's size."""
    if width < 1 or height < 1:
        raise _refusal("corrupt")
    if width * height > max_pixels():
        raise _too_many_pixels(width, height)
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            MESSAGES["too_elongated"],
            code="too_elongated",
            params={"width": _number(width), "height": _number(height), "ratio": MAX_ASPECT_RATIO},
        )


def _webp_canvas_size(data):
    # Pillow's WebP reader makes its decoder, which allocates the whole canvas, as it opens a
    # file, and refuses a huge one without saying its size: the header is read here first.
    kind = data[12:16]
    if kind == b"VP8X":
        return (
            int.from_bytes(data[24:27], "little") + 1,
            int.from_bytes(data[27:30], "little") + 1,
        )
    if kind == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 ":
        return (
            int.from_bytes(data[26:28], "little") & 0x3FFF,
            int.from_bytes(data[28:30], "little") & 0x3FFF,
        )
    raise _refusal("corrupt")


def _read_header(image_format, data):
    """Pillow's reader for the format on the file: its header is read, no pixel is decoded.

    The format's own reader rather than Image.open: Image.open refuses a decompression bomb
    without its size, which the refusal states; check_size() runs on the header's size instead.
    """
    from PIL import Image

    stream = io.BytesIO(data)
    try:
        return image_format.read(stream), stream
    except Image.DecompressionBombError as error:
        # Only the WebP reader checks for bombs, past twice Pillow's MAX_IMAGE_PIXELS: reached
        # when the photo limit is set higher, or for a master that is no longer judged.
        raise _too_many_pixels(*_webp_canvas_size(data)) from error
    except Exception as error:
        # Crafted files make readers fail in many ways (OSError, SyntaxError, struct.error,
        # even IndexError): each is a file we cannot read, never a server error.
        raise _refusal("corrupt") from error


def _image_end(image_format, image, stream, data):
    """Where the image's own bytes end, to look at what follows; PNG chunks are verified too."""
    if image_format is JPEG:
        # Pillow's reader stops after the first scan header and never says where the image
        # ends: the end-of-image marker is the first one after it (coded data cannot hold it).
        end = data.find(b"\xff\xd9", stream.tell())
        return len(data) if end < 0 else end + 2
    if image_format is PNG:
        # Pillow's verify() checks every chunk's CRC and stops in the IEND chunk, before its CRC.
        image.verify()
        return stream.tell() + 4
    # The RIFF header's length: Pillow's WebP reader does not expose it.
    return 8 + int.from_bytes(data[4:8], "little")


def _hidden_texts(image):
    """Every piece of metadata Pillow read: where text, and so markup, can hide."""
    parts = [part for item in image.info.items() for part in item if isinstance(part, (bytes, str))]
    parts += [payload for _marker, payload in getattr(image, "applist", [])]
    parts += [chunk[1] for chunk in getattr(image, "private_chunks", [])]
    return [part.encode("utf-8", "replace") if isinstance(part, str) else part for part in parts]


def _refuse_hidden_markup(image, trailer):
    # Pillow's bounds on PNG text (1 MB a chunk, 64 MB in all) are process-wide settings, left
    # as they are: a photo carries far less text, and every character of it is searched.
    if sum(len(text) for text in getattr(image, "text", {}).values()) > TEXT_LIMIT:
        raise _refusal("corrupt")
    # Pillow has no notion of markup in metadata, nor of bytes after the image.
    if any(ACTIVE_CONTENT.search(part) for part in [*_hidden_texts(image), trailer]):
        raise _refusal("polyglot")


def open_image(data, *, judge=True):
    """The image in `data`, decoded: its format and pixels, or a ValidationError in French.

    With judge=False (a master this site already processed), only what decoding needs is
    checked: the limits and the search for markup are skipped.
    """
    image_format = sniff_format(data)
    if image_format is None:
        _refuse_unknown(data)
    if judge and image_format is WEBP:
        check_size(*_webp_canvas_size(data))
    image, stream = _read_header(image_format, data)
    if judge:
        check_size(*image.size)
    try:
        end = _image_end(image_format, image, stream, data)
    except Exception as error:
        raise _refusal("corrupt") from error
    if image_format is PNG:
        # verify() leaves Pillow's image unusable: it is read again to be decoded.
        image, stream = _read_header(image_format, data)
    try:
        image.load()
    except Exception as error:
        raise _refusal("corrupt") from error
    if judge:
        _refuse_hidden_markup(image, data[end : end + TRAILER_SCAN_BYTES])
    return image_format, image
