"""What one app adds to another's pages, without the page's app knowing it.

A page (the place page, the programme page) asks for its sections by name; apps built on top of
it (funding adds awards to a place, visits adds the visits where a place was visited or a
programme announced) register them when they are ready. Imports then only point down.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSection:
    template: str  # included in the page, with the page's context
    context: Callable[[object], dict] | None = None  # more context, from the page's object
    # Dated events for the page's timeline, [(PartialDate, kind, text)], from the page's object
    # and this section's context (what its context already read: no query).
    timeline: Callable[[object, dict], list] | None = None


_sections = {}


def register(page, section):
    registered = _sections.setdefault(page, [])
    if section not in registered:
        registered.append(section)


def sections(page):
    return list(_sections.get(page, ()))


def context(page, obj):
    """The sections to include, and what they need from the page's object."""
    found = {"sections": sections(page), "timeline_entries": []}
    for section in found["sections"]:
        added = section.context(obj) if section.context else {}
        found.update(added)
        if section.timeline:
            found["timeline_entries"] += section.timeline(obj, added)
    return found
