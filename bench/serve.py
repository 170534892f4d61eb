"""Real-server benchmark: ``make bench`` (or ``.venv/bin/python -m bench.serve``).

Serves the app as in production — gunicorn with 2 workers, ``DEBUG=0``, a throw-away
``SECRET_KEY``, static files collected in a temporary folder and served by WhiteNoise, on
127.0.0.1 only — on PostgreSQL when ``DATABASE_URL`` is set (a database of its own per size,
``<name>_bench_<size>``, dropped and made again), else SQLite; on Redis when ``REDIS_URL`` is
set. ``CJS_BENCH=1`` adds the baseline page and trusts the proxy header for the rate limits.
The load comes from locust (``bench/load.py``). Two sizes (``seed_demo --scale 1``, and a
long-lived cooperative: 10 archived seasons, the current one at ``--scale 10``) are served at
once, a server each, and every page of every persona is measured at both sizes side by side,
each beside the baseline; then, at scale 1, the scenarios of the issue (assembly, job release,
flyer drop) and their invariants. The report (Markdown and JSON in
``bench/results/``) gives requests/s, p50, p95, the ratio to the baseline's p95, the errors and
each worker's peak RSS, then PASS/FAIL for each goal; the exit status is 1 on a FAIL unless
``--no-fail``. ``--quick`` runs a handful of requests (the smoke test).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402  (the path above first)

HEALTH_TIMEOUT_S = 60
# Visits of every page by each of the warm-up's 2 users (``page_phases``; 1 with ``--quick``).
WARM_UP_ROUNDS = 10
RESIDENT = {
    "time_of_day": "morning",
    "wished_until": "",
    "estimated_hours": "2",
    "address": "12 rue des Tilleuls",
    "first_name": "Monique",
    "last_name": "Perrin",
    "phone": "06 12 34 56 78",
    "email": "monique.perrin@example.fr",
    "consent": "on",
    "website": "",
}


def options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a handful of requests (smoke test)")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a goal FAILs")
    parser.add_argument("--requests", type=int, help="requests per page (200; --quick 4)")
    parser.add_argument("--users", type=int, help="concurrent clients per page (8; --quick 2)")
    parser.add_argument("--rounds", type=int, help="times every page is measured (5; --quick 1)")
    parser.add_argument("--large-scale", type=int, help="current season's scale (10; --quick 1)")
    parser.add_argument("--archived-seasons", type=int, default=10)
    parser.add_argument("--assembly-window", type=float, help="seconds to vote (10; --quick 3)")
    parser.add_argument("--flyer-seconds", type=float, help="flyer drop length (60; --quick 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--name", default="server", help="results file name (without suffix)")
    parser.add_argument("--note", default="", help="a line for the report (the conditions)")
    args = parser.parse_args(argv)
    quick = args.quick
    # 200 a page: the p95 of 80 (the bench until stop 22) was the 4th slowest request, and one
    # pause of the machine moved it by a third from run to run.
    args.requests = args.requests or (4 if quick else 200)
    args.users = args.users or (2 if quick else 8)
    # Five rounds of every page: a page's p95 is the median of its rounds' (``merged``).
    args.rounds = args.rounds or (1 if quick else 5)
    args.large_scale = args.large_scale or (1 if quick else 10)
    args.assembly_window = args.assembly_window or (3.0 if quick else 10.0)
    args.flyer_seconds = args.flyer_seconds or (3.0 if quick else 60.0)
    return args


# --- Databases --------------------------------------------------------------------------------


def _postgres_admin(url: str) -> tuple[str, str]:
    """(the maintenance database's URL, the database's name) of a PostgreSQL URL."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def database_url(folder: Path, label: str, template: str | None = None) -> str:
    """A database for one size: ``<name>_bench_<label>`` next to ``DATABASE_URL``'s on
    PostgreSQL (dropped and made again), a file in the temporary folder on SQLite; empty, or a
    copy of ``template`` (an already seeded database's URL)."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        path = folder / f"{label}.sqlite3"
        if template:
            source = template.removeprefix("sqlite:///")
            shutil.copyfile(source, path)
            if Path(f"{source}-wal").exists():  # what is not yet in the main file
                shutil.copyfile(f"{source}-wal", f"{path}-wal")
        return f"sqlite:///{path}"
    import psycopg

    admin, base_name = _postgres_admin(base)
    name = f"{base_name or 'cjs'}_bench_{label}"
    copy = f' TEMPLATE "{_postgres_admin(template)[1]}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"{copy}')
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def django_env(secret: str, static_root: Path, db_url: str) -> dict:
    """The production-like environment the server runs with (plain HTTP on 127.0.0.1: the
    TLS settings a proxy would need are off)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="127.0.0.1",
        CJS_BENCH="1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_ROOT=str(static_root),
        DATABASE_URL=db_url,
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=str(ROOT),
    )
    return env


def fixtures(env: dict, *args: str) -> dict:
    """``bench/fixtures.py`` in its own process (seeding runs with DEBUG on)."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.fixtures", *args],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- The server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextlib.contextmanager
def gunicorn(env: dict, port: int, log: Path):
    """The server, up and answering /healthz; stopped (and its workers with it) on exit."""
    with log.open("ab") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cjs.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start: see {log}") from None
                time.sleep(0.3)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def load(phases: list[dict], folder: Path) -> list[dict]:
    """Run the phases (each names its server, ``host``) with locust (``bench/load.py``) in a
    process of its own."""
    plan, result = folder / "plan.json", folder / "load.json"
    plan.write_text(json.dumps({"phases": phases}))
    limit = sum(phase["limit_s"] for phase in phases) + 120
    subprocess.run(
        [sys.executable, "-m", "bench.load", str(plan), str(result)],
        cwd=ROOT,
        check=True,
        timeout=limit,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(result.read_text())


# --- The phases -------------------------------------------------------------------------------


def baseline(users: int, requests: int) -> dict:
    return page_phase("baseline", "/bench/baseline/", None, users, requests)


def page_phase(name: str, url: str, session: str | None, users: int, requests: int) -> dict:
    return {
        "kind": "page",
        "name": name,
        "url": url,
        "users": users,
        "requests": requests,
        "slots": [{"session": session} for _ in range(users)],
        "limit_s": 30 + requests * 2,
    }


def page_phases(sizes: list[dict], args) -> list[dict]:
    """Every page at both sizes, side by side: for each page, the baseline and the page on the
    small size's server, then the same on the large one's. Measured minutes apart (the whole
    small size, then the whole large one, as until stop 21), the two sizes met different
    moments of a shared machine: in one run every long-lived page was 1.4-1.8x its scale-1
    p95 while the baseline had not moved. Side by side, a page's two sizes and their
    baselines are measured within seconds of each other."""
    phases = []
    for size in sizes:
        prepared = size["prepared"]
        urls = [["/bench/baseline/", None]] + [
            [page["url"], prepared["sessions"].get(page["persona"])] for page in prepared["pages"]
        ]
        # Each of the 2 users visits every page WARM_UP_ROUNDS times: some 10 runs of each
        # page's queries on each worker's connection, so that its statements are prepared and
        # planned as in service (``WarmUpUser``) before the pages are measured.
        phases.append(
            {
                "kind": "warm-up",
                "name": "warm-up",
                "users": 2,
                "urls": urls,
                "rounds": 1 if args.quick else WARM_UP_ROUNDS,
                "limit_s": 240,
                **on(size),
            }
        )
    listed = [size["prepared"]["pages"] for size in sizes]
    for number in range(1, args.rounds + 1):
        for same_page in zip(*listed, strict=True):
            for size, page in zip(sizes, same_page, strict=True):
                session = size["prepared"]["sessions"].get(page["persona"])
                name = f"{page['page']} ({page['persona']})"
                phases.append(baseline(args.users, args.requests) | on(size))
                phases.append(page_phase(name, page["url"], session, args.users, args.requests))
                phases[-1] |= on(size)
                phases[-2]["round"] = phases[-1]["round"] = number
    return phases


def on(size: dict) -> dict:
    """What sends a phase to a size's server and files its result under that size."""
    return {"host": size["host"], "size": size["label"]}


def merged(measured: list[dict]) -> dict:
    """The phases of one request measured across the run, as one: the median of their p95
    (and p50 and requests/s), the requests and errors summed, each phase's own figures kept
    (``measured``).

    A size's baselines: the p95 of one baseline phase measured before all the pages (until
    stop 22) moved from 8 to 16 ms between runs, and every ratio with it; the median of those
    measured across the run (one beside each page, sixteen a round) is the server's, not one
    moment's. A page's rounds (``--rounds``, 5): with one round (until stop 24), one pause of
    the shared machine during a page's 200 requests moved its p95 by a third, and its goals
    passed or failed with it (a page of p50 19 and 22 ms at the two sizes, p95 21 and 33 ms);
    the median of several rounds, each some forty seconds after the last, is the page's. Of
    three (until stop 29), two slow rounds moved the median and decided a goal: in a run of
    five rounds (2026-12-06, 11:17 UTC), the median of the first three put the tracking page,
    the same page at both sizes, at 1.32x its scale-1 p95 and "my jobs" at 1.24x, the median
    of the five at 1.10x and 1.17x. Of five rounds, it takes three slow ones."""
    name = measured[0]["name"]
    figures = [phase["requests"][name] for phase in measured if phase["requests"]]
    merged = dict(measured[0])
    merged["requests"] = {}
    if figures:  # none when every phase timed out before its first answer
        merged["requests"][name] = {
            "requests": sum(f["requests"] for f in figures),
            "errors": sum(f["errors"] for f in figures),
            "p50_ms": statistics.median(f["p50_ms"] for f in figures),
            "p95_ms": statistics.median(f["p95_ms"] for f in figures),
            "rps": statistics.median(f["rps"] for f in figures),
        }
    merged.pop("round", None)
    merged["measurements"] = len(figures)
    merged["measured"] = figures
    merged["timed_out"] = any(phase["timed_out"] for phase in measured)
    merged["errors"] = [error for phase in measured for error in phase["errors"]]
    return merged


def size_phases(label: str, results: list[dict]) -> list[dict]:
    """A size's page phases out of the side-by-side run: its baselines merged, then each of
    its pages, its rounds merged, in the order of ``bench/pages.py``."""
    own = [r for r in results if r["size"] == label and r["kind"] == "page"]
    by_name: dict[str, list[dict]] = {}
    for phase in own:
        by_name.setdefault(phase["name"], []).append(phase)
    baselines = by_name.pop("baseline")
    return [merged(baselines), *(merged(rounds) for rounds in by_name.values())]


def scenario(kind: str, name: str, slots: list[dict], limit_s: float, few: int, **more) -> list:
    """A scenario's phase, after the baseline measured at the same concurrency."""
    users = len(slots)
    phase = {"kind": kind, "name": name, "users": users, "slots": slots, "limit_s": limit_s}
    return [baseline(users, few), phase | more]


def scenario_phases(prepared: dict, staged: dict, args, mark: str) -> list[dict]:
    voters = [{"pk": v["pk"], "session": v["session"]} for v in staged["voters"]]
    claimers = [{"session": s} for s in staged["claimers"]]
    addresses = [{"address": f"10.20.{n // 250}.{n % 250 + 1}"} for n in range(50)]
    few = args.requests if args.quick else max(args.requests, 10)
    assembly = ("ballot_page", "ballot_live", "ballot_vote", "choice")
    # The pages the scenarios read, as the page phases' warm-up warms theirs (the vote page
    # and the live count of the ballot the assembly opens: the same SQL as any ballot's,
    # which a server in service has run), and claims on a job of their own (``fixtures``:
    # members claim all summer). The votes and the forms sent stay cold; so does the job
    # released, claimed by nobody before its thirty members.
    voter = staged["voters"][0]["session"]
    warm_up = {
        "kind": "warm-up",
        "name": "warm-up",
        "users": 2,
        "urls": [[staged["ballot_page"], voter], [staged["ballot_live"], voter]],
        "posts": [
            [staged["warm_claim"], session, staged["job_board"]]
            for session in staged["warm_claimers"]
        ],
        "rounds": 1 if args.quick else WARM_UP_ROUNDS,
        "limit_s": 120,
    }
    return [
        warm_up,
        *scenario(
            "assembly",
            "assembly",
            voters,
            args.assembly_window + 60,
            few,
            window_s=args.assembly_window,
            poll_s=3.0,
            **{key: staged[key] for key in assembly},
        ),
        *scenario(
            "claim",
            "job release",
            claimers,
            90,
            few,
            job_board=staged["job_board"],
            job_claim=staged["job_claim"],
        ),
        *scenario(
            "flyer",
            "flyer drop",
            addresses,
            args.flyer_seconds + 60,
            few,
            duration_s=args.flyer_seconds,
            max_per_client=1000,
            mark=mark,
            form={**RESIDENT, **prepared["form"]},
        ),
    ]


def seed_size(label: str, db: str, scale: int, archived: int, work: Path) -> dict:
    """Migrate and seed one size's database; its environment, pages and sessions."""
    started = time.monotonic()
    env = django_env(secrets.token_urlsafe(50), work / "static", db)
    prepared = fixtures(env, "prepare", "--scale", str(scale), "--archived-seasons", str(archived))
    print(f"[{label}] seeded in {time.monotonic() - started:.0f} s", flush=True)
    return {
        "label": label,
        "scale": scale,
        "archived_seasons": archived,
        "db": db,
        "env": env,
        "prepared": prepared,
    }


def scenarios(small: dict, args, work: Path) -> tuple[list[dict], dict]:
    """The scenarios on the small size's server, then the invariants they must leave."""
    env = small["env"]
    staged = fixtures(env, "scenarios")
    mark = f"banc-essai-{uuid.uuid4().hex[:8]}"
    phases = [phase | on(small) for phase in scenario_phases(small["prepared"], staged, args, mark)]
    done = load(phases, work)[1:]  # less the warm-up
    invariants = {
        **fixtures(
            env,
            "check",
            "--ballot",
            str(staged["ballot"]),
            "--job",
            str(staged["job"]),
            "--warm-job",
            str(staged["warm_job"]),
            "--flyer-mark",
            mark,
        ),
        "voters": len(staged["voters"]),
        "seats": 2,
        "flyer_accepted": sum(p["accepted"] for p in done if p["kind"] == "flyer"),
    }
    return done, invariants


def measure(sizes: list[dict], args, work: Path) -> list[dict]:
    """Serve both sizes at once (a server each, one loaded at a time), measure their pages
    side by side, then the scenarios at scale 1; each size's phases, baselines, workers' RSS
    and, at scale 1, the invariants."""
    started = time.monotonic()
    small = sizes[0]
    with contextlib.ExitStack() as servers:
        for number, size in enumerate(sizes):
            port = free_port()  # after the previous server bound its own
            log = work / f"gunicorn-{number}.log"
            size["server"] = servers.enter_context(gunicorn(size["env"], port, log))
            size["host"] = f"http://127.0.0.1:{port}"
            size["pids"] = workers(size["server"].pid)
        measured = [r for r in load(page_phases(sizes, args), work) if r["kind"] != "warm-up"]
        for size in sizes:
            size["phases"] = size_phases(size["label"], measured)
            size["invariants"] = None
        print(f"pages of both sizes measured in {time.monotonic() - started:.0f} s", flush=True)
        done, small["invariants"] = scenarios(small, args, work)
        small["phases"] += done
        for size in sizes:
            pids = workers(size["server"].pid) or size["pids"]
            size["rss_mb"] = {str(pid): round(peak_rss_mb(pid), 1) for pid in pids}
    print(f"scenarios measured in {time.monotonic() - started:.0f} s", flush=True)
    found = []
    for size in sizes:
        baselines = {}
        for phase in size["phases"]:
            if phase["name"] == "baseline" and "baseline" in phase["requests"]:
                baselines[str(phase["users"])] = phase["requests"]["baseline"]["p95_ms"]
        found.append(
            {
                "label": size["label"],
                "scale": size["scale"],
                "archived_seasons": size["archived_seasons"],
                "phases": size["phases"],
                "baselines": baselines,
                "rss_mb": size["rss_mb"],
                "server_pids": [size["server"].pid, *size["pids"]],
                "invariants": size["invariants"],
            }
        )
    return found


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{platform.system()} {platform.machine()}, {cpus} CPUs {model}".strip()


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    begun = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cjs-bench-") as folder:
        work = Path(folder)
        static = django_env(secrets.token_urlsafe(50), work / "static", "sqlite://:memory:")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=static,
            check=True,
        )
        print(f"static files collected in {time.monotonic() - begun:.0f} s", flush=True)
        small = seed_size("scale 1", database_url(work, "small"), 1, 1, work)
        # At the same scale (``--quick``), the large size starts from a copy of the small one,
        # seeded and not yet touched, and only adds the archive.
        same = args.large_scale == small["scale"]
        large = seed_size(
            f"long-lived (scale {args.large_scale}, {args.archived_seasons} archived)",
            database_url(work, "large", template=small["db"] if same else None),
            args.large_scale,
            args.archived_seasons,
            work,
        )
        sizes = measure([small, large], args, work)
    results = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "database": "PostgreSQL" if postgres else "SQLite",
        "cache": "Redis" if os.environ.get("REDIS_URL") else "local memory (per worker)",
        "note": args.note or ("--quick smoke run" if args.quick else ""),
        "page_users": args.users,
        "requests_per_page": args.requests,
        "page_rounds": args.rounds,
        "sizes": sizes,
    }
    text = report.markdown(results)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.md").write_text(text)
    results["goals"] = [
        {"goal": goal, "pass": ok, "detail": detail} for goal, ok, detail in report.goals(results)
    ]
    (args.out / f"{args.name}.json").write_text(json.dumps(results, indent=2) + "\n")
    failed = [g for g in results["goals"] if not g["pass"]]
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
