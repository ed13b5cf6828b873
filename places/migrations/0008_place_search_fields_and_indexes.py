"""What the search and the lists read without a join: the place's kinds and services, its
normalised title and related text, the vector PostgreSQL fills; and an index for each sort and
filter of the public list."""

import django.contrib.postgres.search
import django.db.models.functions.comparison
from django.db import migrations, models

from content.search.text import build_search_text, normalize


def fill(apps, schema_editor):
    Place = apps.get_model("places", "Place")
    Kinds = Place.kinds.through
    Services = Place.services.through
    kinds, services = {}, {}
    for place_id, slug, name in Kinds.objects.order_by(
        "placekind__order", "placekind__name"
    ).values_list("place_id", "placekind__slug", "placekind__name"):
        kinds.setdefault(place_id, []).append({"slug": slug, "name": name})
    for place_id, slug, name in Services.objects.order_by("service__name").values_list(
        "place_id", "service__slug", "service__name"
    ):
        services.setdefault(place_id, []).append({"slug": slug, "name": name})
    places = []
    for place in Place.objects.select_related("department__region").iterator(chunk_size=2000):
        place.kind_labels = kinds.get(place.pk, [])
        place.service_labels = services.get(place.pk, [])
        department = place.department
        place.search_title = normalize(place.name)[:300]
        place.search_related = build_search_text(
            department.name,
            department.code,
            department.region.name,
            *(label["name"] for label in [*place.kind_labels, *place.service_labels]),
        )
        places.append(place)
    Place.objects.bulk_update(
        places,
        ["kind_labels", "service_labels", "search_title", "search_related"],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_search_configuration"),
        # After the referenced photos, which were written at the same time: one line of
        # migrations.
        ("places", "0010_photo_referenced_only"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="place", name="place_name_id_idx"),
        migrations.AddField(
            model_name="place",
            name="kind_labels",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.AddField(
            model_name="place",
            name="search_related",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="place",
            name="search_title",
            field=models.CharField(blank=True, default="", editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="place",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="place",
            name="service_labels",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                fields=["name", "id"], include=("status", "published_at"), name="place_name_id_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce("year_opened", 0),
                    descending=True,
                ),
                models.F("name"),
                models.F("id"),
                name="place_opening_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="place", name="place_publication_idx"),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                fields=["status", "published_at", "id"], name="place_publication_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(fields=["commune_code"], name="place_commune_code_idx"),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(fields=["latitude"], name="place_latitude_idx"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
