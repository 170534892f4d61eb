"""The voting cards of an open ballot are written in Python (``{% vote_card_list %}``): they
stay what the template wrote for a motion or an election, named or secret, one's own card
and the proxies', voted or not, the vote just saved, hostile names, both languages."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from governance.models import VoteChoice

# The vote partial's cards as templates/governance/ballot_detail.html wrote them.
FORMER = Template(
    "{% load i18n governance_tags %}"
    + (Path(__file__).parent / "former_vote_cards.html").read_text()
)
NOW = Template("{% load ballot_tags %}{% vote_card_list %}")
HOSTILE = "<b>\"Tom\" & 'Jerry'</b> 100 %"


class _Named(SimpleNamespace):
    def __str__(self) -> str:
        return self.name


def _markup(html: str) -> str:
    """The markup without the template's indentation."""
    return re.sub(r">\s<", "><", re.sub(r"\s+", " ", html)).strip()


def _cards(voters, voted, choices, candidates):
    return [
        {
            "voter": voter,
            "is_self": n == 0,
            "voted": voted,
            "choices": choices,
            "candidates": candidates,
        }
        for n, voter in enumerate(voters)
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_cards_are_what_the_template_wrote(language):
    voters = [_Named(pk=7, name="Léa"), _Named(pk=12, name=HOSTILE)]
    candidates = [_Named(pk=3, name=HOSTILE), _Named(pk=4, name="Zoé")]
    seen = 0
    with translation.override(language):
        for is_open, secret, motion, max_choices, voted, saved, chosen in itertools.product(
            [True, False], [True, False], [True, False], [1, 2], [True, False], [None, 7, 12],
            [set(), {"yes"}, {"abstain"}, {"no"}],
        ):  # fmt: skip
            ballot = SimpleNamespace(
                pk=41,
                is_open=is_open,
                secret=secret,
                motion=SimpleNamespace(title="M") if motion else None,
                max_choices=max_choices,
            )
            context = {
                "ballot": ballot,
                "cards": _cards(voters, voted, chosen, {3} if chosen else set()),
                "choices": VoteChoice.choices,
                "candidates": candidates,
                "saved": saved,
                "csrf_token": "tok<en>",
            }
            former = FORMER.render(Context(context))
            assert _markup(NOW.render(Context(context))) == _markup(former)
            assert HOSTILE not in former
            seen += former.count('data-testid="vote-card"')
    assert seen > 100
