"""An iCalendar feed (RFC 5545) of published visits known to the day.

Visits known only to the month or the year are left out: a calendar entry needs a day, and
inventing one would state something the sources do not say.
"""

import datetime
import functools
import re

# RFC 5545 has no escape for control characters (only for line breaks, which icalendar turns
# into `\n`, a lone CR included): they are dropped before the text reaches icalendar.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@functools.cache
def text_type():
    """TEXT that keeps a literal backslash followed by N.

    icalendar's escaping reads `\\N` in the value as a line break; RFC 5545 only gives that
    meaning to the escaped form, so each piece around it is escaped by icalendar and the
    backslash is escaped between them. Built on first use: icalendar weighs about 7 MiB in
    every worker, and only the calendar feed needs it.
    """
    import icalendar

    class Text(icalendar.vText):
        def __new__(cls, value):
            return super().__new__(cls, CONTROL_CHARACTERS.sub("", str(value)))

        def to_ical(self):
            return b"\\\\N".join(icalendar.vText(part).to_ical() for part in self.split("\\N"))

    return Text


def build_calendar(visits, *, absolute_url, host, name):
    """visits: published visits known to the day, with their stops' places prefetched."""
    import icalendar

    Text = text_type()
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//Tiers-lieux en France//Visites officielles//FR")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", Text(name))
    for visit in visits:
        communes = [
            stop.place.commune_name
            for stop in visit.stops.all()
            if stop.place is not None and stop.place.is_published() and stop.place.commune_name
        ]
        event = icalendar.Event()
        event.add("UID", f"visite-{visit.pk}@{host}")
        event.add("DTSTAMP", visit.updated_at.astimezone(datetime.timezone.utc))
        event.add("DTSTART", visit.date)
        event.add("DTEND", visit.date + datetime.timedelta(days=1))
        event.add("SUMMARY", Text(visit.title))
        if visit.summary:
            event.add("DESCRIPTION", Text(visit.summary))
        if communes:
            event.add("LOCATION", Text(", ".join(dict.fromkeys(communes))))
        event.add("URL", absolute_url(visit.get_absolute_url()))
        calendar.add_component(event)
    # Properties in the order they were added, as the feed has always listed them.
    return calendar.to_ical(sorted=False)
