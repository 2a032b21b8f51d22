"""The tile-grid map of the divisions: on the indicator-by-year comparison and the home page."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from guide.models import Division, Figure, Indicator

from .factories import FigureFactory

pytestmark = pytest.mark.django_db

TILE = re.compile(
    r'<a href="(?P<url>[^"]+)" class="chart-tile-link">.*?'
    r'class="chart-tile-name[^"]*"[^>]*>(?P<name>[^<]+)</text>.*?'
    r'class="chart-tile-value[^"]*"[^>]*>(?P<value>[^<]+)</text>'
)


def tiles(page):
    return {match["name"]: match for match in TILE.finditer(page)}


def target(division, year, indicator="grp-growth", **values):
    return FigureFactory(
        report=None,
        division=division,
        indicator=Indicator.objects.get(code=indicator),
        year=year,
        **values,
    )


@pytest.fixture
def targets_2030():
    sichuan = Division.objects.get(slug="sichuan")
    anhui = Division.objects.get(slug="anhui")
    national = Division.objects.national()
    target(sichuan, 2030, value=Decimal("5.5"), qualifier=Figure.Qualifier.AROUND)
    target(
        anhui,
        2030,
        value=Decimal("5"),
        value_high=Decimal("5.5"),
        qualifier=Figure.Qualifier.RANGE,
    )
    target(
        national,
        2030,
        indicator="gdp-growth",
        value=Decimal("4.5"),
        value_high=Decimal("5"),
        qualifier=Figure.Qualifier.RANGE,
    )


def test_every_division_has_one_labelled_linked_tile(client, targets_2030):
    page = client.get(reverse("guide:indicator_year", args=["grp-growth", 2030])).text

    found = tiles(page)
    assert len(found) == Division.objects.provincial().count() == 31
    assert found["Sichuan"]["value"] == "around 5.5%"
    assert found["Sichuan"]["url"] == reverse(
        "guide:division_indicator", args=["sichuan", "grp-growth"]
    )
    # A range reads as a range; a division without a target says so and leads to its page.
    assert found["Anhui"]["value"] == "5–5.5%"
    assert found["Hebei"]["value"] == "not recorded"
    assert found["Hebei"]["url"] == Division.objects.get(slug="hebei").get_absolute_url()


def test_the_map_marks_the_national_target_and_prints_every_value(client, targets_2030):
    page = client.get(reverse("guide:indicator_year", args=["grp-growth", 2030])).text
    svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" role="group"') :]
    svg = svg[: svg.index("</svg>")]

    assert "National target: 4.5–5%" in svg
    # Readable in greyscale: every tile prints its value; shade and outline only group them.
    assert svg.count('class="chart-tile-value') == 31
    assert svg.count("chart-tile--above") == 3  # Sichuan, Anhui and the legend's swatch
    assert "<title" in svg and "<desc" in svg
    # The same targets as a table beside the map.
    table = page[page.index("<table") :]
    assert "around 5.5%" in table and "5–5.5%" in table


def test_the_chinese_map_uses_chinese_short_names(client, targets_2030):
    with translation.override("zh-hans"):
        url = reverse("guide:indicator_year", args=["grp-growth", 2030])
    found = tiles(client.get(url).text)
    assert found["四川"]["value"] == "5.5%左右"
    assert found["河北"]["value"] == "未记录"


def test_no_map_for_an_indicator_only_the_nation_sets(client):
    page = client.get(reverse("guide:indicator_year", args=["gdp-growth", 2024])).text
    assert "chart-tile-link" not in page


def test_the_home_page_maps_the_latest_years_growth_targets(client, targets_2030):
    page = client.get(reverse("guide:home")).text

    assert "Growth targets for 2030" in page
    assert len(tiles(page)) == 31
    assert reverse("guide:indicator_year", args=["grp-growth", 2030]) in page
