"""Two confirmations at the same moment, each on its own database connection: one applies,
the other is told, and nothing is imported twice. Real transactions, so these tests run on
committed data (pytest-django runs them after the others, and a flush empties the tables)."""

import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection

from places.communes import reference
from places.imports.service import Confirmation, confirm, preview
from places.models import Commune, Department, Place, PlaceImport
from tests.places.import_files import REGIONAL_MAPPING, regional_file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reference_data():
    """What the migrations load, loaded again after an earlier transactional test's flush."""
    if not Department.objects.exists():
        importlib.import_module("places.migrations.0002_regions_departments_kinds").load(apps, None)
    if not Commune.objects.exists():
        reference.load(Commune, Department)


def previewed_upload():
    record = PlaceImport.objects.create(
        file_name="liste-2025.csv",
        file_format=PlaceImport.Format.MAPPING,
        mapping=REGIONAL_MAPPING,
        data=regional_file(),
    )
    preview(record)
    return record


def at_the_same_moment(*calls):
    """Run each call in its own thread and connection, released together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def work(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_confirmations_of_one_upload_apply_it_once(reference_data):
    record = previewed_upload()
    results = at_the_same_moment(
        lambda: confirm(PlaceImport.objects.get(pk=record.pk))[0],
        lambda: confirm(PlaceImport.objects.get(pk=record.pk))[0],
    )
    # The second waits for the first, then finds it applied; SQLite's in-memory test database
    # locks tables instead of waiting, which the service reports as "another import is under
    # way". Either way, a French message and nothing imported twice.
    assert sorted(results, key=str) in (
        sorted([Confirmation.APPLIED, Confirmation.ALREADY], key=str),
        sorted([Confirmation.APPLIED, Confirmation.BUSY], key=str),
    )
    assert Place.objects.count() == 4


def test_two_uploads_of_one_dataset_confirmed_together_import_once(reference_data):
    first, second = previewed_upload(), previewed_upload()
    results = at_the_same_moment(
        lambda: confirm(PlaceImport.objects.get(pk=first.pk))[0],
        lambda: confirm(PlaceImport.objects.get(pk=second.pk))[0],
    )
    # The second to get the dataset sees the places the first created: its report changed,
    # or the database told it another import was under way. Never both applied.
    assert Confirmation.APPLIED in results
    assert results.count(Confirmation.APPLIED) == 1
    assert set(results) <= {Confirmation.APPLIED, Confirmation.CHANGED, Confirmation.BUSY}
    assert Place.objects.count() == 4
