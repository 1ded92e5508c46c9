"""
Uploads on S3-compatible object storage (AWS S3, MinIO, Cloudflare R2) through
django-storages, as newsroom/settings.py configures it for MEDIA_STORAGE=s3.
"""

from urllib.parse import urlsplit


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
