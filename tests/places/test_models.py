from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from content.models import Source, Status
from places.models import Department, Place, PlaceKind, Region
from tests import factories

pytestmark = pytest.mark.django_db


def test_reference_tables_hold_every_region_and_department():
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert Department.objects.get(code="2A").region.name == "Corse"
    assert Department.objects.get(code="2B").name == "Haute-Corse"
    overseas = Department.objects.filter(code__startswith="97").values_list("code", flat=True)
    assert sorted(overseas) == ["971", "972", "973", "974", "976"]
    assert Department.objects.get(code="14").region.code == "28"
    assert set(PlaceKind.objects.values_list("slug", flat=True)) >= {
        "coworking",
        "atelier-partage",
        "fablab",
    }


def _save_raw(**overrides):
    """Save without full_clean: the database itself must refuse."""
    values = {"name": "Lieu", "slug": "lieu-brut", "department": factories.department()}
    values.update(overrides)
    with transaction.atomic():
        Place(**values).save()


@pytest.mark.parametrize(
    "overrides",
    [
        {"surface_m2": 0},
        {"latitude": Decimal("49.18")},
        {"longitude": Decimal("-0.30")},
        {"latitude": Decimal("0"), "longitude": Decimal("0")},
        {"latitude": Decimal("-0.30"), "longitude": Decimal("49.18")},
        {"year_opened": 1200},
        {"status": Status.PUBLISHED, "published_at": None},
    ],
    ids=[
        "zero-surface",
        "latitude-alone",
        "longitude-alone",
        "null-island",
        "swapped-coordinates",
        "medieval-opening",
        "published-without-date",
    ],
)
def test_database_refuses_impossible_places(overrides):
    with pytest.raises(IntegrityError):
        _save_raw(**overrides)


@pytest.mark.parametrize(
    ("latitude", "longitude", "department"),
    [
        ("49.1923892", "-0.3074549", "14"),
        ("41.9267", "8.7369", "2A"),
        ("16.2411", "-61.5331", "971"),
        ("4.9372", "-52.3260", "973"),
        ("-20.8823", "55.4504", "974"),
        ("-12.7806", "45.2279", "976"),
    ],
)
def test_real_coordinates_in_france_and_overseas_are_accepted(latitude, longitude, department):
    place = factories.place(
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        department=factories.department(department),
    )
    assert place.has_coordinates


def test_slug_is_unique():
    factories.place(slug="le-wip")
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(name="Autre", slug="le-wip", department=factories.department())


def test_clean_explains_coordinates_given_alone():
    place = Place(name="Lieu", slug="lieu", department=factories.department(), latitude=49)
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "latitude et la longitude ensemble" in str(error.value)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postcode": "97400"}, "Le code postal 97400 ne correspond pas au département 14."),
        ({"commune_code": "75056"}, "Le code commune 75056 n'appartient pas au département 14."),
        (
            {"latitude": Decimal("-20.88"), "longitude": Decimal("55.45")},
            "ne sont pas en France métropolitaine",
        ),
        ({"postcode": "1465"}, "cinq chiffres"),
        ({"surface_m2": 0}, "supérieure ou égale à 1"),
        ({"year_opened": 2999}, "ne peut pas être dans le futur"),
    ],
)
def test_clean_explains_what_disagrees_in_french(overrides, message):
    place = Place(name="Lieu", slug="lieu", department=factories.department("14"), **overrides)
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert message in str(error.value)


def test_overseas_place_with_a_mainland_postcode_is_refused():
    place = Place(
        name="Lieu", slug="lieu", department=factories.department("974"), postcode="14650"
    )
    with pytest.raises(ValidationError, match="14650 ne correspond pas au département 974"):
        place.full_clean()


def test_corsican_commune_codes_are_valid():
    place = factories.place(
        department=factories.department("2A"), commune_code="2A004", postcode="20000"
    )
    assert place.commune_code == "2A004"


def test_departments_and_regions_with_places_cannot_be_deleted():
    place = factories.place()
    with pytest.raises(ProtectedError):
        place.department.delete()
    with pytest.raises(ProtectedError):
        Region.objects.get(code="28").delete()


def test_search_text_is_kept_normalised_on_save():
    place = factories.place(name="L'Atelier Normand", commune_name="Carpiquet")
    assert "l atelier normand" in place.search_text
    place.commune_name = "Évreux"
    place.save(update_fields=["commune_name"])
    place.refresh_from_db()
    assert "evreux" in place.search_text


def test_photo_credit_is_built_from_rights_holder_and_creator_unless_overridden():
    photo = factories.place_photo(factories.place())
    assert photo.credit_line == "© Radio France - Elodie Touchais"
    photo.credit = "Photo : collectif"
    assert photo.credit_line == "Photo : collectif"
    photo.credit = photo.rights_holder = photo.creator = ""
    assert photo.credit_line == ""


def test_photo_alt_text_must_not_repeat_the_caption():
    photo = factories.place_photo(factories.place(), caption="Même texte", alt_text="Même texte")
    with pytest.raises(ValidationError, match="ne doit pas répéter la légende"):
        photo.full_clean()


def test_source_date_known_to_the_month_is_shown_as_the_month():
    source = Source.objects.create(
        title="Article", published_on="2021-08-27", published_on_precision="month"
    )
    source.refresh_from_db()
    assert str(source.published_on) == "2021-08-01"
    assert str(source.published) == "août 2021"


@pytest.mark.parametrize(
    "create",
    [
        lambda: Region.objects.create(code="28", name="Autre", slug="autre"),
        lambda: Department.objects.create(
            code="14", name="Autre", slug="autre", region=Region.objects.get(code="28")
        ),
        lambda: PlaceKind.objects.create(name="Coworking", slug="coworking-bis"),
        lambda: PlaceKind.objects.create(name="Autre", slug="coworking"),
        lambda: factories.service(slug="wifi") and factories.service(slug="wifi"),
    ],
    ids=["region-code", "department-code", "kind-name", "kind-slug", "service-slug"],
)
def test_reference_codes_and_slugs_are_unique(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_place_address_follows_its_slug():
    # Addresses are written from one kept per URL name (content.addresses): a new slug, as
    # the admin sets it before saving, gives the new address.
    place = factories.place(slug="avant")
    assert place.get_absolute_url() == "/lieux/avant/"
    place.slug = "apres"
    assert place.get_absolute_url() == "/lieux/apres/"
