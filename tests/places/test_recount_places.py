"""`manage.py recount_places`: the tally counted again from the places, when something went
around its triggers (a restore without triggers, SQL with triggers off)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pagecache import versions
from places import tally
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    factories.place(latitude=Decimal("49.18"), longitude=Decimal("-0.37"))
    factories.place()
    factories.place(department=factories.department("75"))
    factories.draft_place(department=factories.department("61"))


def go_around_the_triggers(statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)


def run(*args):
    output = StringIO()
    call_command("recount_places", *args, stdout=output)
    return output.getvalue()


def test_an_exact_tally_is_said_exact_and_left_alone(places):
    assert run("--check") == "Le décompte des lieux est exact.\n"
    assert run() == "Le décompte des lieux est exact.\n"
    assert tally.public_counts() == (3, 2)


def test_check_names_the_wrong_departments_and_changes_nothing(places):
    go_around_the_triggers(
        f"UPDATE {tally.TALLY} SET places = 7, mapped = 0 "  # noqa: S608 (constants)
        "WHERE department_id = (SELECT id FROM places_department WHERE code = '14')"
    )
    go_around_the_triggers(
        f"DELETE FROM {tally.TALLY} "  # noqa: S608 (constants)
        "WHERE department_id = (SELECT id FROM places_department WHERE code = '75')"
    )
    with pytest.raises(CommandError) as raised:
        run("--check")
    message = str(raised.value)
    assert "14 : 7 lieux, dont 0 sur la carte → 2 lieux, dont 1 sur la carte" in message
    assert "75 : 0 lieu → 1 lieu, dont 0 sur la carte" in message
    assert "61" not in message
    assert "sans --check" in message
    assert tally.public_counts() == (7, 1)  # still wrong


def test_the_command_corrects_the_tally_and_the_cached_pages(
    places, django_capture_on_commit_callbacks, monkeypatch
):
    bumped = []
    monkeypatch.setattr(versions, "bump", lambda: bumped.append(True))
    go_around_the_triggers(f"DELETE FROM {tally.TALLY}")  # noqa: S608 (constants)
    assert tally.public_counts() == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert output.startswith("Décompte des lieux corrigé pour ces départements")
    assert "14 : 0 lieu → 2 lieux, dont 1 sur la carte" in output
    assert tally.public_counts() == (3, 2)
    assert bumped == [True]
    assert tally.mapped_per_department()[("14", "Calvados", "28", "Normandie")] == pytest.approx(
        (1, 49.18, -0.37)
    )
    assert run("--check") == "Le décompte des lieux est exact.\n"
