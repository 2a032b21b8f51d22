"""Places and bodies: divisions, venues, the congresses, CPPCC committees and governments, terms."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from ..models import Body, Division, Term, Venue
from .base import GuideAdmin, RoleAwareMixin
from .conflicts import VersionCheckMixin
from .history import HistoryMixin


class TermInline(RoleAwareMixin, admin.TabularInline):
    model = Term
    extra = 0


class BodyInline(RoleAwareMixin, TranslationTabularInline):
    model = Body
    extra = 0
    fields = ("kind", "name", "short_name", "pinyin")
    show_change_link = True


@admin.register(Division)
class DivisionAdmin(GuideAdmin):
    list_display = ("short_name", "name", "code", "kind", "pinyin", "slug")
    list_filter = ("kind",)
    search_fields = (
        "name_en",
        "name_zh_hans",
        "short_name_en",
        "short_name_zh_hans",
        "code",
        "pinyin",
        "pinyin_plain",
    )
    prepopulated_fields = {"slug": ("short_name_en",)}
    inlines = [BodyInline]


@admin.register(Venue)
class VenueAdmin(GuideAdmin):
    list_display = ("name", "city", "division")
    list_filter = ("division__kind",)
    list_select_related = ("division",)
    search_fields = ("name_en", "name_zh_hans", "pinyin")
    autocomplete_fields = ["division"]


@admin.register(Body)
class BodyAdmin(GuideAdmin):
    list_display = ("name", "kind", "division")
    list_filter = ("kind", "division__kind")
    list_select_related = ("division",)
    search_fields = ("name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans", "pinyin")
    autocomplete_fields = ["division"]
    inlines = [TermInline]


@admin.register(Term)
class TermAdmin(HistoryMixin, VersionCheckMixin, RoleAwareMixin, admin.ModelAdmin):
    list_display = ("__str__", "number", "start_year", "end_year")
    list_filter = ("body__kind",)
    list_select_related = ("body",)
    search_fields = ("body__name_en", "body__name_zh_hans")
    autocomplete_fields = ["body"]
