"""Production code uses only Django's public API and no test tooling, so upgrades do not
break it silently."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = ("newsroom", "articles", "comments", "desk", "wordpress", "api")


def production_modules():
    for package in PRODUCTION:
        yield from sorted((ROOT / package).rglob("*.py"))


def private_django_uses(tree):
    """Test tooling, underscore names and cached_property internals taken from Django."""
    from_django = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django"):
            if node.module.startswith("django.test"):
                yield f"line {node.lineno}: imports {node.module}"
            for alias in node.names:
                from_django.add(alias.asname or alias.name)
                if alias.name.startswith("_"):
                    yield f"line {node.lineno}: imports {node.module}.{alias.name}"
    for node in ast.walk(tree):
        # Paginator.count.func(self): the function inside a Django cached_property.
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "func"
            and isinstance(node.value, ast.Attribute)
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in from_django
        ):
            yield f"line {node.lineno}: {node.value.value.id}.{node.value.attr}.func"


def test_production_code_uses_no_private_django_api_or_test_tooling():
    found = [
        f"{path.relative_to(ROOT)} {use}"
        for path in production_modules()
        for use in private_django_uses(ast.parse(path.read_text(), str(path)))
    ]
    assert found == []


def test_the_scan_catches_what_it_looks_for():
    source = (
        "from django.test import override_settings\n"
        "from django.utils.html import _json_script_escapes\n"
        "from django.core.paginator import Paginator\n"
        "n = Paginator.count.func(p)\n"
    )
    assert len(list(private_django_uses(ast.parse(source)))) == 3
