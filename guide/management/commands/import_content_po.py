"""``manage.py import_content_po FILE``: translations from a PO file, applied through save()."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from guide.translating.fields import target_languages
from guide.translating.po import import_catalogue


class Command(BaseCommand):
    help = (
        "Apply the changed translations of a content PO file (see export_content_po). Entries "
        "whose English changed since the export, and entries still fuzzy, are reported and left "
        "alone. A malformed file, or one for another language, changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--language", choices=target_languages(), help="Refuse a file for another language."
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Record this translator, and refuse what their role may not translate.",
        )

    def handle(self, *args, file, language=None, user=None, **options):
        translator = None
        if user:
            translator = get_user_model().objects.filter(username=user).first()
            if translator is None:
                raise CommandError(f"No user named {user}.")
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        report = import_catalogue(data, language=language, user=translator)
        if not report.ok:
            raise CommandError(
                "Nothing was changed:\n" + "\n".join(f"  {error}" for error in report.errors)
            )
        write = self.stdout.write
        write(
            f"{len(report.changed)} translations changed, {len(report.confirmed)} confirmed, "
            f"{report.unchanged} unchanged ({report.language})."
        )
        for model, obj, field in report.changed:
            write(f"  changed: {model._meta.verbose_name} “{obj}”, {field}")
        if report.conflicts:
            write(
                self.style.WARNING(
                    f"{len(report.conflicts)} entries left alone: their English changed since "
                    "the export (export again to translate the new English):"
                )
            )
            for msgctxt, _exported, _current in report.conflicts:
                write(f"  {msgctxt}")
        if report.fuzzy:
            write(f"{len(report.fuzzy)} entries still marked fuzzy were left alone.")
        if report.gone:
            write(f"{len(report.gone)} entries name content that no longer exists:")
            for msgctxt in report.gone:
                write(f"  {msgctxt}")
