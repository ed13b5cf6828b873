"""The envelope announced in August 2021, line by line, and the national count of tiers-lieux.

Amounts are exactly the article's: 130 M€ announced, 75 M€ of it from France Relance, and five
lines that add up to 119 M€. The other 11 M€ and the other 55 M€ are left as the article leaves
them: not broken down, not attributed.
"""

import datetime
from decimal import Decimal

from content.dates import DatePrecision
from content.demo import set_related, upsert
from content.models import Status
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
                "Annoncée en août 2021 lors d'une visite du Premier ministre près de Caen, "
                "dont 75 millions d'euros issus de France Relance."
            ),
            "description": (
                "Le gouvernement présente cette enveloppe comme un investissement dans un "
                "nouveau modèle économique et une nouvelle manière de travailler. Elle est "
                "partagée entre cinq lignes : manufactures de proximité, formation "
                "professionnelle dans les tiers-lieux, missions de service civique, conseillers "
                "numériques et maillage national et territorial."
            ),
            "announced_on": datetime.date(2021, 8, 1),
            "announced_on_precision": DatePrecision.MONTH,
            "total_amount": 130 * MILLION,
            "status": Status.PUBLISHED,
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
