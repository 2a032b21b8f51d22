"""Shared pieces of the admin: the form that checks every constraint, roles, publishing.

Roles (see guide/roles.py): a user who holds ``translate_<model>`` but not
``change_<model>`` may open existing objects and edit only their translations;
everything else, the English source included (shown beside each translation),
is read-only for them, so a forged POST cannot change it. Publication fields are
read-only without ``publish_<model>``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TranslationGenericTabularInline,
)
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_translation_fields

from ..models import Citation
from ..translating import fields as tf
from ..translating.stale import acting_as
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.translates_only(request):
            return without_fields(fieldsets, source_field_names(self.opts.model))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if self.translates_only(request):
            form = type(form.__name__, (form,), {"side_by_side": True})
        return form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        attributes = {}
        if self.translates_only(request):
            attributes["form"] = type(
                formset.form.__name__, (formset.form,), {"side_by_side": True}
            )
        return type(formset.__name__, (TranslationNotesFormSetMixin, formset), attributes)

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
    if not image:
        return "—"
    return format_html('<img src="{}" alt="{}" class="guide-thumbnail">', image.url, alt)


class GuideAdmin(RoleAwareMixin, TabbedDjangoJqueryTranslationAdmin):
    """Every translated change list has, per language, a “missing / stale” filter and column,
    computed in the change list's own query."""

    save_on_top = True
    list_per_page = 50

    class Media:
        css = {"all": ("guide/admin.css",)}

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


class PublishableAdmin(GuideAdmin):
    """Publish and unpublish in bulk, each item through ``save()`` (see models/publishing.py):
    signals fire, ``updated_at`` moves, a draft is dated to now unless it was scheduled later,
    an item already published keeps its time, and each change is written to the history."""

    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description=_("Publish the selected items now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = unchanged = 0
        for obj in queryset:
            try:
                changed = obj.publish()
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
        for obj in queryset:
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
