"""Checks of a facts file: what the loader relies on, and what "verified" promises.

``check(facts)`` returns a Problem for each thing wrong, naming the record it is in:
a reference that leads nowhere, an id used twice, a session that closes before it
opens, a status or qualifier the loader does not know, a verified figure whose quote
does not give its number.

A quote gives a number when it holds it in a form the figure's unit allows, after the
file's own conversions: trillion yuan are also written in 亿 (33757.93亿元 = 3.375793),
million persons in 万 (60万人 = 0.6) or in full (300,000), percentages with “%”,
“percent” or as ranges (“5%-5.5%”, “5-5.5%”, “5%到5.5%”, “5 to 5.5 percent”). Full-width
digits, Chinese numerals (百分之五, 一千二百万) and small English number words count as
the numbers they write. A negative change needs a word for a fall (降低, reduction …).
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from guide.models import Body, Decision, Source

from .loader import DATE_STATUSES, QUALIFIER_EXCEPTIONS, QUALIFIERS, REPORT_KINDS, REPORT_STATUSES

NATIONAL = "CN"
# Lists whose records others refer to by id: an id names one record in all of them.
ID_LISTS = ("venues", "bodies", "people", "sessions", "meetings", "reports", "figures", "decisions")
FIGURE_KINDS = {"target", "actual"}


@dataclass(frozen=True, order=True)
class Problem:
    record: str
    message: str

    def __str__(self):
        return f"{self.record}: {self.message}"


def check(facts, indicators=None):
    """Every problem in the facts file; ``indicators`` are the indicator ids the site defines."""
    checker = Checker(facts, indicators)
    checker.run()
    return sorted(set(checker.problems))


class Checker:
    def __init__(self, facts, indicators):
        self.facts = facts
        self.indicators = indicators
        self.problems = []
        self.ids = {name: {record.get("id") for record in facts.get(name, [])} for name in ID_LISTS}
        self.ids["sources"] = set(facts.get("sources", {}))
        self.ids["regions"] = {region.get("code") for region in facts.get("regions", [])}

    def problem(self, record, message):
        self.problems.append(Problem(str(record), message))

    def run(self):
        self.check_ids()
        self.check_sources()
        self.check_regions()
        for name, check_record in (
            ("venues", self.check_venue),
            ("bodies", self.check_body),
            ("people", self.check_person),
            ("sessions", self.check_session),
            ("meetings", self.check_meeting),
            ("reports", self.check_report),
            ("figures", self.check_figure),
            ("decisions", self.check_decision),
        ):
            for record in self.facts.get(name, []):
                check_record(record)
        self.check_views()

    # References and ids

    def check_ids(self):
        seen = {}
        for name in ID_LISTS:
            for position, record in enumerate(self.facts.get(name, [])):
                key = record.get("id")
                if not key:
                    self.problem(f"{name}[{position}]", "has no id")
                elif key in seen:
                    self.problem(key, f"id used twice (in {seen[key]} and {name})")
                else:
                    seen[key] = name
        for key, source in self.facts.get("sources", {}).items():
            if source.get("id", key) != key:
                self.problem(key, f"listed under {key!r} but its id is {source.get('id')!r}")
        codes = [region.get("code") for region in self.facts.get("regions", [])]
        for code in {code for code in codes if codes.count(code) > 1}:
            self.problem(code, "region code used twice")

    def expect_one_of(self, record, field, value, values):
        if value not in values:
            known = ", ".join(sorted(str(value) for value in values))
            self.problem(record, f"{field} {value!r} is not one of {known}")

    def refers(self, record, field, value, name, allow_national=False):
        if value is None or (allow_national and value == NATIONAL):
            return
        if value not in self.ids[name]:
            self.problem(record, f"{field} {value!r} is not in {name}")

    def check_citations(self, record, citations, field="citations"):
        for citation in citations or []:
            if not citation.get("source"):
                self.problem(record, f"a citation in {field} names no source")
            else:
                self.refers(record, f"{field} source", citation["source"], "sources")

    def check_date(self, record, field, value):
        try:
            return datetime.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            self.problem(record, f"{field} {value!r} is not a date (YYYY-MM-DD)")
            return None

    def check_status(self, record, field, entry):
        status = entry.get("status")
        if (status or "").partition(" (")[0] not in DATE_STATUSES:
            self.expect_one_of(record, f"{field} status", status, DATE_STATUSES)

    def check_sources(self):
        for key, source in self.facts.get("sources", {}).items():
            self.expect_one_of(key, "host_class", source.get("host_class"), Source.HostClass.values)
            self.expect_one_of(key, "lang", source.get("lang"), Source.Language.values)

    def check_regions(self):
        for region in self.facts.get("regions", []):
            for source in region.get("sources", []):
                self.refers(region.get("code"), "source", source, "sources")

    def check_venue(self, venue):
        self.check_citations(venue["id"], venue.get("citations"))

    def check_body(self, body):
        self.refers(body["id"], "region", body.get("region"), "regions", allow_national=True)
        self.expect_one_of(body["id"], "kind", body.get("kind"), Body.Kind.values)

    def check_person(self, person):
        key = person["id"]
        self.check_citations(key, person.get("citations"))
        for role in person.get("roles", []):
            self.refers(key, "role body", role.get("body"), "bodies")
            self.refers(key, "role region", role.get("region"), "regions", allow_national=True)

    def check_session(self, session):
        key = session["id"]
        self.refers(key, "body", session.get("body"), "bodies")
        self.refers(key, "region", session.get("region"), "regions", allow_national=True)
        self.refers(key, "venue", session.get("venue"), "venues")
        dates = {}
        for part in ("open", "close"):
            entry = session.get(part) or {}
            if entry:
                self.check_status(key, part, entry)
                dates[part] = self.check_date(key, f"{part} date", entry.get("date"))
            self.check_citations(key, entry.get("citations"), f"{part} citations")
        if dates.get("open") and dates.get("close") and dates["close"] < dates["open"]:
            self.problem(key, f"closes ({dates['close']}) before it opens ({dates['open']})")
        for field in ("ordinal_citation", "postponement_citation"):
            if session.get(field):
                self.check_citations(key, [session[field]], field)
        self.check_citations(key, session.get("scheduled_citations"), "scheduled_citations")

    def check_meeting(self, meeting):
        key = meeting["id"]
        self.refers(key, "session", meeting.get("session"), "sessions")
        self.refers(key, "venue", meeting.get("venue"), "venues")
        self.check_status(key, "date", meeting)
        self.check_date(key, "date", meeting.get("date"))
        self.check_citations(key, meeting.get("citations"))

    def check_report(self, report):
        key = report["id"]
        self.refers(key, "session", report.get("session"), "sessions")
        self.refers(key, "delivered_by", report.get("delivered_by"), "people")
        self.refers(key, "region", report.get("region"), "regions", allow_national=True)
        self.refers(key, "full_text_source", report.get("full_text_source"), "sources")
        self.expect_one_of(key, "status", report.get("status"), REPORT_STATUSES)
        self.expect_one_of(key, "kind", report.get("kind"), REPORT_KINDS)
        delivered = self.check_date(key, "delivered_on", report.get("delivered_on"))
        approved = self.check_date(key, "approved_on", report.get("approved_on"))
        if delivered and approved and approved < delivered:
            self.problem(key, f"approved ({approved}) before it was delivered ({delivered})")
        self.check_citations(key, report.get("citations"))
        if report.get("structure_citation"):
            self.check_citations(key, [report["structure_citation"]], "structure_citation")
        self.check_citations(key, report.get("note_citations"), "note_citations")

    def check_figure(self, figure):
        key = figure["id"]
        self.refers(key, "report", figure.get("report"), "reports")
        self.refers(key, "region", figure.get("region"), "regions", allow_national=True)
        self.refers(key, "source", figure.get("source"), "sources")
        if self.indicators is not None:
            self.expect_one_of(key, "indicator", figure.get("indicator"), self.indicators)
        self.expect_one_of(key, "kind", figure.get("kind"), FIGURE_KINDS)
        qualifier = figure.get("qualifier") or ""
        if qualifier not in QUALIFIER_EXCEPTIONS and qualifier.partition(" (")[0] not in QUALIFIERS:
            self.expect_one_of(key, "qualifier", qualifier, QUALIFIERS)
        self.check_citations(key, figure.get("extra_citations"), "extra_citations")
        if figure.get("verified") is True:
            self.check_verified_figure(figure)

    def check_verified_figure(self, figure):
        key = figure["id"]
        if not figure.get("source"):
            self.problem(key, "verified, but has no source")
        if not figure.get("quote"):
            self.problem(key, "verified, but has no quote")
            return
        unit = figure.get("unit") or ""
        for field in ("value", "value_high"):
            value = figure.get(field)
            if value is not None and not quote_gives(figure["quote"], value, unit):
                self.problem(
                    key, f"verified, but its quote does not give its {field}, {value} {unit}"
                )

    def check_decision(self, decision):
        key = decision["id"]
        self.refers(key, "session", decision.get("session"), "sessions")
        self.check_date(key, "date", decision.get("date"))
        self.expect_one_of(key, "kind", decision.get("kind"), Decision.Kind.values)
        for count in (decision.get("votes") or {}).values():
            if count is not None and (not isinstance(count, int) or count < 0):
                self.problem(key, f"vote count {count!r} is not a whole number of votes")
        self.check_citations(key, decision.get("citations"))

    def check_views(self):
        for name, rows in self.facts.get("views", {}).items():
            for row in rows if isinstance(rows, list) else []:
                for cell in row.values():
                    if isinstance(cell, dict) and "figure" in cell:
                        self.refers(f"views.{name}", "figure", cell["figure"], "figures")


# Reading numbers in quotes

NUMBER = r"\d+(?:\.\d+)?"
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％－～，", "0123456789.%-~,")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
RANGE = r"\s*(?:[-–—－~～至到]|to|and)\s*"
PERCENT = r"\s*-?\s*(?:%|percent\b|per cent\b|pct\b)"
CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CHINESE_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10**4,
    "萬": 10**4,
    "亿": 10**8,
    "億": 10**8,
}
CHINESE_NUMERAL = re.compile(
    r"(?P<percent>百分之)?(?P<digits>[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万萬亿億]*"
    r"(?:点[零〇一二三四五六七八九]+)?)(?P<after>[万萬亿億]*)"
)
ENGLISH_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
ENGLISH_NUMBERS |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
ENGLISH_NUMBER = re.compile(
    rf"\b({'|'.join(ENGLISH_NUMBERS)})\b(?=[ -]+(?:percent|per cent|million|trillion|billion))",
    re.IGNORECASE,
)
# A negative change (a reduction target) needs a word for a fall, or a minus sign.
FALL = re.compile(
    r"降低|下降|减少|減少|reduc|drop|declin|decreas|\bfall|\blower|\bcut|(?<![\w.])[-−]\d",
    re.IGNORECASE,
)
# The forms each unit of the file is written in, after the number, and their value in the unit.
MAGNITUDES = {
    "trillion": {
        "万亿": 1,
        "萬億": 1,
        "trillion": 1,
        "亿": Decimal("0.0001"),
        "億": Decimal("0.0001"),
        "billion": Decimal("0.001"),
    },
    "million persons": {
        "万": Decimal("0.01"),
        "萬": Decimal("0.01"),
        "million": 1,
        "": Decimal("1e-6"),
    },
    "units": {"万": 10**4, "萬": 10**4, "": 1},
}
UNIT_MAGNITUDES = {
    "trillion yuan": "trillion",
    "trillion jin": "trillion",
    "trillion US dollars": "trillion",
    "million persons": "million persons",
    "yuan": "units",
    "US dollars": "units",
}


def chinese_number(text):
    """一千二百 → 1200, 三点八 → 3.8, 十二 → 12."""
    whole, _sep, decimals = text.partition("点")
    total = section = digit = 0
    for char in whole:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in ("万", "萬", "亿", "億"):
            total += (section + digit) * CHINESE_UNITS[char]
            section = digit = 0
        else:
            section += (digit or 1) * CHINESE_UNITS[char]
            digit = 0
    number = str(total + section + digit)
    if decimals:
        number += "." + "".join(str(CHINESE_DIGITS[char]) for char in decimals)
    return number


def arabic(match):
    digits = match["digits"]
    after = match["after"]
    # A trailing 万 or 亿 is the unit the number is counted in (一千二百万 is 1200万).
    while digits and digits[-1] in "万萬亿億" and not after:
        after, digits = digits[-1], digits[:-1]
    if not digits:
        return match.group()
    number = chinese_number(digits)
    return f"{number}{after}%" if match["percent"] else f"{number}{after}"


def normalized(quote):
    text = quote.translate(FULL_WIDTH)
    text = CHINESE_NUMERAL.sub(arabic, text)
    text = ENGLISH_NUMBER.sub(lambda match: str(ENGLISH_NUMBERS[match[1].lower()]), text)
    return THOUSANDS.sub("", text)


def numbers_in(quote, unit):
    """The numbers the quote gives in the figure's unit, converted to that unit."""
    text = normalized(quote)
    if unit.startswith("%"):
        found = []
        for match in re.finditer(rf"({NUMBER})(?:%?{RANGE}({NUMBER}))?{PERCENT}", text):
            found += [Decimal(number) for number in match.groups() if number]
        return found
    magnitudes = MAGNITUDES.get(UNIT_MAGNITUDES.get(unit.partition(" (")[0]), {})
    if not magnitudes:
        return []
    words = "|".join(
        sorted((re.escape(word) for word in magnitudes if word), key=len, reverse=True)
    )
    pattern = rf"({NUMBER})\s*({words})?" if "" in magnitudes else rf"({NUMBER})\s*({words})"
    return [Decimal(number) * magnitudes[word or ""] for number, word in re.findall(pattern, text)]


def quote_gives(quote, value, unit):
    """Whether the quote gives the value, in the unit the file records it in."""
    value = Decimal(str(value))
    if value < 0 and not FALL.search(quote):
        return False
    return abs(value) in numbers_in(quote, unit)
