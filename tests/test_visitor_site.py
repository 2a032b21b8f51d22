"""The visitor pages added on top of the foundation: years, comparisons, indicators, search."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from guide.models import Division, Explainer, Figure, Report, Session, Source, Task


def text_of(response):
    return text_of_html(response.content.decode())


def text_of_html(html):
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"guide:{name}", args=args)


def national_report(year):
    return Report.objects.get(
        meeting__session__year=year, meeting__session__division__kind=Division.Kind.NATIONAL
    )


@pytest.mark.django_db
class TestYears:
    def test_year_list_links_every_year_with_sessions(self, client):
        response = client.get(url("year_list"))
        for year in Session.objects.published().years():
            assert url("year_detail", year) in response.content.decode()

    def test_year_page_has_timeline_and_table_with_postponement(self, client):
        response = client.get(url("year_detail", 2020))
        html = response.content.decode()
        assert 'role="img"' in html
        assert "postponed" in text_of(response)
        for session in Session.objects.published().filter(year=2020):
            for meeting in session.meetings.all():
                assert meeting.name_en in text_of(response)

    @pytest.mark.parametrize(
        ("path", "target"),
        [
            ("/en/sessions/2020/", "/en/years/2020/"),
            ("/zh-hans/sessions/2020/chongqing/reports/", "/zh-hans/sessions/2020/chongqing/"),
        ],
    )
    def test_shortened_addresses_lead_to_the_page_above(self, client, path, target):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == target
        assert client.get(target).status_code == 200

    def test_year_without_sessions_is_not_found(self, client):
        assert client.get(url("year_detail", 1990)).status_code == 404


@pytest.mark.django_db
class TestTargetsAndResults:
    def test_report_page_judges_last_years_targets(self, client):
        # The 2024 report states 2023's results; the 2023 report set its targets.
        response = client.get(national_report(2024).get_absolute_url())
        text = text_of(response)
        assert "Were last year's targets met?" in text
        row = re.search(r"GDP growth 2023 year on year around 5%.*?(met|missed)", text)
        assert row and row.group(1) == "met"

    def test_targets_page_compares_with_results_a_year_later(self, client):
        report = national_report(2023)
        session = report.meeting.session
        response = client.get(
            url("report_targets", session.year, session.division.slug, report.kind)
        )
        assert response.status_code == 200
        text = text_of(response)
        # The 2022 target of around 5.5% growth against 3% growth reported in 2023.
        report_2022 = national_report(2022)
        response = client.get(
            url("report_targets", 2022, report_2022.meeting.session.division.slug, report.kind)
        )
        assert re.search(
            r"GDP growth 2022 year on year around 5.5%.*?3%.*?missed", text_of(response)
        )
        assert "met" in text

    @pytest.mark.parametrize(
        ("year", "expected"),
        [
            # The first report on record judges nothing earlier: only its own targets.
            (2019, {"Were the 2019 targets met?": "targets/"}),
            (
                2020,
                {
                    "Were the 2019 targets met?": "#last-year",
                    "Were the 2020 targets met?": "targets/",
                },
            ),
        ],
    )
    def test_session_page_leads_to_both_target_checks(self, client, year, expected):
        report_url = url("report_detail", year, "chongqing", "work-report")
        html = client.get(url("session_detail", year, "chongqing")).content.decode()
        links = {
            text: href.removeprefix(report_url)
            for href, text in re.findall(
                r'<a href="([^"]+)">(Were the \d+ targets met\?)</a>', html
            )
        }
        assert links == expected
        # Both lead somewhere that answers the question.
        page = client.get(report_url).content.decode()
        assert 'id="last-year"' in page or "#last-year" not in links.values()
        assert client.get(report_url + "targets/").status_code == 200

    @pytest.mark.parametrize(
        ("language", "values"),
        [
            ("en", ["over 12 million people", "3.9 trillion yuan", "around 5%"]),
            ("zh-hans", ["1200万人以上", "3.9万亿元", "5%左右"]),
        ],
    )
    def test_figures_read_with_their_units(self, client, language, values):
        report = national_report(2024)
        with translation.override(language):
            text = text_of(client.get(report.get_absolute_url()))
        for value in values:
            assert value in text

    @pytest.mark.parametrize(
        ("language", "summary"),
        [
            ("en", "{count} targets: 1 missed"),
            ("zh-hans", "共{count}项目标： 未完成1项"),
        ],
    )
    def test_targets_page_sums_up_the_verdicts(self, client, language, summary):
        # Chongqing aimed for 6% growth in 2020 and reported 3.9% a year later.
        targets = Figure.objects.published().filter(
            report__meeting__session__year=2020,
            report__meeting__session__division__slug="chongqing",
            kind=Figure.Kind.TARGET,
        )
        page = client.get(
            url("report_targets", 2020, "chongqing", "work-report", language=language)
        )
        tally = re.search(r'<p class="tally">(.*?)</p>', page.content.decode(), re.S).group(1)
        text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tally))).strip()
        assert text.startswith(summary.format(count=targets.count()))

    def test_division_history_counts_only_years_with_a_target(self, client):
        targets = Figure.objects.published().filter(
            division__slug="chongqing", indicator__code="new-urban-jobs", kind=Figure.Kind.TARGET
        )
        html = client.get(url("division_indicator", "chongqing", "new-urban-jobs")).content
        tally = re.search(r'<p class="tally">(.*?)</p>', html.decode(), re.S).group(1)
        count = targets.count()
        assert re.sub(r"<[^>]+>|\s+", " ", tally).split(":")[0].strip() == (
            f"{count} target" if count == 1 else f"{count} targets"
        )

    def test_wording_is_not_repeated_when_it_reads_as_the_value(self, client):
        page = client.get(
            url("report_targets", 2020, "chongqing", "work-report", language="zh-hans")
        )
        text = text_of(page)
        assert "60万人以上" in text
        assert "60万人以上 （60万人以上）" not in text

    def test_report_heading_names_the_division_once(self, client):
        html = client.get(url("report_detail", 2020, "chongqing", "work-report")).content.decode()
        heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        assert text_of_html(heading).count("Chongqing") == 1

    def test_no_target_set_is_not_comparable(self, client):
        report = national_report(2020)
        response = client.get(url("report_targets", 2020, "national", report.kind))
        assert re.search(r"no target set.*?not comparable", text_of(response))

    def test_preliminary_results_are_marked(self, client):
        response = client.get(url("division_indicator", "chongqing", "grp-growth"))
        assert response.status_code == 200
        text = text_of(response)
        assert "preliminary" in text
        assert 'role="img"' in response.content.decode()

    def test_what_changed_lists_added_and_changed_targets(self, client):
        response = client.get(url("report_changes", 2025, "national", "work-report"))
        text = text_of(response)
        assert re.search(r"Consumer price.*?around 3%.*?around 2%.*?changed", text)
        assert "no target recorded the year before" in text

    def test_first_report_has_nothing_to_compare_with(self, client):
        first = Session.objects.published().filter(division__slug="national").order_by("year")[0]
        response = client.get(url("report_changes", first.year, "national", "work-report"))
        assert "no earlier report" in text_of(response)


@pytest.mark.django_db
class TestIndicators:
    def test_indicator_year_compares_divisions_with_national_target(self, client):
        response = client.get(url("indicator_year", "grp-growth", 2024))
        assert response.status_code == 200
        text = text_of(response)
        targets = (
            Figure.objects.published().targets().filter(indicator__code="grp-growth", year=2024)
        )
        assert targets.count() >= 4
        for figure in targets.select_related("division"):
            assert figure.division.short_name_en in text
        assert 'role="img"' in response.content.decode()
        # Regional targets are set against the national GDP growth target.
        national = Figure.objects.published().get(
            indicator__code="gdp-growth", year=2024, kind="target", division__kind="national"
        )
        assert f"National target: around {national.value.normalize()}%" in text

    def test_indicator_list_and_detail(self, client):
        response = client.get(url("indicator_list"))
        assert url("indicator_detail", "gdp-growth") in response.content.decode()
        response = client.get(url("indicator_detail", "gdp-growth"))
        assert url("indicator_year", "gdp-growth", 2024) in response.content.decode()


@pytest.mark.django_db
class TestDivisionsAndPeople:
    def test_divisions_grouped_by_kind(self, client):
        text = text_of(client.get(url("division_list")))
        for heading in ("Province", "Autonomous region", "Municipality"):
            assert heading in text
        assert text.count("Chongqing") >= 1

    def test_division_page_links_key_indicators(self, client):
        response = client.get(url("division_detail", "chongqing"))
        assert url("division_indicator", "chongqing", "grp-growth") in response.content.decode()

    def test_person_page_has_json_ld(self, client):
        response = client.get(url("person_detail", "li-keqiang"))
        data = json.loads(
            re.search(
                r'<script type="application/ld\+json">(.*?)</script>',
                response.content.decode(),
                re.S,
            ).group(1)
        )
        assert data["@type"] == "Person"
        assert data["name"] == "Li Keqiang"
        assert "李克强" in data["alternateName"]


@pytest.mark.django_db
class TestMeetingDecoder:
    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            (
                "en",
                "The 13th term of the National People's Congress began in 2018; "
                "this meeting is the term's 3rd annual session.",
            ),
            ("zh-hans", "第十三"),
        ],
    )
    def test_name_is_decoded(self, client, language, expected):
        response = client.get(
            url("meeting_detail", 2020, "national", "congress", language=language)
        )
        assert expected in text_of(response)

    def test_meeting_has_event_json_ld_with_dates(self, client):
        response = client.get(url("meeting_detail", 2020, "national", "congress"))
        data = json.loads(
            re.search(
                r'<script type="application/ld\+json">(.*?)</script>',
                response.content.decode(),
                re.S,
            ).group(1)
        )
        assert data["@type"] == "Event"
        assert (data["startDate"], data["endDate"]) == ("2020-05-22", "2020-05-28")
        assert data["eventStatus"].endswith("EventRescheduled")


@pytest.mark.django_db
class TestLanguages:
    def test_missing_translation_falls_back_to_english_with_notice(self, client):
        session = Session.objects.get(year=2020, division__slug="chongqing")
        session.summary_zh_hans = ""
        session.save()
        response = client.get(session.get_absolute_url().replace("/en/", "/zh-hans/"))
        html = response.content.decode()
        assert '<div lang="en" class="fallback">' in html
        assert session.summary_en[:40] in unescape(html)

    def test_short_untranslated_texts_are_marked_english(self, client):
        """A task title, a figure note and a publisher left untranslated show in English,
        inside an element that says so; translated ones carry no such mark."""
        report = national_report(2024)
        task = report.tasks.first()
        note = report.figures.exclude(note_en="").first()
        source = note.source
        Task.objects.filter(pk=task.pk).update(title_zh_hans="")
        Figure.objects.filter(pk=note.pk).update(note_zh_hans="")
        Source.objects.filter(pk=source.pk).update(publisher_zh_hans="")
        html = client.get(url("report_detail", 2024, "national", "work-report", language="zh-hans"))
        html = unescape(html.content.decode())
        assert f'<h3 lang="en">{task.title_en}</h3>' in html
        assert f'<span class="figures__note" lang="en">{note.note_en}</span>' in html
        assert f'rel="external noopener" lang="en">{source.publisher_en}</a>' in html
        other = report.tasks.exclude(pk=task.pk).first()
        assert f"<h3>{other.title_zh_hans}</h3>" in html

    @pytest.mark.parametrize("language", ["en", "zh-hans"])
    def test_session_and_its_explainer_link_to_each_other(self, client, language):
        session = Session.objects.get(year=2020, division__slug="chongqing")
        explainer = session.explainers.get()
        with translation.override(language):
            session_url, explainer_url = session.get_absolute_url(), explainer.get_absolute_url()
            title = explainer.title
        assert f'<a href="{explainer_url}">{title}</a>' in unescape(
            client.get(session_url).content.decode()
        )
        assert f'<a href="{session_url}">' in client.get(explainer_url).content.decode()
        # A draft explainer is not offered to readers (unpublished through save(), as editors do).
        explainer.unpublish()
        assert explainer_url not in client.get(session_url).content.decode()

    @pytest.mark.parametrize(
        ("language", "text", "linked", "not_linked"),
        [
            (
                "en",
                "Deputies voted. The Great Hall of the People. The Chongqing Great Hall of the "
                "People. They vote.",
                ["Great Hall of the People</a>. The Chongqing", ">vote</a>."],
                ['<a class="glossary-link" href="/en/glossary/#biaojue">vote</a>d'],
            ),
            (
                "zh-hans",
                "这次会议。市人民代表大会常务委员会。一般性的建议。第三次会议。代表建议。",
                ["第三<a", ">次会议</a>", ">代表</a>", ">建议</a>"],
                ["这<a", "人民<a", "的<a"],
            ),
        ],
    )
    def test_glossary_links_only_the_terms_sense(self, language, text, linked, not_linked):
        from guide.models import GlossaryTerm
        from guide.rendering import link_glossary_terms

        with translation.override(language):
            html = link_glossary_terms(f"<p>{text}</p>", GlossaryTerm.objects.all(), language)
        for fragment in linked:
            assert fragment in html
        for fragment in not_linked:
            assert fragment not in html

    def test_explainer_links_glossary_terms(self, client):
        explainer = Explainer.objects.published().get(slug="what-are-the-two-sessions")
        response = client.get(explainer.get_absolute_url())
        assert 'class="glossary-link"' in response.content.decode()

    def test_not_found_page_in_readers_language(self, client):
        response = client.get("/zh-hans/sessions/1800/nowhere/")
        assert response.status_code == 404
        assert '<html lang="zh-hans">' in response.content.decode()


@pytest.mark.django_db
class TestSearch:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("重庆", "Chongqing Two Sessions 2020"),
            ("Chongqing 2020", "Chongqing Two Sessions 2020"),
            ("lianghui", "两会"),
            ("liǎnghuì", "两会"),
            ("Liang Hui", "两会"),
            ("li keqiang", "Li Keqiang"),
            ("李强", "Li Qiang"),
            ("deficit", "Deficit-to-GDP ratio"),
            ("赤字率", "赤字率"),
        ],
    )
    def test_finds_content(self, client, query, expected):
        response = client.get(url("search"), {"q": query})
        assert response.status_code == 200
        assert expected in text_of(response)

    @pytest.mark.parametrize("query", ["chongqing 2020", "重庆 2020"])
    def test_a_place_and_a_year_find_that_place_and_its_guide(self, client, query):
        from guide.search import Query, search_divisions, search_explainers

        parsed = Query(query)
        assert [hit.url for hit in search_divisions(parsed)] == ["/en/divisions/chongqing/"]
        first = search_explainers(parsed)[0]
        assert first.url == "/en/guide/chongqing-two-sessions-2020/"

    def test_results_are_grouped_by_kind(self, client):
        text = text_of(client.get(url("search"), {"q": "Chongqing"}))
        for group in ("Sessions", "Meetings", "Divisions"):
            assert group in text

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("", "Try a place"),
            ("x" * 300, "Your search is too long"),
            ("zzzzqqq", "Nothing matches"),
            ("%_'\"<script>", "Nothing matches"),
            ("\x00\x01", "Try a place"),
        ],
    )
    def test_odd_queries_get_a_helpful_page(self, client, query, message):
        response = client.get(url("search"), {"q": query})
        assert response.status_code == 200
        assert message in text_of(response)
        assert "<script>" not in response.content.decode().split("<main", 1)[1]

    def test_drafts_are_not_found(self, client):
        session = Session.objects.get(year=2020, division__slug="chongqing")
        session.status = "draft"
        session.save()
        text = text_of(client.get(url("search"), {"q": "Chongqing 2020"}))
        assert "Chongqing Two Sessions 2020" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Something went wrong"), ("zh-hans", "出错了")]
)
def test_server_error_page_in_readers_language(client, monkeypatch, language, heading):
    def fail(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr("guide.views.site.HomeView.get_context_data", fail)
    client.raise_request_exception = False
    response = client.get(f"/{language}/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
