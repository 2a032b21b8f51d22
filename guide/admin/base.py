"""Shared pieces of the admin: the form that checks every constraint, roles, publishing.

Roles (see guide/roles.py): a user who holds ``translate_<model>`` but not
``change_<model>`` may open existing objects and edit only their translations;
everything else, the English source included (shown beside each translation),
is read-only for them, so a forged POST cannot change it. Publication fields are
read-only without ``publish_<model>``.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TranslationGenericTabularInline,
)
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_translation_fields

from ..images import admin_thumbnail
from ..models import Citation, Status
from ..translating import fields as tf
from ..translating.stale import acting_as
from .conflicts import VersionCheckMixin
from .history import HistoryMixin
from .translating import (
    TranslationFormMixin,
    TranslationNotesFormSetMixin,
    annotate_translation,
    translation_column,
    translation_filter,
)

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


DATE = re.compile(r"^\s*(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?\s*$")


class DateField(forms.DateField):
    """A date as 2027-01-19, 2027-1-19, 2027/1/19 or 2027年1月19日."""

    default_error_messages = {
        "invalid": _("Enter the date as 2027-01-19, 2027/1/19 or 2027年1月19日."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            match = DATE.match(value)
            if match:
                try:
                    return datetime.date(*(int(part) for part in match.groups()))
                except ValueError:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


DATE_OVERRIDES = {
    models.DateField: {
        "form_class": DateField,
        "widget": widgets.AdminDateWidget(attrs={"placeholder": "2027-01-19"}),
    }
}


def field_label(form, name):
    """“Title”, or “Simplified Chinese (zh-hans): Title” for one language of a translated field."""
    try:
        field = form._meta.model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(form.fields[name].label or name) if name in form.fields else name
    original = getattr(field, "translated_field", None)
    if original is None:
        return capfirst(field.verbose_name)
    language = dict(settings.LANGUAGES).get(field.language, field.language)
    return f"{language} ({field.language}): {capfirst(original.verbose_name)}"


def error_summary(form, inline_formsets):
    """Every field error, named with its field and language, for the top of the page: an error
    in a hidden language tab is read there, with or without JavaScript."""
    lines = []

    def add(prefix, bound_form):
        for name, errors in bound_form.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            for message in errors:
                lines.append(f"{prefix}{field_label(bound_form, name)} — {message}")

    add("", form)
    for inline in inline_formsets:
        formset = inline.formset
        verbose = capfirst(formset.model._meta.verbose_name)
        for index, inline_form in enumerate(formset.forms):
            add(f"{verbose} {index + 1}: ", inline_form)
    return lines


def as_typed(value):
    """A stored decimal as the editor typed it: 5.6, never 5.600000 or 1E+2."""
    if isinstance(value, Decimal) and value.is_finite():
        return format(value.normalize(), "f")
    return value


class DecimalInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "class": "guide-decimal", **(attrs or {})})

    def format_value(self, value):
        return super().format_value(as_typed(value))


def source_field_names(model):
    """The English of each translated field: read-only for translators, shown beside theirs."""
    return {tf.column(name, tf.SOURCE_LANGUAGE) for name in tf.translated_fields(model)}


def without_fields(fieldsets, names):
    """The fieldsets without the given fields (and without fieldsets left empty)."""
    kept = []
    for title, options in fieldsets:
        lines = []
        for line in options.get("fields", ()):
            if isinstance(line, (list, tuple)):
                line = tuple(name for name in line if name not in names)
                if line:
                    lines.append(line)
            elif line not in names:
                lines.append(line)
        if lines:
            kept.append((title, {**options, "fields": lines}))
    return kept


class GuideForm(TranslationFormMixin, forms.ModelForm):
    """Checks every constraint with the values that will be saved, as the database will.

    Django skips a constraint on a field missing from the form. Here that is
    the original of a translated field (the form shows ``photo_alt_en`` and
    ``photo_alt_zh_hans``; the active language's text is saved in ``photo_alt``)
    and, for translators, every read-only field. Skipped, such a constraint
    fails in the database as a server error instead of a message on the form.
    """

    translates_only = False
    edit_conflict = None

    def clean(self):
        cleaned_data = super().clean()
        if self.edit_conflict:
            raise ValidationError(
                _(
                    "Someone else saved this page since you opened it, so nothing was saved. "
                    "Review the differences listed above, then save again."
                ),
                code="edit_conflict",
            )
        return cleaned_data

    def _update_errors(self, errors):
        """A model's ``clean()`` may name a field that the form does not show. On a translator's
        form such a field is read-only and the save leaves it as it is, so its check is not the
        translator's to answer; on an editor's form the message goes to the top of the form."""
        if hasattr(errors, "error_dict"):
            kept = {}
            for name, field_errors in errors.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    kept.setdefault(name, []).extend(field_errors)
                elif not self.translates_only:
                    kept.setdefault(NON_FIELD_ERRORS, []).extend(field_errors)
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)

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
    formfield_overrides = {**DATE_OVERRIDES, models.DecimalField: {"widget": DecimalInput}}

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.translates_only(request):
            return without_fields(fieldsets, source_field_names(self.opts.model))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.translates_only = form.side_by_side = self.translates_only(request)
        return form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.translates_only = formset.form.side_by_side = self.translates_only(request)
        return type(formset.__name__, (TranslationNotesFormSetMixin, formset), {})

    def get_prepopulated_fields(self, request, obj=None):
        if self.translates_only(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        model = self.opts.model
        if self.translates_only(request):
            translated = translated_field_names(model) - source_field_names(model)
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
    """A small rendition of the image, never the original (which may be many megabytes)."""
    small = admin_thumbnail(image)
    if small is None:
        return "—"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="guide-thumbnail">',
        small.url,
        small.width,
        small.height,
        alt,
    )


class GuideAdmin(
    HistoryMixin, VersionCheckMixin, RoleAwareMixin, TabbedDjangoJqueryTranslationAdmin
):
    """Every translated change list has, per language, a “missing / stale” filter and column,
    computed in the change list's own query."""

    save_on_top = True
    list_per_page = 50

    def changeform_view(self, request, *args, **kwargs):
        with acting_as(request.user):
            return super().changeform_view(request, *args, **kwargs)

    def _tracks_translation(self):
        return bool(tf.reader_fields(self.opts.model))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._tracks_translation():
            for language in tf.target_languages():
                queryset = annotate_translation(queryset, language)
        return queryset

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if self._tracks_translation():
            display += [translation_column(language) for language in tf.target_languages()]
        return display

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self._tracks_translation():
            filters += [translation_filter(language) for language in tf.target_languages()]
        return filters

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if adminform is not None and adminform.form.is_bound:
            context["error_summary"] = error_summary(
                adminform.form, context.get("inline_admin_formsets", [])
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    class Media:
        css = {"all": ("guide/admin.css",)}


def beijing_and_utc(moment):
    """A moment as editors read it: Beijing time (the site's zone) and UTC."""
    return _("%(beijing)s Beijing time (%(utc)s UTC)") % {
        "beijing": date_format(timezone.localtime(moment), "DATETIME_FORMAT"),
        "utc": date_format(timezone.localtime(moment, datetime.UTC), "DATETIME_FORMAT"),
    }


class PublicationFilter(admin.SimpleListFilter):
    """Draft, scheduled (published with a later time) or published (visible now); the
    conditions come from the one publication rule."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, published_at__gt=now)
        if self.value() == "published":
            return queryset.filter(status=Status.PUBLISHED, published_at__lte=now)
        return queryset


class PublishableAdmin(GuideAdmin):
    """Publish and unpublish in bulk, each item through ``save()`` (see models/publishing.py):
    signals fire, ``updated_at`` moves, a draft is dated to now unless it was scheduled later,
    an item already published keeps its time, and each change is written to the history.

    The change list reads “Scheduled for …” for an item with a later publication time, and
    “Publish now” asks before it replaces such a time."""

    actions = ["publish_selected", "unpublish_selected"]

    def get_list_display(self, request):
        return [
            "publication" if name == "status" else name
            for name in super().get_list_display(request)
        ]

    def get_list_filter(self, request):
        return [
            PublicationFilter if name == "status" else name
            for name in super().get_list_filter(request)
        ]

    @admin.display(description=_("publication"), ordering="published_at")
    def publication(self, obj):
        if obj.status == Status.DRAFT:
            return _("Draft")
        if obj.is_scheduled:
            return format_html(
                '<span class="guide-scheduled">{}</span>',
                _("Scheduled for %(time)s") % {"time": beijing_and_utc(obj.published_at)},
            )
        return _("Published")

    @admin.action(description=_("Publish the selected items now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        with transaction.atomic():
            objects = list(queryset.select_for_update(of=("self",)))
            later = [obj for obj in objects if obj.published_at > timezone.now()]
            if later and not self._schedule_answer(request, later):
                return self._confirm_publish_now(request, objects, later)
            replace = "publish_now" in request.POST
            self._publish(request, objects, replace)

    def _schedule_answer(self, request, later):
        """Whether the editor answered the question about these scheduled items; an answer
        given for other times than the stored ones (a colleague changed them) does not count."""
        if "publish_now" not in request.POST and "keep_schedule" not in request.POST:
            return False
        seen = request.POST.getlist("scheduled_at")
        stored = [f"{obj.pk}@{obj.published_at.isoformat()}" for obj in later]
        if sorted(seen) != sorted(stored):
            self.message_user(
                request,
                _(
                    "The publication times changed while you were deciding: check them again "
                    "before publishing."
                ),
                messages.WARNING,
            )
            return False
        return True

    def _confirm_publish_now(self, request, objects, later):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish now or keep the schedule?"),
            "opts": opts,
            "objects": objects,
            "scheduled": [
                {
                    "obj": obj,
                    "time": beijing_and_utc(obj.published_at),
                    "token": f"{obj.pk}@{obj.published_at.isoformat()}",
                    "is_draft": obj.status == Status.DRAFT,
                }
                for obj in later
            ],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/guide/publish_now_confirmation.html", context)

    def _publish(self, request, objects, replace):
        published = unchanged = 0
        for obj in objects:
            try:
                changed = obj.publish_now() if replace else obj.publish()
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(item)s was not published: %(reason)s")
                    % {"item": obj, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            if changed:
                published += 1
                self.log_publication(request, obj)
            else:
                unchanged += 1
        if published:
            self.message_user(
                request,
                ngettext("%(count)d item published.", "%(count)d items published.", published)
                % {"count": published},
                messages.SUCCESS,
            )
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d item was already published and keeps its publication time.",
                    "%(count)d items were already published and keep their publication time.",
                    unchanged,
                )
                % {"count": unchanged},
                messages.INFO,
            )

    @admin.action(description=_("Return the selected items to draft"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = 0
        with transaction.atomic():
            for obj in queryset.select_for_update(of=("self",)):
                if obj.unpublish():
                    count += 1
                    self.log_publication(request, obj)
        self.message_user(
            request,
            ngettext(
                "%(count)d item returned to draft.", "%(count)d items returned to draft.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def log_publication(self, request, obj):
        fields = [str(obj._meta.get_field(name).verbose_name) for name in PUBLICATION_FIELDS]
        self.log_change(request, obj, [{"changed": {"fields": fields}}])


class CitationInline(RoleAwareMixin, TranslationGenericTabularInline):
    model = Citation
    extra = 0
    fields = ("source", "quote", "note", "order")
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")
