import io

from django.core.files.storage import default_storage
from PIL import Image

from photos import storage


def stored_files():
    """Every file in the default storage, read through the storage API only."""
    return set(storage.stored_files(default_storage, ""))


def read_back(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def open_back(name):
    image = Image.open(io.BytesIO(read_back(name)))
    image.load()
    return image
