"""Structured data for search engines: schema.org JSON-LD for meetings and people."""

from django.utils.html import json_script
from django.utils.safestring import mark_safe


def json_ld(data):
    """A JSON-LD script element; the JSON is escaped so it cannot close the element."""
    script = json_script(data, element_id=None)
    return mark_safe(script.replace('type="application/json"', 'type="application/ld+json"'))


def event_data(request, meeting):
    """schema.org Event for a meeting, dates only where they are known."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.name,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": (
            "https://schema.org/EventRescheduled"
            if meeting.session.postponed_from
            else "https://schema.org/EventScheduled"
        ),
        "organizer": {"@type": "GovernmentOrganization", "name": meeting.body.name},
    }
    if meeting.opening_date:
        data["startDate"] = meeting.opening_date.isoformat()
    if meeting.closing_date:
        data["endDate"] = meeting.closing_date.isoformat()
    if meeting.venue:
        data["location"] = {
            "@type": "Place",
            "name": meeting.venue.name,
            "address": meeting.venue.city or meeting.session.division.name,
        }
    if meeting.summary:
        data["description"] = meeting.summary
    return data


def person_data(request, person):
    """schema.org Person: the names in both languages and pinyin, and the posts on record."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "alternateName": sorted(
            name
            for name in {person.name_en, person.name_zh_hans, person.pinyin} - {person.name}
            if name
        ),
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "jobTitle": [membership.role for membership in person.memberships.all()],
    }
    if person.biography:
        data["description"] = person.biography
    if person.photo:
        data["image"] = request.build_absolute_uri(person.photo.url)
    return data
