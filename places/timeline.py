"""The events of a place's life, in order, for its page: opened, labels obtained and ended,
closed, and what other apps add (funding received, official visits: content.sections). Read
from the place, its copy of its labels (places.held_labels) and what the page's sections
already read: no query of its own."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from content.dates import PartialDate
from places.held_labels import held
from places.models import Lifecycle

# Events of one date in the order of a life: opened first, closed last, other apps' events
# (funding, visits) between the labels obtained and those ended.
ORDER = {"opened": 0, "label": 1, "label_ended": 3, "closed": 4}
OTHER = 2


@dataclass(frozen=True)
class Event:
    date: PartialDate
    kind: str
    text: str
    approximate: bool = False


def events(place, entries=()):
    """[Event] of the dated facts of a place's life, oldest first; `entries`, (PartialDate,
    kind, text) from other apps, undated ones left out."""
    found = [Event(date, kind, text) for date, kind, text in entries if date]
    if place.opened_on and place.lifecycle != Lifecycle.PLANNED:
        found.append(
            Event(place.opened, "opened", _("Ouverture"), place.year_opened_is_approximate)
        )
    for label in held(place):
        found.append(Event(label.obtained, "label", _("Label « %s » obtenu") % label.name))
        if label.ended:
            found.append(Event(label.ended, "label_ended", _("Fin du label « %s »") % label.name))
    if place.lifecycle == Lifecycle.CLOSED and place.closed_on:
        found.append(Event(place.closed, "closed", _("Fermeture : %s") % place.closure_reason))
    return sorted(found, key=lambda event: (event.date.value, ORDER.get(event.kind, OTHER)))
