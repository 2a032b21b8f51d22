"""``manage.py translation_status``: what is translated, missing and stale, per language."""

from django.core.management.base import BaseCommand, CommandError

from guide.translating import status, terms
from guide.translating.fields import target_languages
from guide.translating.keys import Keyring


class Command(BaseCommand):
    help = (
        "Print, per language, the interface catalogue's coverage and the content's (translated, "
        "missing, stale per model and field) and the terminology flags. Exits with status 1 "
        "when more is missing or stale than allowed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=target_languages(), help="Only this language.")
        parser.add_argument(
            "--max-missing",
            type=int,
            default=0,
            metavar="N",
            help="Allow up to N missing translations (interface and content) per language.",
        )
        parser.add_argument(
            "--max-stale", type=int, default=0, metavar="N", help="Allow up to N stale ones."
        )

    def handle(self, *args, language=None, max_missing=0, max_stale=0, **options):
        failures = []
        for code in [language] if language else target_languages():
            missing, stale = self.report(code)
            if missing > max_missing:
                failures.append(f"{code}: {missing} missing (at most {max_missing} allowed)")
            if stale > max_stale:
                failures.append(f"{code}: {stale} stale (at most {max_stale} allowed)")
        if failures:
            raise CommandError("; ".join(failures), returncode=1)

    def report(self, language):
        write = self.stdout.write
        write(self.style.MIGRATE_HEADING(f"Language {language}"))
        catalogue = status.catalogue_status(language)
        if catalogue.exists:
            write(
                f"  Interface ({catalogue.path.name}): {catalogue.translated} of "
                f"{catalogue.total} translated, "
                f"{catalogue.missing - catalogue.fuzzy} untranslated, {catalogue.fuzzy} fuzzy"
            )
        else:
            write(f"  Interface: no catalogue at {catalogue.path} ({catalogue.total} strings)")
        rows = status.content_status(language)
        write("  Content:")
        width = max((len(f"{row.model._meta.label_lower}.{row.field}") for row in rows), default=0)
        heading = f"{'total':>6} {'translated':>10} {'missing':>7} {'stale':>5}"
        write(f"    {'field':<{width}}  {heading}")
        for row in rows:
            name = f"{row.model._meta.label_lower}.{row.field}"
            write(
                f"    {name:<{width}}  {row.total:>6} {row.translated:>10} "
                f"{row.missing:>7} {row.stale:>5}"
            )
        content_missing = sum(row.missing for row in rows)
        stale = sum(row.stale for row in rows)
        total = sum(row.total for row in rows)
        write(f"  Content in all: {total} texts, {content_missing} missing, {stale} stale")
        missing = catalogue.missing + content_missing
        flags = terms.all_flags(language)
        if flags:
            keys = Keyring()
            write(f"  Terminology: {len(flags)} translations do not use the glossary's term")
            for flag in flags:
                key = keys.keys(flag.model).get(flag.obj.pk, flag.obj.pk)
                write(
                    f"    {flag.model._meta.label_lower}:{key}:{flag.field}: "
                    f"“{flag.term.english}” without {flag.term.characters}"
                )
        return missing, stale
