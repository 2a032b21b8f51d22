"""Addresses of the public pages, inside the language prefix (/en/, /zh-hans/)."""

from django.urls import include, path
from django.views.generic import RedirectView

from .views import content, coverage, indicators, people, places, reports, sessions, site

app_name = "guide"

session = "sessions/<int:year>/<slug:division>/"
report = session + "reports/<slug:kind>/"

urlpatterns = [
    path("", site.HomeView.as_view(), name="home"),
    path("years/", sessions.YearListView.as_view(), name="year_list"),
    path("years/<int:year>/", sessions.YearDetailView.as_view(), name="year_detail"),
    path(session, sessions.SessionDetailView.as_view(), name="session_detail"),
    path(report, reports.ReportDetailView.as_view(), name="report_detail"),
    path(report + "targets/", reports.ReportTargetsView.as_view(), name="report_targets"),
    path(report + "changes/", reports.ReportChangesView.as_view(), name="report_changes"),
    # Shortened addresses a reader may type lead to the page above them.
    path("sessions/<int:year>/", RedirectView.as_view(pattern_name="guide:year_detail")),
    path(session + "reports/", RedirectView.as_view(pattern_name="guide:session_detail")),
    path(session + "<slug:body>/", sessions.MeetingDetailView.as_view(), name="meeting_detail"),
    path("divisions/", places.DivisionListView.as_view(), name="division_list"),
    path("divisions/<slug:slug>/", places.DivisionDetailView.as_view(), name="division_detail"),
    path(
        "divisions/<slug:slug>/indicators/<slug:code>/",
        places.DivisionIndicatorView.as_view(),
        name="division_indicator",
    ),
    path("indicators/", indicators.IndicatorListView.as_view(), name="indicator_list"),
    path(
        "indicators/<slug:code>/", indicators.IndicatorDetailView.as_view(), name="indicator_detail"
    ),
    path(
        "indicators/<slug:code>/<int:year>/",
        indicators.IndicatorYearView.as_view(),
        name="indicator_year",
    ),
    path("people/", people.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("guide/", content.ExplainerListView.as_view(), name="explainer_list"),
    path("guide/<slug:slug>/", content.ExplainerDetailView.as_view(), name="explainer_detail"),
    path("glossary/", content.GlossaryView.as_view(), name="glossary"),
    path("search/", site.SearchView.as_view(), name="search"),
    path("coverage/", coverage.CoverageView.as_view(), name="coverage"),
    path("data/", include("guide.opendata.urls")),
]
