"""The sitemap: every public page in both languages, each listing its translations.

Served at /sitemap.xml, outside the language prefixes; twosessions/urls.py includes this module.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import path, reverse

from guide.models import (
    Division,
    Explainer,
    Figure,
    Indicator,
    Meeting,
    Person,
    Report,
    Session,
)


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        # Django points x-default at the address without a language prefix (a redirect); the
        # pages' own <link rel="alternate" hreflang="x-default"> name the English page instead,
        # and the two should agree.
        for url in urls:
            by_language = {alternate["lang_code"]: alternate for alternate in url["alternates"]}
            if "x-default" in by_language:
                default = by_language[settings.LANGUAGE_CODE]["location"]
                by_language["x-default"]["location"] = default
        return urls


class ChangedSitemap(TranslatedSitemap):
    def lastmod(self, item):
        return item.updated_at


class StaticViewSitemap(TranslatedSitemap):
    """Pages without an object of their own, by URL name."""

    names = [
        "guide:home",
        "guide:year_list",
        "guide:division_list",
        "guide:indicator_list",
        "guide:person_list",
        "guide:explainer_list",
        "guide:glossary",
        "guide:data",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class YearSitemap(TranslatedSitemap):
    def items(self):
        return list(Session.objects.published().years())

    def location(self, year):
        return reverse("guide:year_detail", args=[year])


class SessionSitemap(ChangedSitemap):
    def items(self):
        return Session.objects.published().for_list()


class MeetingSitemap(TranslatedSitemap):
    def items(self):
        return Meeting.objects.published().select_related("session__division", "body")

    def lastmod(self, meeting):
        # Meetings have no change time of their own; their session's is the closest there is.
        return meeting.session.updated_at


class ReportSitemap(ChangedSitemap):
    def items(self):
        return Report.objects.published().for_list()


class ReportComparisonSitemap(ChangedSitemap):
    """The targets-vs-results and what-changed pages of every report."""

    views = ["guide:report_targets", "guide:report_changes"]

    def items(self):
        return [
            (view, report)
            for report in Report.objects.published().for_list()
            for view in self.views
        ]

    def location(self, item):
        view, report = item
        session = report.meeting.session
        return reverse(view, args=[session.year, session.division.slug, report.kind])

    def lastmod(self, item):
        return item[1].updated_at


class DivisionIndicatorSitemap(TranslatedSitemap):
    def items(self):
        return list(
            Figure.objects.published()
            .order_by("division__slug", "indicator__code")
            .values_list("division__slug", "indicator__code")
            .distinct()
        )

    def location(self, item):
        return reverse("guide:division_indicator", args=item)


class IndicatorYearSitemap(TranslatedSitemap):
    def items(self):
        return list(
            Figure.objects.published()
            .targets()
            .order_by("indicator__code", "year")
            .values_list("indicator__code", "year")
            .distinct()
        )

    def location(self, item):
        return reverse("guide:indicator_year", args=item)


class PersonSitemap(ChangedSitemap):
    def items(self):
        return Person.objects.published()


class ExplainerSitemap(ChangedSitemap):
    def items(self):
        return Explainer.objects.published()


class DivisionSitemap(TranslatedSitemap):
    def items(self):
        return Division.objects.all()


class IndicatorSitemap(TranslatedSitemap):
    def items(self):
        return Indicator.objects.all()


SITEMAPS = {
    "pages": StaticViewSitemap,
    "years": YearSitemap,
    "sessions": SessionSitemap,
    "meetings": MeetingSitemap,
    "reports": ReportSitemap,
    "comparisons": ReportComparisonSitemap,
    "division-indicators": DivisionIndicatorSitemap,
    "indicator-years": IndicatorYearSitemap,
    "people": PersonSitemap,
    "explainers": ExplainerSitemap,
    "divisions": DivisionSitemap,
    "indicators": IndicatorSitemap,
}

urlpatterns = [
    path("", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
