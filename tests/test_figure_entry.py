"""Entering a report's figures in the report's own page: the quote in the row, defaults from
the report for what a row leaves empty, values as typed."""

import re
from decimal import Decimal

from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from guide.models import Figure, Indicator, Report
from tests.factories import IndicatorFactory, SourceFactory
from tests.test_admin import FormReader, inline_index, open_form


def errors_on(response):
    if not response.context or "inline_admin_formsets" not in response.context:
        return []
    return [
        (formset.formset.prefix, form.errors, formset.formset.non_form_errors())
        for formset in response.context["inline_admin_formsets"]
        for form in formset.formset.forms
        if form.errors or formset.formset.non_form_errors()
    ]


def assert_saved(response):
    assert "was changed successfully" in response.content.decode(), errors_on(response)


def open_report(client, report):
    """The report's form as a browser would submit it, and its empty figure row."""
    url, data = open_form(client, Report, report.pk)
    reader = FormReader("report_form")
    reader.feed(client.get(url).content.decode())
    empty = {
        name.removeprefix("figures-__prefix__-"): value
        for name, value in reader.pairs
        if name.startswith("figures-__prefix__-")
    }
    return url, data, empty


def add_figure(data, empty, **fields):
    """What “Add another figure” sends: the empty row as the page offers it, with ``fields``."""
    index = int(data["figures-TOTAL_FORMS"])
    data["figures-TOTAL_FORMS"] = str(index + 1)
    data.update({f"figures-{index}-{name}": value for name, value in {**empty, **fields}.items()})


def chongqing_report(year):
    return Report.objects.get(
        meeting__session__division__slug="chongqing",
        meeting__session__year=year,
        kind=Report.Kind.WORK_REPORT,
    )


def change_url(report):
    return reverse("admin:guide_report_change", args=[report.pk])


def test_values_read_as_typed_in_the_figure_table(editor_client):
    report = chongqing_report(2026)
    figure = report.figures.get(indicator__code="grp-growth")
    assert figure.value == Decimal("5.300000")

    response = editor_client.get(change_url(report))

    row = inline_index(open_form(editor_client, Report, report.pk)[1], "figures", figure.pk)
    assertContains(response, f'name="figures-{row}-value" value="5.3"')
    assertNotContains(response, "5.300000")


def test_the_quote_is_edited_in_the_figure_table(editor_client):
    report = chongqing_report(2026)
    figure = report.figures.get(indicator__code="grp-growth")
    url, data = open_form(editor_client, Report, report.pk)
    row = inline_index(data, "figures", figure.pk)
    assert data[f"figures-{row}-quote"] == figure.quote

    data[f"figures-{row}-quote"] = "全市地区生产总值增长5.3%。"
    data[f"figures-{row}-wording_zh_hans"] = "增长5.3%"
    response = editor_client.post(url, data, follow=True)

    assert_saved(response)
    figure.refresh_from_db()
    assert figure.quote == "全市地区生产总值增长5.3%。"
    assert figure.wording_zh_hans == "增长5.3%"
    assert figure.value == Decimal("5.3")


def test_a_new_figure_takes_division_year_and_source_from_the_report(editor_client):
    report = chongqing_report(2025)
    session = report.meeting.session
    target_indicator, result_indicator = IndicatorFactory(), IndicatorFactory()
    url, data, empty = open_report(editor_client, report)
    common = {"qualifier": "around", "division": "", "year": "", "source": ""}
    add_figure(
        data,
        empty,
        indicator=str(target_indicator.pk),
        kind="target",
        value="5.5",
        quote="增长5.5%左右",
        **common,
    )
    add_figure(
        data,
        empty,
        indicator=str(result_indicator.pk),
        kind="result",
        value="6",
        quote="增长6%左右",
        **common,
    )

    response = editor_client.post(url, data, follow=True)

    assert_saved(response)
    target = report.figures.get(indicator=target_indicator)
    result = report.figures.get(indicator=result_indicator)
    assert target.division == result.division == session.division
    assert (target.year, result.year) == (session.year, session.year - 1)
    # The first new row takes the source of the last row above it.
    rows_above = [f for f in report.figures.exclude(pk__in=[target.pk, result.pk]) if f.source]
    assert target.source == result.source == rows_above[-1].source
    assert target.value == Decimal("5.5")


def test_a_new_figure_takes_the_source_of_the_row_above(editor_client):
    report = chongqing_report(2025)
    chosen = SourceFactory()
    first, second = IndicatorFactory(), IndicatorFactory()
    url, data, empty = open_report(editor_client, report)
    add_figure(
        data,
        empty,
        indicator=str(first.pk),
        kind="target",
        qualifier="around",
        value="5",
        source=str(chosen.pk),
    )
    add_figure(
        data,
        empty,
        indicator=str(second.pk),
        kind="target",
        qualifier="over",
        value="1",
        source="",
    )

    assert_saved(editor_client.post(url, data, follow=True))

    assert report.figures.get(indicator=second).source == chosen


def test_the_first_figure_of_a_report_takes_its_full_text_as_source(editor_client):
    report = chongqing_report(2025)
    report.figures.all().delete()
    indicator = IndicatorFactory()
    url, data, empty = open_report(editor_client, report)
    add_figure(
        data,
        empty,
        indicator=str(indicator.pk),
        kind="target",
        qualifier="around",
        value="5",
        source="",
    )

    assert_saved(editor_client.post(url, data, follow=True))

    assert report.figures.get().source == report.full_text is not None


def test_the_new_row_shows_the_defaults_it_will_take(editor_client):
    report = chongqing_report(2025)
    last_source = report.figures.exclude(source=None).order_by("-pk").first().source

    response = editor_client.get(change_url(report))

    html = response.content.decode()
    empty = html[html.index('id="figures-empty"') :]
    division = report.meeting.session.division
    assert re.search(
        rf'<input type="hidden" name="figures-__prefix__-division" value="{division.pk}"', empty
    )
    assert f'<option value="{last_source.pk}" selected>' in empty
    assert 'placeholder="2025 / 2024"' in empty


def test_two_new_rows_for_the_same_figure_are_refused(editor_client):
    report = chongqing_report(2025)
    indicator = IndicatorFactory()
    url, data, empty = open_report(editor_client, report)
    for _row in range(2):
        add_figure(
            data,
            empty,
            indicator=str(indicator.pk),
            kind="target",
            qualifier="around",
            value="5",
        )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assertContains(response, "Please correct the duplicate data")
    assert not report.figures.filter(indicator=indicator).exists()


def test_an_existing_figure_keeps_its_division_and_needs_its_year(editor_client):
    report = chongqing_report(2025)
    figure = report.figures.order_by("pk").first()
    division = figure.division_id
    url, data = open_form(editor_client, Report, report.pk)
    row = inline_index(data, "figures", figure.pk)
    data[f"figures-{row}-year"] = ""

    response = editor_client.post(url, data)

    assertContains(response, "This field is required.")
    figure.refresh_from_db()
    assert figure.division_id == division


def test_translator_cannot_add_a_figure_in_the_report(translator_client):
    report = chongqing_report(2025)
    before = Figure.objects.count()
    url, data, empty = open_report(translator_client, report)
    assert "figures-0-value" not in data
    assert not empty
    add_figure(
        data,
        {"status": "published", "division": str(report.meeting.session.division_id)},
        indicator=str(Indicator.objects.first().pk),
        kind="target",
        qualifier="around",
        value="5",
        wording_zh_hans="伪造",
    )

    response = translator_client.post(url, data)

    assert response.status_code in (200, 302)
    assert Figure.objects.count() == before


def test_values_read_as_typed_in_the_list_of_figures(editor_client):
    response = editor_client.get(reverse("admin:guide_figure_changelist"), {"q": "F153"})

    assertContains(response, '<td class="field-typed_value">5.3</td>', html=True)
    assertNotContains(response, "5.300000")


def test_translators_read_values_as_typed(translator_client):
    report = chongqing_report(2026)

    response = translator_client.get(change_url(report))

    assertContains(response, '<div class="readonly">5.3</div>', html=True)
    assertNotContains(response, "5.300000")
