"""The Prime Minister's morning near Caen in August 2021, as the founding article tells it.

The four members of government are named by office, as the article names them; the visit is
known to the month only; the quotations are verbatim and attributed to the Prime Minister, as
in the article, and those the article gives in its headlines are marked as such. Nothing the
article does not say is added: no day, no times, no place for the round table, no name for the
WIP's co-founder. The prose is the site's own; the article's photos are referenced, not
reproduced.
"""

import datetime

from content.dates import DatePrecision
from content.demo import set_related, upsert
from visits.models import Announcement, Participant, Person, Quote, Stop, Visit, VisitPhoto

VISIT_SLUG = "premier-ministre-tiers-lieux-caen-2021-08"
RADIO_FRANCE = {"rights_holder": "Radio France", "creator": "Elodie Touchais"}
HEADLINE = Quote.Origin.HEADLINE
REPORTED = Quote.Origin.REPORTED

MINISTERS = [
    "ministre de l'Économie et de la Relance",
    "ministre des PME",
    "ministre de la Cohésion des territoires",
    "ministre de la Transition numérique",
]

# (words, origin, context): the words verbatim; the context in the site's own words.
QUOTES = [
    ("un pilier de la nouvelle économie", HEADLINE, "Ce que sont, pour lui, les tiers-lieux."),
    ("préparer l'économie de demain, sans se tromper", REPORTED, "Une priorité qu'il se donne."),
    (
        "souveraineté économique : le produire français",
        REPORTED,
        "Le premier des trois axes qu'il voit dans les tiers-lieux.",
    ),
    ("relocaliser", REPORTED, "Le deuxième axe."),
    ("formation, fondamentale", REPORTED, "Le troisième axe."),
    # The article's headline gives these words, without saying who said them or when.
    ("parce que ça marche", HEADLINE, "Pourquoi l'État met 130 millions d'euros."),
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
                "Près de Caen, le Premier ministre et quatre ministres voient L'atelier normand "
                "(Carpiquet) puis le WIP (Colombelles), prennent part à une table ronde et "
                "annoncent 130 millions d'euros pour les tiers-lieux."
            ),
            "description": (
                "Quatre ministres, désignés ici par leur fonction, accompagnent le Premier "
                "ministre. Premier arrêt à Carpiquet, dans l'atelier partagé de L'atelier "
                "normand ; second arrêt à Colombelles, au WIP, un lieu de coworking. Une table "
                "ronde sur les tiers-lieux complète le programme. Le gouvernement y annonce "
                "130 millions d'euros pour les tiers-lieux, dont 75 millions venus de France "
                "Relance. La France en comptait 1 800 en 2018 et 2 500 en 2021 ; l'objectif "
                "est d'atteindre 3 500."
            ),
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
                "Visite de l'atelier partagé : des artisans, souvent du bois, y louent outils "
                "et espaces à petit prix pour se lancer."
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
            "description": "Tour du coworking, puis discussion avec la co-fondatrice du lieu.",
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
                "Le Premier ministre y prend part. Ni son lieu ni son heure ne sont connus."
            ),
        },
    )

    announcement, _status = upsert(
        Announcement,
        {"visit": visit, "programme": programme},
        {
            "order": 1,
            "text": (
                "130 millions d'euros pour faire grandir les tiers-lieux, dont 75 millions "
                "apportés par France Relance."
            ),
        },
    )
    set_related(announcement, "lines", list(programme.lines.order_by("order")))

    for order, (text, origin, context) in enumerate(QUOTES, start=1):
        upsert(
            Quote,
            {"visit": visit, "order": order},
            {"participant": prime_minister, "text": text, "origin": origin, "context": context},
        )

    upsert(
        VisitPhoto,
        {"visit": visit, "order": 1},
        {
            "stop": carpiquet,
            "caption": "Carpiquet : le Premier ministre et les quatre ministres venus avec lui.",
            "is_referenced_only": True,
            **RADIO_FRANCE,
        },
    )
    upsert(
        VisitPhoto,
        {"visit": visit, "order": 2},
        {
            "stop": colombelles,
            "caption": "Colombelles, au WIP : le Premier ministre parle avec la co-fondatrice.",
            "is_referenced_only": True,
            # The article prints no credit under this photo: no author is invented, the credit
            # says where the photo is and that it comes uncredited.
            "rights_holder": "",
            "creator": "",
            "credit": "Photo de l'article cité en source, publiée sans crédit",
        },
    )
    return visit
