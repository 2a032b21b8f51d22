"""Content in PO files, for translators who work in a PO editor (Poedit, Lokalize, Weblate).

One entry per object field: the msgctxt names the object by its stable key and the field
(``guide.session:2024/chongqing:summary``, see keys.py), the msgid is the English, the msgstr
the translation; a stale translation is fuzzy, with the English it was made from as the
previous msgid (``#| msgid``), which PO editors show as a difference.

Importing checks the whole file before it changes anything: a file that is malformed, for
another language, or that names fields nobody may translate changes nothing at all. Then each
translation that differs from the stored one is saved through ``save()``; an entry whose English
has changed since the export is reported and left alone, and so is one still marked fuzzy. An
entry no longer fuzzy whose translation is unchanged confirms a stale translation.
"""

import re
from dataclasses import dataclass, field

import polib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from . import stale as staleness
from .fields import (
    SOURCE_LANGUAGE,
    column,
    model_by_label,
    reader_fields,
    target_languages,
    translated_fields,
    translated_models,
)
from .keys import Keyring, context, parse_context

MARKER = "X-Two-Sessions-Content"
QUOTED = r'"(?:[^"\\]|\\.)*"'
PO_LINE = re.compile(
    rf"^(?:\s*|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{QUOTED}|\s*{QUOTED})\s*$"
)
ONLY = ("missing", "stale")


def may_translate(user, model):
    opts = model._meta
    return user.is_active and any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("change", "translate")
    )


def _stale_states(language):
    from ..models import TranslationState

    return {
        (state.content_type_id, state.object_id, state.field): state
        for state in TranslationState.objects.stale().filter(language=language)
    }


def export_catalogue(language, only=None, models=None):
    """A PO file of the content's reader fields in ``language`` (only the missing or only the
    stale translations when asked; only some models' when given)."""
    if language not in target_languages():
        raise ValueError(language)
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    catalogue = polib.POFile(wrapwidth=78)
    catalogue.header = (
        "Content of the Two Sessions Guide, for translation in a PO editor.\n"
        "Translate each msgstr; see locale/README.md. Import with import_content_po."
    )
    catalogue.metadata = {
        "Project-Id-Version": "Two Sessions Guide content",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": to_locale(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        MARKER: language,
    }
    states = _stale_states(language)
    keyring = Keyring()
    for model in translated_models():
        fields = reader_fields(model)
        if not fields or (models is not None and model not in models):
            continue
        content_type = ContentType.objects.get_for_model(model)
        objects = keyring.objects(model)
        for key in sorted(objects):
            obj = objects[key]
            for name in fields:
                english = staleness.normalized(getattr(obj, column(name, SOURCE_LANGUAGE)))
                if not english:
                    continue
                translation = staleness.normalized(getattr(obj, column(name, language)))
                state = states.get((content_type.pk, obj.pk, name)) if translation else None
                if (only == "missing" and translation) or (only == "stale" and not state):
                    continue
                entry = polib.POEntry(
                    msgctxt=context(model, key, name),
                    msgid=english,
                    msgstr=translation,
                    comment=f"{model._meta.verbose_name}: {obj} ({_field_label(model, name)})",
                )
                if state:
                    entry.flags.append("fuzzy")
                    entry.previous_msgid = staleness.normalized(state.source_text)
                catalogue.append(entry)
    return catalogue


def _field_label(model, name):
    return str(model._meta.get_field(name).verbose_name)


@dataclass
class ImportReport:
    language: str = ""
    errors: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    confirmed: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    fuzzy: list = field(default_factory=list)
    gone: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors


@dataclass
class _Planned:
    model: type
    obj: object
    field: str
    value: str
    entry: polib.POEntry


def _parse(data):
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(_("The file is not a UTF-8 text file.")) from None
    if not data.strip():
        raise ValueError(_("The file is empty."))
    # polib forgives some broken lines (an unclosed quote reads as an empty translation): check
    # every line first, so that a damaged file is refused rather than half read.
    for number, line in enumerate(data.splitlines(), start=1):
        if not PO_LINE.match(line):
            raise ValueError(
                _("The file is not a valid PO file: line %(line)s cannot be read.")
                % {"line": number}
            )
    try:
        return polib.pofile(data)
    except (OSError, ValueError) as error:
        message = _("The file is not a valid PO file: %(error)s") % {"error": error}
        raise ValueError(message) from None


def _language_of(catalogue, asked):
    """The language the file's header declares (``Language``, as PO editors show it, and our
    own marker, which must agree)."""
    languages = {to_locale(code).lower(): code for code in target_languages()}

    def code(declared):
        declared = declared.strip()
        return languages.get(declared.replace("-", "_").lower(), declared.lower())

    declared = catalogue.metadata.get("Language", "") or catalogue.metadata.get(MARKER, "")
    language = code(declared)
    marker = catalogue.metadata.get(MARKER)
    if marker and code(marker) != language:
        declared = f"{declared} / {marker}"
        language = None
    if language not in target_languages():
        raise ValueError(
            _("The file does not say it is for one of the languages translated here.")
            if not declared
            else _("The file is for “%(language)s”, which is not translated here.")
            % {"language": declared}
        )
    if asked and language != asked:
        raise ValueError(
            _("The file is for “%(found)s”, not for “%(asked)s”.")
            % {"found": language, "asked": asked}
        )
    return language


def import_catalogue(data, language=None, user=None):
    """Apply a PO file's translations through ``save()``; nothing changes when it has errors."""
    report = ImportReport()
    try:
        catalogue = _parse(data)
        report.language = _language_of(catalogue, language)
    except ValueError as error:
        report.errors.append(str(error))
        return report
    planned = _plan(catalogue, report, user)
    if report.errors:
        report.changed, report.confirmed = [], []
        return report
    with transaction.atomic(), staleness.acting_as(user):
        by_object = {}
        for item in planned:
            by_object.setdefault((item.model, item.obj.pk), []).append(item)
        for items in by_object.values():
            obj = items[0].obj
            for item in items:
                setattr(obj, column(item.field, report.language), item.value)
            update_fields = [column(item.field, report.language) for item in items]
            if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
                update_fields.append("updated_at")
            obj.save(update_fields=update_fields)
        for _model, obj, name in report.confirmed:
            staleness.confirm(obj, name, report.language, user)
    return report


def _plan(catalogue, report, user):
    language = report.language
    keyring = Keyring()
    states = _stale_states(language)
    seen = set()
    planned = []
    refused = set()
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = _("line %(line)s") % {"line": entry.linenum}
        parsed = parse_context(entry.msgctxt)
        model = model_by_label(parsed[0]) if parsed else None
        if not parsed or model is None or parsed[2] not in translated_fields(model):
            report.errors.append(
                _("%(where)s: “%(context)s” names no translated field of the guide's content.")
                % {"where": where, "context": entry.msgctxt or ""}
            )
            continue
        if entry.msgid_plural:
            report.errors.append(_("%(where)s: content has no plural forms.") % {"where": where})
            continue
        if entry.msgctxt in seen:
            report.errors.append(
                _("%(where)s: “%(context)s” appears twice.")
                % {"where": where, "context": entry.msgctxt}
            )
            continue
        seen.add(entry.msgctxt)
        _label, key, name = parsed
        obj = keyring.objects(model).get(key)
        if obj is None:
            report.gone.append(entry.msgctxt)
            continue
        english = staleness.normalized(getattr(obj, column(name, SOURCE_LANGUAGE)))
        current = staleness.normalized(getattr(obj, column(name, language)))
        if staleness.normalized(entry.msgid) != english:
            report.conflicts.append((entry.msgctxt, entry.msgid, english))
            continue
        if "fuzzy" in entry.flags:
            report.fuzzy.append(entry.msgctxt)
            continue
        value = staleness.normalized(entry.msgstr)
        if not value:
            continue
        content_type = ContentType.objects.get_for_model(model)
        if value == current:
            if (content_type.pk, obj.pk, name) in states:
                if _permitted(user, model, refused):
                    report.confirmed.append((model, obj, name))
            else:
                report.unchanged += 1
            continue
        try:
            obj._meta.get_field(column(name, language)).clean(value, obj)
        except ValidationError as error:
            report.errors.append(
                _("%(where)s (%(context)s): %(error)s")
                % {"where": where, "context": entry.msgctxt, "error": " ".join(error.messages)}
            )
            continue
        if _permitted(user, model, refused):
            planned.append(_Planned(model, obj, name, value, entry))
            report.changed.append((model, obj, name))
    for model in refused:
        report.errors.append(
            _("You may not translate %(things)s.") % {"things": model._meta.verbose_name_plural}
        )
    return planned


def _permitted(user, model, refused):
    if user is None or may_translate(user, model):
        return True
    refused.add(model)
    return False
