"""Coverage: what the guide holds for every division and year, and what was looked for in vain."""

from django.db.models import Count, Q
from django.views.generic import TemplateView

from ..models import Division, Figure, Gap, Report, Session


def dates_recorded(session):
    """“all”, “some” or “none” of a session's meetings have their opening date recorded."""
    if session is None or not session.dated:
        return "none"
    return "all" if session.dated == session.meeting_count else "some"


class CoverageView(TemplateView):
    """A divisions × years table (session, dates, report, figures) and the dataset's gaps.
    Five queries, whatever the number of divisions and years."""

    template_name = "guide/coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = {
            (session.division_id, session.year): session
            for session in Session.objects.published()
            .select_related("division")
            .annotate(
                dated=Count("meetings", filter=Q(meetings__opening_date__isnull=False)),
                meeting_count=Count("meetings"),
            )
        }
        reports = set(
            Report.objects.published()
            .values_list("meeting__session__division_id", "meeting__session__year")
            .distinct()
        )
        figures = {
            (division, year): count
            for division, year, count in Figure.objects.published()
            .filter(report__isnull=False)
            .values_list("report__meeting__session__division_id", "report__meeting__session__year")
            .annotate(count=Count("pk"))
            .order_by()
        }
        years = sorted({year for _division, year in sessions}) if sessions else []
        divisions = list(Division.objects.order_by("code"))
        rows = []
        for division in divisions:
            cells = []
            for year in years:
                session = sessions.get((division.pk, year))
                cells.append(
                    {
                        "year": year,
                        "session": session,
                        "dates": dates_recorded(session),
                        "report": (division.pk, year) in reports,
                        "figures": figures.get((division.pk, year), 0),
                    }
                )
            rows.append({"division": division, "cells": cells})
        totals = [
            {
                "year": year,
                "sessions": sum(1 for row in rows if row["cells"][index]["session"]),
                "reports": sum(1 for row in rows if row["cells"][index]["report"]),
            }
            for index, year in enumerate(years)
        ]
        gaps = {}
        for gap in Gap.objects.for_coverage():
            gaps.setdefault(gap.division, []).append(gap)
        context.update(
            years=years,
            rows=rows,
            totals=totals,
            division_count=len(divisions),
            gaps=list(gaps.items()),
            gap_count=sum(len(found) for found in gaps.values()),
        )
        return context
