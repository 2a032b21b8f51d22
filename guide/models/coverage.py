"""What the dataset looked for and did not find, so that a missing fact reads as missing."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .places import Division


class GapQuerySet(models.QuerySet):
    def for_coverage(self):
        return self.select_related("division").order_by("division__code", "year", "key")


class Gap(models.Model):
    """A fact that was looked for and not found, with what was tried."""

    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Stable identifier used by data imports.")
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gaps",
        verbose_name=_("division"),
        help_text=_("Empty when the gap concerns several divisions or none in particular."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("The season the gap is about, if one.")
    )
    fact = models.TextField(_("what is missing"))
    tried = models.TextField(
        _("what was tried"), blank=True, help_text=_("Where and how it was looked for.")
    )

    objects = GapQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "year", "key"]
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        permissions = [("translate_gap", "Can translate gaps")]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                name="gap_unique_key",
                violation_error_message=_("A gap with this key already exists."),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1949, year__lte=2100),
                name="gap_year_plausible",
                violation_error_message=_("The year must be between 1949 and 2100."),
            ),
        ]

    def __str__(self):
        return self.fact[:80]
