"""The next season: its year, what is announced, and when our records say sessions open."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Certainty, Division, Meeting

# A season's sessions are over by the end of March (May in 2020, when they were postponed); from
# June on, a reader is waiting for next year's.
SEASON_OVER_MONTH = 6
PATTERN_YEARS = 2
# Only dates a source confirms make the pattern; announced or inferred ones do not.
PATTERN_CERTAINTY = Certainty.VERIFIED


@dataclass
class Opening:
    """The days on which meetings of one level opened, over the pattern's years."""

    days: list = field(default_factory=list)

    @property
    def earliest(self):
        return min(self.days, key=lambda day: (day.month, day.day)) if self.days else None

    @property
    def latest(self):
        return max(self.days, key=lambda day: (day.month, day.day)) if self.days else None

    @property
    def same_days(self):
        """The distinct month-days, when every year had the same ones (e.g. 4 and 5 March)."""
        return sorted({(day.month, day.day) for day in self.days})


@dataclass
class NextSeason:
    year: int
    announced: list
    pattern_years: list
    provincial: Opening
    national: Opening


def next_season_year(today):
    return today.year + 1 if today.month >= SEASON_OVER_MONTH else today.year


def next_season(today=None):
    """What a reader should know about the next season, from the published records only: its
    meetings whose dates are recorded (announced or held), and the opening days of the last
    PATTERN_YEARS seasons with confirmed dates. One query."""
    today = today or timezone.localdate()
    year = next_season_year(today)
    meetings = list(
        Meeting.objects.published()
        .for_calendar()
        .filter(session__year__lte=year, session__year__gte=year - PATTERN_YEARS)
    )
    announced = [meeting for meeting in meetings if meeting.session.year == year]
    earlier = [
        meeting
        for meeting in meetings
        if meeting.session.year < year and meeting.opening_certainty == PATTERN_CERTAINTY
    ]
    years = sorted({meeting.session.year for meeting in earlier})
    provincial, national = Opening(), Opening()
    for meeting in earlier:
        national_level = meeting.session.division.kind == Division.Kind.NATIONAL
        (national if national_level else provincial).days.append(meeting.opening_date)
    return NextSeason(year, announced, years, provincial, national)


def _month_day(day):
    return date_format(day, pgettext("format of a month and day", "F j"))


def _years_text(years):
    if len(years) == 1:
        return pgettext("one year in a sentence", "%(year)s") % {"year": years[0]}
    return pgettext("two years in a sentence", "%(first)s and %(last)s") % {
        "first": years[0],
        "last": years[-1],
    }


def _days_text(opening):
    """“on March 4 and 5”, “on January 20”, or “between January 13 and February 5”."""
    earliest, latest = opening.earliest, opening.latest
    if (earliest.month, earliest.day) == (latest.month, latest.day):
        return _("on %(day)s") % {"day": _month_day(earliest)}
    if len(opening.same_days) == 2 and earliest.month == latest.month:
        return _("on %(first_day)s and %(second_day)s") % {
            "first_day": _month_day(earliest),
            "second_day": pgettext("a day of the same month", "%(day)s") % {"day": latest.day},
        }
    return _("between %(earliest)s and %(latest)s") % {
        "earliest": _month_day(earliest),
        "latest": _month_day(latest),
    }


def pattern_text(season):
    """The pattern our records show, in one sentence, or "" when they show none."""
    if not season.pattern_years:
        return ""
    years = _years_text(season.pattern_years)
    if season.provincial.days and season.national.days:
        return _(
            "In %(years)s, provincial sessions opened %(provincial)s; the national ones "
            "%(national)s."
        ) % {
            "years": years,
            "provincial": _days_text(season.provincial),
            "national": _days_text(season.national),
        }
    if season.national.days:
        return _("In %(years)s, the national sessions opened %(national)s.") % {
            "years": years,
            "national": _days_text(season.national),
        }
    return _("In %(years)s, provincial sessions opened %(provincial)s.") % {
        "years": years,
        "provincial": _days_text(season.provincial),
    }
