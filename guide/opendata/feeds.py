"""An Atom feed of what the guide has newly published: sessions and reports."""

from operator import attrgetter

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from guide.models import Report, Session

FEED_LENGTH = 50


def session_title(session):
    return _("%(division)s Two Sessions %(year)s") % {
        "division": session.division.short_name,
        "year": session.year,
    }


class LatestFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Two Sessions Guide: newly published")

    def subtitle(self):
        return _("Sessions and reports as the guide publishes them, newest first.")

    def author_name(self):
        return _("Two Sessions Guide")

    def link(self):
        return reverse("guide:home")

    def feed_url(self):
        return reverse("guide:atom_feed")

    def items(self):
        newest = attrgetter("published_at")
        sessions = Session.objects.published().for_list().order_by("-published_at")
        reports = Report.objects.published().for_list().order_by("-published_at")
        merged = [*sessions[:FEED_LENGTH], *reports[:FEED_LENGTH]]
        return sorted(merged, key=newest, reverse=True)[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, Report):
            return _("%(title)s (%(session)s)") % {
                "title": item.title,
                "session": session_title(item.meeting.session),
            }
        return session_title(item)

    def item_description(self, item):
        # Atom summaries are HTML: the plain-text summary is escaped, its paragraphs kept.
        return linebreaks(item.summary, autoescape=True) if item.summary else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
