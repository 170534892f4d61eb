"""The real-server benchmark's report: the Markdown table and the issue's goals, PASS or FAIL.

Pure functions over the results ``bench/serve.py`` gathers; nothing here measures.
"""

from __future__ import annotations

PAGE_RATIO = 5.0  # a page's p95 at most 5x the baseline's p95, at both sizes
GROWTH = 1.3  # at the large size at most 1.3x its own p95 at scale 1
SCENARIO_RATIO = 5.0  # a scenario's p95 at most 5x the baseline's at the same concurrency
RSS_MB = 150.0


def ratio(p95: float | None, baseline: float | None) -> float | None:
    """Unrounded, so that 5.04× does not pass as 5×; ``_fmt`` rounds for the eye."""
    if not p95 or not baseline:
        return None
    return p95 / baseline


def rows(results: dict) -> list[dict]:
    """One row per measured request kind: its size, its concurrency, its figures."""
    found = []
    for size in results["sizes"]:
        for phase in size["phases"]:
            baseline = size["baselines"].get(str(phase["users"]))
            for name, figures in phase["requests"].items():
                found.append(
                    {
                        "size": size["label"],
                        "phase": phase["name"],
                        "request": name,
                        "users": phase["users"],
                        **figures,
                        "ratio": ratio(figures["p95_ms"], baseline),
                    }
                )
    return found


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{round(value, 1):g}"
    return str(value)


def table(results: dict) -> str:
    lines = [
        "| size | request | users | req/s | p50 ms | p95 ms | × baseline p95 | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows(results):
        lines.append(
            f"| {row['size']} | {row['request']} | {row['users']} | {_fmt(row['rps'])} | "
            f"{_fmt(row['p50_ms'])} | {_fmt(row['p95_ms'])} | {_fmt(row['ratio'])} | "
            f"{row['errors']} |"
        )
    lines += ["", "| size | gunicorn worker | peak RSS (VmHWM) |", "|---|---|---|"]
    for size in results["sizes"]:
        for pid, megabytes in size["rss_mb"].items():
            lines.append(f"| {size['label']} | {pid} | {megabytes:.1f} MB |")
    return "\n".join(lines)


def _page_goals(results: dict) -> list[tuple[str, bool, str]]:
    goals = []
    first = results["sizes"][0]
    first_p95 = {
        p["name"]: p["requests"][p["name"]]["p95_ms"]
        for p in first["phases"]
        if p["kind"] == "page" and p["name"] in p["requests"]
    }
    for size in results["sizes"]:
        baseline = size["baselines"].get(str(results["page_users"]))
        for phase in size["phases"]:
            if phase["kind"] != "page" or phase["name"] == "baseline":
                continue
            figures = phase["requests"].get(phase["name"], {})
            p95 = figures.get("p95_ms")
            found = ratio(p95, baseline)
            goals.append(
                (
                    f"{size['label']}: {phase['name']} p95 ≤ {PAGE_RATIO:g}× baseline",
                    found is not None and found <= PAGE_RATIO and not figures.get("errors"),
                    f"{_fmt(p95)} ms, {_fmt(found)}×, {figures.get('errors', '?')} errors",
                )
            )
            if size is not first:
                small = first_p95.get(phase["name"])
                growth = ratio(p95, small)
                goals.append(
                    (
                        f"{size['label']}: {phase['name']} p95 ≤ {GROWTH:g}× its scale-1 p95",
                        growth is not None and growth <= GROWTH,
                        f"{_fmt(p95)} ms vs {_fmt(small)} ms: {_fmt(growth)}×",
                    )
                )
    return goals


def _scenario_goals(results: dict) -> list[tuple[str, bool, str]]:
    goals = []
    for size in results["sizes"]:
        for phase in size["phases"]:
            if phase["kind"] == "page":
                continue
            baseline = size["baselines"].get(str(phase["users"]))
            errors = sum(f["errors"] for f in phase["requests"].values())
            goals.append(
                (
                    f"{phase['name']}: 0 errors, finished in time",
                    errors == 0 and not phase["timed_out"],
                    f"{errors} errors" + (", timed out" if phase["timed_out"] else ""),
                )
            )
            for name, figures in phase["requests"].items():
                found = ratio(figures["p95_ms"], baseline)
                goals.append(
                    (
                        f"{name}: p95 ≤ {SCENARIO_RATIO:g}× baseline at {phase['users']} users",
                        found is not None and found <= SCENARIO_RATIO,
                        f"{_fmt(figures['p95_ms'])} ms, {_fmt(found)}×",
                    )
                )
        invariants = size.get("invariants")
        if invariants:
            goals += invariant_goals(invariants)
    return goals


def invariant_goals(found: dict) -> list[tuple[str, bool, str]]:
    """The scenarios' correctness: what the database holds after them."""
    return [
        (
            "assembly: every vote counted once",
            found["votes"] == found["voters"]
            and found["named_votes"] == found["voters"]
            and found["duplicate_voters"] == 0,
            f"{found['votes']} votes for {found['voters']} voters, "
            f"{found['duplicate_voters']} counted twice",
        ),
        (
            "job release: exactly the seats claimed",
            found["claims"] == found["seats"],
            f"{found['claims']} claims for {found['seats']} seats",
        ),
        (
            "flyer drop: every accepted form stored once",
            found["flyer_requests"] == found["flyer_accepted"]
            and found["flyer_duplicate_tokens"] == 0,
            f"{found['flyer_requests']} stored, {found['flyer_accepted']} accepted",
        ),
    ]


def goals(results: dict) -> list[tuple[str, bool, str]]:
    found = _page_goals(results) + _scenario_goals(results)
    for size in results["sizes"]:
        for pid, megabytes in size["rss_mb"].items():
            found.append(
                (
                    f"{size['label']}: worker {pid} peak RSS < {RSS_MB:g} MB",
                    megabytes < RSS_MB,
                    f"{megabytes:.1f} MB",
                )
            )
    return found


def _rounds_line(results: dict) -> str:
    rounds = results.get("page_rounds", 1)
    requests = results.get("requests_per_page")
    if rounds == 1:
        return f"Each page: {requests} requests, in one round."
    return (
        f"Each page: {rounds} rounds of {requests} requests, each beside a baseline; its p50, "
        f"p95 and req/s are the median of its rounds' (a size's baseline: of all its phases')."
    )


def markdown(results: dict) -> str:
    checked = goals(results)
    failed = sum(1 for _goal, ok, _detail in checked if not ok)
    lines = [
        f"# Real-server benchmark, {results['date']}",
        "",
        f"{results['machine']}; {results['database']}, cache {results['cache']}; "
        f"gunicorn 2 workers, DEBUG=0; {results['note']}",
        "",
        _rounds_line(results),
        "",
        table(results),
        "",
        f"## Goals: {len(checked) - failed} PASS, {failed} FAIL",
        "",
    ]
    lines += [f"- {'PASS' if ok else 'FAIL'} {goal} ({detail})" for goal, ok, detail in checked]
    return "\n".join(lines) + "\n"
