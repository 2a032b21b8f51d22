"""The numbers a Chinese wording states, in an indicator's unit: “85万人以上” ⇒ 0.85 million people.

A figure's value is kept in the indicator's English unit; Chinese pages multiply it by the
indicator's ``chinese_scale`` and write the Chinese unit after it (0.85 million people → 85万人).
A wording states its number with a magnitude of its own (“5000亿元” for a unit of 万亿元), so both
sides are brought to the unit's base (人, 元, 斤, %) before they are compared.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

MAGNITUDES = {
    "万亿": Decimal("1e12"),
    "千亿": Decimal("1e11"),
    "百亿": Decimal("1e10"),
    "十亿": Decimal("1e9"),
    "亿": Decimal("1e8"),
    "千万": Decimal("1e7"),
    "百万": Decimal("1e6"),
    "十万": Decimal("1e5"),
    "万": Decimal("1e4"),
    "千": Decimal("1e3"),
    "百": Decimal("1e2"),
}
MAGNITUDE = "|".join(MAGNITUDES)
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
RANGE_SEPARATOR = r"\s*(?:-|–|—|~|～|至|到)\s*"
# Words just before a percentage that make it a fall: “降低3.8%” states a change of -3.8 %.
FALL = re.compile(r"(?:下降|降低|减少|回落|降)\s*$")
FALL_LOOKBACK = 4
# Two numbers agree when they differ by less than this share: wordings round, scale errors are
# at least tenfold.
TOLERANCE = Decimal("0.005")


class Stated(NamedTuple):
    """An amount in the unit's base, e.g. 850000 for “85万人”, and the words that state it."""

    amount: Decimal
    words: str


class ChineseUnit(NamedTuple):
    magnitude: Decimal
    base: str


def chinese_unit(unit):
    """“万人” → (10000, “人”); “万亿元” → (1e12, “元”); any unit with a “%” → (1, “%”)."""
    unit = (unit or "").strip()
    if "%" in unit:
        return ChineseUnit(Decimal(1), "%")
    match = re.fullmatch(rf"({MAGNITUDE})?(.+)", unit)
    if not match:
        return ChineseUnit(Decimal(1), unit)
    return ChineseUnit(MAGNITUDES.get(match.group(1) or "", Decimal(1)), match.group(2))


def _number(text, magnitude):
    try:
        return Decimal(text.replace(",", "")) * MAGNITUDES.get(magnitude or "", Decimal(1))
    except InvalidOperation:
        return None


def stated_amounts(text, unit):
    """Numbers the text states in the unit: a list of ``Stated`` amounts and a list of
    (low, high, words) ranges. A number counts when its unit follows it (“85万人”, “6%”), or a
    magnitude without the unit (“减少1109万”); a bare number (a year, a count of items) does not.
    A percentage right after a word for a fall (“降低3.8%”) is a negative change; an amount
    keeps its sign (“减少1109万” is the size of a reduction)."""
    if not text:
        return [], []
    base = re.escape(unit.base)
    if unit.base == "%":
        single = rf"({NUMBER})\s*()%"
    else:
        single = rf"({NUMBER})\s*(?:({MAGNITUDE})\s*(?:{base})?|()(?:{base}))"
    ranges = []
    range_pattern = (
        rf"({NUMBER})\s*({MAGNITUDE})?\s*(?:{base})?"
        rf"{RANGE_SEPARATOR}({NUMBER})\s*({MAGNITUDE})?\s*{base}"
    )
    for match in re.finditer(range_pattern, text):
        high_magnitude = match.group(4)
        low = _number(match.group(1), match.group(2) or high_magnitude)
        high = _number(match.group(3), high_magnitude)
        if low is not None and high is not None:
            ranges.append((low, high, match.group(0)))
    singles = []
    for match in re.finditer(single, text):
        amount = _number(match.group(1), match.group(2))
        if amount is None:
            continue
        before = text[max(0, match.start() - FALL_LOOKBACK) : match.start()]
        if unit.base == "%" and FALL.search(before):
            amount = -amount
        singles.append(Stated(amount, match.group(0)))
    return singles, ranges


def agrees(first, second):
    if first == second:
        return True
    return abs(first - second) <= TOLERANCE * max(abs(first), abs(second))


def in_base(value, scale, unit):
    """A stored value (in the English unit) in the Chinese unit's base."""
    return Decimal(value) * Decimal(scale) * unit.magnitude


def in_stored_unit(amount, scale, unit):
    return amount / (Decimal(scale) * unit.magnitude)
