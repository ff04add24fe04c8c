"""Measure SourceFirst on a synthetic catalogue (default: 10,000 peptides).

Usage: .venv/bin/python scripts/benchmark.py [--peptides N] [--keep DIR] [--json]

Generates a content tree in the real format (the bundled sources, proteins and articles plus N
synthetic peptides with three findings each), then measures: a cold build, a rebuild with
nothing changed, a rebuild after editing one peptide, `check`, linting one article, loading the
knowledge base from the database, and request latency through the real ASGI app (pages, JSON,
search, API). With `hugo` installed it builds a Hugo site of the same number of pages; with
`nginx` and `wrk`, it serves the built folder with nginx and with `sourcefirst serve --workers
2` and loads both at 64 connections. Figures go to stdout; record them in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESIDUES = "ACDEFGHIKLMNPQRSTVWY"
THREE = {
    "A": "Ala",
    "C": "Cys",
    "D": "Asp",
    "E": "Glu",
    "F": "Phe",
    "G": "Gly",
    "H": "His",
    "I": "Ile",
    "K": "Lys",
    "L": "Leu",
    "M": "Met",
    "N": "Asn",
    "P": "Pro",
    "Q": "Gln",
    "R": "Arg",
    "S": "Ser",
    "T": "Thr",
    "V": "Val",
    "W": "Trp",
    "Y": "Tyr",
}


def synthetic_content(target: Path, peptides: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    shutil.copytree(ROOT / "content", target)
    sources = sorted(p.stem for p in (target / "sources").glob("*.yaml"))
    # mechanism and pharmacokinetic topics only: sources are drawn at random, and an outcome
    # resting on an in-vitro source would (rightly) fail `check`, which the build runs
    topics = [
        "neurotrophins",
        "monoamines",
        "enzyme-inhibition",
        "gaba-modulation",
        "brain-penetration",
    ]
    kinds = {"brain-penetration": "pharmacokinetics"}
    findings = ["findings:"]
    batch = 1000  # findings files hold 1,000 peptides' worth each (files are capped at 5 MB)
    for index in range(peptides):
        if index and index % batch == 0:
            (target / "findings" / f"synthetic-{index // batch:03d}.yaml").write_text(
                "\n".join(findings) + "\n", encoding="utf-8"
            )
            findings = ["findings:"]
        pid = f"synthetic-{index:05d}"
        length = rng.randint(5, 12)
        seq = "".join(rng.choice(RESIDUES) for _ in range(length))
        (target / "peptides" / f"{pid}.yaml").write_text(
            f"id: {pid}\nname: Synthetic {index:05d}\ncategories: [cognitive-research]\n"
            f"sequence:\n  three_letter: {'-'.join(THREE[r] for r in seq)}\n"
            f"  one_letter: {seq}\norigin:\n  parent: acth\n  segments:\n"
            f"    - {{peptide_residues: [1, {length}], synthetic: true, label: synthetic}}\n"
            "  modification: A synthetic benchmark sequence.\n"
            f"summary: Synthetic peptide number {index} used to measure the build.\n"
            "regulatory: []\nreviewed: 2026-11-21\n",
            encoding="utf-8",
        )
        for k in range(3):
            topic = rng.choice(topics)
            findings.append(
                f"  - id: {pid}-f{k}\n    peptides: [{pid}]\n    topic: {topic}\n"
                f"    kind: {kinds.get(topic, 'mechanism')}\n"
                f"    statement: In rats, synthetic peptide {index} changed a measured marker "
                f"({k}).\n    model: {{species: rat, system: brain tissue, setting: in_vivo}}\n"
                f"    sources: [{rng.choice(sources)}]"
            )
    (target / "findings" / "synthetic-last.yaml").write_text(
        "\n".join(findings) + "\n", encoding="utf-8"
    )


def timed(label: str, action: Callable[[], object], results: dict[str, float]) -> object:
    started = time.perf_counter()
    value = action()
    results[label] = time.perf_counter() - started
    print(f"{label:<44} {results[label]:8.2f} s", flush=True)
    return value


def _stages(result: object) -> str:
    stages: dict[str, float] = result.stages  # type: ignore[attr-defined]
    return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())


def latency(client: object, urls: list[str], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peptides", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object with the figures at the end"
    )
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from sourcefirst.checks import run_checks
    from sourcefirst.domain.kb import load_knowledge_base
    from sourcefirst.lint.engine import Linter
    from sourcefirst.release.publish import build_site
    from sourcefirst.serve.kb_store import load_from_database
    from sourcefirst.serve.server import create_app

    work = args.keep or Path(tempfile.mkdtemp(prefix="sourcefirst-bench-"))
    content, out = work / "content", work / "build"
    results: dict[str, float] = {}
    print(f"synthetic catalogue: {args.peptides} peptides in {work}")
    timed("generate content", lambda: synthetic_content(content, args.peptides), results)
    first = timed("build, cold", lambda: build_site(content, out), results)
    print(f"  pages: {first.pages}; stages: {_stages(first)}")
    again = timed("build, nothing changed", lambda: build_site(content, out), results)
    print(f"  re-rendered: {again.rendered}; stages: {_stages(again)}")
    edited = content / "peptides" / "synthetic-00042.yaml"
    edited.write_text(edited.read_text().replace("used to measure", "edited to measure"))
    changed = timed("build, one peptide edited", lambda: build_site(content, out), results)
    print(f"  re-rendered: {changed.rendered}; stages: {_stages(changed)}")
    print(f"  the edited page was live after {changed.stages['pages-published']:.2f} s")
    timed("check", lambda: run_checks(content), results)
    kb, _ = load_knowledge_base(content)
    linter = timed("lint: build the linter (once)", lambda: Linter(kb), results)
    article = content / "articles" / "how-semax-works.md"
    timed(
        "lint: one article",
        lambda: linter.lint_paths([article], content),  # type: ignore[attr-defined]
        results,
    )
    db = out / "current" / "sourcefirst.db"
    print(f"  database: {db.stat().st_size / 1e6:.1f} MB")
    timed("server: load KB from database", lambda: load_from_database(db), results)
    client = TestClient(create_app(out))
    client.get("/explorer/")  # warm the knowledge base
    urls = [
        "/",
        "/peptides/semax/",
        "/articles/how-semax-works/",
        "/peptides/synthetic-00042/",
        "/peptides/semax.json",
        "/search/?q=semax+stroke",
        "/api/search?q=is+semax+fda+approved",
        "/api/findings?peptide=selank",
        "/compare/selank-vs-semax/",
        "/tools/sequence/?q=MEHFPGP",
        "/explorer/?level=animal",
    ]
    urls = [u for u in urls if client.get(u).status_code == 200]
    median, p95 = latency(client, urls, repeat=20)
    print(
        f"{'requests (' + str(len(urls)) + ' URLs x 20), median / p95':<44} {median:6.1f} / "
        f"{p95:.1f} ms"
    )
    unseen = [
        "selank anxiety",
        "semax bdnf",
        "oxytocin receptor",
        "synthetic 00042",
        "enkephalinase",
        "brain penetration rat",
        "melanocortin",
        "dopamine striatum",
        "gaba modulation",
        "what is semax",
    ]
    _first_median, first_time_p95 = latency(
        client, [f"/api/search?q={q.replace(' ', '+')}" for q in unseen], repeat=1
    )
    print(f"{'search, first time each query, p95':<44} {first_time_p95:6.1f} ms")
    queries = ["semax stroke", "is semax fda approved", "selank gaba", "bdnf rat", "semx", "PGP"]
    _search_median, search_p95 = latency(
        client, [f"/api/search?q={q.replace(' ', '+')}" for q in queries], repeat=20
    )
    print(f"{'search, one at a time, p95':<44} {search_p95:6.1f} ms")
    figures: dict[str, object] = {
        "peptides": args.peptides,
        "pages": first.pages,  # type: ignore[attr-defined]
        "cold_build_s": round(results["build, cold"], 3),
        "unchanged_rebuild_s": round(results["build, nothing changed"], 3),
        # the edited page is live when the release with it is published; the static search
        # index follows in a second release (edit_full_build_s)
        "edit_to_page_s": round(changed.stages["pages-published"], 3),  # type: ignore[attr-defined]
        "edit_full_build_s": round(results["build, one peptide edited"], 3),
        "search_first_time_p95_ms": round(first_time_p95, 2),
        "search_p95_ms": round(search_p95, 2),
        "request_median_ms": round(median, 2),
        "request_p95_ms": round(p95, 2),
    }
    figures.update(hugo_side_by_side(work, content, first.pages))  # type: ignore[attr-defined]
    if "hugo_cold_build_s" in figures:
        ratio = figures["cold_build_s"] / figures["hugo_cold_build_s"]  # type: ignore[operator]
        print(f"{'cold build, ours / Hugo':<44} {ratio:8.2f}x")
    figures.update(side_by_side(out / "current" / "site", work))
    if args.json:
        print(json.dumps(figures))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


HUGO_BASE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} · SourceFirst</title><link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">SourceFirst</a> <nav>{{ range .Site.Sections }}
<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>Educational reference.</footer></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p class="lede">{{ .Params.summary }}</p>{{ .Content }}
<ul>{{ range .Params.findings }}<li><strong>{{ .level }}</strong> {{ .statement }}
<em>{{ .boundary }}</em></li>{{ end }}</ul></article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def hugo_side_by_side(work: Path, content: Path, pages: int) -> dict[str, object]:
    """Hugo building a site of the same number of comparable pages (a profile per synthetic
    peptide: title, summary, sequence and its three findings with their boundaries), when
    `hugo` is installed (`apt-get install hugo`). Empty otherwise."""
    import subprocess

    import yaml

    hugo = shutil.which("hugo")
    if not hugo:
        print("hugo not installed: no side-by-side build figure")
        return {}
    site = work / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default" / "baseof.html").write_text(HUGO_BASE)
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    (site / "hugo.toml").write_text('baseURL = "http://127.0.0.1/"\ntitle = "SourceFirst"\n')
    findings: dict[str, list[dict[str, str]]] = {}
    for path in sorted((content / "findings").glob("synthetic-*.yaml")):
        for record in yaml.safe_load(path.read_text())["findings"]:
            findings.setdefault(record["peptides"][0], []).append(
                {
                    "level": record["kind"],
                    "statement": record["statement"],
                    "boundary": record.get("boundary", ""),
                }
            )
    section = site / "content" / "peptides"
    section.mkdir(parents=True, exist_ok=True)
    profiles = sorted((content / "peptides").glob("*.yaml"))
    for number in range(pages):
        record = yaml.safe_load(profiles[number % len(profiles)].read_text())
        front = {
            "title": f"{record['name']} ({number})",
            "summary": record.get("summary", ""),
            "findings": findings.get(record["id"], []),
        }
        sequence = (record.get("sequence") or {}).get("one_letter", "")
        (section / f"page-{number:05d}.md").write_text(
            "---\n" + yaml.safe_dump(front) + "---\n" + f"Sequence: `{sequence}`\n"
        )
    started = time.perf_counter()
    subprocess.run([hugo, "--quiet", "-s", str(site)], check=True, timeout=1200)
    seconds = time.perf_counter() - started
    print(f"{'Hugo, same number of pages, cold build':<44} {seconds:8.2f} s")
    return {"hugo_cold_build_s": round(seconds, 3), "hugo_pages": pages}


def side_by_side(site: Path, work: Path) -> dict[str, object]:
    """nginx serving the same built folder, loaded by wrk at 64 connections, when both are
    installed (`apt-get install nginx wrk`); our server under the same load. Empty otherwise."""
    nginx, wrk = shutil.which("nginx"), shutil.which("wrk")
    if not (nginx and wrk):
        print("nginx or wrk not installed: no side-by-side serving figures")
        return {}
    import socket
    import subprocess

    def free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    def rps(url: str) -> tuple[float, float, int]:
        """(requests/s, p99 latency in ms, timeouts) at 64 connections for 5 s."""
        run = subprocess.run(
            [wrk, "-t2", "-c64", "-d5s", "--latency", url],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        found = [line for line in run.stdout.splitlines() if line.startswith("Requests/sec:")]
        p99 = [
            line.split()[1] for line in run.stdout.splitlines() if line.strip().startswith("99%")
        ]
        timeouts = [line for line in run.stdout.splitlines() if "timeout" in line]
        count = int(timeouts[0].rsplit("timeout", 1)[1].split()[0]) if timeouts else 0
        return (float(found[0].split()[1]) if found else 0.0, _ms(p99[0]) if p99 else 0.0, count)

    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(
        f"worker_processes 2; pid {work}/nginx.pid; error_log {work}/nginx.err; daemon on;\n"
        "events { worker_connections 1024; }\n"
        "http { access_log off; include /etc/nginx/mime.types; "
        f"server {{ listen 127.0.0.1:{port}; root {site}; index index.html; }} }}\n"
    )
    subprocess.run([nginx, "-c", str(conf)], check=True, timeout=30)
    try:
        nginx_rps, nginx_p99, _ = rps(f"http://127.0.0.1:{port}/peptides/semax/")
    finally:
        subprocess.run([nginx, "-c", str(conf), "-s", "stop"], check=False, timeout=30)
    ours_port = free_port()
    build = site.parent.parent  # <build>/current/site
    command = [str(ROOT / ".venv" / "bin" / "sourcefirst"), "serve", "--out", str(build)]
    server = subprocess.Popen(
        [*command, "--port", str(ours_port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{ours_port}"
    figures: dict[str, object] = {"nginx_page_rps": nginx_rps, "nginx_page_p99_ms": nginx_p99}
    try:
        _wait_until_up(base + "/", server)
        for name, path in (
            ("page", "/peptides/semax/"),
            ("json_twin", "/peptides/semax.json"),
            ("search", "/api/search?q=semax+stroke"),
            ("sequence_tool", "/tools/sequence/?q=MEHFPGP"),
        ):
            rate, p99, timeouts = rps(base + path)
            figures.update(
                {f"{name}_rps": rate, f"{name}_p99_ms": p99, f"{name}_timeouts": timeouts}
            )
            print(
                f"{name + ', 64 connections (2 workers)':<44} {rate:8.0f} req/s, p99 {p99:.1f} ms,"
                f" {timeouts} timeouts"
            )
        figures["server_rss_mb"] = round(_rss_mb(server.pid), 1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"{'nginx, same page, 64 connections':<44} {nginx_rps:8.0f} req/s, p99 {nginx_p99:.1f} ms"
    )
    print(f"{'our page rate / nginx':<44} {figures['page_rps'] / max(nginx_rps, 1):8.1%}")  # type: ignore[operator]
    print(f"{'server memory (largest worker), RSS':<44} {figures['server_rss_mb']:8.1f} MB")
    return figures


def _wait_until_up(url: str, server: object, seconds: float = 120.0) -> None:
    """Poll until the server answers (it loads the knowledge base before it listens)."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:  # type: ignore[attr-defined]
            raise RuntimeError("the server exited before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own http:// address
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise RuntimeError(f"the server did not answer within {seconds:.0f} s")


def _ms(text: str) -> float:
    """wrk's latency figure ("812.00us", "4.21ms", "1.02s") in milliseconds."""
    for suffix, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)


def _rss_mb(pid: int) -> float:
    """The largest resident set among the server and its worker processes, in MB."""
    import subprocess

    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    sizes = []
    for proc in [str(pid), *children]:
        try:
            status = Path(f"/proc/{proc}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return max(sizes, default=0.0)


if __name__ == "__main__":
    main()
