"""
Finding a WordPress upload in the local copy of ``wp-content/uploads`` (``--media-dir``)
and storing it with the newsroom's files. Nothing is fetched over the network: a file
that is not in the copy is reported.
"""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.files import File
from django.core.files.storage import default_storage

# WordPress's resized copies: photo-300x200.jpg for photo.jpg.
_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")
_DATED = re.compile(r"(?:^|/)(\d{4}/\d{2}/[^/]+)$")
FOLDER = "wordpress"  # imported files, under MEDIA_ROOT, by their uploads path


def upload_paths(address):
    """Where under ``uploads/`` the file at ``address`` (a URL or an uploads-relative
    path) may be, most likely first; the original before a resized copy."""
    path = unquote(urlsplit(address).path).lstrip("/")
    candidates = []
    for marker in ("wp-content/uploads/", "files/"):
        if marker in path:
            candidates.append(path.split(marker, 1)[1])
    dated = _DATED.search(path)
    if dated:
        candidates.append(dated.group(1))
    candidates.append(path)
    candidates.append(PurePosixPath(path).name)
    found = []
    for candidate in candidates:
        for option in (candidate, _RESIZED.sub("", candidate)):
            if option and option not in found:
                found.append(option)
    return found


class MediaLibrary:
    """The local uploads folder; ``store`` copies a file once and gives its address."""

    def __init__(self, folder, *, dry_run=False):
        self.folder = Path(folder).resolve() if folder else None
        self.dry_run = dry_run
        self.stored = {}  # uploads-relative path -> storage name

    def find(self, *addresses):
        """The uploads-relative path of the first of ``addresses`` present locally."""
        if self.folder is None:
            return None
        for address in addresses:
            if not address:
                continue
            for relative in upload_paths(address):
                candidate = (self.folder / relative).resolve()
                # Never outside the folder, whatever "../" an export carries.
                if candidate.is_relative_to(self.folder) and candidate.is_file():
                    return candidate.relative_to(self.folder).as_posix()
        return None

    def store(self, relative):
        """The storage name of the copy of ``relative``; copied on first use."""
        if relative in self.stored:
            return self.stored[relative]
        name = f"{FOLDER}/{relative}"
        if not self.dry_run and not default_storage.exists(name):
            with open(self.folder / relative, "rb") as source:
                name = default_storage.save(name, File(source))
        self.stored[relative] = name
        return name

    def url(self, *addresses):
        """The newsroom address of an image in the local copy, or None if it is not there."""
        relative = self.find(*addresses)
        return default_storage.url(self.store(relative)) if relative else None

    def open(self, relative):
        return open(self.folder / relative, "rb")  # the caller closes it
