"""Sources and the citations that tie them to facts."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Citation, Source
from .base import GuideAdmin


@admin.register(Source)
class SourceAdmin(GuideAdmin):
    list_display = ("title", "key", "publisher", "language", "citation_count")
    list_filter = ("language",)
    search_fields = ("title_en", "title_zh_hans", "key", "publisher_en", "publisher_zh_hans", "url")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count


@admin.register(Citation)
class CitationAdmin(GuideAdmin):
    list_display = ("source", "content_type", "object_id", "quote")
    list_filter = ("content_type",)
    list_select_related = ("source", "content_type")
    search_fields = ("quote", "source__title_en", "source__title_zh_hans", "source__key")
    autocomplete_fields = ["source"]
