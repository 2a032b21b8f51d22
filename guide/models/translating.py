"""What translators keep track of: the English each translation was made from, and the places
where a translation renders a glossary term differently on purpose.

Both are data, written through ``save()`` of the content (see guide/translating/stale.py) or by
a translator on the admin form; public pages never read them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationStateQuerySet(models.QuerySet):
    def stale(self):
        return self.filter(stale=True)

    def of_objects(self, model, pks):
        return self.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)


class TranslationState(models.Model):
    """One field of one object in one language: the English its translation was made from.

    Written when the translation is saved or confirmed, and when the English changes under an
    existing translation. The translation is stale while the English differs from
    ``source_text``; readers keep seeing it until a translator updates or confirms it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(_("field"), max_length=60)
    language = models.CharField(_("language"), max_length=15)
    source_text = models.TextField(_("English when translated"), blank=True)
    stale = models.BooleanField(_("stale"), default=False, db_index=True)
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed unchanged"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated or confirmed by"),
    )

    objects = TranslationStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="translationstate_unique_field",
                violation_error_message=_("This field already has a translation state."),
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} {self.field} [{self.language}]"


class TermException(models.Model):
    """A translation that renders a glossary term otherwise on purpose: the terminology check
    no longer flags this term in this field."""

    term = models.ForeignKey(
        "guide.GlossaryTerm",
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("glossary term"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(_("field"), max_length=60)
    language = models.CharField(_("language"), max_length=15)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )

    class Meta:
        verbose_name = _("terminology exception")
        verbose_name_plural = _("terminology exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "content_type", "object_id", "field", "language"],
                name="termexception_unique_field",
                violation_error_message=_(
                    "This term is already an exception in this field's translation."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.term} in {self.content_type.model} {self.object_id} {self.field}"
