import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comments import moderation
from comments.models import Comment
from newsroom import pagecache

ERASED_BODY = "[This comment was erased at its author’s request.]"


class Command(BaseCommand):
    help = (
        "For data-protection requests: export (JSON on stdout) or erase every comment "
        "written with an email address. Erasing keeps replies by others in their place."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true")
        action.add_argument("--erase", action="store_true")

    def handle(self, *args, email, export, erase, **options):
        comments = Comment.objects.filter(email__iexact=email.strip()).select_related("article")
        if not comments.exists():
            raise CommandError(f"No comments with the email address {email}.")
        if export:
            records = [
                {
                    "article": comment.article.headline,
                    "url": comment.get_absolute_url(),
                    "name": comment.name,
                    "email": comment.email,
                    "website": comment.website,
                    "comment": comment.body,
                    "submitted_at": comment.submitted_at.isoformat(),
                    "status": comment.status,
                    "ip_address": comment.ip_address,
                    "user_agent": comment.user_agent,
                }
                for comment in comments
            ]
            self.stdout.write(json.dumps(records, indent=2, ensure_ascii=False))
            return
        # One transaction, and one purge of the pages that showed them once it commits.
        with transaction.atomic(), pagecache.batch():
            erased = 0
            for comment in comments.select_for_update():
                moderation.remove(comment, by=None)
                comment.name, comment.email, comment.website = "Erased", "", ""
                comment.body = f"{ERASED_BODY} #{comment.pk}"
                comment.ip_address, comment.user_agent, comment.held_reason = None, "", ""
                comment.save(
                    update_fields=[
                        "name",
                        "email",
                        "website",
                        "body",
                        "body_hash",
                        "ip_address",
                        "user_agent",
                        "held_reason",
                    ]
                )
                erased += 1
        self.stderr.write(f"Erased {erased} comment(s) by {email}.")
