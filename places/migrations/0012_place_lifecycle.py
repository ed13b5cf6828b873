"""A place's lifecycle: « en projet », « ouvert » since a date, « fermé » since a date and why.

The opening year becomes the opening date at year precision (1 January of that year). Every
place on the site so far was entered or imported as an existing tiers-lieu (the census lists
places that were open when it was taken; editors described open places), so every place becomes
« ouvert »; the ones without an opening year stay « ouvert » with an unknown date, since nothing
in the data says when they opened. No place becomes « fermé »: nothing recorded a closing.

The recorded versions of each place (its history) are migrated the same way.
Going back restores the opening year from the date (its month and day are lost).
"""

import datetime

import django.db.models.functions.comparison
from django.db import migrations, models

# The places and their recorded versions: a version keeps the opening it had.
MODELS = ("Place", "HistoricalPlace")


def opening_year_to_date(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("places", name)
        pk = model._meta.pk.name
        rows = list(model.objects.filter(year_opened__isnull=False).only(pk, "year_opened"))
        for row in rows:
            row.opened_on = datetime.date(row.year_opened, 1, 1)
            row.opened_on_precision = "year"
        model.objects.bulk_update(rows, ["opened_on", "opened_on_precision"], batch_size=500)


def opening_date_to_year(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("places", name)
        pk = model._meta.pk.name
        rows = list(model.objects.filter(opened_on__isnull=False).only(pk, "opened_on"))
        for row in rows:
            row.year_opened = row.opened_on.year
        model.objects.bulk_update(rows, ["year_opened"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0011_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="place",
            name="closed_on",
            field=models.DateField(blank=True, null=True, verbose_name="date de fermeture"),
        ),
        migrations.AddField(
            model_name="place",
            name="closed_on_precision",
            field=models.CharField(
                choices=[("day", "jour"), ("month", "mois"), ("year", "année")],
                default="year",
                max_length=5,
                verbose_name="précision de la date de fermeture",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="closure_reason",
            field=models.CharField(
                blank=True,
                help_text="Obligatoire pour un lieu fermé ; affichée sur sa page.",
                max_length=300,
                verbose_name="raison de la fermeture",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="lifecycle",
            field=models.CharField(
                choices=[("planned", "en projet"), ("open", "ouvert"), ("closed", "fermé")],
                default="open",
                help_text="Les lieux fermés gardent leur page mais sortent des listes et de la carte.",
                max_length=10,
                verbose_name="état",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="opened_on",
            field=models.DateField(
                blank=True,
                help_text="Pour une date connue à l'année, saisir le 1er janvier et choisir « année ».",
                null=True,
                verbose_name="date d'ouverture",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="opened_on_precision",
            field=models.CharField(
                choices=[("day", "jour"), ("month", "mois"), ("year", "année")],
                default="year",
                max_length=5,
                verbose_name="précision de la date d'ouverture",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="closed_on",
            field=models.DateField(blank=True, null=True, verbose_name="date de fermeture"),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="closed_on_precision",
            field=models.CharField(
                choices=[("day", "jour"), ("month", "mois"), ("year", "année")],
                default="year",
                max_length=5,
                verbose_name="précision de la date de fermeture",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="closure_reason",
            field=models.CharField(
                blank=True,
                help_text="Obligatoire pour un lieu fermé ; affichée sur sa page.",
                max_length=300,
                verbose_name="raison de la fermeture",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="lifecycle",
            field=models.CharField(
                choices=[("planned", "en projet"), ("open", "ouvert"), ("closed", "fermé")],
                default="open",
                help_text="Les lieux fermés gardent leur page mais sortent des listes et de la carte.",
                max_length=10,
                verbose_name="état",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="opened_on",
            field=models.DateField(
                blank=True,
                help_text="Pour une date connue à l'année, saisir le 1er janvier et choisir « année ».",
                null=True,
                verbose_name="date d'ouverture",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="opened_on_precision",
            field=models.CharField(
                choices=[("day", "jour"), ("month", "mois"), ("year", "année")],
                default="year",
                max_length=5,
                verbose_name="précision de la date d'ouverture",
            ),
        ),
        migrations.RunPython(opening_year_to_date, opening_date_to_year, elidable=True),
        # The lists leave closed places out: the name index carries the lifecycle, so that a
        # deep page still skips its first rows in the index alone.
        migrations.RemoveIndex(model_name="place", name="place_name_id_idx"),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                fields=["name", "id"],
                include=("status", "published_at", "lifecycle"),
                name="place_name_id_idx",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="place",
            name="place_year_opened_plausible",
        ),
        migrations.RemoveIndex(
            model_name="place",
            name="place_opening_idx",
        ),
        migrations.RemoveField(
            model_name="place",
            name="year_opened",
        ),
        migrations.RemoveField(
            model_name="historicalplace",
            name="year_opened",
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        "opened_on",
                        models.Value(datetime.date(1, 1, 1)),
                        output_field=models.DateField(),
                    ),
                    descending=True,
                ),
                models.F("name"),
                models.F("id"),
                name="place_opening_date_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("lifecycle", "closed"), _negated=True),
                    ("closed_on__isnull", False),
                    _connector="OR",
                ),
                name="place_closed_has_date",
                violation_error_message="Un lieu fermé a une date de fermeture.",
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("lifecycle", "closed"), _negated=True),
                    models.Q(("closure_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="place_closed_has_reason",
                violation_error_message="Un lieu fermé a une raison de fermeture.",
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("lifecycle", "closed"),
                    models.Q(("closed_on__isnull", True), ("closure_reason", "")),
                    _connector="OR",
                ),
                name="place_closing_only_when_closed",
                violation_error_message="Seul un lieu fermé a une date et une raison de fermeture.",
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("opened_on__isnull", True),
                    ("closed_on__isnull", True),
                    ("closed_on__gte", models.F("opened_on")),
                    _connector="OR",
                ),
                name="place_closed_after_opening",
                violation_error_message="La fermeture ne peut pas précéder l'ouverture.",
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("opened_on__isnull", True),
                    ("opened_on__gte", datetime.date(1800, 1, 1)),
                    _connector="OR",
                ),
                name="place_opened_on_plausible",
                violation_error_message="La date d'ouverture doit être postérieure à 1800.",
            ),
        ),
    ]
