"""Demo content shared by every app: the founding article, and idempotent upserts.

`load_demo` may run at every start: rows are looked up by a stable key and only saved when a
value differs, so a second run writes nothing (timestamps included).
"""

import datetime

from content.dates import DatePrecision
from content.models import Source

ARTICLE_TITLE = "Le 1er ministre a visité 2 espaces de travail partagés à Carpiquet et Colombelles"


def upsert(model, lookup, values):
    """Create or update one row; returns (row, "created" | "updated" | "unchanged").

    full_clean() runs the model's clean(): a published row gets its publication date there,
    once, from `Publishable.publish`.
    """
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values)
        row.full_clean()
        row.save()
        return row, "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return row, "unchanged"
    for name in changed:
        setattr(row, name, values[name])
    row.full_clean()
    row.save()
    return row, "updated"


def set_related(row, name, targets):
    """Replace a many-to-many set only when it differs, so nothing is rewritten needlessly."""
    manager = getattr(row, name)
    wanted = {target.pk for target in targets}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(targets)


def publish(rows):
    """Publish the demo's rows through the one publishing rule (`PublishableQuerySet.publish`):
    a row breaking an editorial rule stops the load, naming what it lacks, so the demo never
    shows what editors could not publish."""
    refused = []
    for row in rows:
        rows_of = type(row).objects.filter(pk=row.pk)
        refused += rows_of.refusals()
        rows_of.publish()
    if refused:
        raise ValueError(
            " ".join(f"« {row} » : {' '.join(str(why) for why in whys)}" for row, whys in refused)
        )
    for row in rows:
        row.refresh_from_db(fields=["status", "published_at"])


def load_article_source():
    source, _status = upsert(
        Source,
        {"title": ARTICLE_TITLE},
        {
            "published_on": datetime.date(2021, 8, 1),
            "published_on_precision": DatePrecision.MONTH,
            "note": (
                "Article paru en août 2021 : le Premier ministre en visite près de Caen. "
                "Crédit de ses photos : « © Radio France - Elodie Touchais »."
            ),
        },
    )
    return source
