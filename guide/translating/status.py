"""How far the translation has come, per language: the interface catalogue (gettext) and the
content, model by model and field by field (translated, missing, stale)."""

from pathlib import Path
from typing import NamedTuple

import polib
from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import to_locale

from .fields import (
    SOURCE_LANGUAGE,
    filled,
    missing,
    reader_fields,
    stale,
    translated_models,
)


class FieldStatus(NamedTuple):
    model: type
    field: str
    total: int
    missing: int
    stale: int

    @property
    def translated(self):
        return self.total - self.missing - self.stale

    @property
    def verbose_name(self):
        return self.model._meta.get_field(self.field).verbose_name


class CatalogueStatus(NamedTuple):
    path: Path
    exists: bool
    total: int
    translated: int
    fuzzy: int

    @property
    def missing(self):
        return self.total - self.translated


def catalogue_path(language):
    return Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / "django.po"


def catalogue_status(language):
    """The interface catalogue's entries: all, translated (and not fuzzy), fuzzy. A language
    without a catalogue counts every entry of the first existing one as missing."""
    path = catalogue_path(language)
    if path.exists():
        catalogue = polib.pofile(str(path))
        entries = [entry for entry in catalogue if not entry.obsolete]
        translated, fuzzy = catalogue.translated_entries(), catalogue.fuzzy_entries()
        return CatalogueStatus(path, True, len(entries), len(translated), len(fuzzy))
    others = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"))
    total = len([e for e in polib.pofile(str(others[0])) if not e.obsolete]) if others else 0
    return CatalogueStatus(path, False, total, 0, 0)


def content_status(language):
    """One row per model and reader field with English text (one query per model)."""
    rows = []
    for model in translated_models():
        fields = reader_fields(model)
        if not fields:
            continue
        aggregates = {}
        for field in fields:
            aggregates[f"{field}__total"] = Count("pk", filter=filled(field, SOURCE_LANGUAGE))
            aggregates[f"{field}__missing"] = Count("pk", filter=missing(field, language))
            aggregates[f"{field}__stale"] = Count("pk", filter=Q(stale(model, field, language)))
        counts = model._default_manager.order_by().aggregate(**aggregates)
        for field in fields:
            total = counts[f"{field}__total"]
            if total:
                rows.append(
                    FieldStatus(
                        model, field, total, counts[f"{field}__missing"], counts[f"{field}__stale"]
                    )
                )
    return rows
