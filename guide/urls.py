from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "sessions/<int:year>/<slug:division>/",
        views.SessionDetailView.as_view(),
        name="session_detail",
    ),
    path(
        "sessions/<int:year>/<slug:division>/<slug:body>/",
        views.MeetingDetailView.as_view(),
        name="meeting_detail",
    ),
    path(
        "sessions/<int:year>/<slug:division>/reports/<slug:kind>/",
        views.ReportDetailView.as_view(),
        name="report_detail",
    ),
    path("divisions/<slug:slug>/", views.DivisionDetailView.as_view(), name="division_detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("indicators/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("guide/<slug:slug>/", views.ExplainerDetailView.as_view(), name="explainer_detail"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
]
