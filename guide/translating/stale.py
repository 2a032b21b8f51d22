"""Stale translations: the English each translation was made from, kept up to date by ``save()``.

Every change to content goes through ``save()``, so two signal handlers see them all: before the
save, the stored text of the translated fields is read (one query, only when an existing object
is saved); after it, each translation is compared with what it was:

- a translation that changed (or was confirmed by a translator) was made from the English as it
  now stands: its state records that English and is not stale;
- English that changed under an unchanged translation makes the translation stale, until a
  translator updates it or confirms it unchanged (``confirm()``). The state keeps the English
  the translation was made from, so the form can show what changed since.

Readers keep seeing the translation; public pages never read these states.
"""

import contextlib
import contextvars
import difflib
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .fields import SOURCE_LANGUAGE, column, target_languages, translated_fields, translated_models

_acting_user = contextvars.ContextVar("acting_user", default=None)


@contextlib.contextmanager
def acting_as(user):
    """Record ``user`` as the translator of what is saved inside the block."""
    token = _acting_user.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _acting_user.reset(token)


def current_user():
    return _acting_user.get()


def normalized(text):
    """Text as compared: line endings unified, surrounding blank space ignored."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _columns(model):
    return [
        column(field, language)
        for field in translated_fields(model)
        for language in (SOURCE_LANGUAGE, *target_languages())
    ]


def _states(obj):
    from ..models import TranslationState

    return TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )


def remember_stored_text(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._stored_translations = None
    if raw or instance._state.adding or instance.pk is None:
        return
    columns = _columns(sender)
    if update_fields is not None:
        written = {_original(name) for name in update_fields}
        columns = [name for name in columns if _original(name) in written]
    if columns:
        instance._stored_translations = (
            sender._base_manager.filter(pk=instance.pk).values(*columns).first()
        )


def _original(name):
    for language in (SOURCE_LANGUAGE, *target_languages()):
        suffix = "_" + language.replace("-", "_")
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def follow_changes(sender, instance, raw=False, **kwargs):
    stored = instance.__dict__.pop("_stored_translations", None)
    if raw or not stored:
        return
    states = None
    for field in translated_fields(sender):
        english = column(field, SOURCE_LANGUAGE)
        if english not in stored:
            continue
        old_english = normalized(stored[english])
        new_english = normalized(getattr(instance, english))
        for language in target_languages():
            name = column(field, language)
            if name not in stored:
                continue
            old, new = normalized(stored[name]), normalized(getattr(instance, name))
            if old == new and old_english == new_english:
                continue
            if states is None:
                states = {(state.field, state.language): state for state in _states(instance)}
            state = states.get((field, language))
            if old != new:
                _translated(instance, field, language, new, new_english, state)
            elif new:
                _english_changed(instance, field, language, old_english, new_english, state)


def _translated(instance, field, language, translation, english, state):
    """The translation was just written: it renders the English as it now stands."""
    if not translation:
        if state:
            state.delete()
        return
    _save_state(instance, field, language, state, source_text=english, stale=False)


def _english_changed(instance, field, language, old_english, new_english, state):
    source = normalized(state.source_text) if state else old_english
    _save_state(
        instance,
        field,
        language,
        state,
        source_text=state.source_text if state else old_english,
        stale=source != new_english,
        keep_author=True,
    )


def _save_state(instance, field, language, state, source_text, stale, keep_author=False):
    from ..models import TranslationState

    if state is None:
        state = TranslationState(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=instance.pk,
            field=field,
            language=language,
        )
    state.source_text = source_text
    state.stale = stale
    if not keep_author:
        state.by = _acting_user.get()
        state.confirmed_at = None
    state.save()


def confirm(obj, field, language, user=None):
    """A translator confirms the translation still renders the English as it now stands."""
    from ..models import TranslationState

    english = normalized(getattr(obj, column(field, SOURCE_LANGUAGE)))
    state, _created = TranslationState.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        field=field,
        language=language,
    )
    state.source_text = english
    state.stale = False
    state.confirmed_at = timezone.now()
    state.by = user if user is not None and user.is_authenticated else _acting_user.get()
    state.save()


def forget_object(sender, instance, **kwargs):
    from ..models import TermException

    _states(instance).delete()
    TermException.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def connect():
    for model in translated_models():
        uid = f"translation-state-{model._meta.label_lower}"
        pre_save.connect(remember_stored_text, sender=model, dispatch_uid=uid)
        post_save.connect(follow_changes, sender=model, dispatch_uid=uid)
        post_delete.connect(forget_object, sender=model, dispatch_uid=uid)


WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def changes_html(before, after):
    """What changed from ``before`` to ``after``, word by word: removed words in <del>, added
    ones in <ins>."""
    old, new = WORDS.findall(normalized(before)), WORDS.findall(normalized(after))
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(("del", "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("ins", "".join(new[j1:j2])))
        if tag == "equal":
            parts.append(("", "".join(old[i1:i2])))
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<{0}>{1}</{0}>", tag, text) if tag else format_html("{}", text),)
            for tag, text in parts
        ),
    )
