import datetime
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from tests import factories
from visits.calendar import build_calendar
from visits.models import Visit

pytestmark = pytest.mark.django_db


def unfolded(body):
    """The calendar's content lines, each on one line again (RFC 5545, 3.1)."""
    return re.sub(rb"\r\n[ \t]", b"", body).split(b"\r\n")


def assert_well_formed(body):
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    # No bare CR or LF, and no control character but the tab of a folded line.
    assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", body.replace(b"\r\n", b""))
    for line in lines:
        line.decode()  # never cut inside a UTF-8 character


def calendar_of(client):
    response = client.get(reverse("visits:calendar"))
    assert response.status_code == 200
    assert_well_formed(response.content)
    return response.content, icalendar.Calendar.from_ical(response.content)


def test_commas_semicolons_backslashes_and_line_breaks_come_back_as_written(client):
    title = "Visite à Caen, Calvados ; « 14 » \\ Normandie"
    summary = "Première ligne\r\ndeuxième ligne\rtroisième\n\tquatrième; fin, vraiment \\n"
    visit = factories.visit(title=title, summary=summary, date=datetime.date(2024, 5, 2))
    factories.stop(visit, place=factories.place(commune_name="Saint-Denis; Réunion, \\ 974"))
    body, calendar = calendar_of(client)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    # A lone CR is a line break too: RFC 5545 has no other way to say it.
    assert str(event["DESCRIPTION"]) == (
        "Première ligne\ndeuxième ligne\ntroisième\n\tquatrième; fin, vraiment \\n"
    )
    assert str(event["LOCATION"]) == "Saint-Denis; Réunion, \\ 974"
    assert b"SUMMARY:Visite \xc3\xa0 Caen\\, Calvados \\; \xc2\xab 14 \xc2\xbb \\\\ Normandie" in (
        unfolded(body)
    )


def test_a_literal_backslash_n_stays_text_and_is_not_read_as_a_line_break(client):
    factories.visit(title="Dossier C:\\Nantes\\\\N", date=datetime.date(2024, 5, 2))
    body, _calendar = calendar_of(client)
    assert b"SUMMARY:Dossier C:\\\\Nantes\\\\\\\\N" in unfolded(body)


def test_very_long_lines_are_folded_and_unfold_to_the_same_text(client):
    title = ("Visite " + "éco-lieu € 🌱 ; " * 15)[:250]  # the longest title a visit can have
    summary = "x" * 200 + "\n" + "é" * 199  # the longest summary: 400 characters
    factories.visit(title=title, summary=summary, date=datetime.date(2024, 5, 2))
    body, calendar = calendar_of(client)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]) == summary
    lines = body.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # octets, as RFC 5545 folds them
    assert sum(line.startswith(b" ") for line in lines) >= 10


def test_control_characters_are_dropped_and_tabs_kept():
    # Built from an instance changed in memory: PostgreSQL refuses to store a NUL.
    factories.stop(factories.visit(date=datetime.date(2024, 5, 2)), place=factories.place())
    visit = Visit.objects.prefetch_related("stops__place").get()
    visit.title = "Vi\x00si\x07te\x1b\x7f\x85 \tà\x0b Caen\x0c"
    visit.summary = "Ré\x00sumé\x1f"
    body = build_calendar(
        [visit],
        absolute_url=lambda path: f"https://example.org{path}",
        host="example.org",
        name="\x01Nom",
    )
    assert_well_formed(body)
    calendar = icalendar.Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Visite \tà Caen"
    assert str(event["DESCRIPTION"]) == "Résumé"
    assert str(calendar["X-WR-CALNAME"]) == "Nom"


def test_events_keep_their_identity_dates_and_links(client):
    visit = factories.visit(title="Visite", date=datetime.date(2024, 12, 31))
    body, calendar = calendar_of(client)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"visite-{visit.pk}@testserver"
    assert event["DTSTAMP"].dt == visit.updated_at.replace(microsecond=0)
    assert event["DTSTART"].dt == datetime.date(2024, 12, 31)
    assert event["DTEND"].dt == datetime.date(2025, 1, 1)
    assert str(event["URL"]) == f"http://testserver{visit.get_absolute_url()}"
    assert b"DTSTART;VALUE=DATE:20241231\r\n" in body
    assert b"DTEND;VALUE=DATE:20250101\r\n" in body
    assert re.search(rb"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n", body)
    assert calendar["X-WR-CALNAME"] == "Visites officielles dans les tiers-lieux"


ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = ["R&D <b>", '"><img src=x onerror=alert(1)>', "</summary><entry><title>faux</title>"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_atom_feed_sends_editors_text_as_text_never_as_markup(client, hostile):
    factories.visit(title=f"Visite {hostile}", summary=f"Résumé {hostile} fin")
    response = client.get(reverse("visits:feed"))
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    [entry] = root.findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == f"Résumé {hostile} fin"
    assert entry.find(f"{ATOM}title").text.startswith(f"Visite {hostile} (")
    # Nothing the text holds became an element of the feed.
    assert [child.tag for child in summary] == []
    assert {element.tag.removeprefix(ATOM) for element in root.iter()} <= {
        "feed", "title", "link", "id", "updated", "subtitle", "entry", "summary",
        "published", "author", "name",
    }  # fmt: skip
    assert b'type="html"' not in response.content
    assert b"<img" not in response.content and b"<b>" not in response.content


INJECTIONS = {
    "CR": "Titre\rATTENDEE:mailto:pirate@example.org",
    "LF": "Titre\nATTENDEE:mailto:pirate@example.org",
    "CRLF": "Titre\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:faux",
    "NUL": "Titre\x00\r\nX-INJECTE:1",
    "ESC": "Titre\x1b[2J\nX-INJECTE:1",
}


@pytest.mark.parametrize("name", INJECTIONS)
def test_line_breaks_and_control_characters_cannot_add_a_calendar_property(name):
    # Built in memory: PostgreSQL refuses to store a NUL, the calendar must hold anyway.
    visit = factories.visit(title="Visite", date=datetime.date(2024, 5, 2))
    visit.title = INJECTIONS[name]
    visit.summary = INJECTIONS[name]
    body = build_calendar(
        [visit],
        absolute_url=lambda path: f"https://example.org{path}",
        host="example.org",
        name="Visites",
    )
    assert_well_formed(body)
    lines = unfolded(body)
    names = [line.split(b":", 1)[0].split(b";", 1)[0] for line in lines if line]
    assert names.count(b"BEGIN") == names.count(b"END") == 2  # the calendar and one event
    assert b"ATTENDEE" not in names and b"X-INJECTE" not in names
    assert names.count(b"SUMMARY") == 1
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL"}
    assert str(event["SUMMARY"]).startswith("Titre")
    assert "\x00" not in str(event["SUMMARY"]) and "\x1b" not in str(event["SUMMARY"])
