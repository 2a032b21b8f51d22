"""Stable keys for translated objects: slugs, codes, years and kinds, never database ids, so that
a PO file exported on one install applies on another that holds the same content.

A key is built from fields that identify the object and do not change with its text; where two
objects would share a key (two posts of one person in one body), the later ones (in order of
creation) get ``#2``, ``#3``.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from .. import models as guide


def _report(report):
    session = report.meeting.session
    return f"{session.year}/{session.division.slug}/{report.kind}"


def _body(body):
    return f"{body.division.slug}/{body.kind}"


def _membership(post):
    start = post.start_date.year if post.start_date else post.first_attested or ""
    return f"{post.person.slug}/{_body(post.body)}/{start}"


def _figure(figure):
    report = _report(figure.report) if figure.report_id else "no-report"
    return f"{report}/{figure.indicator.code}/{figure.division.slug}/{figure.year}/{figure.kind}"


# Each model: the relations its key follows, and the key.
KEYS = {
    guide.Division: ((), lambda division: division.slug),
    guide.Venue: (("division",), lambda venue: f"{venue.division.slug}/{slugify(venue.pinyin)}"),
    guide.Body: (("division",), _body),
    guide.Session: (("division",), lambda session: f"{session.year}/{session.division.slug}"),
    guide.Meeting: (
        ("session__division", "body"),
        lambda meeting: (
            f"{meeting.session.year}/{meeting.session.division.slug}/{meeting.body.kind}"
        ),
    ),
    guide.Person: ((), lambda person: person.slug),
    guide.Membership: (("person", "body__division"), _membership),
    guide.Report: (("meeting__session__division",), _report),
    guide.ReportImage: (
        ("report__meeting__session__division",),
        lambda image: f"{_report(image.report)}/{image.order}",
    ),
    guide.Indicator: ((), lambda indicator: indicator.code),
    guide.Figure: (
        ("report__meeting__session__division", "indicator", "division"),
        _figure,
    ),
    guide.Task: (
        ("report__meeting__session__division",),
        lambda task: f"{_report(task.report)}/{task.order}",
    ),
    guide.Decision: ((), lambda decision: decision.key),
    guide.Gap: ((), lambda gap: gap.key),
    guide.Source: ((), lambda source: source.key),
    guide.GlossaryTerm: ((), lambda term: term.slug),
    guide.Explainer: ((), lambda explainer: explainer.slug),
}


class Keyring:
    """Keys of every object of the models asked for, computed once (one query per model)."""

    def __init__(self):
        self._keys = {}
        self._objects = {}

    def _load(self, model):
        if model in self._keys:
            return
        if model is guide.Citation:
            objects = list(
                guide.Citation.objects.select_related("source", "content_type").order_by("pk")
            )
            key = self._citation
        else:
            related, key = KEYS[model]
            objects = list(model._default_manager.select_related(*related).order_by("pk"))
        keys, by_key, seen = {}, {}, {}
        for obj in objects:
            base = key(obj)
            if base is None:
                continue
            seen[base] = seen.get(base, 0) + 1
            unique = base if seen[base] == 1 else f"{base}#{seen[base]}"
            keys[obj.pk] = unique
            by_key[unique] = obj
        self._keys[model] = keys
        self._objects[model] = by_key

    def _citation(self, citation):
        target = ContentType.objects.get_for_id(citation.content_type_id).model_class()
        if target not in KEYS:
            return None
        target_key = self.keys(target).get(citation.object_id)
        if target_key is None:
            return None
        return f"{target._meta.label_lower}:{target_key}/{citation.source.key}"

    def keys(self, model):
        """{pk: key} for every object of the model."""
        self._load(model)
        return self._keys[model]

    def objects(self, model):
        """{key: object} for every object of the model."""
        self._load(model)
        return self._objects[model]


def context(model, key, field):
    """A PO entry's msgctxt: ``guide.session:2024/chongqing:summary``."""
    return f"{model._meta.label_lower}:{key}:{field}"


def parse_context(msgctxt):
    """(label, key, field) from a msgctxt, or None when it has not that form."""
    label, sep, rest = (msgctxt or "").partition(":")
    key, sep2, field = rest.rpartition(":")
    if not (sep and sep2 and label and key and field):
        return None
    return label, key, field
