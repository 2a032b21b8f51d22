"""Reports with their figures, tasks and images; the indicators figures measure."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from ..models import Figure, Indicator, Report, ReportImage, Task
from .base import (
    PUBLICATION_FIELDS,
    CitationInline,
    GuideAdmin,
    PublishableAdmin,
    RoleAwareMixin,
    thumbnail,
)


class FigureInline(RoleAwareMixin, TranslationTabularInline):
    model = Figure
    extra = 0
    fields = (
        "indicator",
        "division",
        "year",
        "kind",
        "value",
        "value_high",
        "qualifier",
        "wording",
        "preliminary",
        "value_checked",
        "source",
        "status",
    )
    autocomplete_fields = ["indicator", "division", "source"]
    show_change_link = True


class TaskInline(RoleAwareMixin, TranslationStackedInline):
    model = Task
    extra = 0
    fields = ("order", "title", "summary")


class ReportImageInline(RoleAwareMixin, TranslationTabularInline):
    model = ReportImage
    extra = 0
    fields = ("image", "preview", "alt_text", "caption", "credit", "order")
    readonly_fields = ("preview",)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.image, obj.alt_text)


@admin.register(Report)
class ReportAdmin(PublishableAdmin):
    list_display = ("title", "session_name", "kind", "presenter", "delivered_on", "status")
    list_filter = ("status", "kind", "meeting__session__year", "meeting__session__division__kind")
    list_select_related = ("meeting__session__division", "presenter")
    search_fields = ("title_en", "title_zh_hans", "meeting__name_en", "meeting__name_zh_hans")
    autocomplete_fields = ["meeting", "presenter", "full_text"]
    fieldsets = (
        (None, {"fields": ("meeting", "kind", "title", "summary", "full_text")}),
        (
            _("Delivery"),
            {"fields": ("presenter", "presenter_inferred", "delivered_on", "approved_on")},
        ),
        (_("Publication"), {"fields": PUBLICATION_FIELDS}),
    )
    inlines = [FigureInline, TaskInline, ReportImageInline, CitationInline]

    @admin.display(description=_("session"), ordering="meeting__session__year")
    def session_name(self, obj):
        return str(obj.meeting.session)


@admin.register(ReportImage)
class ReportImageAdmin(GuideAdmin):
    list_display = ("__str__", "report", "preview")
    list_select_related = ("report__meeting__session__division",)
    search_fields = ("caption_en", "caption_zh_hans", "alt_text_en", "alt_text_zh_hans")
    autocomplete_fields = ["report"]
    readonly_fields = ("preview",)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.image, obj.alt_text)


@admin.register(Indicator)
class IndicatorAdmin(GuideAdmin):
    list_display = ("name", "code", "unit", "order", "figure_count")
    search_fields = ("name_en", "name_zh_hans", "code")
    prepopulated_fields = {"code": ("name_en",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(figure_count=Count("figures"))

    @admin.display(description=_("figures"), ordering="figure_count")
    def figure_count(self, obj):
        return obj.figure_count


@admin.register(Figure)
class FigureAdmin(PublishableAdmin):
    list_display = (
        "indicator",
        "division",
        "year",
        "kind",
        "value",
        "value_high",
        "qualifier",
        "preliminary",
        "status",
        "source",
    )
    list_filter = ("status", "kind", "qualifier", "preliminary", "year", "division__kind")
    list_select_related = ("indicator", "division", "source")
    search_fields = (
        "indicator__name_en",
        "indicator__name_zh_hans",
        "wording_en",
        "wording_zh_hans",
        "quote",
        "key",
    )
    autocomplete_fields = ["report", "indicator", "division", "source"]
    fieldsets = (
        (None, {"fields": ("report", "indicator", "division", "year", "kind")}),
        (
            _("Value"),
            {
                "fields": (
                    "value",
                    "value_high",
                    "qualifier",
                    "preliminary",
                    "value_checked",
                    "wording",
                    "note",
                )
            },
        ),
        (_("Source"), {"fields": ("source", "quote", "key")}),
        (_("Publication"), {"fields": PUBLICATION_FIELDS}),
    )
    inlines = [CitationInline]


@admin.register(Task)
class TaskAdmin(GuideAdmin):
    list_display = ("title", "report", "order")
    list_select_related = ("report__meeting__session__division",)
    search_fields = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans")
    autocomplete_fields = ["report"]
    inlines = [CitationInline]
