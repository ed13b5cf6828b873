"""Columns every published content's export shares: status, dates and public address."""

from django.urls import reverse

from content.dates import iso_partial_date
from content.models import Status
from exports.writers import Column, Kind


def labels(choices):
    """`bind` turning a stored choice into its French label (`draft` → `brouillon`)."""
    mapping = {value: str(label) for value, label in choices}
    return lambda context: lambda value: mapping.get(value, value)


def page_url(url_name):
    """`bind` for the public page's address, reversed once per export, not once per row."""

    def bind(context):
        head, _slug, tail = reverse(url_name, kwargs={"slug": "slug"}).rpartition("slug")
        head = context.absolute(head)
        return lambda slug: f"{head}{slug}{tail}"

    return bind


def publication_columns():
    return [
        Column(
            "statut",
            "« publié » ou « brouillon ».",
            fields=("status",),
            bind=labels(Status.choices),
        ),
        Column("publie_le", "Date de publication.", "published_at", Kind.DATETIME),
        Column("modifie_le", "Date de dernière modification.", "updated_at", Kind.DATETIME),
    ]


def page_url_column(url_name):
    return Column("url", "Adresse de la page publique.", fields=("slug",), bind=page_url(url_name))


def partial_date_column(key, description, field, precision_field):
    """A date at its precision, ISO 8601 reduced: `2021-08` when only the month is known."""
    return Column(
        key, description, fields=(field, precision_field), bind=lambda context: iso_partial_date
    )
