"""The share-out from the ledger and the adopted rule: a preview first, frozen once the
assembly adopted the rule, immutable afterwards, its payout sheet in CSV and PDF, and each
member's own line."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from cjs.formatting import format_money
from finance import actions
from finance.models import FrozenShareOutError, ShareOut, ShareOutLine
from finance.queries_shareout import shareout_for_season
from tests.factories import EnrolmentFactory, MemberFactory
from tests.finance.conftest import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(season, member, other_member, worked, season_result):
    """Léa 60 h, Hugo 30 h, Zoé 10 h (she left mid-season); 1 500 € in, 266 € out."""
    zoe = MemberFactory(first_name="Zoé", last_name="Petit")
    EnrolmentFactory(season=season, user=zoe, left_on=season.starts_on)
    worked(member, 60)
    worked(other_member, 30)
    worked(zoe, 10)
    season_result(Decimal("1500"), Decimal("266"))
    return {"lea": member, "hugo": other_member, "zoe": zoe}


def test_the_preview_shows_every_step_and_each_part(leader_client, season, team, share_out_motion):
    share_out_motion()
    response = leader_client.get(reverse("finance:share_out_season", args=[season.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    page = response.context["page"]
    assert page.figures.result == Decimal("1234.00")
    assert page.figures.distributable == Decimal("1110.60")
    totals = {line.name: line.total for line in page.lines}
    # 20 € to the two with 30 h or more; 1 070,60 € pro rata of 100 h; Zoé left: pro rata only.
    assert totals == {
        "Hugo Bernard": Decimal("341.18"),
        "Léa Martin": Decimal("662.36"),
        "Zoé Petit": Decimal("107.06"),
    }
    assert sum(totals.values()) == page.figures.distributable
    assert format_money(Decimal("1234.00")) in content
    assert format_money(Decimal("1110.60")) in content
    assert "réserve de 10 %" in content
    assert page.may_freeze


def test_a_rule_still_to_be_voted_is_previewed_but_cannot_be_frozen(
    leader, season, team, share_out_motion
):
    share_out_motion(adopted=False)
    with refused("share_out_no_rule"):
        actions.share_out_freeze(season=season, by=leader)
    assert not ShareOut.objects.exists()


def test_freezing_stores_the_figures_the_steps_and_the_lines(
    leader, season, team, share_out_motion
):
    motion = share_out_motion()
    frozen = actions.share_out_freeze(season=season, by=leader)
    assert frozen.motion == motion
    assert frozen.distributable == Decimal("1110.60")
    assert [step["code"] for step in frozen.steps] == [
        "result",
        "reserve",
        "bonus",
        "pro_rata",
        "departed",
        "check",
    ]
    lines = ShareOutLine.objects.filter(share_out=frozen)
    assert sum(line.total for line in lines) == frozen.distributable
    assert lines.get(member=team["zoe"]).departed
    assert shareout_for_season(season) == frozen


def test_a_frozen_share_out_never_changes(leader, season, team, share_out_motion, season_result):
    share_out_motion()
    frozen = actions.share_out_freeze(season=season, by=leader)
    season_result(Decimal("999"))
    with refused("share_out_already_frozen"):
        actions.share_out_freeze(season=season, by=leader)
    line = frozen.lines.first()
    line.total = Decimal("1000000")
    with pytest.raises(FrozenShareOutError):
        line.save()
    with pytest.raises(FrozenShareOutError):
        frozen.delete()
    assert shareout_for_season(season).distributable == Decimal("1110.60")


def test_a_loss_is_refused_with_the_figures(leader, season, member, share_out_motion, worked):
    worked(member, 5)
    share_out_motion()
    with refused("nothing_to_share"):
        actions.share_out_freeze(season=season, by=leader)


def test_the_csv_parses_back_to_the_same_figures(
    leader, leader_client, season, team, share_out_motion
):
    share_out_motion()
    frozen = actions.share_out_freeze(season=season, by=leader)
    response = leader_client.get(reverse("finance:share_out_csv", args=[season.pk]))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    lines = {row[0]: [Decimal(cell) for cell in row[3:]] for row in rows[1:-1]}
    for line in frozen.lines.all():
        assert lines[line.name] == [line.equal, line.pro_rata, line.bonus, line.total]
        assert line.equal + line.pro_rata + line.bonus == line.total
    assert Decimal(rows[-1][-1]) == frozen.distributable == sum(r[-1] for r in lines.values())


def test_the_pdf_payout_sheet_is_a_pdf(leader, leader_client, season, team, share_out_motion):
    share_out_motion()
    actions.share_out_freeze(season=season, by=leader)
    response = leader_client.get(reverse("finance:share_out_pdf", args=[season.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_payout_sheet_waits_for_the_freeze(leader_client, season, team, share_out_motion):
    share_out_motion()
    for name in ("finance:share_out_csv", "finance:share_out_pdf"):
        assert leader_client.get(reverse(name, args=[season.pk])).status_code == 404


def test_a_member_sees_their_own_line_and_the_steps_not_the_others(
    leader, member_client, season, team, share_out_motion
):
    share_out_motion()
    actions.share_out_freeze(season=season, by=leader)
    response = member_client.get(reverse("finance:my_share_out_season", args=[season.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert format_money(Decimal("662.36")) in content
    assert format_money(Decimal("341.18")) not in content and "Hugo" not in content
    assert format_money(Decimal("1110.60")) in content


def test_the_freeze_button_freezes_and_goes_back_to_the_page(
    leader_client, season, team, share_out_motion
):
    share_out_motion()
    url = reverse("finance:share_out_freeze", args=[season.pk])
    response = leader_client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("finance:share_out_season", args=[season.pk])
    assert ShareOut.objects.filter(season=season).exists()


def test_the_season_report_states_the_frozen_share_out_without_naming_anyone(
    leader, leader_client, season, team, share_out_motion
):
    report_url = reverse("finance:report_season", args=[season.pk])
    html = leader_client.get(report_url).content.decode()
    assert "Tant que cette décision n’est pas enregistrée" in html
    assert "1 110,60" not in html

    motion = share_out_motion()
    actions.share_out_freeze(season=season, by=leader)
    html = leader_client.get(report_url).content.decode()
    assert motion.title in html
    assert "1 110,60" in html.replace("\u202f", " ").replace("\xa0", " ")
    assert "entre 3 membres" in html
    assert "Tant que cette décision" not in html
    for person in team.values():
        assert person.last_name not in html

    pdf = leader_client.get(reverse("finance:report_pdf", args=[season.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
