"""Where a page's time goes, in one process, under the server's settings (``DEBUG=0``, cached
templates), without the network or the load generator's noise:

    DATABASE_URL=... python -m bench.profile prepare --scale 1 [--archived-seasons 0]
    DATABASE_URL=... python -m bench.profile [--repeats 30] [--only "job board"] [--top 25]

``prepare`` migrates and seeds the database named by ``DATABASE_URL`` (with ``DEBUG=1``, as the
seeding needs); the default command requests every page of ``bench/pages.py`` ``repeats``
times through Django's test client and prints, per page, the median wall time, the queries
the time spent in SQL and the Python function calls of one request (a count that, unlike
the times, does not depend on what else the machine is doing). ``--only`` adds a cProfile of
that page, sorted by cumulative time. Nothing is asserted: this is the tool to find what
``bench/serve.py`` measures.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_ROOT = ROOT / ".cache" / "profile" / "staticfiles"  # skipped by the source scans


def server_environ() -> None:
    """The real-server bench's environment (``bench.serve.django_env``), for the test client."""
    from bench.serve import django_env

    secret = os.environ.get("SECRET_KEY", "bench-profile-" + "x" * 40)
    env = django_env(secret, STATIC_ROOT, os.environ.get("DATABASE_URL", ""))
    os.environ.update(env, ALLOWED_HOSTS="testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cjs.settings")


def prepare(scale: int, archived: int) -> None:
    env = {**os.environ, "DEBUG": "1", "PYTHONPATH": str(ROOT)}
    seed = ["seed_demo", "--scale", str(scale)]
    if archived:
        seed += ["--archived-seasons", str(archived)]
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], seed):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(  # the statistics a database in service has (``bench.fixtures``)
        [sys.executable, "-m", "bench.fixtures", "analyze"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server_environ()
    collect()


def collect() -> None:
    """The manifest of hashed file names that ``DEBUG=0`` reads (``server_environ`` first)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )


def measure(repeats: int, only: str | None, top: int) -> None:
    server_environ()
    if not (STATIC_ROOT / "staticfiles.json").exists():
        collect()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import pages
    from members.models import User

    clients: dict[str, Client] = {"anonymous": Client()}
    print(
        f"{'page':<22} {'persona':<10} {'queries':>7} {'median ms':>9} {'sql ms':>7}"
        f" {'py calls':>9}"
    )
    for persona, label, url in [("anonymous", "baseline", "/bench/baseline/"), *pages()]:
        if only and label != only:
            continue
        if persona not in clients:
            clients[persona] = Client()
            clients[persona].force_login(User.objects.get(username=persona))
        client = clients[persona]
        for _ in range(3):
            status = client.get(url).status_code
            if status != 200:
                raise SystemExit(f"{label} ({url}) answered {status}")
        durations, sql = [], []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                client.get(url)
                durations.append(time.perf_counter() - begin)
            # Read now: the next request's request_started signal empties the log.
            sql.append(sum(float(q["time"]) for q in queries.captured_queries))
            count = len(queries)
        counted = cProfile.Profile()
        counted.runcall(client.get, url)
        calls = pstats.Stats(counted).total_calls  # type: ignore[attr-defined]
        print(
            f"{label:<22} {persona:<10} {count:>7} "
            f"{statistics.median(durations) * 1000:>9.1f} {statistics.median(sql) * 1000:>7.1f}"
            f" {calls:>9}"
        )
        if only:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(repeats):
                client.get(url)
            profile.disable()
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(top)
            stats.sort_stats("cumulative").print_stats(str(ROOT) + r"/(?!\.venv)", top)
            stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="measure", choices=["measure", "prepare"])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--archived-seasons", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--only", help="the page's label in bench/pages.py, profiled")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.scale, args.archived_seasons)
    else:
        measure(args.repeats, args.only, args.top)


if __name__ == "__main__":
    main()
