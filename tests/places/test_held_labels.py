"""A place's copy of the labels it obtained follows every change to them, and its page's
timeline reads it."""

import datetime
import importlib

import pytest

from places.models import Place
from tests import factories

pytestmark = pytest.mark.django_db


def names(place):
    place.refresh_from_db()
    return [entry["name"] for entry in place.held_labels]


def test_adding_changing_and_removing_a_label_updates_the_copy_and_the_page(
    client, django_capture_on_commit_callbacks
):
    place = factories.place(name="La Fabrique", slug="la-fabrique")
    fabrique = factories.label(name="Fabrique de territoire")
    held = factories.place_label(place, label=fabrique, obtained_on=datetime.date(2021, 1, 1))
    factories.place_label(
        place, label=factories.label(name="Manufacture"), obtained_on=datetime.date(2019, 5, 1)
    )
    assert names(place) == ["Manufacture", "Fabrique de territoire"]
    assert place.held_labels[1] == {
        "name": "Fabrique de territoire",
        "obtained_on": "2021-01-01",
        "obtained_on_precision": "year",
        "ended_on": None,
        "ended_on_precision": "year",
    }

    held.ended_on, held.ended_on_precision = datetime.date(2024, 1, 1), "year"
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is stale then
        held.save()
    page = client.get("/lieux/la-fabrique/").content.decode()
    assert "Fin du label « Fabrique de territoire »" in page
    assert '<time datetime="2024">2024</time>' in page

    with django_capture_on_commit_callbacks(execute=True):
        held.delete()
    assert names(place) == ["Manufacture"]
    assert "Fabrique de territoire" not in client.get("/lieux/la-fabrique/").content.decode()


def test_renaming_a_label_renames_it_on_every_place_holding_it(client):
    label = factories.label(name="Fabrique de territoire")
    places = [factories.place() for _number in range(3)]
    for place in places[:2]:
        factories.place_label(place, label=label)
    label.name = "Fabrique de territoire (ANCT)"
    label.save()
    assert [names(place) for place in places] == [
        ["Fabrique de territoire (ANCT)"],
        ["Fabrique de territoire (ANCT)"],
        [],
    ]


def test_deleting_a_place_with_labels_leaves_no_error():
    place = factories.place()
    factories.place_label(place)
    place.delete()
    assert not Place.objects.filter(pk=place.pk).exists()


def test_the_copy_is_not_part_of_the_places_history():
    place = factories.place()
    factories.place_label(place)
    place.refresh_from_db()
    place.save()
    latest = place.revisions.latest()
    assert not hasattr(latest, "held_labels")


def test_the_migration_copies_the_labels_places_already_held():
    from django.apps import apps

    migration = importlib.import_module("places.migrations.0015_place_held_labels")
    place = factories.place()
    factories.place_label(place, label=factories.label(name="Manufacture"))
    Place.objects.update(held_labels=[])  # as the column was when added
    migration.fill(apps, None)
    assert names(place) == ["Manufacture"]
