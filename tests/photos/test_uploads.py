"""What is accepted and what is refused, judged by content; a refusal leaves nothing behind."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile, PngImagePlugin, WebPImagePlugin

from photos.processing import prepare, prepare_bytes
from photos.registry import duplicates_of
from places.models import PlacePhoto
from tests import factories, images
from tests.photos.conftest import open_back, read_back, stored_files

pytestmark = pytest.mark.django_db

FIFTEEN_MB = 15 * 1024 * 1024


def png_with_text(text):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    return images.encode(images.two_tone(), "PNG", pnginfo=info)


def png_with_chunk(chunk_type, data, after_idat=False):
    info = PngImagePlugin.PngInfo()
    info.add(chunk_type, data, after_idat=after_idat)
    return images.encode(images.two_tone(), "PNG", pnginfo=info)


def png_with_a_bad_checksum():
    data = bytearray(images.png())
    start = data.index(b"IDAT") - 4
    length = int.from_bytes(data[start : start + 4], "big")
    data[start + 8 + length + 3] ^= 0x01
    return bytes(data)


def jpeg_over_64_kb_with_an_end_marker_in_its_comment():
    """The image's end is after its scan, not at an end marker in its metadata."""
    noise = Image.effect_noise((400, 300), 80).convert("RGB")
    content = images.encode(noise, "JPEG", quality=95, comment=b"\xff\xd9")
    assert len(content) > 70_000
    return content


REFUSED = [
    pytest.param(images.SVG, "logo.svg", "Les images SVG ne sont pas acceptées", id="svg"),
    pytest.param(images.HTML, "photo.jpg", "est une page web ou un document texte", id="html-jpg"),
    pytest.param(
        images.noisy_jpeg()[:4000], "coupee.jpg", "tronqué ou endommagé", id="truncated-jpeg"
    ),
    pytest.param(
        b"\xff\xd8\xff\xe0" + bytes(FIFTEEN_MB),
        "enorme.jpg",
        "pèse 15\xa0728\xa0644\xa0octets ; la limite est de 15\xa0728\xa0640\xa0octets",
        id="oversize",
    ),
    pytest.param(
        images.png_bomb(),
        "bombe.png",
        "20\xa0000 × 20\xa0000 pixels, soit 400 mégapixels",
        id="bomb",
    ),
    pytest.param(b"", "vide.jpg", "Le fichier est vide", id="empty"),
    pytest.param(
        images.encode(images.two_tone(), "GIF"), "anime.gif", "n'est pas une photo JPEG", id="gif"
    ),
    pytest.param(
        images.encode(images.two_tone(), "TIFF"), "scan.jpg", "n'est pas une photo JPEG", id="tiff"
    ),
    pytest.param(
        images.jpeg() + b"<script>alert(document.cookie)</script>",
        "polyglotte.jpg",
        "cache du code",
        id="jpeg-with-trailing-script",
    ),
    pytest.param(
        images.jpeg(comment=b"<html><body onload=alert(1)>"),
        "commentaire.jpg",
        "cache du code",
        id="jpeg-with-html-comment",
    ),
    pytest.param(
        png_with_text("<svg onload=alert(1)>"), "texte.png", "cache du code", id="png-with-svg-text"
    ),
    pytest.param(
        png_with_chunk(b"tEXt", b"Comment\0<script>alert(1)</script>", after_idat=True),
        "fin.png",
        "cache du code",
        id="png-with-script-text-after-the-pixels",
    ),
    pytest.param(
        png_with_chunk(b"prVt", b"<html><body onload=alert(1)>"),
        "prive.png",
        "cache du code",
        id="png-with-html-in-a-private-chunk",
    ),
    pytest.param(
        images.png() + b"<?php system($_GET['c']); ?>",
        "polyglotte.png",
        "cache du code",
        id="png-with-trailing-php",
    ),
    pytest.param(
        images.encode(images.two_tone(), "WEBP", xmp=b"<svg onload=alert(1)>"),
        "xmp.webp",
        "cache du code",
        id="webp-with-svg-in-xmp",
    ),
    pytest.param(
        images.webp() + b"<script>alert(1)</script>",
        "polyglotte.webp",
        "cache du code",
        id="webp-with-trailing-script",
    ),
    pytest.param(
        jpeg_over_64_kb_with_an_end_marker_in_its_comment() + b"<script>alert(1)</script>",
        "marqueur.jpg",
        "cache du code",
        id="jpeg-with-end-marker-in-comment-and-trailing-script",
    ),
    pytest.param(png_with_a_bad_checksum(), "crc.png", "tronqué ou endommagé", id="png-bad-crc"),
    pytest.param(images.png()[:-12], "sans-fin.png", "tronqué ou endommagé", id="png-without-end"),
    pytest.param(images.webp()[:-20], "coupee.webp", "tronqué ou endommagé", id="truncated-webp"),
    pytest.param(images.jpeg(20, 600), "bande.jpg", "trop allongée", id="too-elongated"),
    pytest.param(b"GIF89a" + images.HTML, "gifar.jpg", "n'est pas une photo JPEG", id="gif-html"),
]


def refusal(callable_, *args):
    with pytest.raises(ValidationError) as error:
        callable_(*args)
    return " ".join(error.value.messages)


def new_photo(content, name, **overrides):
    values = {"alt_text": "Un atelier de menuiserie vu de l'entrée", "caption": "L'atelier"}
    values.update(overrides)
    return PlacePhoto(place=factories.place(), image=images.upload(content, name), **values)


@pytest.mark.parametrize(("content", "name", "message"), REFUSED)
def test_refused_uploads_explain_in_french_and_leave_nothing(content, name, message):
    photo = new_photo(content, name)
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert message in " ".join(error.value.message_dict["image"])
    # Saving anyway (code that skips full_clean) is refused the same way, before any write.
    assert message in refusal(photo.save)
    assert not PlacePhoto.objects.exists()
    assert stored_files() == set()


def test_limits_come_from_settings(settings):
    settings.PHOTO_MAX_PIXELS = 5_000
    message = refusal(prepare_bytes, images.jpeg(120, 80))
    assert "120 × 80 pixels, soit 0,0 mégapixels ; la limite est de 0,0 mégapixels" in message
    settings.PHOTO_MAX_PIXELS = 40_000_000
    settings.PHOTO_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = images.upload(b"\xff\xd8\xff" + bytes(3 * 1024 * 1024))
    assert "pèse 3,0\xa0Mo ; la limite est de 2,0\xa0Mo" in refusal(prepare, big)


def test_defaults_are_15_mb_and_40_megapixels(settings):
    assert settings.PHOTO_MAX_UPLOAD_BYTES == FIFTEEN_MB
    assert settings.PHOTO_MAX_PIXELS == 40_000_000


class Unreadable(io.BytesIO):
    size = FIFTEEN_MB + 1

    def read(self, *args):
        raise AssertionError("an oversize upload must be refused before it is read")


def test_oversize_file_is_refused_before_being_read():
    message = refusal(prepare, Unreadable())
    assert "la limite est de 15\xa0728\xa0640\xa0octets" in message


def test_pixel_bomb_is_refused_from_its_header_before_any_decoding(monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("a bomb must be refused before any decoding")

    bomb = images.png_bomb()
    big_jpeg = images.encode(Image.new("RGB", (16_000, 3_000)), "JPEG")
    big_webp = images.encode(Image.new("RGB", (16_000, 3_000)), "WEBP")
    # Decoding would refuse the file as damaged instead: the messages below would not match.
    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    # Pillow's WebP reader allocates the whole canvas as soon as it reads a file.
    monkeypatch.setattr(WebPImagePlugin.WebPImageFile, "_open", no_decoding)
    assert "soit 400 mégapixels" in refusal(prepare_bytes, bomb)
    # JPEG and WebP headers are read the same way.
    assert "16\xa0000 × 3\xa0000 pixels" in refusal(prepare_bytes, big_jpeg)
    assert "16\xa0000 × 3\xa0000 pixels" in refusal(prepare_bytes, big_webp)


def test_a_real_png_named_jpg_is_accepted_and_stored_as_png():
    photo = new_photo(images.png(), "vacances.jpg")
    photo.full_clean()
    photo.save()
    assert photo.image.name.endswith(".png")
    assert read_back(photo.image.name).startswith(b"\x89PNG")
    assert open_back(photo.image.name).format == "PNG"
    assert (photo.width, photo.height) == (120, 80)


@pytest.mark.parametrize(
    ("content", "image_format"),
    [(images.jpeg(), "JPEG"), (images.png(), "PNG"), (images.webp(), "WEBP")],
    ids=["jpeg", "png", "webp"],
)
def test_jpeg_png_and_webp_are_accepted_and_keep_their_format(content, image_format):
    photo = new_photo(content, "photo.bin")
    photo.full_clean()
    photo.save()
    assert open_back(photo.image.name).format == image_format
    assert len(photo.sha256) == 64
    assert photo.file_size == len(read_back(photo.image.name))


def test_stored_names_are_generated_never_the_uploaders():
    photo = new_photo(images.jpeg(), "../../Mes documents/IMG_0042 secret.JPG")
    photo.save()
    for name in photo.stored_file_names():
        assert "IMG_0042" not in name and "secret" not in name and ".." not in name
        assert name.startswith("photos/")


def test_harmless_bytes_after_the_image_are_dropped_by_the_re_encoding():
    photo = new_photo(images.jpeg() + b"ANNEXE-PRIVEE" * 50, "photo.jpg")
    photo.save()
    assert b"ANNEXE-PRIVEE" not in read_back(photo.image.name)


def test_same_content_gives_the_same_hash_whatever_the_name():
    first = new_photo(images.jpeg(), "a.jpg")
    first.save()
    second = new_photo(images.jpeg(), "b.png")
    second.save()
    other = new_photo(images.png(), "c.png")
    other.save()
    assert first.sha256 == second.sha256 != other.sha256
    assert duplicates_of(first) == [second]


def test_a_png_inflating_to_too_much_text_is_refused():
    info = PngImagePlugin.PngInfo()
    for number in range(3):
        info.add_text(f"Note{number}", "a" * 600_000, zip=True)
    content = images.encode(images.two_tone(), "PNG", pnginfo=info)
    assert len(content) < 20_000
    assert "tronqué ou endommagé" in refusal(prepare_bytes, content)


@pytest.mark.parametrize(
    "content",
    [images.jpeg(64, 48), images.png(64, 48), images.webp(64, 48)],
    ids=["jpeg", "png", "webp"],
)
def test_damaged_files_are_refused_with_a_message_never_an_error(content):
    # Flip, cut and splice bytes at random (seeded): every outcome is a photo or a refusal.
    generator = random.Random(20210827)
    for _attempt in range(150):
        damaged = bytearray(content)
        for _flip in range(generator.randint(1, 6)):
            damaged[generator.randrange(len(damaged))] = generator.randrange(256)
        if generator.random() < 0.3:
            damaged = damaged[: generator.randrange(8, len(damaged))]
        try:
            prepared = prepare_bytes(bytes(damaged))
        except ValidationError as error:
            assert error.messages
        else:
            assert prepared.renditions
