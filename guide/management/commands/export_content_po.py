"""``manage.py export_content_po --language zh-hans``: the content as a PO file for translators."""

from django.core.management.base import BaseCommand

from guide.translating.fields import target_languages
from guide.translating.po import export_catalogue


class Command(BaseCommand):
    help = (
        "Write the translatable content to a PO file (one entry per object field, the English "
        "as msgid; stale translations are fuzzy). Open it in Poedit, then import_content_po."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=target_languages(), required=True)
        only = parser.add_mutually_exclusive_group()
        only.add_argument("--only-missing", action="store_true", help="Only untranslated texts.")
        only.add_argument("--only-stale", action="store_true", help="Only stale translations.")
        parser.add_argument("--output", "-o", help="Write to this file instead of the output.")

    def handle(self, *args, language, only_missing, only_stale, output=None, **options):
        only = "missing" if only_missing else "stale" if only_stale else None
        catalogue = export_catalogue(language, only=only)
        if output:
            catalogue.save(output)
            self.stderr.write(f"{len(catalogue)} entries written to {output}")
        else:
            self.stdout.write(str(catalogue), ending="")
