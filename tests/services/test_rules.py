"""The rules of a member's place on a job (``services.rules``): pure functions, tested table by
table, for the French and the Quebec presets of the minors' working-time limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from members.models import MINOR_LIMIT_PRESETS, Cooperative
from services import rules
from services.queries import minor_limits, public_holidays

# A week of July 2026: Monday 6 to Sunday 12; Tuesday 14 July is the French national day,
# Wednesday 24 June the Quebec one.
MON = dt.date(2026, 7, 6)


def day(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


def slot(date: dt.date, start: str, end: str, job_id: int = 0, *, pause: int = 0) -> rules.Slot:
    """A job on ``date`` from ``start`` to ``end`` (the hours worked: with a break of
    ``pause`` minutes)."""
    return rules.Slot(
        job_id or hash((date, start, end)) % 100_000 + 1,
        date,
        dt.time.fromisoformat(start),
        dt.time.fromisoformat(end),
        "Tonte",
        pause,
    )


def limits_for(country: str) -> rules.MinorLimits:
    cooperative = Cooperative(country=country)
    for field, value in MINOR_LIMIT_PRESETS[country].items():
        setattr(cooperative, field, value)
    return minor_limits(cooperative)


def holidays_for(country: str, year: int = 2026) -> dict:
    return public_holidays(Cooperative(country=country), [dt.date(year, 1, 1)])


def codes(worker, new, *, country="FR", skills=(), minimum_age=None) -> set[str]:
    needs = rules.JobNeeds(slot=new, skills=skills, minimum_age=minimum_age)
    found = rules.refusals(worker, needs, limits_for(country), holidays_for(country))
    return {refusal.rule for refusal in found}


def minor(*slots: rules.Slot, **fields) -> rules.Worker:
    return rules.Worker(member_id=1, age=16, is_minor=True, slots=tuple(slots), **fields)


def adult(*slots: rules.Slot, **fields) -> rules.Worker:
    return rules.Worker(member_id=1, age=19, is_minor=False, slots=tuple(slots), **fields)


# (case, existing jobs, new job, rules broken in France, in Quebec)
MINOR_CASES = [
    ("a morning job", [], slot(day(2), "09:00", "12:00"), None, None),
    ("until 22:00 is fine", [], slot(day(2), "18:00", "22:00"), None, None),
    ("in the French night", [], slot(day(2), "20:00", "22:30"), "minor_night", None),
    ("in the Quebec night too", [], slot(day(2), "22:00", "23:30"), "minor_night", "minor_night"),
    ("before 6:00", [], slot(day(2), "05:30", "08:00"), "minor_night", "minor_night"),
    ("on 14 July", [], slot(dt.date(2026, 7, 14), "09:00", "12:00"), "minor_holiday", None),
    # Quebec's preset allows public holidays; the French one allows 24 June.
    ("on 24 June", [], slot(dt.date(2026, 6, 24), "09:00", "12:00"), None, None),
    (
        "nine hours in a day",
        [slot(day(2), "08:00", "12:00")],
        slot(day(2), "13:00", "18:00"),
        "minor_day",
        "minor_day",
    ),
    (
        "eight hours in a day",
        [slot(day(2), "08:00", "12:00")],
        slot(day(2), "13:00", "17:00"),
        None,
        None,
    ),
    (
        "36 hours in the week",
        [slot(day(d), "08:00", "16:00") for d in range(4)],
        slot(day(4), "09:00", "13:00"),
        "minor_week",
        None,
    ),
    (
        "41 hours in the week, on the Saturday",
        [slot(day(d), "08:00", "16:00") for d in range(5)],
        slot(day(5), "09:00", "10:00"),
        {"minor_week", "minor_rest_days"},
        "minor_week",
    ),
    (
        "11 hours of rest after the day before",
        [slot(day(1), "14:00", "21:00")],
        slot(day(2), "08:00", "11:00"),
        "minor_rest",
        None,
    ),
    (
        "7 hours of rest before the next day",
        [slot(day(3), "06:00", "09:00")],
        slot(day(2), "21:00", "23:00"),
        {"minor_night", "minor_rest"},
        "minor_rest",
    ),
    (
        "no two consecutive rest days left",
        [slot(day(d), "09:00", "11:00") for d in (0, 2, 4, 6)],
        slot(day(1), "09:00", "11:00"),
        "minor_rest_days",
        None,
    ),
    (
        "no rest day left at all",
        [slot(day(d), "09:00", "10:00") for d in (0, 1, 2, 3, 4, 5)],
        slot(day(6), "09:00", "10:00"),
        "minor_rest_days",
        "minor_rest_days",
    ),
    (
        "a second job the same day keeps the rest days",
        [slot(day(d), "09:00", "10:00") for d in (0, 1, 2, 3, 4)],
        slot(day(4), "14:00", "15:00"),
        None,
        None,
    ),
]


def in_each_preset(names: tuple[str, ...], cases: list):
    """Run a test on each of ``cases`` (named by their first item) in France and in Quebec."""

    def decorate(test):
        test = pytest.mark.parametrize(names, cases, ids=[case[0] for case in cases])(test)
        return pytest.mark.parametrize("country", ["FR", "QC"])(test)

    return decorate


def expected_in(country: str, france, quebec) -> set[str]:
    """The rules a case breaks in ``country`` (one rule, several, or none)."""
    expected = france if country == "FR" else quebec
    return {expected} if isinstance(expected, str) else set(expected or ())


@in_each_preset(("case", "existing", "new", "france", "quebec"), MINOR_CASES)
def test_the_minors_working_time_limits_of_each_preset(
    country, case, existing, new, france, quebec
):
    expected = expected_in(country, france, quebec)
    assert codes(minor(*existing), new, country=country) == expected


@pytest.mark.parametrize("case", MINOR_CASES, ids=[case[0] for case in MINOR_CASES])
def test_the_minors_limits_do_not_apply_to_adults(case):
    _name, existing, new, _france, _quebec = case
    assert codes(adult(*existing), new) == set()


@pytest.mark.parametrize(
    ("worker", "new", "skills", "minimum_age", "expected"),
    [
        (adult(), slot(day(2), "09:00", "12:00"), (), None, set()),
        (
            adult(refusal="Mineur·e sans l’autorisation parentale."),
            slot(day(2), "09:00", "12:00"),
            (),
            None,
            {"not_cleared"},
        ),
        (adult(), slot(day(2), "09:00", "12:00"), ((7, "Garde d'enfants"),), None, {"skill"}),
        (
            adult(skills=frozenset({7})),
            slot(day(2), "09:00", "12:00"),
            ((7, "Garde d'enfants"),),
            None,
            set(),
        ),
        (adult(), slot(day(2), "09:00", "12:00"), (), 18, set()),
        (minor(), slot(day(2), "09:00", "12:00"), (), 17, {"minimum_age"}),
        (minor(), slot(day(2), "09:00", "12:00"), (), 16, set()),
        (
            adult(slot(day(2), "10:00", "13:00", job_id=9)),
            slot(day(2), "09:00", "12:00"),
            (),
            None,
            {"overlap"},
        ),
        # Touching is not overlapping: one job ends at 12:00, the next starts at 12:00.
        (
            adult(slot(day(2), "12:00", "14:00", job_id=9)),
            slot(day(2), "09:00", "12:00"),
            (),
            None,
            set(),
        ),
        (
            adult(slot(day(3), "09:00", "12:00", job_id=9)),
            slot(day(2), "09:00", "12:00"),
            (),
            None,
            set(),
        ),
    ],
    ids=[
        "free adult",
        "not cleared",
        "skill missing",
        "skill held",
        "adult, minimum age 18",
        "16, minimum age 17",
        "16, minimum age 16",
        "overlapping job",
        "touching jobs",
        "another day",
    ],
)
def test_the_rules_for_every_member(worker, new, skills, minimum_age, expected):
    assert codes(worker, new, skills=skills, minimum_age=minimum_age) == expected


def test_the_job_itself_is_not_counted_twice():
    """Checking a member already on the job again (a change of time) ignores that claim."""
    job = slot(day(2), "09:00", "12:00", job_id=5)
    assert codes(adult(job), job) == set()
    assert codes(minor(job), job) == set()


@pytest.mark.parametrize(
    ("seats", "taken", "refused"), [(2, 0, False), (2, 1, False), (2, 2, True)]
)
def test_claims_never_exceed_the_seats(seats, taken, refused):
    assert (rules.seats_refusal(seats=seats, taken=taken) is not None) is refused


def test_each_refusal_names_the_rule_in_french():
    with translation.override("fr"):
        needs = rules.JobNeeds(slot=slot(day(2), "13:00", "18:00"))
        worker = minor(slot(day(2), "08:00", "12:00"))
        found = rules.refusals(worker, needs, limits_for("FR"), holidays_for("FR"))
        assert [r.message for r in found] == [
            "Refusé : un·e mineur·e ne peut pas travailler plus de 8 h par jour (avec ce "
            "chantier : 9 h) (règle de la coopérative)"
        ]
        night = rules.refusals(
            minor(), rules.JobNeeds(slot=slot(day(2), "21:00", "23:00")), limits_for("FR"), {}
        )
        assert night[0].message == (
            "Refusé : un·e mineur·e ne peut pas travailler entre 22:00 et 06:00 "
            "(règle de la coopérative)"
        )
        seats = rules.seats_refusal(seats=2, taken=2)
        assert seats.message == "Refusé : les 2 places de ce chantier sont déjà prises"


@pytest.mark.parametrize(
    ("country", "date", "name"),
    [
        ("FR", dt.date(2026, 7, 14), "Fête nationale"),
        ("FR", dt.date(2026, 8, 15), "Assomption"),
        ("QC", dt.date(2026, 6, 24), "Fête nationale du Québec"),
        ("QC", dt.date(2026, 7, 1), "Fête du Canada"),
    ],
)
def test_public_holidays_of_france_and_quebec_come_from_the_holidays_package(country, date, name):
    assert holidays_for(country, date.year)[date] == name


@pytest.mark.parametrize(
    ("language", "country", "date", "name"),
    [
        ("en", "FR", dt.date(2026, 7, 14), "National Day"),
        ("en", "QC", dt.date(2026, 6, 24), "Saint John the Baptist Day"),
        ("fr", "FR", dt.date(2026, 7, 14), "Fête nationale"),
    ],
)
def test_public_holidays_are_named_in_the_language_of_the_page(language, country, date, name):
    with translation.override(language):
        assert holidays_for(country, date.year)[date] == name
        refusal = rules.refusals(
            minor(),
            rules.JobNeeds(slot=slot(date, "09:00", "12:00")),
            limits_for("FR"),
            holidays_for(country, date.year),
        )
    assert name in refusal[0].message


# (case, other hours worked that day, hours worked, broken in France, in Quebec)
BREAK_CASES = [
    ("4 h 30 without a break", [], slot(day(2), "09:00", "13:30"), None, None),
    ("5 h without a break", [], slot(day(2), "09:00", "14:00"), "minor_break", None),
    ("5 h 30 without a break", [], slot(day(2), "09:00", "14:30"), "minor_break", "minor_break"),
    ("5 h with 30 minutes of break", [], slot(day(2), "09:00", "14:00", pause=30), None, None),
    ("5 h with 15 minutes", [], slot(day(2), "09:00", "14:15", pause=15), "minor_break", None),
    (
        "two jobs back to back",
        [slot(day(2), "08:00", "11:00")],
        slot(day(2), "11:00", "14:00"),
        "minor_break",
        "minor_break",
    ),
    (
        "two jobs an hour apart",
        [slot(day(2), "08:00", "11:00")],
        slot(day(2), "12:00", "15:00"),
        None,
        None,
    ),
]


@in_each_preset(("case", "others", "hours", "france", "quebec"), BREAK_CASES)
def test_a_minor_working_long_takes_a_break_in_each_preset(
    country, case, others, hours, france, quebec
):
    found = rules.worked_refusals(minor(*others), hours, limits_for(country), holidays_for(country))
    assert {r.rule for r in found} == expected_in(country, france, quebec)
    assert rules.worked_refusals(adult(*others), hours, limits_for(country), {}) == []


def test_the_hours_worked_count_without_the_breaks():
    # 08:00-17:00 with an hour of lunch is 8 hours: within the French day.
    assert (
        rules.worked_refusals(
            minor(), slot(day(2), "08:00", "17:00", pause=60), limits_for("FR"), {}
        )
        == []
    )
    eight_and_a_half = rules.worked_refusals(
        minor(), slot(day(2), "08:00", "17:00", pause=30), limits_for("FR"), {}
    )
    assert [r.rule for r in eight_and_a_half] == ["minor_day"]
    with translation.override("fr"):
        found = rules.worked_refusals(minor(), slot(day(2), "09:00", "14:00"), limits_for("FR"), {})
        assert found[0].message == (
            "Refusé : un·e mineur·e qui travaille plus de 4 h 30 dans la journée prend une "
            "pause d’au moins 30 minutes (règle de la coopérative)"
        )
        assert found[0].private


def test_hours_are_written_as_hours_and_minutes():
    with translation.override("fr"):
        assert rules.format_hours(Decimal("7.50")) == "7 h 30"
        assert rules.format_hours(Decimal("8")) == "8 h"
