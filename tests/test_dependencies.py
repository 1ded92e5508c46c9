"""One-way dependencies (style guide): comments may import articles, never the reverse;
the project layer imports no app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(folder):
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path.relative_to(ROOT), alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path.relative_to(ROOT), node.module


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("articles", ("comments", "desk", "pages", "wordpress", "api")),
        ("newsroom", ("articles", "comments", "desk", "pages", "wordpress", "api")),
        # The WordPress import and the API use the apps; none of them depends on either.
        ("comments", ("wordpress", "api")),
        ("pages", ("wordpress", "api")),
        ("desk", ("wordpress", "api")),
        ("wordpress", ("api",)),
        ("api", ("wordpress",)),
    ],
)
def test_no_import_against_the_direction(folder, forbidden):
    wrong = [
        f"{path} imports {module}"
        for path, module in imported_modules(folder)
        if module.split(".")[0] in forbidden
    ]
    assert wrong == []
