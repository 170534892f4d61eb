"""Lighthouse on the six main pages, as a phone sees them: ``make bench`` (after the server
bench) or ``.venv/bin/python -m bench.lighthouse``.

Lighthouse comes from npm, pinned to one major version, installed on first use into
``bench/.node`` (git-ignored; needs ``npm`` and Node 18+), and drives Debian's Chromium
(``CHROME_PATH``, ``/usr/bin/chromium`` by default) headless. The app is served as
``bench/serve.py`` serves it (gunicorn, ``DEBUG=0``, collected static files through WhiteNoise,
``seed_demo --scale 1``; PostgreSQL when ``DATABASE_URL`` is set), with its helpers. Members'
pages are measured logged in: a session made by ``bench/fixtures.py`` goes in a ``Cookie``
header (``--extra-headers``).

Each page is loaded ``--runs`` times (3) with Lighthouse's default mobile settings (a mid-range
phone, simulated slow 4G, 4× slower CPU); the report keeps each page's median run (by
performance score, then first contentful paint) and gives the scores of the four categories,
the first contentful paint and the bytes transferred, then PASS/FAIL against the goals of
issue 11, in ``bench/results/lighthouse.md`` and ``.json``. Exit status 1 on a FAIL unless
``--no-fail``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serve import (  # noqa: E402  (the path above first)
    database_url,
    django_env,
    fixtures,
    free_port,
    gunicorn,
    machine,
)

LIGHTHOUSE_VERSION = "12"  # 13 needs Node 22; Debian bookworm's is 18, this machine's 20
NODE_DIR = ROOT / "bench" / ".node"
LIGHTHOUSE = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-dev-shm-usage"
# The six main pages of the issue, by their label in bench/pages.py.
PAGES = ["home", "request form", "tracking page", "job board", "my jobs", "member dashboard"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

# The goals of issue 11, for every page.
PERFORMANCE_MIN = 99
ACCESSIBILITY_MIN = 100
FCP_MAX_MS = 1500
BYTES_MAX = 100_000  # "100 KB": bytes transferred by the first load, headers included
# Audits that fail on purpose, and why (shown beside them in the report).
DELIBERATE = {
    "is-crawlable": "on purpose: a private page (a resident's tracking link) says noindex",
}


def options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (3)")
    parser.add_argument("--pages", nargs="*", default=PAGES, help="labels of bench/pages.py")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a goal FAILs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--name", default="lighthouse", help="results file name (no suffix)")
    parser.add_argument("--note", default="", help="a line for the report (the conditions)")
    return parser.parse_args(argv)


# --- From a Lighthouse result to the report (pure) --------------------------------------------


def summary(lhr: dict) -> dict:
    """What the report keeps of one Lighthouse result (its JSON, the "LHR")."""
    audits = lhr["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return {
        "lighthouse": lhr.get("lighthouseVersion", ""),
        "form_factor": lhr.get("configSettings", {}).get("formFactor", ""),
        "scores": {
            name: round(lhr["categories"][name]["score"] * 100)
            if lhr["categories"].get(name, {}).get("score") is not None
            else None
            for name in CATEGORIES
        },
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "si_ms": round(audits["speed-index"]["numericValue"]),
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
        "requests": [
            {
                "path": _path(item["url"]),
                "type": item.get("resourceType", ""),
                "bytes": round(item.get("transferSize") or 0),
            }
            for item in requests
        ],
        "failed_audits": {
            audit_id: _offenders(audits[audit_id])
            for audit_id in sorted(
                ref["id"]
                for name in ("accessibility", "best-practices", "seo")
                for ref in lhr["categories"].get(name, {}).get("auditRefs", [])
                if ref.get("weight")
                and audits.get(ref["id"], {}).get("score") is not None
                and audits[ref["id"]]["score"] < 1
            )
        },
    }


def _offenders(audit: dict, most: int = 5) -> list[str]:
    """The first elements an audit found at fault (their HTML), to know where to look."""
    items = audit.get("details", {}).get("items", [])
    found = []
    for item in items[:most]:
        node = item.get("node", {})
        if node.get("snippet"):
            why = node.get("explanation", "").splitlines()
            found.append(f"{node['snippet']} {why[1] if len(why) > 1 else ''}".strip())
    return found


def _path(url: str) -> str:
    return "(data: URL)" if url.startswith("data:") else urlsplit(url).path


def median_run(runs: list[dict]) -> dict:
    """The middle run by performance score, then by first contentful paint (slowest last)."""
    ordered = sorted(runs, key=lambda run: (-(run["scores"]["performance"] or 0), run["fcp_ms"]))
    return ordered[(len(ordered) - 1) // 2]


def page_result(label: str, url: str, persona: str, runs: list[dict]) -> dict:
    median = median_run(runs)
    performance = [run["scores"]["performance"] or 0 for run in runs]
    return {
        "page": label,
        "url": url,
        "persona": persona,
        "runs": len(runs),
        "performance_range": [min(performance), max(performance)],
        "fcp_ms_median": round(statistics.median(run["fcp_ms"] for run in runs)),
        **median,
    }


def goals(pages: list[dict]) -> list[tuple[str, bool, str]]:
    """Each goal of the issue, PASS or FAIL over the six pages, with the worst figure."""

    def worst(key, pick):
        page = pick(pages, key=key)
        return page, key(page)

    found = []
    page, value = worst(lambda p: p["scores"]["performance"] or 0, min)
    found.append(
        (
            f"performance ≥ {PERFORMANCE_MIN}",
            value >= PERFORMANCE_MIN,
            f"lowest {value} ({page['page']})",
        )
    )
    page, value = worst(lambda p: p["scores"]["accessibility"] or 0, min)
    found.append(
        (
            f"accessibility {ACCESSIBILITY_MIN}",
            value >= ACCESSIBILITY_MIN,
            f"lowest {value} ({page['page']})",
        )
    )
    page, value = worst(lambda p: p["fcp_ms"], max)
    found.append(
        (
            f"first contentful paint ≤ {FCP_MAX_MS / 1000:g} s",
            value <= FCP_MAX_MS,
            f"slowest {value / 1000:.2f} s ({page['page']})",
        )
    )
    page, value = worst(lambda p: p["bytes"], max)
    found.append(
        (
            f"first load ≤ {BYTES_MAX // 1000} KB transferred",
            value <= BYTES_MAX,
            f"heaviest {_kb(value)} ({page['page']})",
        )
    )
    return found


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def markdown(results: dict) -> str:
    pages = results["pages"]
    lines = [
        f"# Lighthouse, {results['date']}",
        "",
        f"{results['machine']}; Lighthouse {results['lighthouse']} ({results['form_factor']}, "
        f"default throttling), {results['chrome']}; {results['database']}; gunicorn 2 workers, "
        f"DEBUG=0; median of {results['runs']} runs per page"
        + (f"; {results['note']}" if results.get("note") else ""),
        "",
        "| page | persona | performance | accessibility | best practices | SEO | FCP | LCP | TBT "
        "| CLS | transferred | requests |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page in pages:
        scores = page["scores"]
        low, high = page["performance_range"]
        spread = f" ({low}–{high})" if low != high else ""
        lines.append(
            f"| {page['page']} | {page['persona']} | {scores['performance']}{spread} "
            f"| {scores['accessibility']} | {scores['best-practices']} | {scores['seo']} "
            f"| {page['fcp_ms'] / 1000:.2f} s | {page['lcp_ms'] / 1000:.2f} s "
            f"| {page['tbt_ms']} ms | {page['cls']} "
            f"| {_kb(page['bytes'])} | {len(page['requests'])} |"
        )
    lines += ["", "## Goals (issue 11)", ""]
    for goal, ok, detail in goals(pages):
        lines.append(f"- **{'PASS' if ok else 'FAIL'}** {goal}: {detail}")
    heaviest = max(pages, key=lambda p: p["bytes"])
    lines += ["", f"## What the heaviest first load fetches ({heaviest['page']})", ""]
    lines += ["| request | type | transferred |", "|---|---|---|"]
    for request in sorted(heaviest["requests"], key=lambda r: -r["bytes"]):
        lines.append(f"| {request['path']} | {request['type']} | {_kb(request['bytes'])} |")
    failed: dict[str, list[str]] = {}
    for page in pages:
        for audit in page["failed_audits"]:
            failed.setdefault(audit, []).append(page["page"])
    if failed:
        lines += ["", "## Audits not passed (accessibility, best practices, SEO)", ""]
        for audit, where in sorted(failed.items()):
            example = next(
                (p["failed_audits"][audit][0] for p in pages if p["failed_audits"].get(audit)), ""
            )
            shown = f": `{example[:160]}`" if example else ""
            why = f" — {DELIBERATE[audit]}" if audit in DELIBERATE else ""
            lines.append(f"- {audit} ({', '.join(where)}){why}{shown}")
    return "\n".join(lines) + "\n"


# --- Running Lighthouse -----------------------------------------------------------------------


def install() -> None:
    """Lighthouse from npm into bench/.node, once."""
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        raise SystemExit("Lighthouse needs npm (apt-get install npm).")
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {NODE_DIR}", flush=True)
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(NODE_DIR),
            "--no-audit",
            "--no-fund",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
        timeout=900,
    )


def lighthouse(url: str, session: str | None, work: Path, tries: int = 3) -> dict:
    """One Lighthouse run of a page; its summary. A run that Chromium spoils (a trace
    without navigation start, a timeout: it happens on a busy machine) is tried again."""
    output = work / "lhr.json"
    headers = work / "headers.json"
    headers.write_text(json.dumps({"Cookie": f"sessionid={session}"} if session else {}))
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--extra-headers={headers}",
    ]
    for attempt in range(1, tries + 1):
        output.unlink(missing_ok=True)
        try:
            subprocess.run(
                command, env={**os.environ, "CHROME_PATH": CHROME}, check=True, timeout=300
            )
            lhr = json.loads(output.read_text())
            if not lhr.get("runtimeError"):
                return summary(lhr)
            problem = lhr["runtimeError"].get("code", "runtime error")
        except (subprocess.SubprocessError, OSError, ValueError) as error:
            problem = str(error)
        print(f"Lighthouse run {attempt}/{tries} of {url} failed: {problem}", flush=True)
    raise SystemExit(f"Lighthouse failed {tries} times on {url}")


def chrome_version() -> str:
    done = subprocess.run([CHROME, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "Chromium"


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    install()
    begun = time.monotonic()
    postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    with tempfile.TemporaryDirectory(prefix="cjs-lighthouse-") as folder:
        work = Path(folder)
        env = django_env(
            secrets.token_urlsafe(50), work / "static", database_url(work, "lighthouse")
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        prepared = fixtures(env, "prepare", "--scale", "1", "--archived-seasons", "1")
        chosen = {page["page"]: page for page in prepared["pages"] if page["page"] in args.pages}
        missing = set(args.pages) - set(chosen)
        if missing:
            raise SystemExit(f"no such page in bench/pages.py: {', '.join(sorted(missing))}")
        print(f"seeded in {time.monotonic() - begun:.0f} s", flush=True)
        port = free_port()
        pages = []
        with gunicorn(env, port, work / "gunicorn.log"):
            for label in args.pages:
                page = chosen[label]
                session = prepared["sessions"].get(page["persona"])
                url = f"http://127.0.0.1:{port}{page['url']}"
                runs = [lighthouse(url, session, work) for _ in range(args.runs)]
                pages.append(page_result(label, page["url"], page["persona"], runs))
                print(f"{label}: {pages[-1]['scores']}, {pages[-1]['bytes']} B", flush=True)
    results = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "chrome": chrome_version(),
        "lighthouse": pages[0]["lighthouse"],
        "form_factor": pages[0]["form_factor"],
        "database": "PostgreSQL" if postgres else "SQLite",
        "runs": args.runs,
        "note": args.note,
        "pages": pages,
    }
    text = markdown(results)
    print(text)
    results["goals"] = [{"goal": g, "pass": ok, "detail": d} for g, ok, d in goals(pages)]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.md").write_text(text)
    (args.out / f"{args.name}.json").write_text(json.dumps(results, indent=2) + "\n")
    failed = [goal for goal in results["goals"] if not goal["pass"]]
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
