"""The search index follows every way a place changes: saves, bulk updates, deletions, kinds and
services added from either side, renamed kinds, departments and regions, imports and merges.
On both databases (database triggers keep the index; places.labels keeps the copies it reads).
"""

import pytest
from django.db import connection
from django.urls import reverse

from content.search.schema import repair_sqlite_triggers
from places.imports.service import run
from places.merging import merge_places
from places.models import Department, Place, PlaceKind, Region, Service
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = reverse("places:list")


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PAGECACHE_ENABLED = False


def found(client, query):
    response = client.get(LIST_URL, {"q": query})
    assert response.status_code == 200
    return [place.name for place in response.context_data["places"]]


def test_a_saved_place_is_found_by_its_new_text_only(client):
    place = factories.place(name="Ancien nom", summary="Rien")
    place.name = "La Fabrique du Nouveau"
    place.summary = "Menuiserie et couture"
    place.save()
    assert found(client, "fabrique nouveau") == ["La Fabrique du Nouveau"]
    assert found(client, "couture") == ["La Fabrique du Nouveau"]
    assert found(client, "ancien") == []


def test_a_bulk_update_and_a_delete_reach_the_index(client):
    place = factories.place(name="Ancien nom")
    Place.objects.filter(pk=place.pk).update(name="Nom mis à jour en masse")
    assert found(client, "masse") == ["Nom mis à jour en masse"]
    place.delete()
    assert found(client, "masse") == []


def test_kinds_and_services_added_or_removed_from_either_side(client):
    place = factories.place(name="Le Hangar")
    kind = PlaceKind.objects.create(name="Recyclerie", slug="recyclerie")
    service = Service.objects.create(name="Réparation de vélos", slug="velos")
    place.kinds.add(kind)
    assert found(client, "recyclerie") == ["Le Hangar"]
    service.places.add(place)
    assert found(client, "velos") == ["Le Hangar"]
    # The card shows the kind from the place's own copy.
    assert "Recyclerie" in client.get(LIST_URL).content.decode()
    kind.places.clear()
    assert found(client, "recyclerie") == []
    place.services.remove(service)
    assert found(client, "velos") == []


def test_a_place_saved_after_its_kinds_changed_keeps_them(client):
    place = factories.place(name="Le Hangar")
    place.kinds.add(PlaceKind.objects.create(name="Recyclerie", slug="recyclerie"))
    place.summary = "Changé après les types"
    place.save()
    assert found(client, "recyclerie") == ["Le Hangar"]


def test_renamed_and_deleted_kinds_and_services(client):
    kind = PlaceKind.objects.create(name="Recyclerie", slug="recyclerie")
    service = Service.objects.create(name="Bricothèque", slug="bricotheque")
    factories.place(name="Le Hangar", kinds=[kind], services=[service])
    kind.name = "Ressourcerie"
    kind.save()
    assert found(client, "ressourcerie") == ["Le Hangar"]
    assert found(client, "recyclerie") == []
    service.delete()
    assert found(client, "bricotheque") == []
    kind.delete()
    assert found(client, "ressourcerie") == []
    assert Place.objects.get().kind_labels == []


def test_renamed_departments_and_regions(client):
    factories.place(name="Le Hangar", department=factories.department("61"))
    department = Department.objects.get(code="61")
    department.name = "Orne-Renommée"
    department.save()
    assert found(client, "renommee") == ["Le Hangar"]
    region = department.region
    region.name = "Grande-Normandie"
    region.save()
    assert found(client, "grande normandie") == ["Le Hangar"]
    assert Region.objects.filter(name="Grande-Normandie").exists()


CENSUS_HEADER = (
    "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TWITTER,FACEBOOK,TYPO,LAT,LONG,GEOCOD,"
    "PRECISION,CONTACT,MAIL,METRO,NOMMETRO,INSEEREG,NOMREG,INSEEMETRO,INSEEDEP,NOMCOMMETRO,"
    "POPCOM,COMCLASS,INSEE_ZE,NOM_ZE,CLASS_ZE,POP_ZE"
)


def census_row(row_id, name, typology):
    return (
        f"{row_id},{name},9 Rue du Petit Châtelier,44300,Nantes,44109,Nantes,,,,{typology},"
        "47.245935,-1.505602,,0.94,,,1,Nantes Métropole,52,Pays de la Loire,44109,44,Nantes,"
        "298029,100000 et plus,5203,NANTES,500 000-6 000 000,1061271"
    )


def import_census(*rows):
    text = "\n".join([CENSUS_HEADER, *rows]) + "\n"
    report = run(text.encode("utf-8"), "cget.csv", file_format="cget")
    assert report.applied
    return report


def test_imported_places_are_found_by_their_kinds_and_department(client):
    import_census(census_row(1, "ADE Travail Partagé", "Tiers lieux à dominante coworking"))
    place = Place.objects.get(name="ADE Travail Partagé")
    assert place.kind_labels and place.search_title == "ade travail partage"
    assert found(client, "travail partage") == ["ADE Travail Partagé"]
    assert found(client, f"{place.kind_labels[0]['name']} loire-atlantique") == [
        "ADE Travail Partagé"
    ]
    # A second file changes the name: the index follows the bulk update.
    import_census(census_row(1, "ADE Bureaux Partagés", "Tiers lieux à dominante coworking"))
    assert found(client, "bureaux") == ["ADE Bureaux Partagés"]
    assert found(client, "travail") == []


def test_a_merged_place_is_found_with_what_it_took_over(client):
    keep = factories.place(name="Le Dôme", commune_name="Caen")
    remove = factories.place(
        name="Dome Caen doublon",
        kinds=[PlaceKind.objects.create(name="Living lab", slug="living-lab")],
        services=[Service.objects.create(name="Impression 3D", slug="impression-3d")],
    )
    merge_places(keep, remove)
    assert found(client, "living lab") == ["Le Dôme"]
    assert found(client, "impression 3d") == ["Le Dôme"]
    assert found(client, "doublon") == []


def indexed(word):
    """The ids the FTS5 index holds for a word (the search would find a missed row anyway, by
    its typo fallback)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM places_place_fts WHERE places_place_fts MATCH %s", [word])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers only")
def test_triggers_a_table_rebuild_dropped_are_put_back_and_the_index_rebuilt(client):
    factories.place(name="Le Hangar")
    with connection.cursor() as cursor:
        for name in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER places_place_fts_{name}")
    serre = factories.place(name="La Serre")  # missed by the index, as after a table rebuild
    assert indexed("serre") == []
    assert repair_sqlite_triggers([Place]) == ["places_place"]
    assert indexed("serre") == [serre.pk]
    assert found(client, "serre") == ["La Serre"]
    assert repair_sqlite_triggers([Place]) == []  # nothing to do any more
    grange = factories.place(name="La Grange")
    assert indexed("grange") == [grange.pk]
