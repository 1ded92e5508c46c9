import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import Importer, Interrupted
from wordpress.wxr import ExportError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export → All content): posts, pages, sections, "
        "tags, authors, comments, featured images and old links. Safe to run again: what "
        "was imported before is skipped, and an interrupted import continues where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            help="A copy of the site's wp-content/uploads folder, for featured images and "
            "pictures in the texts. Without it, images are reported as missing.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and write the report, but save nothing.",
        )
        parser.add_argument("--report", help="Also write the report to this file (plain text).")
        parser.add_argument(
            "--encoding",
            help="Read the file in this encoding whatever it declares (e.g. cp1252).",
        )

    def handle(self, *args, export, media_dir, dry_run, report, encoding, **options):
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"The media folder {media_dir} does not exist.")
        progress = Progress(self.stderr, enabled=options["verbosity"] > 0)
        importer = Importer(
            export,
            media_dir=media_dir,
            dry_run=dry_run,
            encoding=encoding,
            progress=progress,
        )
        try:
            result = importer.run()
        except ExportError as error:
            progress.finish()
            raise CommandError(str(error)) from None
        except Interrupted:
            result = importer.report
        progress.finish()
        text = result.text()
        self.stdout.write(text, ending="")
        if report:
            Path(report).write_text(result.text(complete=True), encoding="utf-8")
        if result.interrupted:
            raise CommandError("Interrupted; run the same command again to continue.")


class Progress:
    """A one-line progress bar on a terminal; a line every tenth of the way otherwise."""

    WIDTH = 30

    def __init__(self, stream, *, enabled=True):
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and getattr(sys.stderr, "isatty", lambda: False)()
        self.started = time.monotonic()
        self.shown = False
        self.last_tenth = -1

    def __call__(self, done, total):
        if not self.enabled or not total:
            return
        share = min(done / total, 1)
        elapsed = time.monotonic() - self.started
        if self.tty:
            filled = int(share * self.WIDTH)
            bar = "█" * filled + "·" * (self.WIDTH - filled)
            self.stream.write(
                f"\r{bar} {done}/{total} posts and pages ({elapsed:.0f} s)", ending=""
            )
            self.stream.flush()
            self.shown = True
        elif int(share * 10) > self.last_tenth:
            self.last_tenth = int(share * 10)
            self.stream.write(f"{done}/{total} posts and pages imported ({elapsed:.0f} s)")

    def finish(self):
        if self.shown:
            self.stream.write("")
            self.shown = False
