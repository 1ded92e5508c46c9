import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"


def run(path, *args):
    """The command's report (stdout); a CommandError propagates."""
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def write_export(tmp_path):
    """Write an export's text (or bytes) to a file; return its path."""

    def write(content, name="export.xml"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write


@pytest.fixture(scope="session")
def theme_unit_test(tmp_path_factory):
    """WordPress's theme unit test export (the public test data theme authors use)."""
    path = tmp_path_factory.mktemp("wxr") / "themeunittestdata.wordpress.xml"
    path.write_bytes(
        gzip.decompress((FIXTURES / "themeunittestdata.wordpress.xml.gz").read_bytes())
    )
    return path
