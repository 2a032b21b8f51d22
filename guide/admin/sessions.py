"""Sessions and their meetings (with the reports delivered to them)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from ..models import Meeting, Report, Session
from .base import (
    PUBLICATION_FIELDS,
    CitationInline,
    GuideAdmin,
    PublishableAdmin,
    RoleAwareMixin,
    thumbnail,
)


class MeetingInline(RoleAwareMixin, TranslationStackedInline):
    model = Meeting
    extra = 0
    fields = (
        ("body", "term", "session_number"),
        "name",
        ("opening_date", "opening_certainty"),
        ("closing_date", "closing_certainty"),
        "venue",
        "summary",
        "outcomes",
    )
    autocomplete_fields = ["body", "term", "venue"]
    show_change_link = True


@admin.register(Session)
class SessionAdmin(PublishableAdmin):
    list_display = ("__str__", "year", "division", "state", "status", "published_at", "cover")
    list_filter = ("status", "state", "year", "division__kind")
    list_select_related = ("division",)
    search_fields = (
        "division__name_en",
        "division__name_zh_hans",
        "division__pinyin",
        "division__pinyin_plain",
        "year",
    )
    autocomplete_fields = ["division", "venue"]
    readonly_fields = ("cover",)
    date_hierarchy = "published_at"
    fieldsets = (
        (None, {"fields": ("division", "year", "state", "state_note", "venue", "summary")}),
        (_("Image"), {"fields": ("cover_image", "cover_image_alt", "cover")}),
        (_("Publication"), {"fields": PUBLICATION_FIELDS}),
    )
    inlines = [MeetingInline, CitationInline]
    actions = [*PublishableAdmin.actions, "start_next_season"]

    @admin.action(
        description=_("Start the next season: next year's session with its meetings, as a draft"),
        permissions=["add"],
    )
    def start_next_season(self, request, queryset):
        created = []
        for session in queryset.select_related("division"):
            try:
                following = session.start_next_season()
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(session)s: %(reason)s")
                    % {"session": session, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            self.log_addition(request, following, [{"added": {}}])
            created.append(following)
            self.message_user(
                request,
                _(
                    "%(session)s was started as a draft with its meetings: add the dates and "
                    "the reports' details once they are announced."
                )
                % {"session": following},
                messages.SUCCESS,
            )
        if len(created) == 1:
            return redirect(reverse("admin:guide_session_change", args=[created[0].pk]))
        return None

    @admin.display(description=_("image"))
    def cover(self, obj):
        return thumbnail(obj.cover_image, obj.cover_image_alt)


class ReportInline(RoleAwareMixin, TranslationTabularInline):
    model = Report
    extra = 0
    fields = ("kind", "title", "presenter", "delivered_on", "status")
    autocomplete_fields = ["presenter"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(GuideAdmin):
    list_display = ("name", "session", "body", "opening_date", "closing_date")
    list_filter = ("body__kind", "session__year", "opening_certainty", "closing_certainty")
    list_select_related = ("session__division", "body")
    search_fields = ("name_en", "name_zh_hans", "body__name_en", "body__name_zh_hans")
    autocomplete_fields = ["session", "body", "term", "venue"]
    inlines = [ReportInline, CitationInline]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
