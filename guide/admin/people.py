"""People and their posts."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from ..models import Membership, Person
from .base import (
    PUBLICATION_FIELDS,
    CitationInline,
    GuideAdmin,
    PublishableAdmin,
    RoleAwareMixin,
    thumbnail,
)


class MembershipInline(RoleAwareMixin, TranslationTabularInline):
    model = Membership
    extra = 0
    fields = ("body", "role", "start_date", "end_date", "first_attested", "last_attested", "order")
    autocomplete_fields = ["body"]


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    list_display = ("name", "pinyin", "status", "portrait")
    list_filter = ("status", "memberships__body__kind")
    search_fields = ("name_en", "name_zh_hans", "pinyin", "pinyin_plain", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("portrait",)
    fieldsets = (
        (None, {"fields": ("name", "pinyin", "slug", "biography")}),
        (_("Photo"), {"fields": ("photo", "photo_alt", "portrait")}),
        (_("Publication"), {"fields": PUBLICATION_FIELDS}),
    )
    inlines = [MembershipInline, CitationInline]

    @admin.display(description=_("photo"))
    def portrait(self, obj):
        return thumbnail(obj.photo, obj.photo_alt)


@admin.register(Membership)
class MembershipAdmin(GuideAdmin):
    list_display = ("person", "role", "body", "first_attested", "last_attested")
    list_filter = ("body__kind",)
    list_select_related = ("person", "body")
    search_fields = ("person__name_en", "person__name_zh_hans", "role_en", "role_zh_hans")
    autocomplete_fields = ["person", "body"]
