from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from newsroom.tasks import schedule_daily_tasks, uses_worker


class Command(BaseCommand):
    help = (
        "Run background tasks (emails, file deletions, nightly housekeeping) until stopped "
        "(SIGTERM lets the current task finish). Needs TASKS_BACKEND=database; run one or "
        "more per deployment, on any machine. Keeps each daily task scheduled, then runs "
        "django-tasks-db's db_worker on all queues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--interval", type=float, default=1, help="Seconds between polls.")

    def handle(self, *args, batch, interval, verbosity, **options):
        if not uses_worker():
            raise CommandError(
                "Tasks run inside the web process (TASKS_BACKEND is not 'database'): "
                "there is nothing for a worker to do."
            )
        for result in schedule_daily_tasks():
            self.stderr.write(f"Scheduled {result.task.name} for {result.task.run_after:%c %Z}.")
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            reload=False,
            verbosity=verbosity,
        )
