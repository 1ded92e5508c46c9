"""Uploads on the local disk, with no half-written file left behind when a write fails."""

import logging
import os

from django.core.files.storage import FileSystemStorage

logger = logging.getLogger(__name__)


class MediaStorage(FileSystemStorage):
    """FileSystemStorage that removes what it wrote when the write fails (a full disk)."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            # _save creates the file exclusively (O_EXCL): a file at this name is ours.
            try:
                os.remove(self.path(name))
            except FileNotFoundError:
                pass
            except OSError as error:
                logger.error("Could not remove the partial upload %s: %s", name, error)
            raise
