"""Importing a report's figures from a spreadsheet: read, check every row, then write all or none.

A row is matched to the report's figure with the same indicator, kind and year (the natural
key; the division is always the report's) or, when the file has a ``key`` column, to the figure
with that key. Checking writes nothing: each row gets its action (create, change, unchanged)
and every error, including the model's own validation and constraints (``full_clean()``).
Writing happens only when no row has an error, in one transaction, each figure through
``save()``; a row whose values are already stored is not written, so importing the same file
twice changes nothing. Rows missing from the file are left as they are: an import never deletes.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Figure, Indicator, Source

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000


@dataclass(frozen=True)
class Column:
    name: str
    label: object
    description: object
    required: bool = False
    aliases: tuple = ()


COLUMNS = (
    Column(
        "indicator",
        gettext_lazy("indicator"),
        gettext_lazy("The indicator's code, e.g. gdp-growth, or its name in either language."),
        required=True,
    ),
    Column(
        "kind",
        gettext_lazy("kind"),
        gettext_lazy("target or result (目标 or 结果)."),
        required=True,
    ),
    Column(
        "year",
        gettext_lazy("year"),
        gettext_lazy(
            "The year the figure refers to. Empty: the report's year for a target, the year "
            "before for a result."
        ),
    ),
    Column(
        "value",
        gettext_lazy("value"),
        gettext_lazy(
            "The number in the indicator's unit, with a point for decimals and no thousands "
            "separator, e.g. 5.5. Empty only for “no target set”, “qualitative” or “not known”."
        ),
    ),
    Column(
        "value_high",
        gettext_lazy("upper value"),
        gettext_lazy("Only for a range, e.g. 6.5 in “6–6.5%”."),
        aliases=("upper_value", "upper", "high"),
    ),
    Column(
        "qualifier",
        gettext_lazy("qualifier"),
        gettext_lazy(
            "exact, around, over, at_least, nearly, within, below, range, no_target, "
            "qualitative or unknown (or their names in either language)."
        ),
        required=True,
    ),
    Column(
        "wording_zh_hans",
        gettext_lazy("Chinese wording"),
        gettext_lazy("The report's own words, e.g. 增长5%左右."),
        aliases=("chinese_wording", "wording", "original_wording", "wording_zh"),
    ),
    Column(
        "source",
        gettext_lazy("source"),
        gettext_lazy(
            "The source's key or URL. Empty: the source of the row above, else the report's "
            "full text."
        ),
    ),
    Column(
        "quote",
        gettext_lazy("verbatim quote"),
        gettext_lazy("The passage of the source that states the figure."),
        aliases=("verbatim_quote",),
    ),
    Column(
        "wording_en",
        gettext_lazy("English wording"),
        gettext_lazy("Optional: the figure in English words, e.g. around 5 percent."),
        aliases=("english_wording",),
    ),
    Column(
        "preliminary",
        gettext_lazy("preliminary"),
        gettext_lazy("Optional: yes when the report calls the figure an estimate."),
    ),
    Column(
        "key",
        gettext_lazy("key"),
        gettext_lazy(
            "Optional: the figure's stable identifier; a row with a key changes the figure "
            "that has it."
        ),
    ),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
TEMPLATE_COLUMNS = tuple(column.name for column in COLUMNS)
TRUE_WORDS = {"yes", "y", "true", "1", "是", "x"}
FALSE_WORDS = {"", "no", "n", "false", "0", "否"}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class FileProblem(Exception):
    """A file that cannot be read as a table of figures; the message says why."""


def default_year(report, kind):
    """The year a figure of ``kind`` in ``report`` refers to when left empty."""
    session = report_session(report)
    if session is None or kind not in Figure.Kind.values:
        return None
    return session.year if kind == Figure.Kind.TARGET else session.year - 1


def report_session(report):
    if report is None or not report.meeting_id:
        return None
    return report.meeting.session


# Reading ------------------------------------------------------------------------------------


def normalise_header(text):
    name = re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())
    for column in COLUMNS:
        if name == column.name or name in column.aliases or name in column_labels(column):
            return column.name
    return name


def column_labels(column):
    labels = set()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            labels.add(re.sub(r"\s+", "_", str(column.label).lower()))
    return labels


def read_table(upload=None, text=""):
    """The rows of an uploaded CSV or .xlsx file, or of pasted text (CSV, or tab-separated as
    a spreadsheet copies it), as (line number, {column: text}) pairs, and the column names."""
    if upload is not None:
        if upload.size > MAX_BYTES:
            raise FileProblem(
                _("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES // 1024 // 1024}
            )
        content = upload.read()
        if content.startswith(b"PK\x03\x04"):
            table = read_xlsx(content)
        else:
            table = read_delimited(decode(content))
    elif text.strip():
        table = read_delimited(text)
    else:
        raise FileProblem(_("Choose a file or paste the rows of a spreadsheet."))
    return to_rows(table)


def decode(content):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("The file is neither a spreadsheet (.xlsx) nor a text file (CSV)."))


def read_delimited(text):
    if "\x00" in text:
        raise FileProblem(_("The file is neither a spreadsheet (.xlsx) nor a text file (CSV)."))
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    # A spreadsheet copies cells with tabs; some save CSV with semicolons.
    if "\t" in first_line:
        delimiter = "\t"
    elif ";" in first_line and "," not in first_line:
        delimiter = ";"
    else:
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    except csv.Error as error:
        raise FileProblem(
            _("The file cannot be read as CSV: %(error)s") % {"error": error}
        ) from None


def read_xlsx(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise FileProblem(_("The spreadsheet cannot be read; save it again as .xlsx.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([cell_text(cell) for cell in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def cell_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def to_rows(table):
    table = [row for row in table if any(str(cell).strip() for cell in row)]
    if not table:
        raise FileProblem(_("The file holds no rows."))
    header = [normalise_header(cell) for cell in table[0]]
    missing = [
        str(column.label) for column in COLUMNS if column.required and column.name not in header
    ]
    if missing:
        raise FileProblem(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise FileProblem(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise FileProblem(_("A file may hold at most %(count)d rows.") % {"count": MAX_ROWS})
    known = [name for name in header if name in COLUMNS_BY_NAME]
    ignored = [table[0][i] for i, name in enumerate(header) if name and name not in known]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {
            name: str(cells[i]).strip() if i < len(cells) else ""
            for i, name in enumerate(header)
            if name in COLUMNS_BY_NAME
        }
        rows.append((number, values))
    return Table(columns=known, rows=rows, ignored=ignored)


@dataclass
class Table:
    columns: list
    rows: list
    ignored: list = field(default_factory=list)

    def as_payload(self):
        return {"columns": self.columns, "rows": self.rows, "ignored": self.ignored}

    @classmethod
    def from_payload(cls, payload):
        return cls(
            columns=list(payload["columns"]),
            rows=[(int(number), dict(values)) for number, values in payload["rows"]],
            ignored=list(payload.get("ignored", [])),
        )


# Checking -----------------------------------------------------------------------------------


class Change(NamedTuple):
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowResult:
    number: int
    values: dict
    figure: Figure | None = None
    action: str = ""
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    CREATE = "create"
    CHANGE = "change"
    UNCHANGED = "unchanged"

    @property
    def action_label(self):
        return {
            self.CREATE: _("new figure"),
            self.CHANGE: _("changes a figure"),
            self.UNCHANGED: _("unchanged"),
        }.get(self.action, _("error"))


COMPARED_FIELDS = (
    "indicator",
    "kind",
    "year",
    "value",
    "value_high",
    "qualifier",
    "wording_zh_hans",
    "wording_en",
    "preliminary",
    "source",
    "quote",
    "key",
)


def choice_words(choices):
    """Each choice by its value and by its label in every language, lowercased."""
    words = {}
    for value, label in choices:
        words[value.lower()] = value
        words[value.replace("_", " ")] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                words[str(label).lower()] = value
    return words


class FigureImport:
    """The rows of a table checked against one report; ``apply()`` writes them."""

    def __init__(self, report, table):
        self.report = report
        self.table = table
        self.results = []
        self.checked = False

    @property
    def division(self):
        session = report_session(self.report)
        return session.division if session else None

    def check(self):
        self.results = []
        indicators = self._indicators()
        sources = self._sources()
        kinds = choice_words(Figure.Kind.choices) | {"目标": "target", "结果": "result"}
        qualifiers = choice_words(Figure.Qualifier.choices)
        existing = {
            (figure.indicator_id, figure.kind, figure.year): figure
            for figure in self.report.figures.select_related("indicator", "source")
        }
        keyed = self._keyed_figures()
        seen = {}
        matched = {}
        previous_source = None
        for number, values in self.table.rows:
            result = RowResult(number, values)
            self.results.append(result)
            parsed = self._parse(result, indicators, sources, kinds, qualifiers)
            if not values.get("source"):
                parsed["source"] = previous_source or self.report.full_text
            previous_source = parsed.get("source") or previous_source
            if result.errors:
                continue
            natural_key = (parsed["indicator"].pk, parsed["kind"], parsed["year"])
            if natural_key in seen:
                result.errors.append(
                    _("Row %(row)d already has this indicator, kind and year.")
                    % {"row": seen[natural_key]}
                )
                continue
            seen[natural_key] = number
            figure = self._match(result, parsed, existing, keyed)
            if figure is None:
                continue
            if figure.pk is not None and figure.pk in matched:
                result.errors.append(
                    _("Row %(row)d already changes this figure.") % {"row": matched[figure.pk]}
                )
                continue
            if figure.pk is not None:
                matched[figure.pk] = number
            self._fill(result, figure, parsed)
        self.checked = True
        return self.results

    @property
    def is_valid(self):
        return self.checked and not any(result.errors for result in self.results)

    @property
    def counts(self):
        counts = {RowResult.CREATE: 0, RowResult.CHANGE: 0, RowResult.UNCHANGED: 0}
        for result in self.results:
            if result.action in counts:
                counts[result.action] += 1
        counts["errors"] = sum(1 for result in self.results if result.errors)
        return counts

    def apply(self):
        """Check again against the database as it is now, then write every row or none."""
        self.check()
        if not self.is_valid:
            return False
        try:
            with transaction.atomic():
                for result in self.results:
                    if result.action in (RowResult.CREATE, RowResult.CHANGE):
                        result.figure.save()
        except IntegrityError:
            # Another editor changed the same figures between the check and the write.
            self.results[0].errors.append(
                _("The report's figures changed meanwhile; nothing was imported. Check again.")
            )
            return False
        return True

    # The parts of check() ------------------------------------------------------------------

    def _indicators(self):
        indicators = list(Indicator.objects.all())
        lookup = {}
        for indicator in indicators:
            for name in (indicator.name_en, indicator.name_zh_hans):
                if name:
                    lookup.setdefault(name.strip().lower(), indicator)
        # A code wins over a name that happens to be spelled the same.
        lookup.update({indicator.code.lower(): indicator for indicator in indicators})
        return lookup

    def _sources(self):
        wanted = {values.get("source", "") for _number, values in self.table.rows} - {""}
        found = {}
        for source in Source.objects.filter(Q(key__in=wanted) | Q(url__in=wanted)):
            found[source.key] = source
            found.setdefault(source.url, source)
        return found

    def _keyed_figures(self):
        keys = {values.get("key", "") for _number, values in self.table.rows} - {""}
        if not keys:
            return {}
        return {
            figure.key: figure
            for figure in Figure.objects.filter(key__in=keys).select_related("indicator", "source")
        }

    def _parse(self, result, indicators, sources, kinds, qualifiers):
        values = result.values
        parsed = {}
        errors = result.errors

        indicator = values.get("indicator", "")
        if not indicator:
            errors.append(_("Give the indicator."))
        elif indicator.lower() not in indicators:
            errors.append(_("No indicator is called “%(value)s”.") % {"value": indicator})
        else:
            parsed["indicator"] = indicators[indicator.lower()]

        kind = values.get("kind", "").lower()
        if kind not in kinds:
            errors.append(
                _("The kind must be target or result, not “%(value)s”.")
                % {"value": values.get("kind", "")}
            )
        else:
            parsed["kind"] = kinds[kind]

        year = normalise_text(values.get("year", ""))
        if not year:
            parsed["year"] = default_year(self.report, parsed.get("kind"))
        elif year.isdigit():
            parsed["year"] = int(year)
        else:
            errors.append(_("The year must be a number, not “%(value)s”.") % {"value": year})

        for name in ("value", "value_high"):
            if name in self.table.columns or name == "value":
                number = self._number(values.get(name, ""), COLUMNS_BY_NAME[name].label, errors)
                if number is not False:
                    parsed[name] = number

        qualifier = values.get("qualifier", "").lower().replace("-", "_")
        if qualifier not in qualifiers:
            errors.append(
                _("No qualifier is called “%(value)s”.") % {"value": values.get("qualifier", "")}
            )
        else:
            parsed["qualifier"] = qualifiers[qualifier]

        source = values.get("source", "")
        if source:
            if source in sources:
                parsed["source"] = sources[source]
            else:
                errors.append(_("No source has the key or URL “%(value)s”.") % {"value": source})

        if "preliminary" in self.table.columns:
            word = values.get("preliminary", "").lower()
            if word in TRUE_WORDS:
                parsed["preliminary"] = True
            elif word in FALSE_WORDS:
                parsed["preliminary"] = False
            else:
                errors.append(
                    _("Preliminary must be yes or no, not “%(value)s”.")
                    % {"value": values.get("preliminary", "")}
                )

        for name in ("wording_zh_hans", "wording_en", "quote", "key"):
            if name in self.table.columns:
                parsed[name] = values.get(name, "")
        if parsed.get("key") == "":
            parsed.pop("key")
        return parsed

    def _number(self, text, label, errors):
        text = normalise_text(text)
        if not text:
            return None
        if not NUMBER.match(text):
            errors.append(
                _("%(column)s: “%(value)s” is not a number (write e.g. 5.5, without units).")
                % {"column": capfirst(label), "value": text}
            )
            return False
        try:
            return Decimal(text)
        except InvalidOperation:
            errors.append(
                _("%(column)s: “%(value)s” is not a number.")
                % {"column": capfirst(label), "value": text}
            )
            return False

    def _match(self, result, parsed, existing, keyed):
        natural = existing.get((parsed["indicator"].pk, parsed["kind"], parsed["year"]))
        key = parsed.get("key")
        if key:
            by_key = keyed.get(key)
            if by_key is not None and by_key.report_id != self.report.pk:
                result.errors.append(
                    _("The key “%(key)s” belongs to a figure of another report.") % {"key": key}
                )
                return None
            if by_key is not None and natural is not None and natural.pk != by_key.pk:
                result.errors.append(
                    _(
                        "The key “%(key)s” belongs to another figure of this report than the one "
                        "for this indicator, kind and year."
                    )
                    % {"key": key}
                )
                return None
            if by_key is not None:
                return by_key
        if natural is not None:
            return natural
        if self.division is None:
            result.errors.append(_("The report has no meeting, so its figures have no division."))
            return None
        return Figure(report=self.report, division=self.division)

    def _fill(self, result, figure, parsed):
        before = {name: getattr(figure, name) for name in COMPARED_FIELDS} if figure.pk else {}
        for name, value in parsed.items():
            setattr(figure, name, value)
        result.figure = figure
        try:
            figure.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    if name == NON_FIELD_ERRORS or name not in COLUMNS_BY_NAME:
                        result.errors.append(message)
                    else:
                        label = capfirst(COLUMNS_BY_NAME[name].label)
                        result.errors.append(f"{label}: {message}")
            return
        if figure.pk is None:
            result.action = RowResult.CREATE
            return
        for name in COMPARED_FIELDS:
            old, new = before[name], getattr(figure, name)
            if old != new and not (old in (None, "") and new in (None, "")):
                label = capfirst(COLUMNS_BY_NAME[name].label)
                result.changes.append(Change(name, label, shown(old), shown(new)))
        result.action = RowResult.CHANGE if result.changes else RowResult.UNCHANGED


def normalise_text(text):
    """Full-width digits and points, as Chinese input methods type them, read as ASCII."""
    return unicodedata.normalize("NFKC", text or "").strip()


def capfirst(text):
    text = str(text)
    return text[:1].upper() + text[1:]


def shown(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


# Writing a template -------------------------------------------------------------------------


def template_rows(report):
    """The header and the report's figures as rows: a file that imports as “unchanged”."""
    rows = [list(TEMPLATE_COLUMNS)]
    for figure in report.figures.select_related("indicator", "source").order_by(
        "kind", "indicator__order", "year", "pk"
    ):
        cells = {
            "indicator": figure.indicator.code,
            "kind": figure.kind,
            "year": str(figure.year),
            "value": shown_number(figure.value),
            "value_high": shown_number(figure.value_high),
            "qualifier": figure.qualifier,
            "wording_zh_hans": figure.wording_zh_hans or "",
            "source": figure.source.key if figure.source else "",
            "quote": figure.quote,
            "wording_en": figure.wording_en or "",
            "preliminary": "yes" if figure.preliminary else "no",
            "key": figure.key or "",
        }
        rows.append([cells[name] for name in TEMPLATE_COLUMNS])
    return rows


def shown_number(value):
    return "" if value is None else format(value.normalize(), "f")


def template_csv(report):
    buffer = io.StringIO()
    # A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(template_rows(report))
    return buffer.getvalue().encode("utf-8")


def template_xlsx(report):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "figures"
    for row in template_rows(report):
        # Text cells throughout: a spreadsheet must not turn 5.50 into 5.5 or a key into a date.
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
