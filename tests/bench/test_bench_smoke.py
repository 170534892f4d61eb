"""The real-server benchmark runs end to end (``bench/serve.py --quick``) so that it cannot rot.
No timing is asserted: only that it serves, measures every page and scenario, that the
scenarios' invariants hold, and that it leaves no server behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.pages import EXTRA_PAGES

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.bench


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_the_quick_benchmark_measures_every_page_and_scenario_and_cleans_up(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/cjs_bench_smoke"
    finished = subprocess.run(
        [sys.executable, "-m", "bench.serve", "--quick", "--no-fail", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    results = json.loads((tmp_path / "server.json").read_text())
    table = (tmp_path / "server.md").read_text()
    assert "| size | request |" in table and "## Goals" in table

    small, large = results["sizes"]
    for size in (small, large):
        page_phases = [p for p in size["phases"] if p["kind"] == "page"]
        names = [phase["name"] for phase in page_phases if phase["name"] != "baseline"]
        assert page_phases[0]["name"] == "baseline"
        assert page_phases[0]["measurements"] == len(names)  # one beside each page
        assert len(names) == len(set(names)) == 12 + len(EXTRA_PAGES)
        assert {name.split(" (")[0] for name in names} >= {label for _p, label, _n in EXTRA_PAGES}
        for phase in page_phases:
            assert phase["requests"][phase["name"]]["requests"] > 0
            assert phase["requests"][phase["name"]]["errors"] == 0, phase
        assert size["rss_mb"] and all(mb > 0 for mb in size["rss_mb"].values())
    assert {"assembly", "job release", "flyer drop"} <= {p["name"] for p in small["phases"]}

    invariants = small["invariants"]
    assert invariants["claims"] == 2
    assert invariants["warm_claims"] == 2  # the warm-up claimed a job of its own
    assert invariants["votes"] == invariants["voters"] == 60
    assert invariants["named_votes"] == 60 and invariants["duplicate_voters"] == 0
    assert invariants["flyer_requests"] == invariants["flyer_accepted"] > 0
    assert invariants["flyer_duplicate_tokens"] == 0
    for phase in small["phases"]:
        if phase["kind"] != "page":
            assert not phase["timed_out"], phase["name"]
            assert all(f["errors"] == 0 for f in phase["requests"].values()), phase

    verdicts = {goal["goal"]: goal["pass"] for goal in results["goals"]}
    assert verdicts["assembly: every vote counted once"]
    assert verdicts["job release: exactly the seats claimed"]
    assert verdicts["flyer drop: every accepted form stored once"]
    for size in (small, large):
        assert len(size["server_pids"]) == 3  # the arbiter and its 2 workers
        assert not any(_running(pid) for pid in size["server_pids"])
