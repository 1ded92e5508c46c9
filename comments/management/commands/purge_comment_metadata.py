from django.core.management.base import BaseCommand

from comments.tasks import METADATA_DAYS, erase_old_metadata


class Command(BaseCommand):
    help = (
        f"Erase IP addresses and user agents of comments older than N days (default "
        f"{METADATA_DAYS}). The worker does this every night by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=METADATA_DAYS)

    def handle(self, *args, days, **options):
        erased = erase_old_metadata(days)
        self.stdout.write(
            f"Erased IP addresses and user agents of {erased} comment(s) older than {days} days."
        )
