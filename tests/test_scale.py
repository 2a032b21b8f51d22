"""Pages cost the same few queries whatever the amount of content: on the demo content, and on
the synthetic content of ``manage.py seed_bench`` at two sizes; lists that grow are cut in pages.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guide import synthetic
from guide.models import Division, Figure, Person, Report, Session

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12

# Every public page kind, on the synthetic content: the first division's latest year.
SYNTHETIC = {
    "home": "/{lang}/",
    "year_list": "/{lang}/years/",
    "year": "/{lang}/years/2025/",
    "session": "/{lang}/sessions/2025/synthetic-01/",
    "meeting": "/{lang}/sessions/2025/synthetic-01/congress/",
    "report": "/{lang}/sessions/2025/synthetic-01/reports/work-report/",
    "report_targets": "/{lang}/sessions/2024/synthetic-01/reports/work-report/targets/",
    "report_changes": "/{lang}/sessions/2025/synthetic-01/reports/work-report/changes/",
    "division_list": "/{lang}/divisions/",
    "division": "/{lang}/divisions/synthetic-01/",
    "division_indicator": "/{lang}/divisions/synthetic-01/indicators/synthetic-01/",
    "indicator_list": "/{lang}/indicators/",
    "indicator": "/{lang}/indicators/synthetic-01/",
    "indicator_page_2": "/{lang}/indicators/synthetic-01/?page=2",
    "indicator_year": "/{lang}/indicators/synthetic-01/2025/",
    "person_list": "/{lang}/people/",
    "person_list_page_2": "/{lang}/people/?page=2",
    "person": "/{lang}/people/synthetic-person-0001/",
    "explainer_list": "/{lang}/guide/",
    "explainer": "/{lang}/guide/what-are-the-two-sessions/",
    "glossary": "/{lang}/glossary/",
    "search_english": "/{lang}/search/?q=synthetic+province",
    "search_chinese": "/{lang}/search/?q=合成省",
    "search_pinyin": "/{lang}/search/?q=hecheng",
    "data": "/{lang}/data/",
    "figures_csv": "/{lang}/data/figures.csv",
    "figures_json": "/{lang}/data/figures.json?division=synthetic-01",
    "calendar": "/{lang}/data/calendar.ics",
    "feed": "/{lang}/data/feed.atom",
}

# The same kinds on the demo content.
DEMO = {
    "home": "/{lang}/",
    "year_list": "/{lang}/years/",
    "year": "/{lang}/years/2020/",
    "session": "/{lang}/sessions/2020/chongqing/",
    "meeting": "/{lang}/sessions/2020/chongqing/congress/",
    "report": "/{lang}/sessions/2025/national/reports/work-report/",
    "report_targets": "/{lang}/sessions/2024/national/reports/work-report/targets/",
    "report_changes": "/{lang}/sessions/2025/national/reports/work-report/changes/",
    "division_list": "/{lang}/divisions/",
    "division": "/{lang}/divisions/chongqing/",
    "division_indicator": "/{lang}/divisions/national/indicators/gdp-growth/",
    "indicator_list": "/{lang}/indicators/",
    "indicator": "/{lang}/indicators/grp-growth/",
    "indicator_year": "/{lang}/indicators/grp-growth/2024/",
    "person_list": "/{lang}/people/",
    "person": "/{lang}/people/tang-liangzhi/",
    "explainer_list": "/{lang}/guide/",
    "explainer": "/{lang}/guide/what-are-the-two-sessions/",
    "glossary": "/{lang}/glossary/",
    "search_english": "/{lang}/search/?q=chongqing+2020",
    "search_chinese": "/{lang}/search/?q=重庆",
    "search_pinyin": "/{lang}/search/?q=chongqing",
    "data": "/{lang}/data/",
    "figures_csv": "/{lang}/data/figures.csv",
    "figures_json": "/{lang}/data/figures.json?division=chongqing",
    "calendar": "/{lang}/data/calendar.ics",
    "feed": "/{lang}/data/feed.atom",
}


def queries_of(client, url):
    """The queries a page costs, its streamed body included."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def count_every_kind(client, pages):
    counts = {}
    for lang in ("en", "zh-hans"):
        for kind, url in pages.items():
            counts[kind, lang] = queries_of(client, url.format(lang=lang))
    return counts


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def seed(scale):
    if synthetic.exists():
        synthetic.remove()
    call_command("seed_bench", scale=scale, verbosity=0)


def test_the_demo_pages_cost_at_most_twelve_queries(client):
    counts = count_every_kind(client, DEMO)
    over = {page: count for page, count in counts.items() if count > MAX_QUERIES}
    assert not over


def test_queries_do_not_grow_with_the_content(client, media):
    seed(0.02)
    # Image renditions are looked up once per image, then kept in the cache (sorl-thumbnail's
    # key-value store): pages are counted once that store is warm.
    count_every_kind(client, SYNTHETIC)
    small = count_every_kind(client, SYNTHETIC)
    small_size = Figure.objects.count(), Person.objects.count()
    seed(0.1)
    assert (Figure.objects.count(), Person.objects.count()) > small_size
    count_every_kind(client, SYNTHETIC)
    large = count_every_kind(client, SYNTHETIC)
    over = {page: count for page, count in large.items() if count > MAX_QUERIES}
    assert not over
    assert large == small


def test_seeding_is_deterministic_and_marked_synthetic(client, media):
    seed(0.02)
    first = list(Figure.objects.filter(division__synthetic=True).values_list("value", flat=True))
    seed(0.02)
    again = list(Figure.objects.filter(division__synthetic=True).values_list("value", flat=True))
    assert first == again
    notice = "Synthetic benchmark data"
    for url in (
        "/en/sessions/2025/synthetic-01/",
        "/en/sessions/2025/synthetic-01/congress/",
        "/en/sessions/2025/synthetic-01/reports/work-report/",
        "/en/divisions/synthetic-01/",
        "/en/people/synthetic-person-0001/",
        "/en/indicators/synthetic-01/",
        "/en/indicators/synthetic-01/2025/",
        "/en/divisions/synthetic-01/indicators/synthetic-01/",
    ):
        assert notice in client.get(url).content.decode(), url
    assert "合成基准测试数据" in client.get("/zh-hans/divisions/synthetic-01/").content.decode()
    # The demo's own pages say nothing of it.
    assert notice not in client.get("/en/sessions/2020/chongqing/").content.decode()


def test_the_full_scale_set_has_the_promised_size():
    counts = synthetic.counts(1)
    assert counts == {
        "divisions": 32,
        "years": 15,
        "indicators": 20,
        "tasks": 20,
        "people": 5000,
    }


def test_long_lists_come_a_page_at_a_time(client, media):
    seed(0.35)
    people = Person.objects.published().count()
    assert people > 200
    first = client.get("/en/people/").content.decode()
    assert len(re.findall(r'href="/en/people/[a-z0-9-]+/"', first)) == 100
    assert 'href="?page=2"' in first
    last = client.get(f"/en/people/?page={(people + 99) // 100}").content.decode()
    assert 'rel="next"' not in last
    assert client.get("/en/people/?page=nonsense").status_code == 404
    indicator = client.get("/en/indicators/synthetic-01/").content.decode()
    assert indicator.count('id="figure-') == 100
    divisions = Division.objects.filter(synthetic=True)
    for division in divisions:
        assert f"/en/divisions/{division.slug}/indicators/synthetic-01/" in indicator
    # A page number past the end shows the last page rather than an error.
    assert client.get("/en/indicators/synthetic-01/?page=999").status_code == 200


def test_removing_the_synthetic_content_leaves_the_demo(media):
    before = Session.objects.count(), Report.objects.count()
    seed(0.02)
    synthetic.remove()
    assert (Session.objects.count(), Report.objects.count()) == before
    assert not Division.objects.filter(synthetic=True).exists()
