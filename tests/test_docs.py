"""The documentation matches the program: every command and option in docs/cli.md, every
diagnostic code in docs/checks.md and in use, and README's promises and links hold."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from sourcefirst.cli import cli
from sourcefirst.domain.codes import RULES

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "sourcefirst"
CLI_DOC = ROOT / "docs" / "cli.md"
CHECKS_DOC = ROOT / "docs" / "checks.md"
README = ROOT / "README.md"
CODE_LITERAL_RE = re.compile(r"""["'](SF\d{3})["']""")


def sections(markdown: str) -> dict[str, str]:
    """Text under each `## ` heading, keyed by the heading."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def command_sections() -> dict[str, str]:
    found = {}
    for heading, body in sections(CLI_DOC.read_text("utf-8")).items():
        match = re.fullmatch(r"`sourcefirst (\S+)`", heading)
        if match:
            found[match.group(1)] = body
    return found


COMMANDS = sorted(cli.commands)


def test_cli_has_commands() -> None:
    assert {"build", "check", "lint", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_section_in_cli_md(name: str) -> None:
    documented = command_sections()
    assert name in documented, (
        f"docs/cli.md has no '## `sourcefirst {name}`' section (has: {sorted(documented)})"
    )


def _long_options() -> list[tuple[str, str]]:
    return [
        (name, opt)
        for name in COMMANDS
        for param in cli.commands[name].params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    ]


def option_rows(body: str) -> list[str]:
    """First cells of the option table in a command's section (the table that starts with an
    `| option |` header and runs while lines start with `|`, as Markdown renders it)."""
    cells: list[str] = []
    in_table = False
    for line in body.splitlines():
        if line.startswith("| option |"):
            in_table = True
        elif in_table and line.startswith("|"):
            cells.append(line.strip("|").split("|")[0].strip())
        elif in_table:
            break
    return [c for c in cells if not set(c) <= {"-"}]


@pytest.mark.parametrize(("name", "option"), _long_options())
def test_every_option_is_a_row_of_its_command_table(name: str, option: str) -> None:
    body = command_sections().get(name)
    if body is None:
        pytest.fail(f"docs/cli.md has no section for `sourcefirst {name}`")
    rows = option_rows(body)
    assert any(re.match(rf"`{re.escape(option)}(?![\w-])", row) for row in rows), (
        f"the option table of `sourcefirst {name}` in docs/cli.md has no row for {option} "
        f"(rows: {rows})"
    )


def test_documented_commands_exist() -> None:
    assert set(command_sections()) <= set(COMMANDS)


# --- diagnostic codes -------------------------------------------------------------------------
def test_every_rule_is_documented_in_checks_md() -> None:
    documented = set(re.findall(r"^\| (SF\d{3}) \|", CHECKS_DOC.read_text("utf-8"), re.MULTILINE))
    missing = sorted(set(RULES) - documented)
    assert not missing, f"docs/checks.md has no table row for {missing}"
    unknown = sorted(documented - set(RULES))
    assert not unknown, f"docs/checks.md documents codes that do not exist: {unknown}"


def _code_literals() -> dict[str, set[str]]:
    """Each SFxxx string literal in src/sourcefirst and the files (other than codes.py) using it."""
    used: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "codes.py" and path.parent == SRC / "domain":
            continue
        for code in CODE_LITERAL_RE.findall(path.read_text("utf-8")):
            used.setdefault(code, set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_code_used_in_src_is_a_rule() -> None:
    unknown = {c: sorted(files) for c, files in _code_literals().items() if c not in RULES}
    assert not unknown, f"codes used but missing from codes.RULES: {unknown}"


def test_every_rule_is_used_in_src() -> None:
    unused = sorted(set(RULES) - set(_code_literals()))
    assert not unused, f"codes.RULES lists codes nothing reports: {unused}"


# --- README -----------------------------------------------------------------------------------
def test_readme_first_section_gives_the_two_set_up_commands() -> None:
    text = README.read_text("utf-8")
    assert text.startswith("# "), "README starts with its title"
    first = next(iter(sections(text).values()))
    assert "make run" in first
    assert "make test" in first


def test_readme_make_targets_exist() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("run", "test"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def _readme_doc_links() -> list[str]:
    return sorted(set(re.findall(r"\]\((docs/[^)#\s]+\.md)", README.read_text("utf-8"))))


def test_readme_links_to_docs() -> None:
    assert _readme_doc_links()


@pytest.mark.parametrize("link", _readme_doc_links())
def test_docs_linked_from_readme_exist(link: str) -> None:
    assert (ROOT / link).is_file(), f"README.md links to {link}, which does not exist"


def _readme_source_paths() -> list[str]:
    return sorted(set(re.findall(r"\b(src/sourcefirst/[\w./]*\w/?)", README.read_text("utf-8"))))


@pytest.mark.parametrize("path", _readme_source_paths())
def test_source_paths_named_in_readme_exist(path: str) -> None:
    assert (ROOT / path).exists(), f"README.md names {path}, which does not exist"
