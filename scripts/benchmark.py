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
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
