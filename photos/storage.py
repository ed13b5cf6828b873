"""Storage: write an upload's files, delete them after commit, keep renditions complete.

- `store()` writes a prepared photo's master and renditions through the field's storage and
  records the renditions on the row, so that pages never ask the storage what exists and never
  make an image while being served;
- `delete_after_commit()` deletes replaced or orphaned files once the transaction commits, so no
  file outlives its row;
- `rebuild_renditions()`, `missing_renditions()` and `stored_files()` serve the
  rebuild_renditions command.

Only Django's storage API touches files: switching the default storage to object storage (see
the README) needs no change here.
"""

import logging
from functools import partial
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import router, transaction

from photos.processing import decode, expected_renditions, make_renditions

logger = logging.getLogger(__name__)

FOLDER = "photos"
RENDITION_FOLDER = f"{FOLDER}/renditions"


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
    # The master was judged when it was uploaded: limits may have changed since, not its bytes.
    _image_format, image, _credits = decode(data, judge=False)
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
