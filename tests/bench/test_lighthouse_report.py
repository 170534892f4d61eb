"""The Lighthouse step's report, built from a recorded Lighthouse result (the job board, before
its contrast fix); no timing is asserted, nothing is measured here."""

from __future__ import annotations

import json
from pathlib import Path

from bench import lighthouse

RECORDED = json.loads((Path(__file__).parent / "lighthouse_job_board.json").read_text())


def _page(label="job board", **changes) -> dict:
    run = lighthouse.summary(RECORDED)
    run.update(changes)
    return lighthouse.page_result(label, "/chantiers/", "member02", [run])


def test_a_lighthouse_result_gives_the_four_scores_the_paint_and_the_bytes():
    run = lighthouse.summary(RECORDED)
    assert run["form_factor"] == "mobile"
    assert set(run["scores"]) == {"performance", "accessibility", "best-practices", "seo"}
    assert all(0 <= score <= 100 for score in run["scores"].values())
    assert run["fcp_ms"] > 0 and run["bytes"] > 0
    assert run["bytes"] >= sum(r["bytes"] for r in run["requests"]) - 1
    assert {r["path"] for r in run["requests"]} >= {"/chantiers/"}


def test_the_audits_not_passed_name_the_elements_at_fault():
    run = lighthouse.summary(RECORDED)
    assert "color-contrast" in run["failed_audits"]
    assert "insufficient color contrast" in run["failed_audits"]["color-contrast"][0]


def test_the_median_run_is_the_middle_one_by_performance():
    runs = [
        {"scores": {"performance": 90}, "fcp_ms": 900},
        {"scores": {"performance": 100}, "fcp_ms": 800},
        {"scores": {"performance": 97}, "fcp_ms": 1000},
    ]
    assert lighthouse.median_run(runs)["scores"]["performance"] == 97


def test_each_goal_turns_on_its_threshold():
    good = _page(
        scores={"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 100},
        fcp_ms=1500,
        bytes=100_000,
    )
    assert [ok for _goal, ok, _ in lighthouse.goals([good])] == [True] * 4
    bad = _page(
        scores={"performance": 98, "accessibility": 96, "best-practices": 100, "seo": 100},
        fcp_ms=1501,
        bytes=100_001,
    )
    assert [ok for _goal, ok, _ in lighthouse.goals([good, bad])] == [False] * 4


def test_the_report_shows_every_page_the_goals_and_what_loads():
    pages = [_page(), _page("home")]
    results = {
        "date": "2026-12-03 08:00 UTC",
        "machine": "a machine",
        "chrome": "Chromium",
        "lighthouse": "12.8.2",
        "form_factor": "mobile",
        "database": "SQLite",
        "runs": 1,
        "note": "busy",
        "pages": pages,
    }
    text = lighthouse.markdown(results)
    assert "| job board | member02 |" in text and "| home | member02 |" in text
    assert "**FAIL** accessibility 100: lowest 96 (job board)" in text
    assert "/static/img/icons" in text  # the sprite among what the first load fetches
    assert "color-contrast (job board, home)" in text
