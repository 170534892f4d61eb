"""Page benchmark: every main page at two data sizes, timed and with its SQL query count.

    .venv/bin/python bench/pages.py [--scales 1 10] [--repeats 15] [--postgres URL]

For each scale, a fresh database is migrated and filled by ``seed_demo --scale N`` (in a
worker process, so that each scale gets its own settings), then each page is requested
``repeats`` times through Django's test client (no network, no static files). The table
shows the median time and the number of queries per page at each scale: the query counts
must not grow with the data. Results are saved in bench/results/pages.json. Nothing here is
asserted: tests check the query budgets; this script measures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages() -> list[tuple[str, str, str]]:
    """(persona, label, url) of the pages to measure, resolved against the seeded data."""
    from django.urls import reverse

    from governance.models import Meeting
    from services.models import ServiceRequest

    service_request = ServiceRequest.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("-starts_at").first()
    found = [
        ("anonymous", "home", reverse("home")),
        ("anonymous", "request form", "/demande/"),
        ("anonymous", "tracking page", f"/suivi/{service_request.token}/"),
        ("leader1", "leader dashboard", reverse("dashboard")),
        ("leader1", "requests inbox", reverse("services:inbox")),
        ("leader1", "request page", reverse("services:request_detail", args=[service_request.pk])),
        ("leader1", "members directory", reverse("members:directory")),
        ("leader1", "meetings", reverse("governance:meeting_list")),
        ("leader1", "meeting page", reverse("governance:meeting_detail", args=[meeting.pk])),
        ("leader1", "decisions register", reverse("governance:register")),
        ("member01", "member dashboard", reverse("dashboard")),
        ("member01", "who does what", reverse("my:rotation")),
    ]
    for persona, label, name in EXTRA_PAGES:
        found.append((persona, label, reverse(name)))
    return found


# Pages added by later features: (persona, label, url name).
EXTRA_PAGES: list[tuple[str, str, str]] = [
    ("member02", "job board", "services:job_board"),
    ("member02", "my jobs", "services:my_jobs"),
    ("leader1", "approval queue", "services:approvals"),
    ("leader1", "hours to validate", "services:hours_queue"),
]


def worker(scale: int, repeats: int) -> None:
    """Runs in its own process with DATABASE_URL set: seed, then measure; JSON on stdout."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cjs.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from members.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, stdout=open(os.devnull, "w"))  # noqa: SIM115
    seeded = time.perf_counter() - started
    clients: dict[str, Client] = {"anonymous": Client()}
    results = []
    for persona, label, url in pages():
        if persona not in clients:
            client = Client()
            client.force_login(User.objects.get(username=persona))
            clients[persona] = client
        client = clients[persona]
        response = client.get(url)  # warm-up (templates, caches)
        if response.status_code != 200:
            raise SystemExit(f"{label} ({url}) answered {response.status_code}")
        reset_queries()  # the log is a bounded deque: seeding filled it
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        durations = []
        for _ in range(repeats):
            begin = time.perf_counter()
            client.get(url)
            durations.append(time.perf_counter() - begin)
        results.append(
            {
                "page": label,
                "persona": persona,
                "queries": len(queries),
                "median_ms": round(statistics.median(durations) * 1000, 1),
            }
        )
    print(json.dumps({"scale": scale, "seed_s": round(seeded, 1), "pages": results}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs=2, default=[1, 10])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--postgres", help="base URL, e.g. postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.repeats)
        return

    runs = []
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as folder:
            env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
            env["DEBUG"] = "1"
            if args.postgres:
                name = f"cjs_bench_{scale}"
                subprocess.run(
                    [
                        "psql",
                        f"{args.postgres}/postgres",
                        "-q",
                        "-c",
                        f"DROP DATABASE IF EXISTS {name}",
                        "-c",
                        f"CREATE DATABASE {name}",
                    ],
                    check=True,
                )
                env["DATABASE_URL"] = f"{args.postgres}/{name}"
            else:
                env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            output = subprocess.run(
                [sys.executable, __file__, "--worker", str(scale), "--repeats", str(args.repeats)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))

    small, large = runs
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"{engine}; seed_demo --scale {small['scale']}: {small['seed_s']} s, "
        f"--scale {large['scale']}: {large['seed_s']} s; median of {args.repeats} requests"
    )
    print(f"{'page':<22} {'persona':<10} {'queries':>13} {'median ms':>17}")
    print(
        f"{'':<22} {'':<10} {'x' + str(small['scale']):>6} {'x' + str(large['scale']):>6} "
        f"{'x' + str(small['scale']):>8} {'x' + str(large['scale']):>8}"
    )
    for a, b in zip(small["pages"], large["pages"], strict=True):
        flag = "" if a["queries"] == b["queries"] else "  <- grows with the data"
        print(
            f"{a['page']:<22} {a['persona']:<10} {a['queries']:>6} {b['queries']:>6} "
            f"{a['median_ms']:>8} {b['median_ms']:>8}{flag}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "pages.json").write_text(json.dumps(runs, indent=2) + "\n")


if __name__ == "__main__":
    main()
