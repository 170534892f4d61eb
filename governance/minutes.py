"""The minutes' draft: a pure function from what happened in the meeting to the document.

``minutes_draft(record)`` takes a ``MeetingRecord`` (plain data, built from the database by
``governance.queries.meeting_record``) and returns a ``MinutesDocument`` of sections and
sentences, rendered as a web page, a printable page and a PDF alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.rules import QuorumStatus


@dataclass(frozen=True)
class MotionRecord:
    title: str
    text: str
    proposer: str = ""
    majority_label: str = ""
    status: str = "draft"  # a Motion.Status value
    secret: bool | None = None  # None: never put to the vote
    yes: int = 0
    no: int = 0
    abstain: int = 0
    voters: int = 0
    casting_vote: str = ""  # "yes" or "no" when the chair's casting vote settled a tie
    amendment: bool = False
    amends: str = ""  # the title of the motion an amendment changes


@dataclass(frozen=True)
class RoundRecord:
    seat: int
    round: int
    secret: bool
    papers: int
    blank: int
    votes: tuple[tuple[str, int], ...]  # (name, votes), most votes first
    outcome: str  # a RoundOutcome value, "" while open
    runoff: tuple[str, ...] = ()
    elected: tuple[str, ...] = ()  # elected at this round


@dataclass(frozen=True)
class ElectionRecord:
    title: str
    seats: int
    candidates: tuple[str, ...]
    rounds: tuple[RoundRecord, ...] = ()
    elected: tuple[str, ...] = ()
    decided: bool = False


@dataclass(frozen=True)
class ItemRecord:
    title: str
    notes: str = ""
    motions: tuple[MotionRecord, ...] = ()
    elections: tuple[ElectionRecord, ...] = ()


@dataclass(frozen=True)
class MeetingRecord:
    cooperative: str
    title: str
    kind_label: str
    when: str  # already formatted in the reader's language
    place: str = ""
    chair: str = ""
    secretary: str = ""
    present: tuple[str, ...] = ()
    excused: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    not_recorded: tuple[str, ...] = ()
    proxies: tuple[tuple[str, str], ...] = ()  # (giver, holder)
    quorum: QuorumStatus | None = None
    opened_at: str = ""
    closed_at: str = ""
    items: tuple[ItemRecord, ...] = ()
    introduction: str = ""
    other_business: str = ""
    approved_on: str = ""  # formatted date of approval, "" while a draft
    approved_by: str = ""  # the meeting whose motion approved them


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    subsections: tuple[Section, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class MinutesDocument:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    status_line: str
    signatures: tuple[tuple[str, str], ...]
    cooperative: str = ""


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def _blocks(text: str) -> tuple[str, ...]:
    return tuple(block.strip() for block in (text or "").split("\n\n") if block.strip())


def _full_stop(sentence: str) -> str:
    """End a sentence with one period, even when it ends with a time that has its own
    ("6:57 a.m.")."""
    return sentence if sentence.endswith(".") else f"{sentence}."


def quorum_sentence(quorum: QuorumStatus) -> str:
    if quorum.required == 0:
        return _("No quorum is required for this meeting.")
    values = {"counted": quorum.counted, "members": quorum.members, "required": quorum.required}
    if quorum.reached:
        return (
            _(
                "Quorum: %(counted)d members present or represented out of %(members)d, "
                "%(required)d required: the quorum is reached."
            )
            % values
        )
    return (
        _(
            "Quorum: %(counted)d members present or represented out of %(members)d, "
            "%(required)d required: the quorum is not reached."
        )
        % values
    )


def attendance_section(record: MeetingRecord) -> Section:
    lines = []
    if record.chair or record.secretary:
        lines.append(
            _("Chair: %(chair)s. Secretary: %(secretary)s.")
            % {"chair": record.chair or "—", "secretary": record.secretary or "—"}
        )
    for names, pattern in (
        (record.present, _("Present (%(count)d): %(names)s.")),
        (record.excused, _("Excused (%(count)d): %(names)s.")),
        (record.absent, _("Absent (%(count)d): %(names)s.")),
        (record.not_recorded, _("Attendance not recorded (%(count)d): %(names)s.")),
    ):
        if names:
            lines.append(pattern % {"count": len(names), "names": _names(names)})
    if record.proxies:
        lines.append(
            _("Proxies: %(proxies)s.")
            % {
                "proxies": "; ".join(
                    _("%(giver)s to %(holder)s") % {"giver": giver, "holder": holder}
                    for giver, holder in record.proxies
                )
            }
        )
    if record.quorum is not None:
        lines.append(quorum_sentence(record.quorum))
    if record.opened_at:
        if record.closed_at:
            line = _("The meeting opened at %(opened)s and closed at %(closed)s") % {
                "opened": record.opened_at,
                "closed": record.closed_at,
            }
        else:
            line = _("The meeting opened at %(opened)s") % {"opened": record.opened_at}
        lines.append(_full_stop(line))
    return Section(_("Attendance"), tuple(lines))


def motion_result_sentence(motion: MotionRecord) -> str:
    """The vote and its result, with the rule and the counts."""
    if motion.status == "withdrawn":
        return _("The motion is withdrawn.")
    if motion.status == "postponed":
        return _("The motion is postponed.")
    if motion.status == "open":
        return _("The vote is under way.")
    if motion.status not in ("adopted", "rejected"):
        return _("To be voted.")
    how = _("Secret ballot") if motion.secret else _("Named vote")
    counts = _("%(yes)d for, %(no)d against, %(abstentions)s") % {
        "yes": motion.yes,
        "no": motion.no,
        "abstentions": ngettext("%(count)d abstention", "%(count)d abstentions", motion.abstain)
        % {"count": motion.abstain},
    }
    voters = ngettext(
        "%(count)d member present or represented",
        "%(count)d members present or represented",
        motion.voters,
    ) % {"count": motion.voters}
    sentence = _("%(how)s, %(rule)s (%(voters)s): %(counts)s.") % {
        "how": how,
        "rule": motion.majority_label,
        "voters": voters,
        "counts": counts,
    }
    if motion.casting_vote:
        side = _("for") if motion.casting_vote == "yes" else _("against")
        sentence += " " + _("Tie: the chair's casting vote (%(side)s) settles it.") % {"side": side}
    elif motion.yes == motion.no and motion.yes > 0:
        sentence += " " + _("Tie: the motion is not adopted.")
    adopted = motion.status == "adopted"
    if motion.amendment:
        verdict = _("The amendment is adopted.") if adopted else _("The amendment is rejected.")
    else:
        verdict = _("The motion is adopted.") if adopted else _("The motion is rejected.")
    return f"{sentence} {verdict}"


def motion_section(motion: MotionRecord) -> Section:
    if motion.amendment and motion.amends:
        label = _("Amendment to “%(motion)s”: %(title)s")
    elif motion.amendment:
        label = _("Amendment: %(title)s")
    else:
        label = _("Motion: %(title)s")
    paragraphs = list(_blocks(motion.text))
    if motion.proposer:
        paragraphs.append(_("Proposed by %(name)s.") % {"name": motion.proposer})
    paragraphs.append(motion_result_sentence(motion))
    return Section(label % {"title": motion.title, "motion": motion.amends}, tuple(paragraphs))


def round_sentence(round_: RoundRecord) -> str:
    how = _("secret ballot") if round_.secret else _("named vote")
    head = _("Round %(round)d (%(how)s): %(papers)s, %(blank)s.") % {
        "round": round_.round,
        "how": how,
        "papers": ngettext("%(count)d ballot", "%(count)d ballots", round_.papers)
        % {"count": round_.papers},
        "blank": ngettext("%(count)d blank", "%(count)d blank", round_.blank)
        % {"count": round_.blank},
    }
    if not round_.outcome:
        return _("Round %(round)d: the vote is under way.") % {"round": round_.round}
    votes = ", ".join(
        _("%(name)s: %(count)d") % {"name": name, "count": count} for name, count in round_.votes
    )
    sentence = f"{head} {votes}." if votes else head
    if round_.outcome == "tie":
        sentence += " " + _("Tie: a new round between %(names)s.") % {
            "names": _names(round_.runoff)
        }
    elif round_.outcome == "no_majority":
        sentence += " " + _("No absolute majority: a second round.")
    elif round_.outcome == "vacant":
        sentence += " " + _("No other candidate received a vote: the seat stays vacant.")
    return sentence


def election_section(election: ElectionRecord) -> Section:
    paragraphs = [
        ngettext(
            "%(seats)d seat. Candidates: %(names)s.",
            "%(seats)d seats. Candidates: %(names)s.",
            election.seats,
        )
        % {"seats": election.seats, "names": _names(election.candidates) or "—"}
    ]
    per_seat = election.seats > 1 and len({r.seat for r in election.rounds}) > 1
    for round_ in election.rounds:
        sentence = round_sentence(round_)
        if per_seat:
            sentence = _("Seat %(seat)d. ") % {"seat": round_.seat} + sentence
        paragraphs.append(sentence)
    if election.elected:
        paragraphs.append(
            ngettext("Elected: %(names)s.", "Elected: %(names)s.", len(election.elected))
            % {"names": _names(election.elected)}
        )
    elif election.decided:
        paragraphs.append(_("Nobody was elected."))
    elif not election.rounds:
        paragraphs.append(_("To be voted."))
    return Section(_("Election: %(title)s") % {"title": election.title}, tuple(paragraphs))


def minutes_draft(record: MeetingRecord) -> MinutesDocument:
    sections = [attendance_section(record)]
    if record.introduction.strip():
        sections.append(Section(_("Introduction"), _blocks(record.introduction)))
    for number, item in enumerate(record.items, start=1):
        subsections = tuple(motion_section(m) for m in item.motions) + tuple(
            election_section(e) for e in item.elections
        )
        sections.append(
            Section(
                f"{number}. {item.title}",
                _blocks(item.notes),
                subsections,
            )
        )
    if record.other_business.strip():
        sections.append(Section(_("Other business"), _blocks(record.other_business)))
    if record.approved_on:
        status_line = _("Minutes approved on %(day)s (%(meeting)s).") % {
            "day": record.approved_on,
            "meeting": record.approved_by,
        }
    else:
        status_line = _("Draft minutes, to be approved at the next meeting.")
    subtitle = f"{record.kind_label} – {record.when}"
    if record.place:
        subtitle += f" – {record.place}"
    return MinutesDocument(
        cooperative=record.cooperative,
        title=_("Minutes: %(title)s") % {"title": record.title},
        subtitle=subtitle,
        sections=tuple(sections),
        status_line=status_line,
        signatures=(
            (_("The chair"), record.chair),
            (_("The secretary"), record.secretary),
        ),
    )
