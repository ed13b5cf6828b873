"""Every concrete photo model, whatever its app: deletion signals and duplicate detection."""

from django.apps import apps
from django.db.models.signals import post_delete

from photos.models import Photo
from photos.storage import delete_after_commit


def photo_models(include_proxies=False):
    """Every installed concrete subclass of Photo, whatever its app."""
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
