"""Fields a visitor reads, translated with modeltranslation (en, zh-hans).

``required_languages`` lists the languages whose value must never be empty,
because a page would break (a heading, a link text) without it.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Body,
    Citation,
    Decision,
    Division,
    Explainer,
    Figure,
    Gap,
    GlossaryTerm,
    Indicator,
    Meeting,
    Membership,
    Person,
    Report,
    ReportImage,
    Session,
    Source,
    Task,
    Venue,
)

BOTH = ("en", "zh-hans")


def required(everywhere=(), in_english=()):
    """Fields that must be filled in every language, and those needed only in English."""
    return {"en": (*everywhere, *in_english), "zh-hans": tuple(everywhere)}


@register(Division)
class DivisionTranslation(TranslationOptions):
    fields = ("name", "short_name")
    required_languages = BOTH


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "city")
    required_languages = required(everywhere=("name",))


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")
    required_languages = required(everywhere=("name",))


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("summary", "state_note", "cover_image_alt")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("name", "summary", "outcomes", "note")
    required_languages = required(everywhere=("name",))


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "biography", "photo_alt")
    required_languages = required(everywhere=("name",))


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = ("role",)
    required_languages = required(in_english=("role",))


@register(Report)
class ReportTranslation(TranslationOptions):
    fields = ("title", "summary", "note")
    required_languages = required(everywhere=("title",))


@register(ReportImage)
class ReportImageTranslation(TranslationOptions):
    fields = ("alt_text", "caption")
    required_languages = required(in_english=("alt_text",))


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit", "description")
    required_languages = required(
        everywhere=(
            "name",
            "unit",
        )
    )


@register(Figure)
class FigureTranslation(TranslationOptions):
    fields = ("wording", "note")


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("title", "summary", "note")
    required_languages = required(everywhere=("title",))


@register(Gap)
class GapTranslation(TranslationOptions):
    fields = ("fact", "tried")
    required_languages = required(in_english=("fact",))


@register(Task)
class TaskTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = required(in_english=("title",))


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("publisher", "reliability")


@register(Citation)
class CitationTranslation(TranslationOptions):
    fields = ("note",)


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("definition",)
    required_languages = required(in_english=("definition",))


@register(Explainer)
class ExplainerTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = required(
        in_english=(
            "title",
            "body",
        )
    )
