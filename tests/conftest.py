"""Shared fixtures: the repository's content, one real build of it, and an HTTP client for it."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright
from starlette.testclient import TestClient

from sourcefirst.domain.kb import KnowledgeBase, load_knowledge_base
from sourcefirst.release.publish import build_site
from sourcefirst.serve.server import create_app

REPO_ROOT = Path(__file__).resolve().parent.parent
CLI = REPO_ROOT / ".venv" / "bin" / "sourcefirst"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def content_dir(repo_root: Path) -> Path:
    return repo_root / "content"


@pytest.fixture(scope="session")
def kb(content_dir: Path) -> KnowledgeBase:
    """The knowledge base of the repository's own content (which must load without errors)."""
    knowledge_base, _warnings = load_knowledge_base(content_dir)
    return knowledge_base


@pytest.fixture(scope="session")
def built_site(content_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build folder (``current`` link, releases) of one real build of the repo content."""
    out = tmp_path_factory.mktemp("build")
    build_site(content_dir, out)
    return out


@pytest.fixture(scope="session")
def release(built_site: Path) -> Path:
    return (built_site / "current").resolve()


@pytest.fixture(scope="session")
def manifest(release: Path) -> dict[str, Any]:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def client(built_site: Path) -> Iterator[TestClient]:
    with TestClient(create_app(built_site)) as test_client:
        yield test_client


def make_content(tmp_path: Path, files: dict[str, str | None]) -> Path:
    """A valid content tree (a copy of the repo's) in ``tmp_path/content`` with ``files`` applied.

    Keys are paths relative to the content folder; a string value writes that file (creating
    folders), ``None`` deletes it. Returns the content folder.
    """
    root = tmp_path / "content"
    shutil.copytree(REPO_ROOT / "content", root)
    for relative, text in files.items():
        target = root / relative
        if text is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line of ``text`` that contains ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} (occurrence {occurrence}) not in the text")


def column_of(text: str, needle: str) -> int:
    """1-based column of the first occurrence of ``needle`` on its line."""
    line = text.splitlines()[line_of(text, needle) - 1]
    return line.index(needle) + 1


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``sourcefirst`` command as a user would."""
    return subprocess.run(
        [str(CLI), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd or REPO_ROOT,
        check=False,
    )


@dataclass(frozen=True, slots=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str
    output: str  # both streams, interleaved in the order they were written


def invoke(*args: str | Path) -> Ran:
    """Run a ``sourcefirst`` command in-process (much faster than ``run_cli``); an exception
    escaping the command fails the test, as a traceback would fail the user."""
    from click.testing import CliRunner

    from sourcefirst.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr, result.output)


# --- a real headless Chromium (browser tests) -------------------------------------------------
CHROMIUM = shutil.which("chromium")
SKIP_NO_CHROMIUM = "chromium not installed: apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless system Chromium for the whole session (never a downloaded browser)."""
    if CHROMIUM is None:
        pytest.skip(SKIP_NO_CHROMIUM)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@contextlib.contextmanager
def running_server(*args: str | Path, seconds: float = 20) -> Iterator[tuple[str, int, int]]:
    """`sourcefirst serve ARGS --port P` in a real process, once it answers `/`; yields its
    base address, port and process id, and stops it afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    process = subprocess.Popen(
        [CLI, "serve", *args, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(f"{base}/", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None:
                pytest.fail(f"server exited early: {process.stderr.read().decode()}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer within {seconds:.0f} s")
            time.sleep(0.1)
        yield base, port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
