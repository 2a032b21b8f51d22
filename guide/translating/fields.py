"""The translated models and fields, the languages translated into, and the conditions that find
missing and stale translations in the database (one query per changelist or count, no loop)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from ..translation import FOR_EDITORS_ONLY

SOURCE_LANGUAGE = mt_settings.DEFAULT_LANGUAGE


def target_languages():
    """The languages content is translated into: every language but the source (English)."""
    return [code for code in mt_settings.AVAILABLE_LANGUAGES if code != SOURCE_LANGUAGE]


def translated_models():
    """Every model with translated fields, in the order guide/translation.py registers them."""
    return [model for model in translator.get_registered_models() if not model._meta.abstract]


def translated_fields(model):
    """All translated fields of a model, those only editors read included."""
    try:
        names = translator.get_options_for_model(model).fields
    except NotRegistered:
        return []
    return sorted(names, key=lambda name: model._meta.get_field(name).creation_counter)


def reader_fields(model):
    """The translated fields that public pages show: what the status counts and PO files carry."""
    editors_only = FOR_EDITORS_ONLY.get(model.__name__, ())
    return [name for name in translated_fields(model) if name not in editors_only]


def column(field, language):
    return build_localized_fieldname(field, language)


def model_by_label(label):
    """``guide.session`` to the model, or None for anything that is not translated."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if model in translated_models() else None


def filled(field, language):
    """The field has text in the language (neither NULL nor empty)."""
    return Q(**{f"{column(field, language)}__gt": ""})


def missing(field, language):
    """The English has text and the translation has none."""
    return filled(field, SOURCE_LANGUAGE) & ~filled(field, language)


def stale(model, field, language):
    """A translation whose English has changed since it was made (see stale.py)."""
    from ..models import TranslationState

    marks = TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        field=field,
        language=language,
        stale=True,
    )
    return filled(field, SOURCE_LANGUAGE) & filled(field, language) & Exists(marks)


def needs_work(model, language, fields=None):
    """Missing or stale in any of the fields (all the reader fields by default)."""
    condition = Q(pk__in=[])
    for field in fields or reader_fields(model):
        condition |= missing(field, language) | stale(model, field, language)
    return condition
