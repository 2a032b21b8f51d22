"""Our own writing: glossary terms and explainers."""

from django.contrib import admin

from ..models import Explainer, GlossaryTerm
from .base import PublishableAdmin


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PublishableAdmin):
    list_display = ("characters", "pinyin", "english", "status")
    list_filter = ("status",)
    search_fields = (
        "characters",
        "pinyin",
        "pinyin_plain",
        "english",
        "definition_en",
        "definition_zh_hans",
    )
    prepopulated_fields = {"slug": ("english",)}
    autocomplete_fields = ["related"]


@admin.register(Explainer)
class ExplainerAdmin(PublishableAdmin):
    list_display = ("title", "slug", "order", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title_en", "title_zh_hans", "body_en", "body_zh_hans")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("sessions",)
