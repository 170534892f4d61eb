"""The benchmark measures each page at both sizes side by side, each beside a baseline, in
rounds, and gives a size one baseline and each page one set of figures: the median of those
measured across the run (pure functions of ``bench/serve.py`` over made-up sizes and figures;
nothing is served or measured here)."""

from __future__ import annotations

from types import SimpleNamespace

from bench import serve

ARGS = SimpleNamespace(users=8, requests=80, quick=False, rounds=1)


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


def test_every_page_is_measured_again_in_each_round_at_both_sizes():
    small = _size("small", "http://127.0.0.1:1", ["inbox", "board"])
    large = _size("large", "http://127.0.0.1:2", ["inbox", "board"])

    measured = serve.page_phases([small, large], SimpleNamespace(**{**vars(ARGS), "rounds": 2}))[2:]

    pages = [(p["round"], p["name"], p["size"]) for p in measured if p["name"] != "baseline"]
    assert pages == [
        (1, "inbox (leader1)", "small"),
        (1, "inbox (leader1)", "large"),
        (1, "board (leader1)", "small"),
        (1, "board (leader1)", "large"),
        (2, "inbox (leader1)", "small"),
        (2, "inbox (leader1)", "large"),
        (2, "board (leader1)", "small"),
        (2, "board (leader1)", "large"),
    ]
    assert [p["name"] for p in measured[::2]] == ["baseline"] * 8  # one beside each page


def _result(name: str, size: str, p95: float, *, errors: int = 0, p50: float = 0) -> dict:
    figures = {
        "requests": 80,
        "errors": errors,
        "p50_ms": p50 or p95 / 2,
        "p95_ms": p95,
        "rps": 100.0,
    }
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


def test_a_page_measured_in_rounds_has_the_median_of_its_rounds_figures():
    results = [
        _result("baseline", "small", 8),
        _result("board (leader1)", "small", 30, p50=20),
        _result("baseline", "small", 9),
        _result("board (leader1)", "small", 44, p50=21, errors=2),  # a pause of the machine
        _result("baseline", "small", 10),
        _result("board (leader1)", "small", 32, p50=19),
    ]

    _baseline, board = serve.size_phases("small", results)

    figures = board["requests"]["board (leader1)"]
    assert (figures["p95_ms"], figures["p50_ms"]) == (32, 20)
    assert figures["requests"] == 240 and figures["errors"] == 2
    assert [f["p95_ms"] for f in board["measured"]] == [30, 44, 32]  # each round's kept
    assert board["measurements"] == 3 and "round" not in board
    assert board["errors"] == [{"name": "board (leader1)", "error": "HTTP 500", "count": 2}]


def test_a_page_whose_rounds_all_timed_out_has_no_figures_and_fails():
    timed_out = {**_result("board (leader1)", "small", 30), "requests": {}, "timed_out": True}
    results = [_result("baseline", "small", 8), timed_out, _result("baseline", "small", 9)]

    _baseline, board = serve.size_phases("small", results)

    assert board["requests"] == {} and board["timed_out"]
