import io

from PIL import Image


def tiny_png(size=(8, 6)):
    """A real PNG image, small enough to upload in a test."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()
