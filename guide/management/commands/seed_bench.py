"""``manage.py seed_bench``: synthetic national-scale content for load tests."""

from django.core.management.base import BaseCommand, CommandError

from guide import synthetic


class Command(BaseCommand):
    help = (
        "Create synthetic national-scale content for load tests: 32 divisions with 15 years of "
        "sessions, reports, figures and tasks, and 5,000 people. Never part of the demo; every "
        "page it makes says it is synthetic."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1 for national scale (the default); e.g. 0.05 for a small set in tests.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the synthetic content there is and make it again.",
        )

    def handle(self, *args, scale, replace, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        if synthetic.exists():
            if not replace:
                self.stdout.write("Synthetic content is already there (--replace makes it again).")
                return
            synthetic.remove()
        log = self.stdout.write if options["verbosity"] else None
        synthetic.Seeder(scale, log=log).seed()
        self.stdout.write(self.style.SUCCESS("Synthetic benchmark content created."))
