"""The coverage page: what the guide holds for each division and year, and the dataset's gaps."""

import re

import pytest
from django.urls import reverse

from guide.models import Division, Gap, Session

pytestmark = pytest.mark.django_db


def test_the_table_has_every_division_and_links_every_session(client):
    page = client.get(reverse("guide:coverage")).text
    table = page[page.index('class="coverage-table"') : page.index("</table>")]
    assert len(re.findall(r'<th scope="row"><a href="/en/divisions/', table)) == (
        Division.objects.count()
    )
    for session in Session.objects.published().select_related("division"):
        assert f'href="{session.get_absolute_url()}"' in table
    for session in Session.objects.drafts().select_related("division"):
        assert f'href="{session.get_absolute_url()}"' not in table


def test_the_totals_count_the_sessions_of_each_year(client):
    page = client.get(reverse("guide:coverage")).text
    footer = page[page.index("<tfoot>") : page.index("</tfoot>")]
    years = sorted(set(Session.objects.published().values_list("year", flat=True)))
    counts = [Session.objects.published().filter(year=year).count() for year in years]
    row = footer[: footer.index("</tr>")]
    assert re.findall(r"<td>(\d+)</td>", row) == [str(count) for count in counts]


def test_every_gap_is_listed_with_what_was_looked_for(client):
    page = client.get(reverse("guide:coverage")).text
    gaps = Gap.objects.all()
    assert gaps.exists()
    assert f"record {gaps.count()} facts" in page
    for gap in gaps[:20]:
        assert gap.fact[:40].replace("'", "&#x27;").replace('"', "&quot;") in page


def test_the_chinese_page_and_how_to_send_a_source(client):
    page = client.get("/zh-hans/coverage/").text
    assert "收录情况" in page
    assert "向我们提供来源" in page
    assert 'lang="en"' in page  # the research notes keep their English, marked as such


def test_the_footer_links_the_coverage_page(client):
    assert f'href="{reverse("guide:coverage")}"' in client.get(reverse("guide:home")).text
