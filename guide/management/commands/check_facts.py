import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guide.demo.checks import check
from guide.demo.loader import DEMO_DIR, FACTS_FILE


class Command(BaseCommand):
    help = (
        "Check a facts file (by default the demo's copy): references, ids, dates, statuses, "
        "qualifiers, and that every verified figure's quote gives its number. Prints each "
        "problem with its record id and fails if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=FACTS_FILE)

    def handle(self, *args, path, **options):
        try:
            facts = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        prose = json.loads((DEMO_DIR / "prose_guide.json").read_text(encoding="utf-8"))
        problems = check(facts, indicators=set(prose["indicators"]))
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            count = len(problems)
            raise CommandError(f"{path}: {count} problem{'s' if count > 1 else ''}")
        counts = ", ".join(
            f"{len(facts.get(name, []))} {name}"
            for name in ("sources", "sessions", "reports", "figures", "decisions")
        )
        self.stdout.write(self.style.SUCCESS(f"{path}: no problems ({counts})"))
