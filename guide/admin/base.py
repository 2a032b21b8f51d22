"""Shared pieces of the admin: the form that checks every constraint, roles, publishing.

Roles (see guide/roles.py): a user who holds ``translate_<model>`` but not
``change_<model>`` may open existing objects and edit only their translated
fields; everything else is read-only for them, so a forged POST cannot change
it. Publication fields are read-only without ``publish_<model>``.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TranslationGenericTabularInline,
)
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_translation_fields

from ..images import admin_thumbnail
from ..models import Citation

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
    formfield_overrides = {models.DecimalField: {"widget": DecimalInput}}

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


class GuideAdmin(RoleAwareMixin, TabbedDjangoJqueryTranslationAdmin):
    save_on_top = True
    list_per_page = 50

    class Media:
        css = {"all": ("guide/admin.css",)}


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
