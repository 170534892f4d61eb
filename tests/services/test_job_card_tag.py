"""The board's cards are written in Python (``{% job_cards %}``, ``{% job_card %}`` in
``services/templatetags/board_tags.py``): each is, character for character, what the former
``_job_card.html`` wrote for the same card and page, hostile values included."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from members.models import Cooperative, User
from services.models import Claim, ClaimStatus, Job, Replacement, Service
from services.queries import Card

pytestmark = pytest.mark.django_db

# The card as the template wrote it before the tag (``{% include %}`` of each card).
FORMER = Template((Path(__file__).parent / "former_job_card.html").read_text())
ONE = Template("{% load board_tags %}{% job_card card %}")
MANY = Template("{% load board_tags %}{% job_cards cards %}")
HOSTILE = "<b>\"Tom\" & 'Jerry'</b> été"


def _job(pk: int, name: str) -> Job:
    return Job(
        pk=pk,
        service=Service(name_fr=name, name_en=f"{name} (en)"),
        town_name=HOSTILE if pk % 2 else "Bourg-les-Saules",
        hourly_rate=Decimal("12.50"),
    )


def _claim(status: str | None, note: str) -> Claim | None:
    if status is None:
        return None
    return Claim(pk=77, status=status, decision_note=note)


def _cards() -> list[Card]:
    member = User(first_name=HOSTILE)
    shy = User(first_name="")
    replacements = [
        None,
        Replacement(pk=5, claim=Claim(member=member)),
        Replacement(pk=6, claim=Claim(member=shy)),
    ]
    claims = [None, *ClaimStatus.values]
    ends = timezone.now() + dt.timedelta(hours=5)
    cards = []
    for index, (status, refusal, replacement, seats, first, refused_now) in enumerate(
        itertools.product(
            claims,
            [None, "", HOSTILE],
            replacements,
            [0, 1, 3],
            [False, True],
            [False, True],
        )
    ):
        cards.append(
            Card(
                job=_job(1000 + index, HOSTILE if index % 3 else "Tonte"),
                claim=_claim(status, HOSTILE if index % 2 else ""),
                replacement=replacement,
                seats_left=seats,
                first_for_me=first,
                head_start_ends=ends if first else None,
                refusal=refusal,
                refused_now=refused_now,
                dom_id=f"job-card-{index}<&>",
                detail_url=f"/chantiers/{index}/?a=1&b=<2>",
                action_url=f"/chantiers/{index}/prendre/?x=\"'",
                when=f"lundi {index} juillet · 09:00 – 12:00 {HOSTILE}",
                hours=Decimal("3.25") if index % 2 else Decimal(2),
                pay=Decimal("40.63"),
                skills=f" · {HOSTILE}, Tonte" if index % 4 else "",
            )
        )
    return cards


def _pages():
    """The page's facts the card reads: who looks, whether they may tap, the feedback of a
    tap, the CSRF token, the cooperative (the currency of the amounts)."""
    member = User(role=User.Role.MEMBER, is_active=True)
    leader = User(role=User.Role.LEADER, is_active=True)
    cooperative = Cooperative.load()
    yield {"user": member, "writable": True, "csrf_token": "tok<en>", "cooperative": cooperative}
    yield {"user": member, "writable": False, "csrf_token": "tok", "cooperative": cooperative}
    yield {"user": leader, "writable": True, "csrf_token": "tok"}
    yield {"user": member, "writable": True, "feedback": HOSTILE, "feedback_ok": True}
    yield {"user": member, "writable": True, "feedback": "Refusé", "feedback_ok": False}
    yield {"writable": True}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_card_is_what_the_former_template_wrote(language):
    cards = _cards()
    with translation.override(language):
        for page in _pages():
            for card in cards:
                context = {**page, "card": card}
                assert ONE.render(Context(context)) == FORMER.render(Context(context)), (
                    card,
                    page,
                )
            context = {**page, "cards": cards[:40]}
            former = "".join(FORMER.render(Context({**page, "card": card})) for card in cards[:40])
            assert MANY.render(Context(context)) == former


def test_the_cards_of_the_board_are_what_the_former_template_wrote(member, member_client, make_job):
    """On the page itself: the board's cards and the card after a tap."""
    for _ in range(3):
        make_job()
    response = member_client.get("/chantiers/")
    cards = response.context["cards"]
    assert len(cards) == 3
    html = response.content.decode()
    for card in cards:
        page = {key: response.context[key] for key in ("user", "writable", "csrf_token")}
        context = Context({**page, "cooperative": Cooperative.load(), "card": card})
        assert FORMER.render(context) in html
