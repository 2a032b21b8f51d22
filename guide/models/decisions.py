"""What a session adopted: laws, amendments, plans, budgets, elections and resolutions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .publishing import Publishable, VisibilityQuerySet
from .sessions import Meeting, Session
from .sources import Cited


class Decision(Publishable, Cited):
    """One item a meeting adopted, with the vote where it was reported."""

    publication_parent = "session"

    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        AMENDMENT = "amendment", _("Amendment to a law")
        PLAN = "plan", _("Development plan")
        BUDGET = "budget", _("Budget")
        ELECTION = "election", _("Election or appointment")
        DECISION = "decision", _("Resolution or decision")

    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Stable identifier used by data imports.")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("session")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("meeting"),
        help_text=_("The body's session that adopted it: the people's congress or the CPPCC."),
    )
    date = models.DateField(_("date adopted"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=300)
    # Whole numbers the constraint below keeps from going negative, with a sentence to say so.
    votes_for = models.IntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.IntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.IntegerField(_("abstentions"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("What the sources leave open, e.g. where a vote count is from."),
    )

    objects = VisibilityQuerySet.as_manager()

    class Meta:
        ordering = ["-session__year", "date", "key"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        permissions = [
            ("publish_decision", "Can publish decisions"),
            ("translate_decision", "Can translate decisions"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                name="decision_unique_key",
                violation_error_message=_("A decision with this key already exists."),
            ),
            models.CheckConstraint(
                condition=(Q(votes_for__isnull=True) | Q(votes_for__gte=0))
                & (Q(votes_against__isnull=True) | Q(votes_against__gte=0))
                & (Q(votes_abstain__isnull=True) | Q(votes_abstain__gte=0)),
                name="decision_votes_not_negative",
                violation_error_message=_("A vote count cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return super().is_public and self.session.is_public

    def get_absolute_url(self):
        return f"{self.session.get_absolute_url()}#decision-{self.pk}"

    def clean(self):
        super().clean()
        if self.meeting_id and self.session_id and self.meeting.session_id != self.session_id:
            raise ValidationError({"meeting": _("Choose a meeting of the same session.")})
