"""The Prime Minister's morning near Caen in August 2021, as the founding article tells it.

The four members of government are named by office, as the article names them; the visit is
known to the month only; the quotations are verbatim and attributed to the Prime Minister, as
in the article. Nothing the article does not say is added: no day, no times, no place for the
round table, no name for the WIP's co-founder.
"""

import datetime

from content.dates import DatePrecision
from content.demo import set_related, upsert
from content.models import Status
from visits.models import Announcement, Participant, Person, Quote, Stop, Visit, VisitPhoto

VISIT_SLUG = "premier-ministre-tiers-lieux-caen-2021-08"
RADIO_FRANCE = {"rights_holder": "Radio France", "creator": "Elodie Touchais"}

MINISTERS = [
    "ministre de l'Économie et de la Relance",
    "ministre des PME",
    "ministre de la Cohésion des territoires",
    "ministre de la Transition numérique",
]

QUOTES = [
    (
        "un pilier de la nouvelle économie",
        "À propos des tiers-lieux ; l'article en fait son titre.",
    ),
    (
        "préparer l'économie de demain, sans se tromper",
        "L'une de ses priorités, selon l'article.",
    ),
    (
        "souveraineté économique : le produire français",
        "Premier des trois axes du modèle que sont, pour lui, les tiers-lieux.",
    ),
    ("relocaliser", "Deuxième axe."),
    ("formation, fondamentale", "Troisième axe."),
    ("parce que ça marche", "Pour justifier les 130 millions d'euros débloqués."),
]


def load(source, places, programme):
    visit, _status = upsert(
        Visit,
        {"slug": VISIT_SLUG},
        {
            "title": "Le Premier ministre dans deux tiers-lieux de l'agglomération caennaise",
            "date": datetime.date(2021, 8, 1),
            "date_precision": DatePrecision.MONTH,
            "summary": (
                "Une matinée dans le Calvados avec quatre membres du gouvernement : L'atelier "
                "normand à Carpiquet, le WIP à Colombelles, une table ronde et l'annonce de "
                "130 millions d'euros pour les tiers-lieux."
            ),
            "description": (
                "Le Premier ministre, accompagné de quatre membres de son gouvernement, passe "
                "une matinée dans l'agglomération caennaise pour promouvoir les tiers-lieux. Il "
                "découvre d'abord une manufacture de proximité à Carpiquet, puis un espace de "
                "coworking à Colombelles, et participe à une table ronde consacrée aux "
                "tiers-lieux. Selon l'article, les ministres qui l'accompagnent ne prennent pas "
                "la parole. La crise sanitaire a révélé l'intérêt des espaces de travail "
                "partagés ; le gouvernement annonce une enveloppe de 130 millions d'euros pour "
                "les développer."
            ),
            "status": Status.PUBLISHED,
        },
    )
    set_related(visit, "sources", [source])

    castex, _status = upsert(Person, {"slug": "jean-castex"}, {"name": "Jean Castex"})
    prime_minister, _status = upsert(
        Participant,
        {"visit": visit, "order": 1},
        {"person": castex, "office": "Premier ministre", "role": Participant.Role.LEADS},
    )
    for order, office in enumerate(MINISTERS, start=2):
        upsert(
            Participant,
            {"visit": visit, "order": order},
            {
                "person": None,
                "office": office,
                "role": Participant.Role.ACCOMPANIES,
                "note": "Nommé par sa fonction, comme dans l'article.",
            },
        )
    upsert(
        Participant,
        {"visit": visit, "order": 10},
        {
            "person": None,
            "office": "co-fondatrice du WIP",
            "role": Participant.Role.HOSTS,
            "note": "L'article ne donne pas son nom.",
        },
    )

    carpiquet, _status = upsert(
        Stop,
        {"visit": visit, "order": 1},
        {
            "kind": Stop.Kind.PLACE_VISIT,
            "place": places["atelier"],
            "title": "",
            "description": (
                "Découverte de la manufacture de proximité, où des artisans, surtout des métiers "
                "du bois, louent à prix réduits équipements et ateliers pour lancer leur activité."
            ),
        },
    )
    colombelles, _status = upsert(
        Stop,
        {"visit": visit, "order": 2},
        {
            "kind": Stop.Kind.PLACE_VISIT,
            "place": places["wip"],
            "title": "",
            "description": "Visite de l'espace de coworking et échange avec sa co-fondatrice.",
        },
    )
    upsert(
        Stop,
        {"visit": visit, "order": 3},
        {
            "kind": Stop.Kind.ROUND_TABLE,
            "place": None,
            "title": "Table ronde sur les tiers-lieux",
            "description": (
                "Le Premier ministre y participe. L'article ne dit ni où ni à quel moment de la "
                "matinée elle se tient."
            ),
        },
    )

    announcement, _status = upsert(
        Announcement,
        {"visit": visit, "programme": programme},
        {
            "order": 1,
            "text": (
                "Annonce d'une enveloppe de 130 millions d'euros, dont 75 millions issus de "
                "France Relance, pour développer les tiers-lieux."
            ),
        },
    )
    set_related(announcement, "lines", list(programme.lines.order_by("order")))

    for order, (text, context) in enumerate(QUOTES, start=1):
        upsert(
            Quote,
            {"visit": visit, "order": order},
            {"participant": prime_minister, "text": text, "context": context},
        )

    upsert(
        VisitPhoto,
        {"visit": visit, "order": 1},
        {
            "stop": carpiquet,
            "caption": (
                "À Carpiquet, le Premier ministre entouré des quatre membres du gouvernement "
                "qui l'accompagnent."
            ),
            **RADIO_FRANCE,
        },
    )
    upsert(
        VisitPhoto,
        {"visit": visit, "order": 2},
        {
            "stop": colombelles,
            "caption": (
                "Au WIP, à Colombelles, le Premier ministre en discussion avec la co-fondatrice "
                "du lieu."
            ),
            # The article prints no credit under this photo: none is invented.
            "rights_holder": "",
            "creator": "",
        },
    )
    return visit
