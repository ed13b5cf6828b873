"""The columns of the visit export. README lists them: keep both in step."""

from content.dates import DatePrecision
from exports.columns import (
    Column,
    Related,
    labels,
    page_url_column,
    partial_date_column,
    publication_columns,
)
from exports.specs import ExportSpec
from visits.models import Announcement, Participant, Stop

ROLE_LABELS = {value: str(label) for value, label in Participant.Role.choices}
KIND_LABELS = {value: str(label) for value, label in Stop.Kind.choices}


def _participant(office, person, role):
    who = ", ".join(part for part in (person, office) if part)
    return f"{who} ({ROLE_LABELS.get(role, role)})"


def _stop(order, kind, place, commune, title):
    label = title or place or ""
    where = f" ({commune})" if place and commune else ""
    return f"{order}. {KIND_LABELS.get(kind, kind)} : {label}{where}"


VISIT_EXPORT = ExportSpec(
    columns=[
        Column("identifiant", "Identifiant d'adresse de la page (unique, stable).", "slug"),
        Column("titre", "Titre de la visite.", "title"),
        partial_date_column(
            "date",
            "Date à sa précision : 2021-08 quand seul le mois est connu.",
            "date",
            "date_precision",
        ),
        Column(
            "precision_date",
            "« jour », « mois » ou « année ».",
            fields=("date_precision",),
            bind=labels(DatePrecision.choices),
        ),
        Column("resume", "Résumé.", "summary"),
        Related(
            "participants",
            "« personne, fonction (rôle) », la personne qui conduit la visite d'abord, "
            "séparés par « | ».",
            lambda: Participant.objects.all(),
            "visit_id",
            ("office", "person__name", "role"),
            order_by=("order", "id"),
            combine=_participant,
        ),
        Related(
            "etapes",
            "Itinéraire dans l'ordre, « n. nature : lieu (commune) », séparé par « | ».",
            lambda: Stop.objects.all(),
            "visit_id",
            ("order", "kind", "place__name", "place__commune_name", "title"),
            order_by=("order", "id"),
            combine=_stop,
        ),
        Related(
            "programmes_annonces",
            "Programmes annoncés, séparés par « | ».",
            lambda: Announcement.objects.all(),
            "visit_id",
            ("programme__name",),
            order_by=("order", "id"),
        ),
        *publication_columns(),
        page_url_column("visits:detail"),
    ]
)
