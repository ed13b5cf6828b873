"""A database from before sources and the export log had apps of their own keeps every row.

The database is taken back to the migrations that came before the move, filled through the
models as they were then, and migrated forward again. Real migrations, so real transactions:
pytest-django runs this after the other tests.
"""

import datetime

import pytest
from django.apps import apps as current_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from content.models import Source
from content.permissions import EDITORS_GROUP
from exports.models import ExportLog
from funding.models import Programme
from places.models import Place
from visits.models import Visit

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [
    ("tierslieux", "0002_exports"),
    ("places", "0006_communes_mappings_duplicates"),
    ("funding", "0002_editors_group"),
    ("visits", "0003_photo_pipeline"),
]


def migrate(targets):
    """Apply or unapply migrations up to the targets; the models as they were at the targets."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    if any(name is None for _app, name in targets):
        return None
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def old_database():
    """The schema and reference data as they were before the move, from an empty database."""
    apps = ("visits", "funding", "places", "content", "exports", "tierslieux")
    migrate([(app, None) for app in apps])
    old = migrate(BEFORE_THE_MOVE)
    yield old
    migrate(latest())


def test_sources_and_export_logs_keep_their_rows_and_links(old_database):
    old = old_database
    department = old.get_model("places", "Department").objects.get(code="14")
    source = old.get_model("tierslieux", "Source").objects.create(
        title="Article d'août 2021",
        publisher="Radio France",
        published_on=datetime.date(2021, 8, 1),
        published_on_precision="month",
    )
    now = timezone.now()
    place = old.get_model("places", "Place").objects.create(
        name="L'atelier normand",
        slug="l-atelier-normand",
        department=department,
        status="published",
        published_at=now,
    )
    place.sources.add(source)
    programme = old.get_model("funding", "Programme").objects.create(
        name="Enveloppe", slug="enveloppe", status="draft"
    )
    programme.sources.add(source)
    visit = old.get_model("visits", "Visit").objects.create(
        title="Visite", slug="visite", date=datetime.date(2021, 8, 1), status="draft"
    )
    visit.sources.add(source)
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="tierslieux", model="source"
    )[0]
    user = old.get_model("auth", "User").objects.create(username="editrice")
    log = old.get_model("tierslieux", "ExportLog").objects.create(
        user=user, username="editrice", content_type=content_type, format="csv", row_count=3
    )

    migrate(latest())

    moved = Source.objects.get(pk=source.pk)
    assert (moved.title, moved.publisher, str(moved.published)) == (
        "Article d'août 2021",
        "Radio France",
        "août 2021",
    )
    assert list(Place.objects.get(pk=place.pk).sources.all()) == [moved]
    assert list(Programme.objects.get(pk=programme.pk).sources.all()) == [moved]
    assert list(Visit.objects.get(pk=visit.pk).sources.all()) == [moved]
    kept = ExportLog.objects.get(pk=log.pk)
    assert (kept.username, kept.row_count, kept.user_id) == ("editrice", 3, user.pk)
    # Permissions follow their model: editors keep what they had, under the new app.
    assert ContentType.objects.get_for_model(Source).app_label == "content"
    assert not ContentType.objects.filter(app_label="tierslieux", model="source").exists()
    assert current_apps.get_model("content", "Source") is Source
    group = Group.objects.get(name=EDITORS_GROUP)
    codenames = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert {"content.change_source", "exports.export_data"} <= codenames


@pytest.fixture
def before_the_lifecycle():
    """The places as they were with an opening year only."""
    old = migrate([("places", "0009_place_search_index")])
    yield old
    migrate(latest())


def test_the_opening_year_becomes_an_opening_date_at_year_precision(before_the_lifecycle):
    old_place = before_the_lifecycle.get_model("places", "Place")
    # A transactional test may find the reference data flushed by the one before.
    region = before_the_lifecycle.get_model("places", "Region").objects.get_or_create(
        code="28", defaults={"name": "Normandie", "slug": "normandie"}
    )[0]
    department = before_the_lifecycle.get_model("places", "Department").objects.get_or_create(
        code="14", defaults={"name": "Calvados", "slug": "calvados", "region": region}
    )[0]
    for slug, year in [("le-wip", 2019), ("sans-annee", None)]:
        old_place.objects.create(
            name=slug, slug=slug, department=department, status="draft", year_opened=year
        )

    migrate(latest())

    wip = Place.objects.get(slug="le-wip")
    assert (wip.opened_on, wip.opened_on_precision) == (datetime.date(2019, 1, 1), "year")
    assert (wip.get_lifecycle_display(), str(wip.opened), wip.opened.iso) == (
        "ouvert",
        "2019",
        "2019",
    )
    # Nothing says when it opened: open, at an unknown date.
    undated = Place.objects.get(slug="sans-annee")
    assert (undated.lifecycle, undated.opened_on) == ("open", None)

    # And back: the year again.
    old = migrate([("places", "0009_place_search_index")])
    years = dict(old.get_model("places", "Place").objects.values_list("slug", "year_opened"))
    assert years == {"le-wip": 2019, "sans-annee": None}
