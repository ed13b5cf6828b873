"""The columns of the programme and award exports. README lists them: keep both in step."""

from decimal import Decimal

from exports.cells import Kind
from exports.columns import (
    Column,
    Related,
    page_url_column,
    partial_date_column,
    publication_columns,
    records,
)
from exports.specs import ExportSpec
from funding.models import ProgrammeFunding, ProgrammeLine

CENT = Decimal("0.01")


def _lines_sum(context):
    # An aggregate comes back from SQLite without its scale: write cents like other amounts.
    return lambda lines_sum: Decimal(lines_sum or 0).quantize(CENT)


def _unallocated(context):
    def rest(total, lines_sum):
        return None if total is None else (total - Decimal(lines_sum or 0)).quantize(CENT)

    return rest


PROGRAMME_EXPORT = ExportSpec(
    columns=[
        Column("identifiant", "Identifiant d'adresse de la page (unique, stable).", "slug"),
        Column("nom", "Nom du programme.", "name"),
        Column("resume", "Résumé.", "summary"),
        partial_date_column(
            "annonce",
            "Date de l'annonce à sa précision : 2021-08 quand seul le mois est connu.",
            "announced_on",
            "announced_on_precision",
        ),
        Column("montant_total", "Montant total annoncé (€).", "total_amount", Kind.DECIMAL),
        Column(
            "somme_des_lignes",
            "Somme des lignes (€).",
            fields=("lines_sum",),
            bind=_lines_sum,
            kind=Kind.DECIMAL,
        ),
        Column(
            "reste_non_reparti",
            "Total annoncé moins la somme des lignes (€) ; négatif quand les lignes le dépassent.",
            fields=("total_amount", "lines_sum"),
            bind=_unallocated,
            kind=Kind.DECIMAL,
        ),
        Related(
            "financeurs",
            "Financeurs et leur part (€), « nom : montant », séparés par « | ».",
            lambda: ProgrammeFunding.objects.all(),
            "programme_id",
            ("funder__name", "amount"),
            order_by=("-amount", "id"),
            combine=records("financeur", "montant"),
            item_kinds={"montant": Kind.DECIMAL},
        ),
        Related(
            "lignes",
            "Lignes dans leur ordre, « intitulé : montant : objectif : unité », "
            "séparées par « | ».",
            lambda: ProgrammeLine.objects.all(),
            "programme_id",
            ("name", "amount", "target_quantity", "target_unit"),
            order_by=("order", "id"),
            combine=records("intitule", "montant", "objectif", "unite"),
            item_kinds={"montant": Kind.DECIMAL, "objectif": Kind.INTEGER},
        ),
        *publication_columns(),
        page_url_column("funding:detail"),
    ]
)

AWARD_EXPORT = ExportSpec(
    columns=[
        Column("programme", "Programme.", "line__programme__name"),
        Column("programme_identifiant", "Identifiant du programme.", "line__programme__slug"),
        Column("ligne", "Ligne budgétaire.", "line__name"),
        Column("lieu", "Lieu soutenu.", "place__name"),
        Column("lieu_identifiant", "Identifiant du lieu.", "place__slug"),
        Column("commune", "Commune du lieu.", "place__commune_name"),
        Column("departement_code", "Code INSEE du département du lieu.", "place__department__code"),
        Column("departement", "Département du lieu.", "place__department__name"),
        Column(
            "montant", "Montant accordé (€), vide s'il n'est pas connu.", "amount", Kind.DECIMAL
        ),
        Column("annee", "Année.", "year", Kind.INTEGER),
        Column("vague", "Vague ou appel à projets.", "round"),
        Column("note", "Note.", "note"),
    ]
)
