"""The years the guide can hold, written once: from the People's Republic's founding to 2100."""

from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext

FIRST_YEAR = 1949
LAST_YEAR = 2100


def _out_of_range():
    return gettext("The year must be between %(first)d and %(last)d.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


OUT_OF_RANGE = lazy(_out_of_range, str)()


def is_plausible(year):
    return FIRST_YEAR <= year <= LAST_YEAR


def plausible_year(field_name):
    """The database condition for a year field to hold a plausible year."""
    return Q(**{f"{field_name}__gte": FIRST_YEAR, f"{field_name}__lte": LAST_YEAR})
