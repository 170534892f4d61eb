"""The benchmark's verdicts: each goal of issue 11 turns PASS or FAIL on the right side of its
threshold (pure functions over made-up figures; nothing is measured here)."""

from __future__ import annotations

from bench import report


def _phase(name: str, p95: float, *, kind: str = "page", users: int = 8, errors: int = 0):
    figures = {"requests": 10, "errors": errors, "p50_ms": p95, "p95_ms": p95, "rps": 1.0}
    return {
        "name": name,
        "kind": kind,
        "users": users,
        "timed_out": False,
        "requests": {name: figures},
    }


def _size(label: str, page_p95: float, *, invariants=None, rss: float = 100.0, extra=()):
    return {
        "label": label,
        "phases": [_phase("baseline", 20), _phase("job board", page_p95), *extra],
        "baselines": {"8": 20, "30": 20},
        "rss_mb": {"101": rss},
        "invariants": invariants,
    }


INVARIANTS = {
    "votes": 60,
    "named_votes": 60,
    "duplicate_voters": 0,
    "voters": 60,
    "claims": 2,
    "seats": 2,
    "flyer_requests": 40,
    "flyer_accepted": 40,
    "flyer_duplicate_tokens": 0,
}


def _results(small: dict, large: dict) -> dict:
    return {"sizes": [small, large], "page_users": 8}


def _verdicts(results: dict) -> dict[str, bool]:
    return {goal: ok for goal, ok, _detail in report.goals(results)}


def test_a_page_within_five_times_the_baseline_and_not_growing_passes():
    verdicts = _verdicts(_results(_size("small", 77), _size("large", 100)))
    assert verdicts["small: job board p95 ≤ 5× baseline"]
    assert verdicts["large: job board p95 ≤ 5× baseline"]
    assert verdicts["large: job board p95 ≤ 1.3× its scale-1 p95"]


def test_a_slow_page_and_a_page_growing_with_the_data_fail():
    verdicts = _verdicts(_results(_size("small", 101), _size("large", 140)))
    assert not verdicts["small: job board p95 ≤ 5× baseline"]
    assert not verdicts["large: job board p95 ≤ 1.3× its scale-1 p95"]


def test_a_page_with_errors_fails_whatever_its_time():
    small = _size("small", 10)
    small["phases"][1]["requests"]["job board"]["errors"] = 1
    assert not _verdicts(_results(small, _size("large", 10)))["small: job board p95 ≤ 5× baseline"]


def test_the_scenarios_invariants_pass_only_when_the_database_holds_each_thing_once():
    claim = _phase("job release: claim", 90, kind="claim", users=30)
    claim["name"] = "job release"
    good = _verdicts(
        _results(_size("small", 50, invariants=INVARIANTS, extra=[claim]), _size("large", 50))
    )
    assert good["assembly: every vote counted once"]
    assert good["job release: exactly the seats claimed"]
    assert good["flyer drop: every accepted form stored once"]
    assert good["job release: 0 errors, finished in time"]
    assert good["job release: claim: p95 ≤ 5× baseline at 30 users"]
    wrong = {**INVARIANTS, "claims": 3, "duplicate_voters": 1, "flyer_requests": 41}
    bad = _verdicts(_results(_size("small", 50, invariants=wrong), _size("large", 50)))
    assert not bad["assembly: every vote counted once"]
    assert not bad["job release: exactly the seats claimed"]
    assert not bad["flyer drop: every accepted form stored once"]


def test_a_worker_over_150_mb_fails():
    verdicts = _verdicts(_results(_size("small", 50, rss=151), _size("large", 50)))
    assert not verdicts["small: worker 101 peak RSS < 150 MB"]
    assert verdicts["large: worker 101 peak RSS < 150 MB"]


def test_the_markdown_report_has_the_table_and_each_verdict():
    results = {
        **_results(_size("small", 50), _size("large", 500)),
        "date": "2026-12-02 18:00 UTC",
        "machine": "Linux",
        "database": "SQLite",
        "cache": "local memory",
        "note": "busy",
    }
    text = report.markdown(results)
    assert "| small | job board | 8 | 1 | 50 | 50 | 2.5 | 0 |" in text
    assert "FAIL large: job board p95 ≤ 5× baseline" in text
    assert "PASS small: job board p95 ≤ 5× baseline" in text


def test_the_markdown_report_says_how_many_rounds_each_page_had():
    results = {
        **_results(_size("small", 50), _size("large", 60)),
        "date": "2026-12-06 03:00 UTC",
        "machine": "Linux",
        "database": "PostgreSQL",
        "cache": "Redis",
        "note": "",
        "requests_per_page": 200,
    }
    assert "Each page: 200 requests, in one round." in report.markdown(results)
    text = report.markdown({**results, "page_rounds": 3})
    assert "Each page: 3 rounds of 200 requests, each beside a baseline" in text
    assert "the median of its rounds'" in text
