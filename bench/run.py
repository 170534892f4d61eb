"""Benchmarks: ``make bench`` (or ``.venv/bin/python bench/run.py``).

Times the rotation planner on the sizes the issue names: 40 members x 12 roles x 10 weeks,
and the committees of the same 40 members over 10 weeks in periods of 3 weeks. The target is
under a second per plan; the figures are printed (and saved in bench/results/), never
asserted in tests.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from members.rules import (  # noqa: E402  (the path above first)
    Participant,
    breaches,
    plan_committees,
    plan_roles,
    weeks_to_periods,
)

REPEATS = 5
FIRST_MONDAY = dt.date(2026, 6, 29)


def members(count: int, rng: random.Random) -> list[Participant]:
    """Members, a quarter of them away for a few days at some point of the summer."""
    people = []
    for member in rng.sample(range(1, 10_000), count):
        away = ()
        if rng.random() < 0.25:
            start = FIRST_MONDAY + dt.timedelta(days=rng.randint(0, 63))
            away = ((start, start + dt.timedelta(days=rng.randint(2, 9))),)
        people.append(Participant(member, away))
    return people


def timed(label: str, run) -> dict:
    durations = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        plan = run()
        durations.append(time.perf_counter() - started)
    result = {
        "benchmark": label,
        "best_s": round(min(durations), 4),
        "median_s": round(statistics.median(durations), 4),
        "repeats": REPEATS,
    }
    print(
        f"{label:<48} best {result['best_s'] * 1000:8.1f} ms   "
        f"median {result['median_s'] * 1000:8.1f} ms"
    )
    return result | {"plan": plan}


def main() -> None:
    rng = random.Random(2026)  # noqa: S311  (reproducible data, not secrets)
    people = members(40, rng)
    weeks = [FIRST_MONDAY + dt.timedelta(weeks=i) for i in range(10)]
    results = []
    roles = timed(
        "rotation: 40 members x 12 roles x 10 weeks",
        lambda: plan_roles(
            periods=weeks_to_periods(weeks), roles=list(range(1, 13)), members=people
        ),
    )
    committees = timed(
        "rotation: 40 members x 3 committees x 10 weeks",
        lambda: plan_committees(
            periods=weeks_to_periods(weeks, 3), committees=[1, 2, 3], members=people
        ),
    )
    for result in (roles, committees):
        found = breaches(result.pop("plan"), people)
        result["breaches"] = {
            "repeats": found.repeats,
            "imbalance": found.imbalance,
            "doubles": found.doubles,
        }
        results.append(result)
    print("rule breaches (with absences):", {r["benchmark"]: r["breaches"] for r in results})
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "rotation.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
