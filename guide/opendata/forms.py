"""The filters of the figures download, shared by the data page's form and the CSV/JSON URLs."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import F
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from guide.models import Division, Figure, Indicator
from guide.years import FIRST_YEAR, LAST_YEAR

MAX_VALUES = 50
MAX_VALUE_LENGTH = 100


class ListSelect(forms.Select):
    """One choice on the page; in a URL, several: repeated (?year=2023&year=2024) or 2023,2024."""

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        return [item.strip() for value in raw for item in value.split(",") if item.strip()]

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def use_required_attribute(self, initial):
        # Every filter is optional; asking would load the choices a second time.
        return False


class ListFieldMixin:
    """Bounds what a URL may ask for before any value reaches the database."""

    widget = ListSelect

    def clean(self, value):
        if len(value) > MAX_VALUES:
            raise ValidationError(
                _("Give at most %(limit)d values."), code="too_many", params={"limit": MAX_VALUES}
            )
        too_long = MaxLengthValidator(MAX_VALUE_LENGTH)
        for item in value:
            too_long(item)
        return super().clean(value)


class ChoiceListField(ListFieldMixin, forms.ModelMultipleChoiceField):
    def __init__(self, *, empty_label, **kwargs):
        super().__init__(queryset=None, **kwargs)
        # Offered on the page as the "no filter" choice; an empty value is dropped from URLs.
        self.empty_label = empty_label


class YearListField(ListFieldMixin, forms.Field):
    def __init__(self, *, empty_label, **kwargs):
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.widget.choices = CallableChoiceIterator(self.year_choices)

    def year_choices(self):
        years = Figure.objects.published().order_by("-year").values_list("year", flat=True)
        return [("", self.empty_label), *((year, year) for year in years.distinct())]

    def to_python(self, value):
        year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
        return sorted({year.clean(item) for item in value})


class FigureFilterForm(forms.Form):
    year = YearListField(label=_("Year"), required=False, empty_label=_("All years"))
    division = ChoiceListField(
        label=_("Division"), required=False, to_field_name="slug", empty_label=_("All divisions")
    )
    indicator = ChoiceListField(
        label=_("Indicator"),
        required=False,
        to_field_name="code",
        empty_label=_("All indicators"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = Division.objects.order_by(
            F("code").asc(nulls_first=True)
        )
        self.fields["indicator"].queryset = Indicator.objects.all()

    def filter(self, figures):
        """The figures that match the (valid) filters."""
        if years := self.cleaned_data["year"]:
            figures = figures.filter(year__in=years)
        if divisions := self.cleaned_data["division"]:
            figures = figures.filter(division__in=divisions)
        if indicators := self.cleaned_data["indicator"]:
            figures = figures.filter(indicator__in=indicators)
        return figures

    def chosen(self):
        """The filter values as they go into a URL or a file name, e.g. {"year": ["2024"]}."""
        return {
            "year": [str(year) for year in self.cleaned_data["year"]],
            "division": sorted(division.slug for division in self.cleaned_data["division"]),
            "indicator": sorted(indicator.code for indicator in self.cleaned_data["indicator"]),
        }
