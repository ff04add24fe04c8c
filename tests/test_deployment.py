"""The deployment that scales: identical read-only replicas over one immutable release.

`serve --workers N` runs N uvicorn processes on one port; any of them may answer any request,
so every answer must be the same whichever process gives it. The container image runs the
same command over a release built into the image; its file is checked against the code (the
daemon to build it is not available in the test environment).
"""

from __future__ import annotations

import json
import shlex
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO_ROOT, running_server
from sourcefirst.cli import cli

PATHS = [
    "/peptides/semax/",
    "/peptides/semax.json",
    "/api/peptides",
    "/api/search?q=semax+stroke",
    "/tools/sequence/?q=MEHFPGP",
]


def test_replicas_give_identical_answers(built_site: Path) -> None:
    with running_server("--out", built_site, "--workers", "2") as (base, _port, supervisor):
        workers = subprocess.run(
            ["pgrep", "-P", str(supervisor)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(workers) >= 2, workers  # the supervisor's worker processes
        for path in PATHS:
            bodies = set()
            for _ in range(8):  # a new connection each time: the kernel spreads them
                with urllib.request.urlopen(base + path, timeout=10) as response:
                    assert response.status == 200
                    assert response.headers["Content-Security-Policy"]
                    bodies.add(response.read())
            assert len(bodies) == 1, f"replicas disagree on {path}"
        with urllib.request.urlopen(base + "/api/peptides", timeout=10) as response:
            assert json.loads(response.read())["total"] > 0


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = text.replace("\\\n", " ")
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_the_container_image_serves_replicas_of_a_strict_build() -> None:
    steps = _instructions((REPO_ROOT / "Containerfile").read_text(encoding="utf-8"))
    assert steps[0] == ("FROM", "python:3.11-slim")
    for kind, argument in steps:
        if kind == "COPY":
            for source in argument.split()[:-1]:
                assert (REPO_ROOT / source).exists(), f"Containerfile copies missing {source}"
    runs = " ".join(argument for kind, argument in steps if kind == "RUN")
    assert "-r requirements/dev.lock" in runs  # the locked dependencies, as make installs them
    assert "sourcefirst build --strict" in runs
    assert any(kind == "USER" and argument != "root" for kind, argument in steps)
    command = json.loads(next(argument for kind, argument in steps if kind == "CMD"))
    assert command[:2] == ["sourcefirst", "serve"]
    serve = cli.commands["serve"]
    known = {opt for param in serve.params for opt in getattr(param, "opts", [])}
    flags = [word for word in command[2:] if word.startswith("--")]
    assert set(flags) <= known, f"unknown serve options in the image: {set(flags) - known}"
    assert "--workers" in flags
    assert "--dev" not in flags  # replicas are read-only
    assert shlex.join(command)  # a well-formed argument list
