"""Importing a report's figures from a CSV or .xlsx file, or pasted rows: preview, confirm,
all or nothing, idempotent; translators never import."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from guide import figure_import
from guide.models import Figure, Report, Source
from tests.factories import ReportFactory, SourceFactory

HEADER = [
    "indicator",
    "kind",
    "year",
    "value",
    "upper value",
    "qualifier",
    "Chinese wording",
    "source",
    "quote",
]


@pytest.fixture
def report(db):
    """A new division's report, with its full text as a source, and no figures yet."""
    report = ReportFactory(
        meeting__session__year=2027, full_text=SourceFactory(key="testland-2027")
    )
    return report


def season_rows():
    """Ten figures, as an editor copies them from a work report (made-up numbers)."""
    return [
        ["grp-growth", "target", "", "5.5", "", "around", "增长5.5%左右", "", "增长5.5%左右"],
        ["cpi", "target", "", "2", "", "around", "涨幅2%左右", "", "居民消费价格涨幅2%左右"],
        [
            "new-urban-jobs",
            "target",
            "",
            "0.6",
            "",
            "over",
            "60万人以上",
            "",
            "城镇新增就业60万人以上",
        ],
        [
            "surveyed-unemp",
            "target",
            "",
            "5.5",
            "",
            "within",
            "5.5%以内",
            "",
            "城镇调查失业率5.5%以内",
        ],
        [
            "disp-income-growth",
            "target",
            "",
            "5.5",
            "",
            "around",
            "增长5.5%左右",
            "",
            "居民人均可支配收入增长5.5%左右",
        ],
        ["fai-growth", "target", "", "4", "6", "range", "增长4%—6%", "", "固定资产投资增长4%—6%"],
        ["grp-growth", "result", "", "5.8", "", "exact", "增长5.8%", "", "地区生产总值增长5.8%"],
        [
            "grp-total",
            "result",
            "",
            "3.41",
            "",
            "exact",
            "3.41万亿元",
            "",
            "地区生产总值3.41万亿元",
        ],
        ["cpi", "result", "", "0.3", "", "exact", "上涨0.3%", "", "居民消费价格上涨0.3%"],
        [
            "retail-growth",
            "result",
            "2026",
            "4.2",
            "",
            "exact",
            "增长4.2%",
            "",
            "社会消费品零售总额增长4.2%",
        ],
    ]


def as_csv(rows, header=HEADER):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue()


def csv_file(rows, header=HEADER, name="figures.csv"):
    return SimpleUploadedFile(name, as_csv(rows, header).encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, header=HEADER):
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        # A spreadsheet keeps numbers as numbers.
        workbook.active.append(
            [float(cell) if re.fullmatch(r"\d+\.\d+", cell) else cell for cell in row]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("figures.xlsx", buffer.getvalue())


def import_url(report):
    return reverse("admin:guide_report_import_figures", args=[report.pk])


def check(client, report, **data):
    return client.post(import_url(report), {"_preview": "1", **data})


def payload_of(response):
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview offers no confirmation"
    return match.group(1)


def confirm(client, report, payload):
    return client.post(import_url(report), {"_confirm": "1", "payload": payload}, follow=True)


class SaveCounter:
    def __init__(self):
        self.saved = []

    def __call__(self, sender, instance, **kwargs):
        self.saved.append(instance)


@pytest.fixture
def saves():
    counter = SaveCounter()
    post_save.connect(counter, sender=Figure)
    yield counter
    post_save.disconnect(counter, sender=Figure)


# The happy path -----------------------------------------------------------------------------


def test_the_season_imports_from_csv_after_a_preview(editor_client, report, saves):
    response = check(editor_client, report, file=csv_file(season_rows()))

    assertContains(response, "10 new figures")
    assertContains(response, "Nothing has been written yet.")
    assert not report.figures.exists()
    assert not saves.saved

    response = confirm(editor_client, report, payload_of(response))

    assertContains(response, "10 figures imported")
    assert response.redirect_chain[-1][0] == reverse("admin:guide_report_change", args=[report.pk])
    figures = {(f.indicator.code, f.kind): f for f in report.figures.select_related("indicator")}
    assert len(figures) == 10 == len(saves.saved)
    division = report.meeting.session.division
    assert {f.division for f in figures.values()} == {division}
    assert figures["grp-growth", "target"].year == 2027
    assert figures["grp-growth", "result"].year == 2026
    range_figure = figures["fai-growth", "target"]
    assert (range_figure.value, range_figure.value_high) == (Decimal("4"), Decimal("6"))
    assert range_figure.qualifier == Figure.Qualifier.RANGE
    assert figures["new-urban-jobs", "target"].wording_zh_hans == "60万人以上"
    assert figures["cpi", "target"].quote == "居民消费价格涨幅2%左右"
    assert {f.source for f in figures.values()} == {report.full_text}
    assert {f.status for f in figures.values()} == {"draft"}
    assert (
        LogEntry.objects.filter(
            action_flag=ADDITION, object_id__in=[str(f.pk) for f in figures.values()]
        ).count()
        == 10
    )


def test_the_season_imports_from_a_spreadsheet(editor_client, report):
    response = check(editor_client, report, file=xlsx_file(season_rows()))

    assertContains(response, "10 new figures")
    confirm(editor_client, report, payload_of(response))

    grp = report.figures.get(indicator__code="grp-total")
    assert grp.value == Decimal("3.41")
    assert report.figures.count() == 10


def test_rows_pasted_from_a_spreadsheet_import(editor_client, report):
    pasted = "\n".join("\t".join(row) for row in [HEADER, *season_rows()[:2]])

    response = check(editor_client, report, text=pasted)

    assertContains(response, "2 new figures")
    confirm(editor_client, report, payload_of(response))
    assert report.figures.count() == 2


def test_a_named_source_is_kept_for_the_rows_below(editor_client, report):
    other = SourceFactory(key="testland-daily")
    rows = season_rows()[:3]
    rows[1][7] = "testland-daily"

    confirm(editor_client, report, payload_of(check(editor_client, report, file=csv_file(rows))))

    sources = [
        report.figures.get(indicator__code=code, kind="target").source
        for code in ("grp-growth", "cpi", "new-urban-jobs")
    ]
    assert sources == [report.full_text, other, other]


# The same file twice, and changes -----------------------------------------------------------


def test_the_same_file_imported_twice_changes_nothing(editor_client, report, saves):
    confirm(
        editor_client,
        report,
        payload_of(check(editor_client, report, file=csv_file(season_rows()))),
    )
    stored = {f.pk: f.updated_at for f in report.figures.all()}
    saves.saved.clear()

    response = check(editor_client, report, file=csv_file(season_rows()))

    assertContains(response, "0 new figures")
    assertContains(response, "10 unchanged")
    assertContains(response, "Nothing to import")
    assertNotContains(response, 'name="_confirm"')
    confirm(editor_client, report, payload_of_any(response))
    assert not saves.saved
    assert {f.pk: f.updated_at for f in report.figures.all()} == stored


def payload_of_any(response):
    """The signed rows of a preview that offers nothing to confirm (a forged confirmation)."""
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    if match:
        return match.group(1)
    report = response.context["report"]
    table = response.context["importer"].table
    user = response.wsgi_request.user
    return signing.dumps(
        table.as_payload(), salt=f"guide.figure-import:{report.pk}:{user.pk}", compress=True
    )


def test_a_changed_value_is_shown_then_changed(editor_client, report, saves):
    confirm(
        editor_client,
        report,
        payload_of(check(editor_client, report, file=csv_file(season_rows()))),
    )
    rows = season_rows()
    # The value and the report's wording change together: a value that contradicts its
    # wording is refused by the figure's checks.
    rows[0][3], rows[0][6], rows[0][8] = "6", "增长6%左右", "增长6%左右"
    saves.saved.clear()

    response = check(editor_client, report, file=csv_file(rows))

    assertContains(response, "1 figure changed")
    assertContains(response, "<del>5.5</del> → <ins>6</ins>")
    confirm(editor_client, report, payload_of(response))
    assert report.figures.get(indicator__code="grp-growth", kind="target").value == Decimal("6")
    assert len(saves.saved) == 1


def test_the_template_imports_as_unchanged(editor_client):
    report = Report.objects.get(
        meeting__session__division__slug="chongqing", meeting__session__year=2025
    )
    for extension in ("csv", "xlsx"):
        response = editor_client.get(
            reverse("admin:guide_report_figure_template", args=[report.pk, extension])
        )
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        upload = SimpleUploadedFile(f"template.{extension}", response.content)

        preview = check(editor_client, report, file=upload)

        count = report.figures.count()
        assertContains(preview, f"{count} unchanged")
        assertContains(preview, "0 new figures")


def test_the_template_names_every_column(editor_client, report):
    response = editor_client.get(
        reverse("admin:guide_report_figure_template", args=[report.pk, "xlsx"])
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in next(sheet.iter_rows())]
    assert header[:9] == [
        "indicator",
        "kind",
        "year",
        "value",
        "value_high",
        "qualifier",
        "wording_zh_hans",
        "source",
        "quote",
    ]


# Errors: nothing is written ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (0, "no-such-indicator", "No indicator is called “no-such-indicator”."),
        (1, "goal", "The kind must be target or result, not “goal”."),
        (2, "next year", "The year must be a number, not “next year”."),
        (2, "1850", "The year must be between 1949 and 2100."),
        (3, "5.5%", "“5.5%” is not a number"),
        (3, "", "Give a value, unless the qualifier is"),
        (4, "3", "The upper value cannot be below the value."),
        (5, "roughly", "No qualifier is called “roughly”."),
        (7, "no-such-source", "No source has the key or URL “no-such-source”."),
        (3, "12345678901234567", "Ensure that there are no more than 16 digits in total."),
    ],
)
def test_each_error_is_shown_on_its_row_and_nothing_is_written(
    editor_client, report, saves, column, value, message
):
    rows = season_rows()
    rows[5][column] = value  # the range row

    response = check(editor_client, report, file=csv_file(rows))

    assertContains(response, message)
    assertContains(response, "1 row with errors")
    assertContains(response, "Nothing will be imported until every row is correct.")
    assertNotContains(response, 'name="_confirm"')
    confirm(editor_client, report, payload_of_any(response))
    assert not report.figures.exists()
    assert not saves.saved


def test_a_row_repeated_in_the_file_is_an_error(editor_client, report):
    rows = season_rows()
    rows.append(list(rows[0]))

    response = check(editor_client, report, file=csv_file(rows))

    assertContains(response, "Row 2 already has this indicator, kind and year.")
    assert not report.figures.exists()


def test_a_key_of_another_report_is_an_error(editor_client, report):
    header = [*HEADER, "key"]
    rows = [[*season_rows()[0], "F153"]]

    response = check(editor_client, report, file=csv_file(rows, header=header))

    assertContains(response, "The key “F153” belongs to a figure of another report.")


def test_rows_that_became_invalid_after_the_preview_write_nothing(editor_client, report, saves):
    source = SourceFactory(key="vanishing")
    rows = season_rows()
    rows[9][7] = "vanishing"
    response = check(editor_client, report, file=csv_file(rows))
    payload = payload_of(response)
    Source.objects.filter(pk=source.pk).delete()

    response = confirm(editor_client, report, payload)

    assertContains(response, "Nothing was imported: some rows have errors.")
    assertContains(response, "No source has the key or URL “vanishing”.")
    assert not report.figures.exists()
    assert not saves.saved


def test_an_altered_confirmation_writes_nothing(editor_client, report):
    payload = payload_of(check(editor_client, report, file=csv_file(season_rows())))

    response = confirm(editor_client, report, payload[:-3] + "abc")

    assertContains(response, "The checked rows have expired or were altered")
    assert not report.figures.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The submitted file is empty."),
        (b"\n,,\n\n", "blank.csv", "The file holds no rows."),
        (b"indicator,year\ngdp-growth,2027\n", "few.csv", "missing: kind, qualifier"),
        (b"PK\x03\x04not really a spreadsheet", "broken.xlsx", "The spreadsheet cannot be read"),
        (b"\x00\x01\x02\xff\xfe", "photo.csv", "neither a spreadsheet (.xlsx) nor a text file"),
    ],
)
def test_a_file_that_is_not_a_table_of_figures_is_refused(
    editor_client, report, content, name, message
):
    response = check(editor_client, report, file=SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assertContains(response, message)
    assert not report.figures.exists()


def test_checking_without_a_file_asks_for_one(editor_client, report):
    assertContains(check(editor_client, report), "Choose a file or paste the rows")


def test_a_message_in_chinese(editor_client, report):
    rows = season_rows()
    rows[0][0] = "no-such-indicator"

    response = editor_client.post(
        import_url(report),
        {"_preview": "1", "file": csv_file(rows)},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assertContains(response, "没有名为“no-such-indicator”的指标。")


# Who may import ------------------------------------------------------------------------------


def test_the_report_page_links_to_the_import(editor_client, report):
    response = editor_client.get(reverse("admin:guide_report_change", args=[report.pk]))

    assertContains(response, import_url(report))


def test_translators_cannot_import(translator_client, translator, report):
    table = figure_import.read_table(text=as_csv(season_rows()))
    payload = signing.dumps(
        table.as_payload(), salt=f"guide.figure-import:{report.pk}:{translator.pk}", compress=True
    )
    page = translator_client.get(reverse("admin:guide_report_change", args=[report.pk]))
    assertNotContains(page, import_url(report))

    assert translator_client.get(import_url(report)).status_code == 403
    assert check(translator_client, report, file=csv_file(season_rows())).status_code == 403
    forged = translator_client.post(import_url(report), {"_confirm": "1", "payload": payload})
    assert forged.status_code == 403
    template = reverse("admin:guide_report_figure_template", args=[report.pk, "csv"])
    assert translator_client.get(template).status_code == 403
    assert not report.figures.exists()


def test_a_csv_with_semicolons_and_chinese_labels_imports(editor_client, report):
    text = "指标;类型;数值;限定词\ngrp-growth;目标;5.5;左右\ngrp-growth;实际完成;5.8;精确值\n"

    response = check(editor_client, report, text=text)

    assertContains(response, "2 new figures")
    confirm(editor_client, report, payload_of(response))
    target = report.figures.get(kind="target")
    result = report.figures.get(kind="result")
    assert (target.qualifier, target.year) == ("around", 2027)
    assert (result.qualifier, result.year) == ("exact", 2026)


def test_a_gb18030_csv_from_a_chinese_spreadsheet_imports(editor_client, report):
    content = as_csv(season_rows()[:1]).encode("gb18030")

    response = check(editor_client, report, file=SimpleUploadedFile("figures.csv", content))

    assertContains(response, "1 new figure")
    confirm(editor_client, report, payload_of(response))
    assert report.figures.get().wording_zh_hans == "增长5.5%左右"
