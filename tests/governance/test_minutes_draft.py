"""The minutes' draft is a pure function of what happened: table tests on its sentences."""

from __future__ import annotations

import pytest

from governance.minutes import (
    ElectionRecord,
    ItemRecord,
    MeetingRecord,
    MotionRecord,
    RoundRecord,
    minutes_draft,
    motion_result_sentence,
    quorum_sentence,
    round_sentence,
)
from governance.rules import quorum_status

SIMPLE = "majorité simple des suffrages exprimés"


def _quorum(members, present, represented=0, numerator=1, denominator=2):
    return quorum_status(
        members=members,
        present=present,
        represented=represented,
        numerator=numerator,
        denominator=denominator,
        strictly_more=True,
    )


@pytest.mark.parametrize(
    ("quorum", "expected"),
    [
        (
            _quorum(15, 8),
            "8 membres présents ou représentés sur 15, 8 requis : le quorum est atteint",
        ),
        (
            _quorum(15, 6, 1),
            "7 membres présents ou représentés sur 15, 8 requis : le quorum n’est pas atteint",
        ),
        (_quorum(6, 2, numerator=0, denominator=1), "Aucun quorum n’est requis"),
    ],
)
def test_quorum_sentence(quorum, expected):
    assert expected in quorum_sentence(quorum)


@pytest.mark.parametrize(
    ("motion", "expected"),
    [
        (
            MotionRecord(
                "M",
                "t",
                majority_label=SIMPLE,
                status="adopted",
                secret=False,
                yes=8,
                no=3,
                abstain=2,
                voters=13,
            ),
            "Vote nominatif, majorité simple des suffrages exprimés (13 membres présents ou "
            "représentés) : 8 pour, 3 contre, 2 abstentions. La motion est adoptée.",
        ),
        (
            MotionRecord(
                "M",
                "t",
                majority_label=SIMPLE,
                status="rejected",
                secret=True,
                yes=4,
                no=4,
                abstain=0,
                voters=8,
            ),
            "Égalité : la motion n’est pas adoptée. La motion est rejetée.",
        ),
        (
            MotionRecord(
                "M",
                "t",
                majority_label=SIMPLE,
                status="adopted",
                secret=False,
                yes=4,
                no=4,
                voters=8,
                casting_vote="yes",
            ),
            "Égalité : la voix prépondérante de la présidence (pour) l’emporte. "
            "La motion est adoptée.",
        ),
        (MotionRecord("M", "t", status="withdrawn"), "La motion est retirée."),
        (MotionRecord("M", "t", status="postponed"), "La motion est reportée."),
        (MotionRecord("M", "t", status="draft"), "À voter."),
        (
            MotionRecord(
                "A",
                "t",
                majority_label=SIMPLE,
                status="rejected",
                secret=False,
                yes=1,
                no=5,
                voters=6,
                amendment=True,
            ),
            "L’amendement est rejeté.",
        ),
    ],
)
def test_motion_result_sentence(motion, expected):
    assert motion_result_sentence(motion).endswith(expected)


@pytest.mark.parametrize(
    ("round_", "expected"),
    [
        (
            RoundRecord(1, 1, True, 13, 1, (("Léa", 8), ("Hugo", 4)), "decided"),
            "Tour 1 (scrutin secret) : 13 bulletins, 1 blanc. Léa : 8, Hugo : 4.",
        ),
        (
            RoundRecord(1, 2, False, 12, 0, (("Léa", 6), ("Hugo", 6)), "tie", ("Léa", "Hugo")),
            "Égalité : un nouveau tour entre Léa, Hugo.",
        ),
        (
            RoundRecord(1, 1, True, 12, 0, (("Léa", 6), ("Hugo", 6)), "no_majority"),
            "Pas de majorité absolue : un second tour.",
        ),
        (RoundRecord(1, 1, True, 1, 0, (), ""), "Tour 1 : le vote est en cours."),
    ],
)
def test_round_sentence(round_, expected):
    assert expected in round_sentence(round_)


def _record(**overrides) -> MeetingRecord:
    base = {
        "cooperative": "CJS de Bourg-les-Saules",
        "title": "Conseil du lundi",
        "kind_label": "Conseil d’administration",
        "when": "lundi 6 juillet 2026 17:30",
        "place": "Local",
        "chair": "Léa Martin",
        "secretary": "Hugo Bernard",
        "present": ("Léa Martin", "Hugo Bernard", "Inès Roux"),
        "excused": ("Nathan Simon",),
        "proxies": (("Nathan Simon", "Inès Roux"),),
        "quorum": _quorum(4, 3, 1),
        "opened_at": "17:35",
        "closed_at": "18:40",
        "items": (
            ItemRecord(
                "Tarifs",
                notes="Débat sur la tonte.\n\nAccord général.",
                motions=(
                    MotionRecord(
                        "Tarif tonte",
                        "12 € de l’heure.",
                        proposer="Inès Roux",
                        majority_label=SIMPLE,
                        status="adopted",
                        secret=False,
                        yes=3,
                        no=1,
                        voters=4,
                    ),
                ),
            ),
            ItemRecord(
                "Élections",
                elections=(
                    ElectionRecord(
                        "Présidence",
                        1,
                        ("Léa Martin", "Hugo Bernard"),
                        (
                            RoundRecord(
                                1,
                                1,
                                True,
                                4,
                                0,
                                (("Léa Martin", 3), ("Hugo Bernard", 1)),
                                "decided",
                            ),
                        ),
                        ("Léa Martin",),
                        True,
                    ),
                ),
            ),
        ),
    }
    base.update(overrides)
    return MeetingRecord(**base)


def test_minutes_draft_gathers_attendance_items_motions_and_elections():
    document = minutes_draft(_record())
    assert document.title == "Procès-verbal : Conseil du lundi"
    assert document.subtitle == "Conseil d’administration – lundi 6 juillet 2026 17:30 – Local"
    attendance = document.sections[0]
    assert attendance.heading == "Présences"
    assert "Présents (3) : Léa Martin, Hugo Bernard, Inès Roux." in attendance.paragraphs
    assert "Procurations : Nathan Simon à Inès Roux." in attendance.paragraphs
    assert any("le quorum est atteint" in p for p in attendance.paragraphs)
    assert "La séance est ouverte à 17:35 et levée à 18:40." in attendance.paragraphs
    tarifs = document.sections[1]
    assert tarifs.heading == "1. Tarifs"
    assert tarifs.paragraphs == ("Débat sur la tonte.", "Accord général.")
    motion = tarifs.subsections[0]
    assert motion.heading == "Motion : Tarif tonte"
    assert "Proposée par Inès Roux." in motion.paragraphs
    assert motion.paragraphs[-1].endswith("La motion est adoptée.")
    election = document.sections[2].subsections[0]
    assert election.heading == "Élection : Présidence"
    assert election.paragraphs[-1] == "Élu·e : Léa Martin."
    assert (
        document.status_line == "Projet de procès-verbal, à approuver lors de la prochaine réunion."
    )
    assert document.signatures == (
        ("La présidence de séance", "Léa Martin"),
        ("Le secrétariat de séance", "Hugo Bernard"),
    )


@pytest.mark.parametrize(
    ("overrides", "absent_heading"),
    [
        ({"introduction": "", "other_business": ""}, "Questions diverses"),
        ({"quorum": None, "opened_at": ""}, None),
    ],
)
def test_minutes_draft_leaves_out_what_did_not_happen(overrides, absent_heading):
    document = minutes_draft(_record(**overrides))
    headings = [s.heading for s in document.sections]
    if absent_heading:
        assert absent_heading not in headings
    if overrides.get("quorum", 1) is None:
        assert not any("quorum" in p.lower() for p in document.sections[0].paragraphs)


def test_approved_minutes_say_when_and_by_which_meeting():
    document = minutes_draft(_record(approved_on="13 juillet 2026", approved_by="Conseil du 13/07"))
    assert document.status_line == "Procès-verbal approuvé le 13 juillet 2026 (Conseil du 13/07)."
