"""Open data: what each session decided, as JSON, each decision with its vote and sources."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from guide.models import Citation, Decision


def decision_record(request, decision):
    session = decision.session
    return {
        "key": decision.key,
        "division": session.division.slug,
        "year": session.year,
        "session_url": request.build_absolute_uri(session.get_absolute_url()),
        "body": decision.meeting.body.kind,
        "date": decision.date.isoformat() if decision.date else None,
        "kind": decision.kind,
        "title_en": decision.title_en,
        "title_zh": decision.title_zh_hans,
        "votes": {
            "for": decision.votes_for,
            "against": decision.votes_against,
            "abstain": decision.votes_abstain,
        },
        "summary_en": decision.summary_en,
        "summary_zh": decision.summary_zh_hans,
        "sources": [
            {"url": c.source.url, "title": c.source.title, "quote": c.quote}
            for c in decision.citations.all()
        ],
    }


@require_safe
def decisions_json(request):
    """Every published decision, oldest first; three queries."""
    decisions = (
        Decision.objects.published()
        .select_related("session__division", "meeting__body")
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))
        .order_by("date", "pk")
    )
    records = [decision_record(request, decision) for decision in decisions]
    return JsonResponse(
        {
            "generated": timezone.now().isoformat(),
            "count": len(records),
            "decisions": records,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
