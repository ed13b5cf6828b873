"""An iCalendar feed (RFC 5545) of published visits known to the day.

Visits known only to the month or the year are left out: a calendar entry needs a day, and
inventing one would state something the sources do not say.
"""

import datetime

CRLF = "\r\n"
MAX_OCTETS = 75


def escape(text):
    """TEXT values escape backslash, semicolon, comma and newlines (RFC 5545, 3.3.11)."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space, never inside a
    UTF-8 character (RFC 5545, 3.1)."""
    pieces = []
    current = ""
    limit = MAX_OCTETS
    for char in line:
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = char
            limit = MAX_OCTETS - 1  # continuation lines start with a space
        else:
            current += char
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _utc(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def build_calendar(visits, *, absolute_url, host, name):
    """visits: published visits known to the day, with their stops' places prefetched."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tiers-lieux en France//Visites officielles//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for visit in visits:
        communes = [
            stop.place.commune_name
            for stop in visit.stops.all()
            if stop.place is not None and stop.place.is_published() and stop.place.commune_name
        ]
        lines += [
            "BEGIN:VEVENT",
            f"UID:visite-{visit.pk}@{host}",
            f"DTSTAMP:{_utc(visit.updated_at)}",
            f"DTSTART;VALUE=DATE:{visit.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{visit.date + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(visit.title)}",
        ]
        if visit.summary:
            lines.append(f"DESCRIPTION:{escape(visit.summary)}")
        if communes:
            lines.append(f"LOCATION:{escape(', '.join(dict.fromkeys(communes)))}")
        lines += [f"URL:{absolute_url(visit.get_absolute_url())}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
