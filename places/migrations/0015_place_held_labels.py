"""A copy of the labels each place obtained, for its page's timeline (places.held_labels)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    """The copy of the labels each place already holds (places.held_labels)."""
    from places.held_labels import entries, rows

    Place = apps.get_model("places", "Place")
    PlaceLabel = apps.get_model("places", "PlaceLabel")
    place_ids = sorted(set(PlaceLabel.objects.values_list("place_id", flat=True)))
    found = entries(rows(PlaceLabel, place_ids))
    Place.objects.bulk_update(
        [Place(pk=place_id, held_labels=found[place_id]) for place_id in place_ids],
        ["held_labels"],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0014_label_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="place",
            name="held_labels",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
