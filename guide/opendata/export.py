"""The figures download: one record per published figure, the same columns in CSV and JSON."""

import csv
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

COLUMNS = [
    "id",
    "key",
    "division_code",
    "division_slug",
    "division_name",
    "indicator_code",
    "indicator_name",
    "unit",
    "year",
    "kind",
    "value",
    "value_high",
    "qualifier",
    "wording",
    "preliminary",
    "report_url",
    "source_title",
    "source_url",
    "source_publisher",
    "quote",
    "permalink",
]

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def figure_record(figure, absolute_url):
    """The figure's columns as Python values; ``absolute_url`` turns a path into a full URL."""
    source = figure.source
    return {
        "id": figure.pk,
        "key": figure.key,
        "division_code": figure.division.code,
        "division_slug": figure.division.slug,
        "division_name": figure.division.name,
        "indicator_code": figure.indicator.code,
        "indicator_name": figure.indicator.name,
        "unit": figure.indicator.unit,
        "year": figure.year,
        "kind": figure.kind,
        "value": figure.value,
        "value_high": figure.value_high,
        "qualifier": figure.qualifier,
        # The report's own words: in the active language if we have them, else as published.
        "wording": figure.wording or figure.wording_zh_hans or figure.wording_en or "",
        "preliminary": figure.preliminary,
        "report_url": absolute_url(figure.report.get_absolute_url()) if figure.report else None,
        "source_title": source.title,
        "source_url": source.url,
        "source_publisher": source.publisher,
        "quote": figure.quote,
        "permalink": absolute_url(figure.get_absolute_url()),
    }


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def plain_number(value):
    """6.600000 → "6.6", 30000.000000 → "30000"."""
    return format(value.normalize(), "f")


class Line:
    """A file that hands back what the csv writer writes, one row at a time."""

    def write(self, text):
        return text


def csv_lines(records):
    """The CSV file row by row, for a streaming response: its size does not matter."""
    writer = csv.writer(Line())
    # The byte order mark makes Excel read the file as UTF-8, so Chinese shows correctly.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for record in records:
        yield writer.writerow([csv_cell(record[column]) for column in COLUMNS])


class NumberEncoder(DjangoJSONEncoder):
    """Decimals become JSON numbers, not strings."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(plain_number(o))
        return super().default(o)


def json_text(document):
    return json.dumps(document, cls=NumberEncoder, ensure_ascii=False)


def json_chunks(document, records):
    """The document with its records under "figures" and their number under "count", written
    piece by piece for a streaming response."""
    head = json_text(document)
    yield head[:-1] + (', "figures": [' if document else '{"figures": [')
    count = 0
    for record in records:
        yield ("" if count == 0 else ", ") + json_text(record)
        count += 1
    yield f'], "count": {count}}}'
