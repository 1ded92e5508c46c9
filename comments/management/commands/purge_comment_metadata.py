from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "Erase IP addresses and user agents of comments older than N days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        erased = (
            Comment.objects.filter(submitted_at__lt=cutoff)
            .exclude(ip_address=None, user_agent="")
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(
            f"Erased IP addresses and user agents of {erased} comment(s) older than {days} days."
        )
