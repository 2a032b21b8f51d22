"""The meetings as an iCalendar feed (RFC 5545), written by hand: all-day events only."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guide.models import Certainty

LINE_LIMIT = 75  # octets, not counting the CRLF


def escape_text(value):
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    lines, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > LINE_LIMIT:
            lines.append(current)
            current, size = " ", 1
        current += char
        size += width
    lines.append(current)
    return "\r\n".join(lines)


def ical_date(day):
    return day.strftime("%Y%m%d")


def ical_utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def dated(label, day, certainty):
    return _("%(label)s: %(date)s — %(certainty)s") % {
        "label": label,
        "date": date_format(day, "DATE_FORMAT"),
        "certainty": Certainty(certainty).label,
    }


# Event UIDs name the meeting, not the host that served the feed: a calendar that subscribed
# through one address keeps the same events when the site moves or is mirrored.
UID_DOMAIN = "two-sessions-guide"


def meeting_event(meeting, absolute_url):
    session = meeting.session
    url = absolute_url(meeting.get_absolute_url())
    last_day = meeting.closing_date or meeting.opening_date
    description = [dated(_("Opening"), meeting.opening_date, meeting.opening_certainty)]
    if meeting.closing_date:
        description.append(dated(_("Closing"), meeting.closing_date, meeting.closing_certainty))
    else:
        description.append(
            _("The closing date is not recorded: the calendar shows the opening day only.")
        )
    description.append(_("Details and sources: %(url)s") % {"url": url})
    # Meetings have no change time of their own; their session's is the closest.
    changed = ical_utc(session.updated_at)
    properties = [
        ("UID", f"{session.year}-{session.division.slug}-{meeting.body.kind}@{UID_DOMAIN}"),
        ("DTSTAMP", changed),
        ("LAST-MODIFIED", changed),
        ("DTSTART;VALUE=DATE", ical_date(meeting.opening_date)),
        # DTEND is exclusive: the day after the last day.
        ("DTEND;VALUE=DATE", ical_date(last_day + datetime.timedelta(days=1))),
        ("SUMMARY", escape_text(meeting.name)),
    ]
    if meeting.venue:
        place = ", ".join(part for part in (meeting.venue.name, meeting.venue.city) if part)
        properties.append(("LOCATION", escape_text(place)))
    properties += [
        ("URL", url),
        ("DESCRIPTION", escape_text("\n".join(description))),
        ("TRANSP", "TRANSPARENT"),
    ]
    return [("BEGIN", "VEVENT"), *properties, ("END", "VEVENT")]


def calendar_lines(meetings, absolute_url):
    """The calendar line by line, for a streaming response."""
    name = escape_text(_("Two Sessions meetings"))
    properties = [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", "-//Two Sessions Guide//Meetings//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("NAME", name),
        ("X-WR-CALNAME", name),
    ]
    for meeting in meetings:
        properties += meeting_event(meeting, absolute_url)
        yield "".join(fold(f"{key}:{value}") + "\r\n" for key, value in properties)
        properties = []
    yield "".join(
        fold(f"{key}:{value}") + "\r\n" for key, value in [*properties, ("END", "VCALENDAR")]
    )
