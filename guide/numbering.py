"""Ordinals in the two languages, for decoding names like “3rd Session of the 13th NPC”."""

from django.utils.translation import get_language

DIGITS = "零一二三四五六七八九"


def english_ordinal(number):
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def chinese_numeral(number):
    """1–99 in Chinese numerals: 3 → 三, 13 → 十三, 20 → 二十, 21 → 二十一."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "" if tens == 1 else DIGITS[tens]
    return f"{head}十{DIGITS[ones] if ones else ''}"


def ordinal(number):
    """An ordinal in the active language: 13th, or 第十三."""
    if (get_language() or "en").startswith("zh"):
        return f"第{chinese_numeral(number)}"
    return english_ordinal(number)
