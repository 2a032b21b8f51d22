"""Addresses of the open data: the data page, CSV and JSON downloads, iCalendar and Atom."""

from django.urls import path

from . import decisions, views
from .feeds import LatestFeed

urlpatterns = [
    path("", views.data_page, name="data"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("figures.json", views.figures_json, name="figures_json"),
    path("decisions.json", decisions.decisions_json, name="decisions_json"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("feed.atom", LatestFeed(), name="atom_feed"),
]
