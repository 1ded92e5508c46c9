"""
Where uploads are kept: the local disk (the embedded default), with no half-written file
left behind when a write fails, or S3-compatible object storage (AWS S3, MinIO,
Cloudflare R2) through django-storages, as newsroom/settings.py configures it for
MEDIA_STORAGE=s3.
"""

import logging
import os
from urllib.parse import urlsplit

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


def s3_storage(*, bucket, endpoint_url="", region="", custom_domain=""):
    """The STORAGES["default"] entry for uploads kept in ``bucket``."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "custom_domain": custom_domain or None,
            # Other S3 services than AWS are addressed as endpoint/bucket/key.
            "addressing_style": "path" if endpoint_url else None,
            # Uploads are for publication: plain URLs that a CDN and browsers can cache,
            # for good, since every upload gets a fresh random name.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            # A slow object store fails a request in seconds, not minutes.
            "client_config": Config(
                connect_timeout=3, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }


def s3_origin(*, bucket, endpoint_url="", custom_domain=""):
    """Where readers' browsers fetch uploads from (for the Content Security Policy)."""
    if custom_domain:
        return f"https://{custom_domain}"
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        return f"{parts.scheme}://{parts.netloc}"
    return f"https://{bucket}.s3.amazonaws.com"
