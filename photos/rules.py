"""The editorial rule of photos, for the apps whose pages show them (content.editorial)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from content.editorial import Rule

PHOTO_MESSAGE = _(
    "Une photo n'a pas de légende, de crédit ou de statut de droits (licence, ou « référencée, "
    "non reproduite ») : complétez-la avant de publier."
)


def incomplete_photo_rule():
    """For the photo models themselves: their « Incomplet » filter."""
    from photos.models import Photo

    return Rule("photo", Photo.incomplete_condition, PHOTO_MESSAGE)


def photos_rule(photo_model, parent_field):
    """For the model the photos belong to: no incomplete photo on a published page."""

    def broken():
        photos = photo_model._default_manager.filter(**{parent_field: OuterRef("pk")})
        return Exists(photos.filter(photo_model.incomplete_condition()))

    return Rule("photos", broken, PHOTO_MESSAGE)
