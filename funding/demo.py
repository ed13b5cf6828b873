"""The envelope announced in August 2021, line by line, and the national count of tiers-lieux.

Amounts are exactly the article's: 130 M€ announced, 75 M€ of it from France Relance, and five
lines that add up to 119 M€. The other 11 M€ and the other 55 M€ are left as the article leaves
them: not broken down, not attributed.
"""

import datetime
from decimal import Decimal

from content.dates import DatePrecision
from content.demo import set_related, upsert
from funding.models import (
    TIERS_LIEUX_MEASURE,
    Funder,
    Indicator,
    Programme,
    ProgrammeFunding,
    ProgrammeLine,
)

PROGRAMME_SLUG = "enveloppe-130-millions-tiers-lieux-2021"
MILLION = Decimal(1_000_000)

CIVIC_SERVICE = "missions de service civique"
LINES = [
    (1, "Manufactures de proximité", 30, None, ""),
    (2, "Formation professionnelle dans les tiers-lieux", 50, None, ""),
    (3, "Missions de service civique dans les tiers-lieux", 20, 3000, CIVIC_SERVICE),
    (4, "Conseillers numériques dans les tiers-lieux", 15, None, ""),
    (5, "Renforcement du maillage national et territorial", 4, None, ""),
]

INDICATORS = [
    (2018, 1800, Indicator.Kind.OBSERVED, ""),
    (2021, 2500, Indicator.Kind.OBSERVED, "Chiffre cité en août 2021."),
    (2022, 3500, Indicator.Kind.TARGET, "Objectif du gouvernement « d'ici l'année prochaine »."),
]


def load(source):
    france_relance, _status = upsert(Funder, {"slug": "france-relance"}, {"name": "France Relance"})
    programme, _status = upsert(
        Programme,
        {"slug": PROGRAMME_SLUG},
        {
            "name": "Enveloppe de 130 millions d'euros pour développer les tiers-lieux",
            "summary": (
                "Montant rendu public en août 2021 par le Premier ministre, venu près de Caen ; "
                "France Relance en apporte 75 millions d'euros."
            ),
            "description": (
                "Pour le gouvernement, l'argent va à une autre façon de travailler et à un "
                "modèle économique neuf. Cinq postes sont chiffrés : 30 M€ pour les "
                "manufactures de proximité, 50 M€ pour la formation professionnelle, 20 M€ "
                "pour 3 000 missions de service civique, 15 M€ pour des conseillers numériques "
                "et 4 M€ pour le maillage national et territorial. Ensemble, ils font 119 M€ "
                "sur les 130 M€ annoncés ; l'article ne dit rien des 11 M€ restants."
            ),
            "announced_on": datetime.date(2021, 8, 1),
            "announced_on_precision": DatePrecision.MONTH,
            "total_amount": 130 * MILLION,
        },
    )
    set_related(programme, "sources", [source])
    upsert(
        ProgrammeFunding,
        {"programme": programme, "funder": france_relance},
        {"amount": 75 * MILLION},
    )
    for order, name, millions, quantity, unit in LINES:
        upsert(
            ProgrammeLine,
            {"programme": programme, "order": order},
            {
                "name": name,
                "amount": millions * MILLION,
                "target_quantity": quantity,
                "target_unit": unit,
            },
        )
    for year, value, kind, note in INDICATORS:
        upsert(
            Indicator,
            {"measure": TIERS_LIEUX_MEASURE, "year": year, "kind": kind},
            {"value": value, "source": source, "note": note},
        )
    return programme
