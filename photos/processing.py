"""Photos: accept only safe images, process them once at upload, keep the storage tidy.

Every concrete subclass of `photos.models.Photo`, in any app, goes through this module:

- `prepare()` judges an upload by its bytes (never its name or content type), refuses anything
  that is not a sound JPEG, PNG or WebP photo within the size and pixel limits, and returns the
  re-encoded master (upright, without EXIF, XMP or GPS) and its renditions, all in memory;
- `store()` writes them through the field's storage and records the renditions on the row, so
  that pages never ask the storage what exists and never make an image while being served;
- `delete_files()` runs after the transaction commits when a photo is deleted or its file
  replaced, so no file outlives its row.

Only Django's storage API touches files: switching the default storage to object storage (see
the README) needs no change here.
"""

import hashlib
import io
import logging
import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import router, transaction
from django.db.models.signals import post_delete
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps

logger = logging.getLogger(__name__)

FOLDER = "photos"
RENDITION_FOLDER = f"{FOLDER}/renditions"
# Enough for a phone in a one-column layout up to a wide screen at 2x; never upscaled.
RENDITION_WIDTHS = (480, 960, 1600)
# A very tall image is also capped in height, so no rendition is heavy (and WebP's 16 383 px
# limit always holds).
RENDITION_MAX_HEIGHT_PER_WIDTH = 3
MAX_ASPECT_RATIO = 20


@dataclass(frozen=True)
class ImageFormat:
    name: str
    extension: str
    mime_type: str


JPEG = ImageFormat("JPEG", ".jpg", "image/jpeg")
PNG = ImageFormat("PNG", ".png", "image/png")
WEBP = ImageFormat("WEBP", ".webp", "image/webp")
ACCEPTED_FORMATS = {image_format.name: image_format for image_format in (JPEG, PNG, WEBP)}
RENDITION_FORMATS = (WEBP, JPEG)
ACCEPT_ATTRIBUTE = ",".join(image_format.mime_type for image_format in ACCEPTED_FORMATS.values())

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
TEXT_CHUNK_LIMIT = 1024 * 1024


def max_upload_bytes():
    return settings.PHOTO_MAX_UPLOAD_BYTES


def max_pixels():
    return settings.PHOTO_MAX_PIXELS


def _megapixels(pixels):
    return number_format(pixels / 1_000_000, decimal_pos=0 if pixels % 1_000_000 == 0 else 1)


def _number(value):
    return number_format(value, force_grouping=True)


def limits_help_text():
    return format_lazy(
        _("JPEG, PNG ou WebP ; {size} et {megapixels} mégapixels au plus."),
        size=_megabytes(max_upload_bytes()),
        megapixels=_megapixels(max_pixels()),
    )


# --- Judging an upload by its content ------------------------------------------------------


@dataclass
class Structure:
    """What the file's own headers say, read without decoding a single pixel."""

    width: int
    height: int
    text_parts: list = field(default_factory=list)
    end: int = 0


def sniff_format(data):
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def _refuse_unknown(data):
    head = data[:1024].lstrip(b"\xef\xbb\xbf\x00\t\n\r ").lower()
    if b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in data[:4096].lower()):
        raise ValidationError(MESSAGES["svg"], code="svg")
    if head.startswith(b"<"):
        raise ValidationError(MESSAGES["markup"], code="markup")
    raise ValidationError(MESSAGES["format"], code="format")


SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_structure(data):
    size = None
    text_parts = []
    position = 2
    while True:
        if data[position] != 0xFF:
            raise ValueError("marker expected")
        while data[position] == 0xFF:
            position += 1
        marker = data[position]
        position += 1
        if marker == 0xD9:
            if size is None:
                raise ValueError("no frame header")
            return Structure(*size, text_parts=text_parts, end=position)
        if 0xD0 <= marker <= 0xD8 or marker == 0x01:
            continue
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2 or position + length > len(data):
            raise ValueError("segment runs past the end")
        segment = data[position + 2 : position + length]
        if marker in SOF_MARKERS and size is None:
            height, width = struct.unpack(">HH", segment[1:5])
            size = (width, height)
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            text_parts.append(segment)
        position += length
        if marker == 0xDA:
            # Entropy-coded data: 0xFF is followed by a stuffed 0x00 or a restart marker until
            # the next real marker.
            while True:
                position = data.index(b"\xff", position)
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2
                elif following == 0xFF:
                    position += 1
                else:
                    break


def _png_structure(data):
    size = None
    text_parts = []
    # Compressed text is inflated to be searched: a budget for the whole file, so that many
    # small chunks cannot inflate to gigabytes.
    text_budget = TEXT_CHUNK_LIMIT

    def decompress(payload):
        nonlocal text_budget
        inflater = zlib.decompressobj()
        text = inflater.decompress(payload, text_budget)
        text_budget -= len(text)
        if inflater.unconsumed_tail:
            raise ValueError("too much compressed text")
        return text

    position = 8
    while True:
        length, chunk_type = struct.unpack(">I4s", data[position : position + 8])
        chunk = data[position + 8 : position + 8 + length]
        if len(chunk) < length or position + 12 + length > len(data):
            raise ValueError("chunk runs past the end")
        if chunk_type == b"IHDR":
            size = struct.unpack(">II", chunk[:8])
        elif chunk_type == b"zTXt":
            text_parts.append(decompress(chunk.partition(b"\0")[2][1:]))
        elif chunk_type == b"iTXt":
            keyword_rest = chunk.partition(b"\0")[2]
            compressed = keyword_rest[:1] == b"\x01"
            text = keyword_rest[2:].partition(b"\0")[2].partition(b"\0")[2]
            text_parts.append(decompress(text) if compressed else text)
        elif chunk_type not in (b"IDAT", b"fdAT"):
            text_parts.append(chunk)
        position += 12 + length
        if chunk_type == b"IEND":
            if size is None:
                raise ValueError("no header")
            return Structure(*size, text_parts=text_parts, end=position)


def _webp_structure(data):
    if len(data) < 30:
        raise ValueError("too short")
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise ValueError("RIFF runs past the end")
    first = data[12:16]
    if first == b"VP8X":
        size = (
            int.from_bytes(data[24:27], "little") + 1,
            int.from_bytes(data[27:30], "little") + 1,
        )
    elif first == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            raise ValueError("bad VP8 start code")
        width, height = struct.unpack("<HH", data[26:30])
        size = (width & 0x3FFF, height & 0x3FFF)
    elif first == b"VP8L":
        if data[20] != 0x2F:
            raise ValueError("bad VP8L signature")
        bits = int.from_bytes(data[21:25], "little")
        size = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    else:
        raise ValueError("unknown first chunk")
    text_parts = []
    position = 12
    while position + 8 <= end:
        chunk_type = data[position : position + 4]
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        if chunk_type not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            text_parts.append(data[position + 8 : position + 8 + length])
        position += 8 + length + (length & 1)
    return Structure(*size, text_parts=text_parts, end=end)


STRUCTURE_READERS = {JPEG: _jpeg_structure, PNG: _png_structure, WEBP: _webp_structure}


def read_structure(image_format, data):
    try:
        structure = STRUCTURE_READERS[image_format](data)
    except (ValueError, IndexError, struct.error, zlib.error) as error:
        raise ValidationError(MESSAGES["corrupt"], code="corrupt") from error
    if structure.width < 1 or structure.height < 1:
        raise ValidationError(MESSAGES["corrupt"], code="corrupt")
    return structure


def check_structure(structure, data):
    parts = [*structure.text_parts, data[structure.end : structure.end + TRAILER_SCAN_BYTES]]
    if any(ACTIVE_CONTENT.search(part) for part in parts):
        raise ValidationError(MESSAGES["polyglot"], code="polyglot")
    width, height = structure.width, structure.height
    if width * height > max_pixels():
        raise ValidationError(
            MESSAGES["too_many_pixels"],
            code="too_many_pixels",
            params={
                "width": _number(width),
                "height": _number(height),
                "megapixels": _megapixels(width * height),
                "limit": _megapixels(max_pixels()),
            },
        )
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            MESSAGES["too_elongated"],
            code="too_elongated",
            params={"width": _number(width), "height": _number(height), "ratio": MAX_ASPECT_RATIO},
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
        raise ValidationError(MESSAGES["empty"], code="empty")
    if len(data) > limit:
        raise _too_large(size or len(data), limit)
    return data


def _megabytes(size):
    return f"{number_format(size / (1024 * 1024), decimal_pos=1)}\xa0Mo"


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


# --- Decoding and encoding -----------------------------------------------------------------


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


def decode(image_format, data, structure):
    """The image's pixels, upright, plus the credits its EXIF carries; refuses what won't load."""
    try:
        image = Image.open(io.BytesIO(data), formats=[image_format.name])
        if image.size != (structure.width, structure.height):
            raise ValueError("the decoder disagrees with the header")
        image.load()
        credits = exif_credits(image)
        ImageOps.exif_transpose(image, in_place=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            MESSAGES["too_many_pixels"],
            code="too_many_pixels",
            params={
                "width": _number(structure.width),
                "height": _number(structure.height),
                "megapixels": _megapixels(structure.width * structure.height),
                "limit": _megapixels(max_pixels()),
            },
        ) from error
    except Exception as error:
        # Crafted files make decoders fail in many ways (OSError, SyntaxError, struct.error,
        # even IndexError): each is a file we cannot read, never a server error.
        raise ValidationError(MESSAGES["corrupt"], code="corrupt") from error
    return image, credits


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
    image_format = sniff_format(data)
    if image_format is None:
        _refuse_unknown(data)
    structure = read_structure(image_format, data)
    check_structure(structure, data)
    image, credits = decode(image_format, data, structure)
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


# --- Storage -------------------------------------------------------------------------------


def rendition_name(master_name, rendition):
    stem = PurePosixPath(master_name).stem
    return f"{RENDITION_FOLDER}/{stem}-{rendition.width}{rendition.image_format.extension}"


def delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # A file that cannot be deleted now is listed as an orphan by rebuild_renditions.
            logger.exception("Impossible de supprimer le fichier %s", name)


def write_renditions(storage, master_name, renditions, written):
    records = []
    for rendition in renditions:
        name = storage.save(rendition_name(master_name, rendition), ContentFile(rendition.content))
        written.append(name)
        records.append(
            {
                "format": rendition.image_format.name,
                "width": rendition.width,
                "height": rendition.height,
                "name": name,
            }
        )
    return records


def store(photo, prepared):
    """Write the master and its renditions, fill the photo's fields; returns the names written.

    Nothing is left behind if a write fails half-way.
    """
    storage = photo.image.storage
    written = []
    try:
        photo.image.save(
            f"photo{prepared.image_format.extension}", ContentFile(prepared.master), save=False
        )
        written.append(photo.image.name)
        photo.renditions = write_renditions(storage, photo.image.name, prepared.renditions, written)
    except BaseException:
        delete_files(storage, written)
        raise
    photo.width = prepared.width
    photo.height = prepared.height
    photo.file_size = len(prepared.master)
    photo.sha256 = prepared.sha256
    photo.creator = photo.creator or prepared.creator
    photo.rights_holder = photo.rights_holder or prepared.rights_holder
    photo.taken_on = photo.taken_on or prepared.taken_on
    return written


def delete_after_commit(photo, names):
    names = [name for name in names if name]
    if names:
        using = router.db_for_write(type(photo), instance=photo)
        transaction.on_commit(
            partial(delete_files, photo.image.storage, names), using=using, robust=True
        )


def rebuild_renditions(photo):
    """Make a photo's renditions again from its stored master (e.g. some are missing).

    Returns the names of the previous renditions, deleted once the transaction commits.
    """
    storage = photo.image.storage
    with storage.open(photo.image.name, "rb") as master:
        data = master.read()
    image_format = sniff_format(data)
    if image_format is None:
        _refuse_unknown(data)
    structure = read_structure(image_format, data)
    image, _credits = decode(image_format, data, structure)
    renditions = make_renditions(image, image.info.get("icc_profile"))
    previous = [record["name"] for record in photo.renditions or []]
    written = []
    try:
        records = write_renditions(storage, photo.image.name, renditions, written)
        photo.renditions = records
        photo.width, photo.height = image.size
        photo.save(update_fields=["renditions", "width", "height"])
    except BaseException:
        delete_files(storage, written)
        raise
    obsolete = [name for name in previous if name not in written]
    delete_after_commit(photo, obsolete)
    return obsolete


def missing_renditions(photo):
    """True when the recorded renditions are not exactly those expected, or a file is gone."""
    if not photo.image or not photo.width or not photo.height:
        return bool(photo.image)
    recorded = {(record["format"], record["width"]) for record in photo.renditions or []}
    if recorded != expected_renditions(photo.width, photo.height):
        return True
    storage = photo.image.storage
    return not all(storage.exists(record["name"]) for record in photo.renditions)


def stored_files(storage, folder=FOLDER):
    """Every file name under a folder of the storage, through listdir only."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    for name in files:
        yield f"{prefix}{name}"
    for directory in directories:
        yield from stored_files(storage, f"{prefix}{directory}")


# --- Every concrete photo model ------------------------------------------------------------


def photo_models(include_proxies=False):
    """Every installed concrete subclass of Photo, whatever its app."""
    from photos.models import Photo

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Photo) and (include_proxies or not model._meta.proxy)
    ]


def _delete_files_of_deleted_photo(sender, instance, **kwargs):
    delete_after_commit(instance, instance.stored_file_names())


def connect_signals():
    # Per model rather than for every sender, so other models keep Django's fast deletes.
    for model in photo_models(include_proxies=True):
        post_delete.connect(
            _delete_files_of_deleted_photo,
            sender=model,
            dispatch_uid=f"photo-files-{model._meta.label_lower}",
        )


def duplicates_of(photo):
    """Other photos, of any photo model, whose uploaded image had the same content."""
    if not photo.sha256:
        return []
    found = []
    for model in photo_models():
        rows = model._default_manager.filter(sha256=photo.sha256)
        if isinstance(photo, model) and photo.pk:
            rows = rows.exclude(pk=photo.pk)
        found.extend(rows.order_by("pk")[:5])
    return found
