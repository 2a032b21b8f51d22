"""What each national session decided: on its page with the votes, from the year page, in search."""

import pytest
from django.urls import reverse
from django.utils import translation

from guide.models import Decision, Session

pytestmark = pytest.mark.django_db


def test_a_sessions_page_lists_its_decisions_with_votes_and_sources(client):
    law = Decision.objects.get(title_zh_hans="中华人民共和国外商投资法")
    page = client.get(law.session.get_absolute_url()).text

    section = page[page.index('id="decisions"') :]
    section = section[: section.index("</section>")]
    assert "Foreign Investment Law of the People&#x27;s Republic of China" in section
    assert (
        f"{law.votes_for:,} for, {law.votes_against} against, {law.votes_abstain} abstentions"
        in (section)
    )
    assert 'datetime="2019-03-15"' in section
    for citation in law.citations.select_related("source"):
        assert citation.source.url in section


def test_a_decision_without_a_vote_count_says_so(client):
    decision = Decision.objects.published().filter(votes_for__isnull=True).first()
    page = client.get(decision.session.get_absolute_url()).text
    assert "No vote count is recorded." in page


def test_the_chinese_page_gives_the_votes_in_chinese(client):
    law = Decision.objects.get(title_zh_hans="中华人民共和国外商投资法")
    with translation.override("zh-hans"):
        url = law.session.get_absolute_url()
    page = client.get(url).text
    assert "2929票赞成，8票反对，8票弃权" in page
    assert "本次两会的决定" in page


def test_unverified_decisions_are_not_shown(client):
    for decision in Decision.objects.drafts().select_related("session"):
        page = client.get(decision.session.get_absolute_url()).text
        assert f'id="decision-{decision.key}"' not in page


def test_the_year_page_leads_to_the_national_decisions(client):
    national = Session.objects.get(year=2026, division__kind="national")
    page = client.get(reverse("guide:year_detail", args=[2026])).text
    assert f'href="{national.get_absolute_url()}#decisions"' in page


@pytest.mark.parametrize("query", ["Civil Code", "民法典"])
def test_search_finds_a_decision_by_its_title_in_either_language(client, query):
    code = Decision.objects.published().get(title_zh_hans__contains="民法典")
    page = client.get(reverse("guide:search"), {"q": query}).text
    assert f"#decision-{code.key}" in page


def test_decisions_are_in_the_open_data(client):
    document = client.get(reverse("guide:decisions_json")).json()
    published = Decision.objects.published()
    assert document["count"] == published.count() == len(document["decisions"])
    law = next(d for d in document["decisions"] if d["title_zh"] == "中华人民共和国外商投资法")
    assert law["votes"] == {"for": 2929, "against": 8, "abstain": 8}
    assert (
        law["date"] == "2019-03-15" and law["sources"] and all(s["quote"] for s in law["sources"])
    )
    drafts = set(Decision.objects.drafts().values_list("key", flat=True))
    assert not drafts & {d["key"] for d in document["decisions"]}
