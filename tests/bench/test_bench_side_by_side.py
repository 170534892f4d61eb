"""The benchmark measures each page at both sizes side by side, each beside a baseline, and
gives a size one baseline: the median of those measured across the run (pure functions of
``bench/serve.py`` over made-up sizes and figures; nothing is served or measured here)."""

from __future__ import annotations

from types import SimpleNamespace

from bench import serve

ARGS = SimpleNamespace(users=8, requests=80, quick=False)


def _size(label: str, host: str, pages: list[str]) -> dict:
    return {
        "label": label,
        "host": host,
        "prepared": {
            "pages": [
                {"persona": "leader1", "page": page, "url": f"/{page}/{label}/"} for page in pages
            ],
            "sessions": {"leader1": f"session-{label}"},
        },
    }


def test_each_page_is_measured_at_both_sizes_one_after_the_other_beside_a_baseline():
    small = _size("small", "http://127.0.0.1:1", ["inbox", "board"])
    large = _size("large", "http://127.0.0.1:2", ["inbox", "board"])

    phases = serve.page_phases([small, large], ARGS)

    warm_ups, measured = phases[:2], phases[2:]
    assert [(p["kind"], p["size"], p["host"]) for p in warm_ups] == [
        ("warm-up", "small", "http://127.0.0.1:1"),
        ("warm-up", "large", "http://127.0.0.1:2"),
    ]
    assert [(p["name"], p["size"]) for p in measured] == [
        ("baseline", "small"),
        ("inbox (leader1)", "small"),
        ("baseline", "large"),
        ("inbox (leader1)", "large"),
        ("baseline", "small"),
        ("board (leader1)", "small"),
        ("baseline", "large"),
        ("board (leader1)", "large"),
    ]
    hosts = {"small": "http://127.0.0.1:1", "large": "http://127.0.0.1:2"}
    assert all(p["host"] == hosts[p["size"]] for p in measured)
    board = measured[-1]
    assert board["url"] == "/board/large/"
    assert board["slots"] == [{"session": "session-large"}] * 8


def _result(name: str, size: str, p95: float, *, errors: int = 0) -> dict:
    figures = {"requests": 80, "errors": errors, "p50_ms": p95 / 2, "p95_ms": p95, "rps": 100.0}
    return {
        "name": name,
        "kind": "page",
        "size": size,
        "users": 8,
        "timed_out": False,
        "requests": {name: figures},
        "errors": [{"name": name, "error": "HTTP 500", "count": errors}] if errors else [],
    }


def test_a_size_has_one_baseline_the_median_of_those_measured_beside_its_pages():
    results = [
        _result("baseline", "small", 8),
        _result("inbox (leader1)", "small", 30),
        _result("baseline", "large", 9),
        _result("inbox (leader1)", "large", 33),
        _result("baseline", "small", 16, errors=1),
        _result("board (leader1)", "small", 40),
        _result("baseline", "large", 10),
        _result("board (leader1)", "large", 41),
        _result("baseline", "small", 11),
        _result("hours (leader1)", "small", 20),
        _result("baseline", "large", 30),
        _result("hours (leader1)", "large", 22),
    ]

    small = serve.size_phases("small", results)
    large = serve.size_phases("large", results)

    assert [p["name"] for p in small] == [
        "baseline",
        "inbox (leader1)",
        "board (leader1)",
        "hours (leader1)",
    ]
    merged = small[0]["requests"]["baseline"]
    assert merged["p95_ms"] == 11  # the median of 8, 16 and 11, not one moment's
    assert merged["requests"] == 240 and merged["errors"] == 1
    assert small[0]["measurements"] == 3
    assert small[0]["errors"] == [{"name": "baseline", "error": "HTTP 500", "count": 1}]
    assert large[0]["requests"]["baseline"]["p95_ms"] == 10
    assert [p["requests"][p["name"]]["p95_ms"] for p in large[1:]] == [33, 41, 22]
