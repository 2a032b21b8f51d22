from .content import Explainer, GlossaryTerm
from .coverage import Gap
from .decisions import Decision
from .people import Membership, Person
from .places import Body, Division, Term, Venue
from .publishing import Publishable, Status, published_q
from .reports import Figure, Indicator, Report, ReportImage, Task
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
    "published_q",
]
