"""The editors' and translators' admin.

Roles (see guide/roles.py): a user who holds ``translate_<model>`` but not
``change_<model>`` may open existing objects and edit only their translated
fields; everything else is read-only for them, so a forged POST cannot change
it. Publication fields are read-only without ``publish_<model>``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TranslationGenericTabularInline,
    TranslationStackedInline,
    TranslationTabularInline,
)
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_translation_fields

from .models import (
    Body,
    Citation,
    Division,
    Explainer,
    Figure,
    GlossaryTerm,
    Indicator,
    Meeting,
    Membership,
    Person,
    Report,
    ReportImage,
    Session,
    Source,
    Status,
    Task,
    Term,
    Venue,
)

admin.site.site_header = _("Two Sessions Guide: editors")
admin.site.site_title = _("Two Sessions Guide")
admin.site.index_title = _("Content")

PUBLICATION_FIELDS = ("status", "published_at")


def translated_field_names(model):
    try:
        originals = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return set()
    return set(originals) | set(get_translation_fields(*originals))


def editable_field_names(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and field.editable
        and not field.auto_created
        and not field.primary_key
    ]


class GuideForm(forms.ModelForm):
    """Checks every constraint with the values that will be saved, as the database will.

    Django skips a constraint on a field missing from the form. Here that is
    the original of a translated field (the form shows ``photo_alt_en`` and
    ``photo_alt_zh_hans``; the active language's text is saved in ``photo_alt``)
    and, for translators, every read-only field. Skipped, such a constraint
    fails in the database as a server error instead of a message on the form.
    """

    def validate_constraints(self):
        exclude = {name for name in self._get_validation_exclusions() if name in self.fields}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = {}
            for name, field_errors in error.update_error_dict({}).items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                errors.setdefault(key, []).extend(field_errors)
            self._update_errors(ValidationError(errors))


class RoleAwareMixin:
    """Permissions for editors, translators and publishers, on admins and inlines alike."""

    form = GuideForm

    def _has_model_perm(self, request, action):
        opts = self.opts
        codename = get_permission_codename(action, opts)
        return request.user.has_perm(f"{opts.app_label}.{codename}")

    def translates_only(self, request):
        return not self._has_model_perm(request, "change") and self._has_model_perm(
            request, "translate"
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._has_model_perm(
            request, "translate"
        )

    def has_publish_permission(self, request):
        return self._has_model_perm(request, "publish")

    def get_prepopulated_fields(self, request, obj=None):
        if self.translates_only(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        model = self.opts.model
        if self.translates_only(request):
            translated = translated_field_names(model)
            readonly += [
                name
                for name in editable_field_names(model)
                if name not in translated and name not in readonly
            ]
        elif not self.has_publish_permission(request):
            readonly += [
                name
                for name in PUBLICATION_FIELDS
                if name in editable_field_names(model) and name not in readonly
            ]
        return readonly


def thumbnail(image, alt):
    if not image:
        return "—"
    return format_html('<img src="{}" alt="{}" class="guide-thumbnail">', image.url, alt)


class GuideAdmin(RoleAwareMixin, TabbedDjangoJqueryTranslationAdmin):
    save_on_top = True
    list_per_page = 50

    class Media:
        css = {"all": ("guide/admin.css",)}


class PublishableAdmin(GuideAdmin):
    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description=_("Publish the selected items now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        now = timezone.now()
        ready = []
        for obj in queryset:
            obj.status, obj.published_at = Status.PUBLISHED, now
            try:
                obj.validate_constraints()
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(item)s was not published: %(reason)s")
                    % {"item": obj, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                ready.append(obj.pk)
        count = queryset.filter(pk__in=ready).update(status=Status.PUBLISHED, published_at=now)
        if count:
            self.message_user(
                request,
                ngettext("%(count)d item published.", "%(count)d items published.", count)
                % {"count": count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Return the selected items to draft"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = queryset.update(status=Status.DRAFT)
        self.message_user(
            request,
            ngettext(
                "%(count)d item returned to draft.", "%(count)d items returned to draft.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


class CitationInline(RoleAwareMixin, TranslationGenericTabularInline):
    model = Citation
    extra = 0
    fields = ("source", "quote", "note", "order")
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


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
class TermAdmin(RoleAwareMixin, admin.ModelAdmin):
    list_display = ("__str__", "number", "start_year", "end_year")
    list_filter = ("body__kind",)
    list_select_related = ("body",)
    search_fields = ("body__name_en", "body__name_zh_hans")
    autocomplete_fields = ["body"]


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

    @admin.display(description=_("image"))
    def cover(self, obj):
        return thumbnail(obj.cover_image, obj.cover_image_alt)


class ReportInline(RoleAwareMixin, TranslationTabularInline):
    model = Report
    extra = 0
    fields = ("kind", "title", "presenter", "delivered_on", "status")
    autocomplete_fields = ["presenter"]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request) and "status" not in readonly:
            readonly.append("status")
        return readonly


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
        "source",
        "status",
    )
    autocomplete_fields = ["indicator", "division", "source"]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request) and "status" not in readonly:
            readonly.append("status")
        return readonly


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
            {"fields": ("value", "value_high", "qualifier", "preliminary", "wording", "note")},
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


@admin.register(Source)
class SourceAdmin(GuideAdmin):
    list_display = ("title", "key", "publisher", "language", "citation_count")
    list_filter = ("language",)
    search_fields = ("title", "key", "publisher", "url")

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
    search_fields = ("quote", "source__title", "source__key")
    autocomplete_fields = ["source"]


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
