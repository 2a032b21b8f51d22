"""Addresses of the guide's pages, as ``reverse()`` gives them, but fast enough for long lists.

``reverse()`` costs tens of microseconds; a page listing a hundred people or sessions asks it a
hundred times. Each URL pattern is reversed once per language (and script prefix) with stand-ins
for its arguments; after that an address is the stand-ins replaced. Only for arguments that
need no quoting in a path: the guide's slugs, codes and years.
"""

import re

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

SAFE = re.compile(r"[-a-zA-Z0-9_]+")
_patterns = {}


def _stand_in(index, value):
    # Digits for numbers (an int converter accepts nothing else), letters for slugs.
    return str(987_654_000 + index) if isinstance(value, int) else f"zq{index}standin"


def address(name, *args):
    key = (name, get_language(), get_script_prefix(), tuple(isinstance(a, int) for a in args))
    pieces = _patterns.get(key)
    if pieces is None:
        stand_ins = [_stand_in(index, value) for index, value in enumerate(args)]
        url = reverse(name, args=stand_ins)
        # The address cut at its stand-ins: text, argument number, text, ...
        split = re.split("(" + "|".join(stand_ins) + ")", url) if stand_ins else [url]
        pieces = _patterns[key] = [
            stand_ins.index(piece) if index % 2 else piece for index, piece in enumerate(split)
        ]
    values = [str(value) for value in args]
    if not all(SAFE.fullmatch(value) for value in values):
        return reverse(name, args=args)
    return "".join(values[piece] if index % 2 else piece for index, piece in enumerate(pieces))
