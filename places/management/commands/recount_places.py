"""Count the public places of each department again, from the places themselves.

The tally (places.tally) is kept by database triggers, exact whatever writes the places through
the database. What goes around the triggers leaves it wrong: on PostgreSQL, a data-only restore
with `--disable-triggers`, `session_replication_role = replica`, a TRUNCATE. This counts again
in one transaction and names the departments that changed; `--check` only names them, and
fails when there are any.
"""

import math

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from pagecache import versions
from places import tally
from places.models import DepartmentTally


def _rows(using):
    return {
        row[0]: row[1:]
        for row in DepartmentTally.objects.using(using)
        .filter(places__gt=0)
        .values_list("department__code", "places", "mapped", "latitude_sum", "longitude_sum")
    }


def _same(kept, counted):
    if kept is None or counted is None:
        return kept == counted
    # The sums of coordinates are floats added in another order: equal to within rounding.
    return kept[:2] == counted[:2] and all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
        for a, b in zip(kept[2:], counted[2:], strict=True)
    )


class Command(BaseCommand):
    help = (
        "Recompte les lieux publics de chaque département (le décompte tenu par la base) et "
        "nomme les départements dont le décompte était faux."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Vérifier sans corriger : échoue si un décompte est faux.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, check=False, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # A write that changes a count (its trigger updates the tally) waits
                    # until this one is done: none is counted twice or missed. (SQLite has
                    # one writer at a time.)
                    cursor.execute(f"LOCK TABLE {tally.TALLY} IN EXCLUSIVE MODE")
                kept = _rows(database)
                for statement in tally.recount():
                    cursor.execute(statement)
            counted = _rows(database)
            wrong = sorted(
                code
                for code in kept.keys() | counted.keys()
                if not _same(kept.get(code), counted.get(code))
            )
            if check:
                transaction.set_rollback(True, using=database)
            elif wrong:
                # The pages kept by the cache show the old counts.
                versions.changed(using=database)
        if not wrong:
            self.stdout.write("Le décompte des lieux est exact.")
            return
        lines = [
            f"  {code} : {self._described(kept.get(code))} → {self._described(counted.get(code))}"
            for code in wrong
        ]
        if check:
            raise CommandError(
                "Décompte des lieux faux pour ces départements (tenu → compté) :\n"
                + "\n".join(lines)
                + "\nLancez la commande sans --check pour le corriger."
            )
        self.stdout.write(
            "Décompte des lieux corrigé pour ces départements (tenu → compté) :\n"
            + "\n".join(lines)
        )

    @staticmethod
    def _described(row):
        if row is None:
            return "0 lieu"
        places, mapped = row[:2]
        return f"{places} lieu{'x' if places > 1 else ''}, dont {mapped} sur la carte"
