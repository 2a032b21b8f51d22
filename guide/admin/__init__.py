"""The editors' and translators' admin: shared pieces in ``base``, then one module per concept."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import content, people, places, reports, sessions, sources

admin.site.site_header = _("Two Sessions Guide: editors")
admin.site.site_title = _("Two Sessions Guide")
admin.site.index_title = _("Content")

__all__ = ["content", "people", "places", "reports", "sessions", "sources"]
