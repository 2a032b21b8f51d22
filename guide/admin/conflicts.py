"""Edit conflicts: a save based on an outdated version of an object is refused, nothing lost.

The change form carries a signed copy of what it showed (``_version``): the object's fields on
the form and, for each inline, its rows' fields. When the form comes back, the object's row is
locked and the copy is compared with what is stored now. Any difference (a field, an inline
value, a row added or deleted by someone else) refuses the save and shows the form again with:

- every difference named: field, their value, your value;
- what this editor typed, as typed; where only the other editor changed a field, their value
  (the form says so), so that saving again does not undo their work unseen;
- a row the other editor deleted: dropped if this editor had not changed it, else kept as a new
  row to add again; rows the other editor added, shown;
- a fresh copy, so that saving again after reviewing is accepted.
"""

import datetime
from html.parser import HTMLParser

from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import history
from .history import display, field_label

SALT = "guide.admin.edit-version"
TOKEN = "_version"


class InputReader(HTMLParser):
    """What a browser submits for rendered form fields: (name, value) pairs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value") or "on"))
                return
            self.pairs.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.pairs += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"].removeprefix("\r\n").removeprefix("\n")
            self.pairs.append((self.textarea["name"], text))
            self.textarea = None


def submitted(html):
    reader = InputReader()
    reader.feed(str(html))
    return reader.pairs


def _value(obj, name):
    field = type(obj)._meta.get_field(name)
    if field.many_to_many:
        if obj.pk is None:
            return []
        return sorted(str(pk) for pk in getattr(obj, name).values_list("pk", flat=True))
    value = field.value_from_object(obj)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    return "" if value is None else str(value)


def _python(model, name, value):
    field = model._meta.get_field(name)
    if field.many_to_many:
        return value
    if value == "":
        return None if field.null else ""
    return field.to_python(value)


def model_fields(model, form_class):
    names = []
    for name in form_class.base_fields:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if (field.concrete or field.many_to_many) and not field.primary_key:
            names.append(name)
    return names


class EditConflict:
    """What changed since the form was opened, and the form data to show again."""

    def __init__(self):
        self.rows = []
        self.notes = []
        self.changed_by = None

    def __bool__(self):
        return bool(self.rows or self.notes)

    def add(self, where, field, theirs, yours, kept_theirs):
        self.rows.append(
            {
                "where": where,
                "field": field,
                "theirs": theirs,
                "yours": yours,
                "kept": _("theirs: you had not changed it")
                if kept_theirs
                else _("yours: compare and choose"),
            }
        )


class VersionCheckMixin:
    """Refuses a save based on an outdated version; see the module docstring."""

    def _formsets(self, request, obj, data=None, files=None):
        """(prefix, inline, formset) as the admin builds them for this user."""
        prefixes = {}
        found = []
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            kwargs = {"instance": obj, "prefix": prefix, "queryset": inline.get_queryset(request)}
            if data is not None:
                kwargs.update(data=data, files=files)
            found.append((prefix, inline, formset_class(**kwargs)))
        return found

    def version_snapshot(self, request, obj, lock=False):
        form_class = self.get_form(request, obj, change=True)
        snapshot = {
            "o": {name: _value(obj, name) for name in model_fields(self.model, form_class)},
            "i": {},
        }
        for prefix, _inline, formset in self._formsets(request, obj):
            names = model_fields(formset.model, formset.form)
            children = formset.get_queryset()
            if lock:
                children = children.select_for_update(of=("self",))
            snapshot["i"][prefix] = {
                str(child.pk): {name: _value(child, name) for name in names} for child in children
            }
        return snapshot

    def version_token(self, request, obj):
        """The signed snapshot of the stored object (the form's instance may hold what was
        posted)."""
        stored = self.get_object(request, str(obj.pk))
        return signing.dumps(self.version_snapshot(request, stored), salt=SALT, compress=True)

    # The views ----------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None or "_saveasnew" in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                self.model._base_manager.select_for_update().filter(pk=obj.pk).exists()
                conflict = self.find_conflict(request, obj)
                if conflict:
                    request._edit_conflict = conflict
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.edit_conflict = getattr(request, "_edit_conflict", None)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            conflict = getattr(request, "_edit_conflict", None)
            posted = request.POST.get(TOKEN) if request.method == "POST" else None
            context["version_token"] = (
                posted if posted and not conflict else self.version_token(request, obj)
            )
            context["edit_conflict"] = conflict
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Finding and merging ------------------------------------------------------------------

    def find_conflict(self, request, obj):
        current = self.version_snapshot(request, obj, lock=True)
        try:
            base = signing.loads(request.POST.get(TOKEN, ""), salt=SALT)
        except signing.BadSignature:
            conflict = EditConflict()
            conflict.notes.append(
                _(
                    "This form does not say which version it was opened on: check the values "
                    "below against the present ones, then save again."
                )
            )
            return conflict
        conflict = EditConflict()
        data = request.POST.copy()
        files = request.FILES.copy()
        self._merge_fields(request, obj, base, current, data, files, conflict)
        for prefix, _inline, formset in self._formsets(request, obj, data, files):
            self._merge_inline(
                prefix,
                formset,
                base["i"].get(prefix, {}),
                current["i"].get(prefix, {}),
                data,
                files,
                conflict,
            )
        if conflict:
            latest = history.versions_of(obj).first()
            if latest is not None:
                conflict.changed_by = {
                    "user": latest.revision.user,
                    "time": date_format(
                        timezone.localtime(latest.revision.date_created), "DATETIME_FORMAT"
                    ),
                }
            request.POST = data
            request._files = files
        return conflict

    def _merge_fields(self, request, obj, base, current, data, files, conflict):
        differing = [
            name
            for name, value in base["o"].items()
            if name in current["o"] and current["o"][name] != value
        ]
        if not differing:
            return
        form_class = self.get_form(request, obj, change=True)
        form = form_class(data=data, files=files, instance=obj)
        form.initial.update(
            {name: _python(self.model, name, base["o"][name]) for name in base["o"]}
        )
        unbound = form_class(instance=obj)
        where = str(obj._meta.verbose_name).capitalize()
        for name in differing:
            self._merge_field(form, unbound, name, obj, where, data, conflict)

    def _merge_field(self, form, unbound, name, current_obj, where, data, conflict):
        field = type(current_obj)._meta.get_field(name)
        theirs = self._display_current(current_obj, name)
        if name in form.changed_data:
            conflict.add(where, field_label(field), theirs, self._display_typed(form, name), False)
            return
        bound_field = unbound[name]
        names = {bound_field.html_name}
        names |= {
            f"{bound_field.html_name}{suffix}"
            for suffix in getattr(bound_field.field.widget, "widgets_names", [])
        }
        for key in names:
            data.pop(key, None)
        for key, value in submitted(bound_field):
            data.appendlist(key, value)
        conflict.add(where, field_label(field), theirs, self._display_typed(form, name), True)

    @staticmethod
    def _display_current(obj, name):
        field = type(obj)._meta.get_field(name)
        if field.many_to_many:
            return display(field, [related.pk for related in getattr(obj, name).all()])
        return display(field, getattr(obj, field.attname))

    @staticmethod
    def _display_typed(form, name):
        bound_field = form[name]
        try:
            value = bound_field.field.clean(bound_field.data)
        except ValidationError:
            return str(bound_field.data or "—")
        field = form._meta.model._meta.get_field(name)
        if field.is_relation and not field.many_to_many:
            return str(value) if value else "—"
        if field.many_to_many:
            return ", ".join(str(item) for item in value) or "—"
        return display(field, value)

    def _merge_inline(self, prefix, formset, base, current, data, files, conflict):
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0) or 0)
        initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0) or 0)
        rows = [self._row(data, files, prefix, index) for index in range(total)]
        posted = {}
        for index in range(min(initial, total)):
            pk = (rows[index][0].get("id") or [""])[0]
            if pk:
                posted[pk] = index
        deleted = [pk for pk in base if pk not in current]
        added = [pk for pk in current if pk not in base]
        changed = [pk for pk in base if pk in current and base[pk] != current[pk]]
        missing = [pk for pk in posted if pk not in current and pk not in deleted]
        if not (deleted or added or changed or missing):
            return
        model = formset.model
        forms = {pk: formset.forms[index] for pk, index in posted.items()}
        for pk, form in forms.items():
            if pk in base:
                form.initial.update(
                    {name: _python(model, name, value) for name, value in base[pk].items()}
                )
        children = {str(child.pk): child for child in formset.get_queryset()}
        for pk in changed:
            if pk not in forms:
                continue
            child = children[pk]
            where = f"{str(model._meta.verbose_name).capitalize()} “{child}”"
            unbound = formset.form(instance=child, prefix=f"{prefix}-{posted[pk]}")
            for name, value in base[pk].items():
                if current[pk].get(name) == value:
                    continue
                self._merge_field(forms[pk], unbound, name, child, where, data, conflict)
        keep, extra = [], []
        for index, (values, row_files) in enumerate(rows):
            pk = (values.get("id") or [""])[0]
            if index >= initial or not pk:
                extra.append((values, row_files))
            elif pk in current:
                # Merged values for this row went into ``data``: read them again.
                keep.append(self._row(data, files, prefix, index))
            else:
                form = forms.get(pk)
                label = f"{str(model._meta.verbose_name).capitalize()} #{pk}"
                touched = (
                    form is not None
                    and any(name not in {"id", "DELETE"} for name in form.changed_data)
                    and "DELETE" not in values
                )
                if touched:
                    values = {**values, "id": [""]}
                    extra.insert(0, (values, row_files))
                    conflict.notes.append(
                        _(
                            "%(row)s was deleted by someone else. What you typed in it is kept "
                            "as a new row: save to add it again, or remove it."
                        )
                        % {"row": label}
                    )
                else:
                    conflict.notes.append(
                        _("%(row)s was deleted by someone else; you had not changed it.")
                        % {"row": label}
                    )
        for pk in added:
            child = children.get(pk)
            if child is None:
                continue
            alone = type(formset)(
                instance=formset.instance,
                prefix=prefix,
                queryset=formset.get_queryset().model._base_manager.filter(pk=child.pk),
            )
            values = {}
            for key, value in submitted(alone.forms[0].as_div()):
                values.setdefault(key.removeprefix(f"{prefix}-0-"), []).append(value)
            keep.append((values, {}))
            conflict.notes.append(
                _("%(row)s was added by someone else: it is shown below.")
                % {"row": f"{str(model._meta.verbose_name).capitalize()} “{child}”"}
            )
        self._write_rows(data, files, prefix, total, keep, extra)

    @staticmethod
    def _row(data, files, prefix, index):
        start = f"{prefix}-{index}-"
        values = {key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)}
        row_files = {
            key[len(start) :]: files.getlist(key) for key in files if key.startswith(start)
        }
        return values, row_files

    @staticmethod
    def _write_rows(data, files, prefix, total, keep, extra):
        for index in range(total):
            start = f"{prefix}-{index}-"
            for key in [key for key in data if key.startswith(start)]:
                del data[key]
            for key in [key for key in files if key.startswith(start)]:
                del files[key]
        for index, (values, row_files) in enumerate([*keep, *extra]):
            for suffix, items in values.items():
                data.setlist(f"{prefix}-{index}-{suffix}", items)
            for suffix, items in row_files.items():
                files.setlist(f"{prefix}-{index}-{suffix}", items)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(keep) + len(extra))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(keep))
