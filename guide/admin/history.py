"""History in the admin: who changed which field from what to what, compare, restore, recover.

Every admin request that can change content (a form with its inlines, a bulk action, a
deletion) is recorded as one revision (see guide/history.py). Editors restore any version and
recover deleted objects; a translator restores only the translated fields; other staff only read.
"""

import bisect
import datetime
from decimal import Decimal

import reversion
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

from .. import history
from ..formatting import format_number

HISTORY_LENGTH = 50


def field_label(field):
    """“Title”, or “Title (Simplified Chinese)” for one language of a translated field."""
    original = getattr(field, "translated_field", None)
    if original is None:
        return capfirst(field.verbose_name)
    language = dict(settings.LANGUAGES).get(field.language, field.language)
    return f"{capfirst(original.verbose_name)} ({language})"


def display(field, value):
    if value in (None, "") or value == []:
        return "—"
    if field.many_to_many:
        related = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(str(obj) for obj in related) or "—"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else _("#%(pk)s (deleted)") % {"pk": value}
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(field, models.FileField):
        return str(value)
    return str(value)


def changes_between(model, old, new):
    return [
        {"field": field_label(field), "old": display(field, before), "new": display(field, after)}
        for field, before, after in history.field_changes(model, old, new)
    ]


def current_values(obj):
    values = {}
    for name in history.stored_fields(type(obj)):
        field = type(obj)._meta.get_field(name)
        if field.many_to_many:
            values[field.attname] = [related.pk for related in getattr(obj, name).all()]
        else:
            values[field.attname] = getattr(obj, field.attname)
    return values


def current_children(obj):
    """The object's direct children as they are now, in the shape of ``history.children_in``."""
    found = {}
    for name in history.FOLLOW.get(type(obj), ()):
        child_model = type(obj)._meta.get_field(name).related_model
        found[name, child_model] = {str(child.pk): child for child in getattr(obj, name).all()}
    return found


def compare_children(old_children, new_children, old_values, new_values):
    """Rows for each child that differs: added, removed or changed, with its field changes."""
    rows = []
    for key in old_children.keys() | new_children.keys():
        _name, child_model = key
        before, after = old_children.get(key, {}), new_children.get(key, {})
        for pk in sorted(before.keys() | after.keys(), key=lambda pk: int(pk)):
            old = old_values(before[pk]) if pk in before else None
            new = new_values(after[pk]) if pk in after else None
            label = str(after[pk] if pk in after else before[pk])
            if isinstance(before.get(pk), Version):
                label = before[pk].object_repr
            if isinstance(after.get(pk), Version):
                label = after[pk].object_repr
            if old is None:
                state = _("added")
            elif new is None:
                state = _("removed")
            else:
                state = _("changed")
            changes = changes_between(child_model, old, new)
            if changes or old is None or new is None:
                rows.append(
                    {
                        "model": capfirst(child_model._meta.verbose_name),
                        "name": label,
                        "state": state,
                        "changes": changes,
                    }
                )
    return rows


def version_values(version):
    return version.field_dict


class HistoryMixin:
    """Records every change as a revision and adds the history, compare, restore and recover
    views. Mixed into every ModelAdmin of the guide."""

    # Recording ---------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with history.recording(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with history.recording(request.user):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "recover_url": self._url("recoverlist") if self.may_recover(request) else None,
            **(extra_context or {}),
        }
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with history.recording(request.user):
            return super().changelist_view(request, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    # Permissions -------------------------------------------------------------------------

    def may_restore(self, request):
        """None, "translations" (a translator) or "all" (an editor)."""
        if self._has_model_perm(request, "change"):
            return "all"
        if self._has_model_perm(request, "translate"):
            return "translations"
        return None

    def may_recover(self, request):
        return self._has_model_perm(request, "add") and self._has_model_perm(request, "change")

    # URLs --------------------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{prefix}_restore",
            ),
            path("recover/", view(self.recover_list_view), name=f"{prefix}_recoverlist"),
            path(
                "recover/<int:version_id>/",
                view(self.recover_view),
                name=f"{prefix}_recover",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": title,
            "subtitle": None,
            **extra,
        }

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    # History -----------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        entries = self.history_entries(obj) if obj is not None else []
        context = {
            "entries": entries,
            "may_restore": self.may_restore(request),
            "compare_url": self._url("compare", obj.pk) if obj is not None else "",
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def history_entries(self, obj):
        model = type(obj)
        own = list(history.versions_of(obj)[: HISTORY_LENGTH + 1])
        revision_ids = [version.revision_id for version in own]
        by_revision = {}
        for version in Version.objects.filter(revision_id__in=revision_ids).select_related(
            "content_type"
        ):
            by_revision.setdefault(version.revision_id, []).append(version)
        children = {
            version.revision_id: history.children_in(
                by_revision[version.revision_id], model, obj.pk
            )
            for version in own
        }
        earlier = self._earlier_versions(children.values())
        entries = []
        for index, version in enumerate(own[:HISTORY_LENGTH]):
            previous = own[index + 1] if index + 1 < len(own) else None
            entry = {
                "version": version,
                "revision": version.revision,
                "first": previous is None,
                "changes": [],
                "children": [],
                "restore_url": self._url("restore", obj.pk, version.pk),
            }
            if previous is not None:
                entry["changes"] = changes_between(model, previous.field_dict, version.field_dict)
                entry["children"] = self._child_rows(
                    children[previous.revision_id], children[version.revision_id], earlier, version
                )
            entries.append(entry)
        return entries

    @staticmethod
    def _earlier_versions(children_by_revision):
        """Every version of the children met, by (content type, pk), in revision order: a
        child's change is compared with its own previous version, so that a change made on its
        own page is never credited to the next editor of the parent."""
        keys = {}
        for children in children_by_revision:
            for versions in children.values():
                for pk, version in versions.items():
                    keys.setdefault(version.content_type_id, set()).add(pk)
        if not keys:
            return {}
        condition = Q()
        for content_type_id, pks in keys.items():
            condition |= Q(content_type_id=content_type_id, object_id__in=pks)
        found = {}
        for version in Version.objects.filter(condition).order_by("revision_id"):
            found.setdefault((version.content_type_id, version.object_id), []).append(version)
        return found

    @staticmethod
    def _child_rows(before, after, earlier, version):
        rows = []
        for key in before.keys() | after.keys():
            _name, child_model = key
            old_children, new_children = before.get(key, {}), after.get(key, {})
            for pk in sorted(old_children.keys() | new_children.keys(), key=int):
                current = new_children.get(pk)
                if current is None:
                    rows.append(
                        {
                            "model": capfirst(child_model._meta.verbose_name),
                            "name": old_children[pk].object_repr,
                            "state": _("removed"),
                            "changes": [],
                        }
                    )
                    continue
                versions = earlier.get((current.content_type_id, pk), [])
                ids = [item.revision_id for item in versions]
                position = bisect.bisect_left(ids, version.revision_id)
                previous = versions[position - 1] if position > 0 else None
                if previous is None:
                    rows.append(
                        {
                            "model": capfirst(child_model._meta.verbose_name),
                            "name": current.object_repr,
                            "state": _("added"),
                            "changes": [],
                        }
                    )
                    continue
                changes = changes_between(child_model, previous.field_dict, current.field_dict)
                if changes:
                    rows.append(
                        {
                            "model": capfirst(child_model._meta.verbose_name),
                            "name": current.object_repr,
                            "state": _("changed"),
                            "changes": changes,
                        }
                    )
        return rows

    # Compare -----------------------------------------------------------------------------

    def _version_of(self, obj, version_id):
        return get_object_or_404(history.versions_of(obj), pk=version_id)

    def compare_view(self, request, object_id):
        obj = self._object_or_404(request, object_id)
        try:
            old = self._version_of(obj, int(request.GET.get("old", "")))
            new = self._version_of(obj, int(request.GET.get("new", "")))
        except ValueError:
            messages.error(request, _("Choose two versions to compare."))
            return redirect(self._url("history", obj.pk))
        if old.revision_id > new.revision_id:
            old, new = new, old
        model = type(obj)
        context = self._context(
            request,
            obj,
            _("Compare two versions of %(object)s") % {"object": obj},
            old=old,
            new=new,
            changes=changes_between(model, old.field_dict, new.field_dict),
            children=compare_children(
                history.children_in(list(old.revision.version_set.all()), model, obj.pk),
                history.children_in(list(new.revision.version_set.all()), model, obj.pk),
                version_values,
                version_values,
            ),
            history_url=self._url("history", obj.pk),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/guide/history_compare.html", context)

    # Restore -----------------------------------------------------------------------------

    def restore_view(self, request, object_id, version_id):
        obj = self._object_or_404(request, object_id)
        scope = self.may_restore(request)
        if scope is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = self._version_of(obj, version_id)
        translations_only = scope == "translations"
        if request.method == "POST":
            try:
                history.restore(obj, version, request.user, translations_only)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                messages.error(request, _("Nothing was restored."))
            else:
                messages.success(
                    request,
                    _("%(object)s was restored to the version of %(date)s.")
                    % {
                        "object": obj,
                        "date": date_format(
                            timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
                        ),
                    },
                )
                return redirect(self._url("change", obj.pk))
        model = type(obj)
        fields = set(history.restorable_fields(model, translations_only))
        changes = [
            {
                "field": field_label(field),
                "old": display(field, before),
                "new": display(field, after),
            }
            for field, before, after in history.field_changes(
                model, current_values(obj), version.field_dict
            )
            if field.name in fields
        ]
        children = compare_children(
            current_children(obj),
            history.children_in(list(version.revision.version_set.all()), model, obj.pk),
            current_values,
            version_values,
        )
        if translations_only:
            children = [row for row in children if row["state"] == _("changed")]
        context = self._context(
            request,
            obj,
            _("Restore %(object)s") % {"object": obj},
            version=version,
            changes=changes,
            children=children,
            translations_only=translations_only,
            history_url=self._url("history", obj.pk),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/guide/history_restore.html", context)

    # Recover -----------------------------------------------------------------------------

    def recover_list_view(self, request):
        if not self.may_recover(request):
            raise PermissionDenied
        context = self._context(
            request,
            None,
            _("Recover deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            deleted=history.deleted_versions(self.model)[:200],
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/guide/recover_list.html", context)

    def recover_view(self, request, version_id):
        if not self.may_recover(request):
            raise PermissionDenied
        version = get_object_or_404(history.deleted_versions(self.model), pk=version_id)
        if request.method == "POST":
            try:
                obj, _counts = history.recover(version, request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                messages.error(request, _("Nothing was recovered."))
            else:
                messages.success(
                    request,
                    _("%(object)s was recovered. Check it, then publish it if it should be seen.")
                    % {"object": obj},
                )
                return redirect(self._url("change", obj.pk))
        model = self.model
        context = self._context(
            request,
            None,
            _("Recover %(object)s") % {"object": version.object_repr},
            version=version,
            changes=changes_between(model, None, version.field_dict),
            children=compare_children(
                {},
                history.children_in(
                    list(version.revision.version_set.all()), model, version.object_id
                ),
                version_values,
                version_values,
            ),
            recover_list_url=self._url("recoverlist"),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/guide/recover_confirm.html", context)
