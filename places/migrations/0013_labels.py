"""Labels and selections (« Fabrique de territoire »…) and the ones each place obtained."""

import django.db.models.deletion
from django.db import migrations, models

import content.models
from content.permissions import grant_to_editors


def grant(apps, schema_editor):
    grant_to_editors(apps, schema_editor, "places", ["label", "placelabel"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_search_configuration"),
        ("places", "0012_place_lifecycle"),
    ]

    operations = [
        migrations.CreateModel(
            name="Label",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150, unique=True, verbose_name="nom")),
                (
                    "slug",
                    models.SlugField(
                        max_length=150, unique=True, verbose_name="identifiant d'adresse"
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "awarded_by",
                    models.CharField(
                        blank=True,
                        help_text="Ex. : Agence nationale de la cohésion des territoires.",
                        max_length=200,
                        verbose_name="décerné par",
                    ),
                ),
            ],
            options={
                "verbose_name": "label",
                "verbose_name_plural": "labels",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="PlaceLabel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "obtained_on",
                    models.DateField(
                        help_text="Pour une date connue à l'année, saisir le 1er janvier et choisir « année ».",
                        verbose_name="obtenu le",
                    ),
                ),
                (
                    "obtained_on_precision",
                    models.CharField(
                        choices=[("day", "jour"), ("month", "mois"), ("year", "année")],
                        default="year",
                        max_length=5,
                        verbose_name="précision de la date d'obtention",
                    ),
                ),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="fin le")),
                (
                    "ended_on_precision",
                    models.CharField(
                        choices=[("day", "jour"), ("month", "mois"), ("year", "année")],
                        default="year",
                        max_length=5,
                        verbose_name="précision de la date de fin",
                    ),
                ),
            ],
            options={
                "verbose_name": "label du lieu",
                "verbose_name_plural": "labels du lieu",
                "ordering": ["obtained_on", "id"],
            },
            bases=(content.models.PartialDatesMixin, models.Model),
        ),
        migrations.AddField(
            model_name="label",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="Le document qui décrit le label ou la sélection.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="labels",
                to="content.source",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="placelabel",
            name="label",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="places",
                to="places.label",
                verbose_name="label",
            ),
        ),
        migrations.AddField(
            model_name="placelabel",
            name="place",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="labels",
                to="places.place",
                verbose_name="lieu",
            ),
        ),
        migrations.AddField(
            model_name="placelabel",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="place_labels",
                to="content.source",
                verbose_name="source",
            ),
        ),
        migrations.AddConstraint(
            model_name="placelabel",
            constraint=models.UniqueConstraint(
                fields=("place", "label", "obtained_on"),
                name="placelabel_unique_obtention",
                violation_error_message="Ce lieu a déjà obtenu ce label à cette date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="placelabel",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ended_on__isnull", True),
                    ("ended_on__gte", models.F("obtained_on")),
                    _connector="OR",
                ),
                name="placelabel_ends_after_obtention",
                violation_error_message="La fin du label ne peut pas précéder son obtention.",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
