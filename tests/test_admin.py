"""The admin as editors and translators use it, through the test client."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

REGISTERED = sorted(admin.site._registry, key=lambda model: model.__name__)


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model.__name__)
def test_editor_opens_changelist_add_and_change_pages(editor_client, model):
    obj = model._default_manager.first()
    assert obj is not None, f"the demo content has no {model.__name__}"
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
