"""What the admin form says next to a translated field: whether the translation is stale (and
what changed in the English since), and which glossary terms it does not use."""

from django.contrib.contenttypes.models import ContentType

from .fields import SOURCE_LANGUAGE, column, target_languages
from .terms import TERM_LANGUAGE, Termbase, exceptions_of


class TranslationNotes:
    """Notes for some objects of one model, in three queries whatever their number."""

    def __init__(self, model, pks, termbase=None):
        from ..models import TranslationState

        pks = [pk for pk in pks if pk is not None]
        self.states = {}
        if pks:
            rows = TranslationState.objects.stale().filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=pks,
                language__in=target_languages(),
            )
            self.states = {(state.object_id, state.field, state.language): state for state in rows}
        self.exceptions = exceptions_of(model, pks) if pks else {}
        self._termbase = termbase

    @property
    def termbase(self):
        if self._termbase is None:
            self._termbase = Termbase()
        return self._termbase

    def stale_state(self, obj, field, language):
        if not getattr(obj, column(field, language), ""):
            return None
        return self.states.get((obj.pk, field, language))

    def term_flags(self, obj, field, language):
        if language != TERM_LANGUAGE:
            return []
        return self.termbase.flags(
            getattr(obj, column(field, SOURCE_LANGUAGE), ""),
            getattr(obj, column(field, language), ""),
            self.exceptions.get((obj.pk, field), set()),
        )
