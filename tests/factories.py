"""Plain factory functions: each returns a saved, valid row and takes overrides as keywords."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from content.models import Source, Status
from funding.models import Award, Funder, Programme, ProgrammeFunding, ProgrammeLine
from places.models import (
    Dataset,
    Department,
    Label,
    Place,
    PlaceKind,
    PlaceLabel,
    PlacePhoto,
    Provenance,
    Service,
)
from visits.models import Participant, Stop, Visit

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def user(**overrides):
    number = _next()
    values = {"username": f"personne{number}", "email": f"personne{number}@example.org"}
    values.update(overrides)
    return get_user_model().objects.create_user(password="mot-de-passe-solide-42", **values)


def department(code="14"):
    return Department.objects.get(code=code)


def kind(**overrides):
    number = _next()
    values = {"name": f"Type {number}", "slug": f"type-{number}"}
    values.update(overrides)
    return PlaceKind.objects.create(**values)


def service(**overrides):
    number = _next()
    values = {"name": f"Service {number}", "slug": f"service-{number}"}
    values.update(overrides)
    return Service.objects.create(**values)


def source(**overrides):
    number = _next()
    values = {"title": f"Source {number}", "publisher": "Éditeur"}
    values.update(overrides)
    return Source.objects.create(**values)


def past(days=1):
    return timezone.now() - datetime.timedelta(days=days)


def place(*, kinds=(), services=(), sources=(), **overrides):
    number = _next()
    values = {
        "name": f"Lieu numéro {number}",
        "slug": f"lieu-{number}",
        "department": overrides.pop("department", None) or department("14"),
        "status": Status.PUBLISHED,
        "published_at": past(),
    }
    values.update(overrides)
    row = Place(**values)
    row.full_clean()
    row.save()
    row.kinds.set(kinds)
    row.services.set(services)
    row.sources.set(sources)
    return row


def draft_place(**overrides):
    return place(**{"status": Status.DRAFT, "published_at": None, **overrides})


def place_photo(place, **overrides):
    values = {
        "caption": "Une légende",
        "rights_holder": "Radio France",
        "creator": "Elodie Touchais",
        "order": _next(),
    }
    values.update(overrides)
    return PlacePhoto.objects.create(place=place, **values)


def label(**overrides):
    number = _next()
    values = {"name": f"Label {number}", "slug": f"label-{number}"}
    values.update(overrides)
    return Label.objects.create(**values)


def place_label(place, **overrides):
    values = {"obtained_on": datetime.date(2020, 1, 1) + datetime.timedelta(days=_next() % 1000)}
    values.update(overrides)
    if "label" not in values:
        values["label"] = label()
    row = PlaceLabel(place=place, **values)
    row.full_clean()
    row.save()
    return row


def funder(**overrides):
    number = _next()
    values = {"name": f"Financeur {number}", "slug": f"financeur-{number}"}
    values.update(overrides)
    return Funder.objects.create(**values)


def programme(*, lines=(), fundings=(), sources=(), **overrides):
    """lines: (name, amount) pairs; fundings: (funder, amount) pairs. Amounts in euros."""
    number = _next()
    values = {
        "name": f"Programme {number}",
        "slug": f"programme-{number}",
        "total_amount": Decimal("1000000"),
        "announced_on": datetime.date(2021, 8, 1),
        "announced_on_precision": "month",
        "status": Status.PUBLISHED,
        "published_at": past(),
    }
    values.update(overrides)
    row = Programme.objects.create(**values)
    for order, (name, amount) in enumerate(lines, start=1):
        ProgrammeLine.objects.create(programme=row, name=name, amount=Decimal(amount), order=order)
    for funder_row, amount in fundings:
        ProgrammeFunding.objects.create(programme=row, funder=funder_row, amount=Decimal(amount))
    row.sources.set(sources)
    return row


def award(line, place, **overrides):
    values = {"amount": Decimal("50000"), "year": 2022, "round": "1re vague"}
    values.update(overrides)
    return Award.objects.create(line=line, place=place, **values)


def visit(**overrides):
    number = _next()
    values = {
        "title": f"Visite {number}",
        "slug": f"visite-{number}",
        "date": datetime.date(2021, 8, 27),
        "date_precision": "day",
        "status": Status.PUBLISHED,
        "published_at": past(),
    }
    values.update(overrides)
    return Visit.objects.create(**values)


def participant(visit, **overrides):
    values = {"office": "Premier ministre", "role": Participant.Role.LEADS, "order": _next()}
    values.update(overrides)
    return Participant.objects.create(visit=visit, **values)


def stop(visit, **overrides):
    values = {"order": _next(), "kind": Stop.Kind.PLACE_VISIT}
    values.update(overrides)
    return Stop.objects.create(visit=visit, **values)


def dataset(**overrides):
    number = _next()
    values = {
        "slug": f"jeu-{number}",
        "title": f"Jeu de données {number}",
        "attribution": f"Producteur {number}",
        "licence": "Licence Ouverte 2.0",
    }
    values.update(overrides)
    return Dataset.objects.create(**values)


def provenance(place, **overrides):
    values = {"row_id": str(_next()), "first_imported_at": past(), "last_imported_at": past()}
    values.update(overrides)
    if "dataset" not in values:
        values["dataset"] = dataset()
    return Provenance.objects.create(place=place, **values)
