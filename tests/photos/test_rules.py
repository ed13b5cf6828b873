"""The editorial rules of a photo, checked by clean() with French messages."""

import pytest
from django.core.exceptions import ValidationError

from places.models import PlacePhoto
from tests import factories, images

pytestmark = pytest.mark.django_db


def photo(image=True, **values):
    defaults = {"caption": "L'atelier normand", "rights_holder": "Radio France"}
    defaults.update(values)
    upload = images.upload(images.jpeg(), "DSC01234.jpg") if image else None
    return PlacePhoto(place=factories.place(), image=upload, **defaults)


def errors(candidate):
    with pytest.raises(ValidationError) as error:
        candidate.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"alt_text": ""}, "alt_text", "texte alternatif obligatoire"),
        ({"alt_text": "  l'atelier   NORMAND. "}, "alt_text", "ne doit pas répéter la légende"),
        ({"alt_text": "DSC01234"}, "alt_text", "ne doit pas être un nom de fichier"),
        ({"alt_text": "dsc01234.JPG"}, "alt_text", "ne doit pas être un nom de fichier"),
        ({"alt_text": "vue_generale.png"}, "alt_text", "ne doit pas être un nom de fichier"),
        ({"alt_text": "é" * 251}, "alt_text", "au plus 250 caractères"),
        ({"alt_text": "Des établis", "is_decorative": True}, "alt_text", "décorative n'a pas"),
        ({"alt_text": "Des établis", "credit": "Photo DR"}, "credit", "nommer « Radio France »"),
        (
            {"alt_text": "Des établis", "credit": "Radio France", "creator": "Elodie Touchais"},
            "credit",
            "nommer « Elodie Touchais »",
        ),
    ],
)
def test_rules_are_explained_in_french(values, field, message):
    assert message in " ".join(errors(photo(**values))[field])


@pytest.mark.parametrize(
    "values",
    [
        {"alt_text": "Des établis en bois sous une charpente métallique"},
        {"alt_text": "", "is_decorative": True},
        {
            "alt_text": "Des établis",
            "credit": "Photo : Elodie Touchais pour radio france",
            "creator": "Elodie Touchais",
        },
    ],
)
def test_valid_photos_pass(values):
    photo(**values).full_clean()


def test_a_photo_without_file_may_wait_for_its_alt_text():
    photo(image=False, alt_text="").full_clean()


def test_a_credit_is_always_built_when_rights_holder_or_creator_is_known():
    assert photo(creator="", rights_holder="Radio France").credit_line == "© Radio France"
    assert photo(rights_holder="", creator="Elodie Touchais").credit_line == "© Elodie Touchais"
    assert photo(rights_holder="", creator="").credit_line == ""
