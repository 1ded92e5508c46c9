"""What an import did, written for the editor who ran it."""

from collections import Counter

# How many examples of one kind of note the report lists before "and N more".
SHOWN = 15

ARTICLE_STATES = (
    ("published", "published"),
    ("scheduled", "scheduled"),
    ("review", "in review"),
    ("draft", "drafts"),
)
COMMENT_STATES = (
    ("approved", "approved"),
    ("pending", "waiting for moderation"),
    ("spam", "spam"),
    ("removed", "removed"),
)


def _plural(n, one, many=None):
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _breakdown(counter, labels):
    parts = [f"{counter[key]} {label}" for key, label in labels if counter[key]]
    return f" ({', '.join(parts)})" if parts else ""


class Report:
    def __init__(self, path, *, dry_run=False):
        self.path = str(path)
        self.dry_run = dry_run
        self.site_title = ""
        self.site_url = ""
        self.new = Counter()  # kind -> created
        self.existing = Counter()  # kind -> already imported before this run
        self.reused = Counter()  # kind -> matched to something already in the newsroom
        self.article_states = Counter()
        self.comment_states = Counter()
        self.skipped = Counter()  # reason -> count
        self.shortcodes = Counter()
        self.notes = {}  # heading -> [lines]
        self.problems = []  # (kind, wp_id, reason)
        self.media_dir = None
        self.attachments = 0
        self.interrupted = False
        self.fatal = ""

    # Recording.

    def note(self, heading, line):
        self.notes.setdefault(heading, []).append(line)

    def problem(self, kind, wp_id, reason):
        self.problems.append((kind, wp_id, reason))

    def merge(self, other):
        """Add what ``other`` (one post's or one batch's tally) recorded."""
        for name in ("new", "existing", "reused", "article_states", "comment_states"):
            getattr(self, name).update(getattr(other, name))
        self.skipped.update(other.skipped)
        self.shortcodes.update(other.shortcodes)
        for heading, lines in other.notes.items():
            self.notes.setdefault(heading, []).extend(lines)
        self.problems.extend(other.problems)

    def changed_anything(self):
        return bool(sum(self.new.values()))

    # Writing.

    def lines(self, *, shown=SHOWN):
        mode = " (trial run: nothing was saved)" if self.dry_run else ""
        title = f"“{self.site_title}” " if self.site_title else ""
        yield f"WordPress import of {title}{self.site_url}{mode}".replace("  ", " ")
        yield f"File: {self.path}"
        if self.media_dir is None:
            yield "No media folder given (--media-dir): pictures are listed as missing."
        yield ""
        if self.fatal:
            yield f"The import stopped: {self.fatal}"
            return
        yield from self._counts()
        for heading, lines in self.notes.items():
            yield ""
            yield f"{heading}:"
            for line in lines[:shown]:
                yield f"  - {line}"
            if shown is not None and len(lines) > shown:
                yield f"  - and {len(lines) - shown} more (the --report file lists them all)"
        if self.problems:
            yield ""
            yield f"Could not be imported ({len(self.problems)}), by WordPress id:"
            for kind, wp_id, reason in self.problems:
                yield f"  - {kind} {wp_id}: {reason}"
        yield ""
        yield self._conclusion()

    def _counts(self):
        def line(label, kind, extra=""):
            new, old, reused = self.new[kind], self.existing[kind], self.reused[kind]
            parts = [f"{new} new{extra}"]
            if reused:
                parts.append(f"{reused} matched to ones the newsroom already had")
            if old:
                parts.append(f"{old} already imported")
            return f"{label + ':':<14}{'; '.join(parts)}"

        yield line("Articles", "post", _breakdown(self.article_states, ARTICLE_STATES))
        yield line("Pages", "page")
        yield line("Comments", "comment", _breakdown(self.comment_states, COMMENT_STATES))
        yield line("Sections", "category")
        yield line("Tags", "tag")
        yield line("Authors", "author")
        yield line("Images", "image")
        yield line("Old links", "redirect")
        if self.attachments:
            yield (
                f"{'Files:':<14}{self.attachments} in the export; those a post shows (featured "
                "images, pictures in texts) are imported with it, the others are not"
            )
        if self.skipped:
            yield ""
            yield "Left out on purpose:"
            for reason, n in self.skipped.most_common():
                yield f"  - {n} × {reason}"
        if self.shortcodes:
            yield ""
            removed = ", ".join(f"[{name}] × {n}" for name, n in self.shortcodes.most_common())
            yield f"WordPress shortcodes removed from texts (no equivalent here): {removed}"

    def _conclusion(self):
        if self.interrupted:
            return (
                "The import was interrupted. Everything counted above as new is saved; run the "
                "same command again to import the rest."
            )
        if not self.changed_anything():
            return "Nothing changed: everything in this file had already been imported."
        if self.dry_run:
            return "Trial run finished: run again without --dry-run to import."
        problems = f", {_plural(len(self.problems), 'item')} not imported" if self.problems else ""
        return f"Import finished{problems}."

    def text(self, *, complete=False):
        """The report; ``complete`` lists every note, not the first few of each kind."""
        return "\n".join(self.lines(shown=None if complete else SHOWN)) + "\n"
