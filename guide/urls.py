from django.urls import include, path
from django.views.generic import RedirectView

from . import views

app_name = "guide"

session = "sessions/<int:year>/<slug:division>/"
report = session + "reports/<slug:kind>/"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("years/", views.YearListView.as_view(), name="year_list"),
    path("years/<int:year>/", views.YearDetailView.as_view(), name="year_detail"),
    path(session, views.SessionDetailView.as_view(), name="session_detail"),
    path(report, views.ReportDetailView.as_view(), name="report_detail"),
    path(report + "targets/", views.ReportTargetsView.as_view(), name="report_targets"),
    path(report + "changes/", views.ReportChangesView.as_view(), name="report_changes"),
    # Shortened addresses a reader may type lead to the page above them.
    path("sessions/<int:year>/", RedirectView.as_view(pattern_name="guide:year_detail")),
    path(session + "reports/", RedirectView.as_view(pattern_name="guide:session_detail")),
    path(session + "<slug:body>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("divisions/", views.DivisionListView.as_view(), name="division_list"),
    path("divisions/<slug:slug>/", views.DivisionDetailView.as_view(), name="division_detail"),
    path(
        "divisions/<slug:slug>/indicators/<slug:code>/",
        views.DivisionIndicatorView.as_view(),
        name="division_indicator",
    ),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path(
        "indicators/<slug:code>/<int:year>/",
        views.IndicatorYearView.as_view(),
        name="indicator_year",
    ),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("guide/", views.ExplainerListView.as_view(), name="explainer_list"),
    path("guide/<slug:slug>/", views.ExplainerDetailView.as_view(), name="explainer_detail"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("data/", include("guide.opendata.urls")),
]
