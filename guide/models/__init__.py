"""The guide's models, one module per concept; publishing.py holds the one publication rule."""

from .content import Explainer, GlossaryTerm
from .coverage import Gap
from .decisions import Decision
from .people import Membership, Person
from .places import Body, Division, Term, Venue
from .publishing import (
    Publishable,
    Status,
    goes_live_at,
    is_public,
    may_preview,
    public_condition,
)
from .reports import (
    Figure,
    Indicator,
    Report,
    ReportImage,
    Task,
    split_targets_and_results,
)
from .sessions import Certainty, Meeting, Session
from .sources import Citation, Source

__all__ = [
    "Body",
    "Certainty",
    "Citation",
    "Decision",
    "Division",
    "Explainer",
    "Figure",
    "Gap",
    "GlossaryTerm",
    "Indicator",
    "Meeting",
    "Membership",
    "Person",
    "Publishable",
    "Report",
    "ReportImage",
    "Session",
    "Source",
    "Status",
    "Task",
    "Term",
    "Venue",
    "goes_live_at",
    "is_public",
    "may_preview",
    "public_condition",
    "split_targets_and_results",
]
