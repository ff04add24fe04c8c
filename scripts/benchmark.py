"""Measure SourceFirst on a synthetic catalogue (default: 10,000 peptides).

Usage: .venv/bin/python scripts/benchmark.py [--peptides N] [--keep DIR]

Generates a content tree in the real format (the bundled sources, proteins and articles plus N
synthetic peptides with three findings each), then measures: a cold build, a rebuild with
nothing changed, a rebuild after editing one peptide, `check`, linting one article, loading the
knowledge base from the database, and request latency through the real ASGI app (pages, JSON,
search, API). Figures go to stdout; record them in docs/performance.md.
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
        "edit_to_page_s": round(results["build, one peptide edited"], 3),
        "search_p95_ms": round(search_p95, 2),
        "request_median_ms": round(median, 2),
        "request_p95_ms": round(p95, 2),
    }
    figures.update(side_by_side(out / "current" / "site", work))
    if args.json:
        print(json.dumps(figures))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


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

    def rps(url: str) -> float:
        run = subprocess.run(
            [wrk, "-t2", "-c64", "-d5s", url],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        found = [line for line in run.stdout.splitlines() if line.startswith("Requests/sec:")]
        return float(found[0].split()[1]) if found else 0.0

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
        nginx_rps = rps(f"http://127.0.0.1:{port}/peptides/semax/")
    finally:
        subprocess.run([nginx, "-c", str(conf), "-s", "stop"], check=False, timeout=30)
    ours_port = free_port()
    build = site.parent.parent  # <build>/current/site
    command = [str(ROOT / ".venv" / "bin" / "sourcefirst"), "serve", "--out", str(build)]
    server = subprocess.Popen(
        [*command, "--port", str(ours_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)
        page_rps = rps(f"http://127.0.0.1:{ours_port}/peptides/semax/")
        search_rps = rps(f"http://127.0.0.1:{ours_port}/api/search?q=semax+stroke")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{'page, 64 connections: ours / nginx':<44} {page_rps:8.0f} / {nginx_rps:.0f} req/s")
    print(f"{'search, 64 connections':<44} {search_rps:8.0f} req/s")
    return {"page_rps": page_rps, "nginx_page_rps": nginx_rps, "search_rps_64": search_rps}


if __name__ == "__main__":
    main()
