"""``manage.py load_demo``: load or refresh the demo content from the verified facts file."""

from django.core.management.base import BaseCommand

from guide.caching import content_changed
from guide.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Load (or refresh) the demo content built from the verified facts file."

    def handle(self, *args, **options):
        DemoLoader(stdout=self.stdout if options["verbosity"] else None).load()
        # The citations are created in bulk, without signals.
        content_changed()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
