"""What the spreadsheets and the register of decisions read: every vote of a meeting, the
decisions of a season, as rows (a header first) the views write out as CSV."""

from __future__ import annotations

import datetime as dt
import functools

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cjs.links import pk_url
from governance.models import Ballot, Consultation, Election, Meeting, Motion, Topic, VoteChoice
from governance.models.meetings import meeting_name
from governance.queries.record import election_rounds, meeting_items, motions_in_vote_order
from governance.queries.sql import Compiled, aware, compiled, rows
from members.models import Season


def _results_header() -> list[str]:
    return [
        _("Item"),
        _("Kind"),
        _("Title"),
        _("Rule"),
        _("Ballot"),
        _("Seat"),
        _("Round"),
        _("Members present or represented"),
        _("Ballots cast"),
        _("Blank"),
        _("For"),
        _("Against"),
        _("Abstentions"),
        _("Votes per candidate"),
        _("Result"),
    ]


def _register_header() -> list[str]:
    return [
        _("Date"),
        _("Meeting"),
        _("Decision"),
        _("Text"),
        _("Topic"),
        _("Rule"),
        _("Ballot"),
        _("For"),
        _("Against"),
        _("Abstentions"),
    ]


def meeting_results_rows(meeting: Meeting) -> list[list]:
    """Every vote of the meeting in the order of the agenda: each motion with its rule,
    counts and result, each round of each election with its votes per candidate."""
    rows = [_results_header()]
    for item in meeting_items(meeting):
        for motion in motions_in_vote_order(item):
            rows.append([item.title, *_motion_result_row(motion)])
        for election in item.elections.all():
            rows.extend([item.title, *row] for row in _election_result_rows(election))
    return rows


def _ballot_kind(secret: bool | None) -> str:
    if secret is None:
        return ""
    return _("secret") if secret else _("named")


def _motion_result_row(motion: Motion) -> list:
    ballots = list(motion.ballots.all())
    decided = motion.is_decided
    return [
        _("Amendment") if motion.is_amendment else _("Motion"),
        motion.title,
        motion.get_majority_display(),
        _ballot_kind(ballots[-1].secret if ballots else None),
        "",
        "",
        motion.voters if decided else "",
        ballots[-1].papers if decided and ballots else "",
        "",
        motion.votes_yes if decided else "",
        motion.votes_no if decided else "",
        motion.votes_abstain if decided else "",
        "",
        motion.get_status_display(),
    ]


def _election_result_rows(election: Election) -> list[list]:
    rounds = election_rounds(election)
    if not rounds:
        return [[_("Election"), election.title, "", "", "", "", "", "", "", "", "", "", "", ""]]
    rows = []
    for round_ in rounds:
        absolute = round_.round == 1 and election.absolute_majority_first_round
        votes = ", ".join(
            _("%(name)s: %(count)d") % {"name": name, "count": count}
            for name, count in round_.votes
        )
        rows.append(
            [
                _("Election"),
                election.title,
                _("absolute majority of the ballots") if absolute else _("most votes"),
                _ballot_kind(round_.secret),
                round_.seat,
                round_.round,
                "",
                round_.papers if round_.outcome else "",
                round_.blank if round_.outcome else "",
                "",
                "",
                "",
                votes,
                _round_result(round_),
            ]
        )
    return rows


def _round_result(round_) -> str:
    if not round_.outcome:
        return _("The vote is under way.")
    if round_.outcome == "tie":
        return _("Tie: a new round between %(names)s.") % {"names": ", ".join(round_.runoff)}
    if round_.outcome == "no_majority":
        return _("No absolute majority: a second round.")
    if round_.elected:
        return ngettext("Elected: %(names)s.", "Elected: %(names)s.", len(round_.elected)) % {
            "names": ", ".join(round_.elected)
        }
    return _("No other candidate received a vote: the seat stays vacant.")


def _decisions(season) -> QuerySet:
    """The season's adopted motions; amendments themselves are steps of their motion, not
    decisions of their own."""
    return Motion.objects.filter(
        item__meeting__season=season, status=Motion.Status.ADOPTED, amends__isnull=True
    )


def _with_amended(motions: QuerySet) -> QuerySet:
    """``motions``, each with ``amended`` when an amendment of it was adopted."""
    amended = Motion.objects.filter(amends=OuterRef("pk"), status=Motion.Status.ADOPTED)
    return motions.annotate(amended=Exists(amended))


def adopted_motions(season) -> QuerySet:
    """The season's adopted motions, each with ``amended`` when an amendment of it was
    adopted and ``secret`` for its ballot. Amendments themselves are steps of their motion,
    not decisions of their own."""
    last_ballot = Ballot.objects.filter(motion=OuterRef("pk")).order_by("-opened_at", "-pk")
    return _with_amended(_decisions(season)).annotate(
        secret=Subquery(last_ballot.values("secret")[:1])
    )


def _register_found(season, query: str, motions: QuerySet) -> tuple[QuerySet, QuerySet]:
    """The season's decisions matching ``query``: ``motions`` (the season's adopted ones),
    and the consultations whose outcome adopted something (not loaded yet)."""
    consultations = Consultation.objects.filter(season=season, outcome_adopted=True)
    if query:
        motions = motions.filter(
            Q(title__icontains=query) | Q(text__icontains=query) | Q(item__title__icontains=query)
        )
        consultations = consultations.filter(
            Q(title__icontains=query) | Q(outcome__icontains=query)
        )
    return motions, consultations


def _with_votes(consultations: QuerySet) -> QuerySet:
    return consultations.annotate(
        **{
            f"votes_{choice}": Count("responses", filter=Q(responses__choice=choice))
            for choice in VoteChoice.values
        }
    )


OLDEST = timezone.make_aware(dt.datetime(1970, 1, 1), dt.UTC)


def _latest_first(rows: list[dict]) -> list[dict]:
    """The latest first; on the same instant a motion before a consultation, then the latest
    recorded (a fixed order, so that the pages never overlap)."""
    return sorted(
        rows,
        key=lambda row: (
            row["day"] or OLDEST,
            "motion" in row or row.get("kind") == "motion",
            row["pk"],
        ),
        reverse=True,
    )


def register_rows(season, query: str) -> list[dict]:
    """The decisions of the season, the latest first: adopted motions and the consultations
    whose outcome adopted something. Two queries."""
    motions, consultations = _register_found(season, query, adopted_motions(season))
    rows = [
        {"day": m.decided_at, "pk": m.pk, "motion": m}
        for m in motions.select_related("item__meeting__committee")
    ]
    rows += [
        {"day": c.outcome_at, "pk": c.pk, "consultation": c} for c in _with_votes(consultations)
    ]
    return _latest_first(rows)


def register_rows_page(season, query: str, number, per_page: int) -> Page:
    """Page ``number`` of ``register_rows``: the dates and keys of every decision found are
    read (one small query), the decisions of the page only (one or two more), as the rows the
    page shows (``_motion_row``, ``_consultation_row``)."""
    keys = [
        {"day": aware(day), "pk": pk, "kind": kind}
        for pk, day, kind in (
            rows(_keys_sql(season.pk, connection.vendor))
            if not query
            else _register_keys(season, query)
        )
    ]
    page = Paginator(_latest_first(keys), per_page).get_page(number)
    wanted = {
        kind: [k["pk"] for k in page.object_list if k["kind"] == kind]
        for kind in ("motion", "consultation")
    }
    shown = _RegisterTexts()
    loaded = {
        "motion": {
            values[0]: _motion_row(values, shown)
            for values in _loaded(_page_motions_sql, season.pk, wanted["motion"])
        },
        # The page shows a consultation's outcome, not its counts (the spreadsheet does).
        "consultation": {
            values[0]: _consultation_row(values, shown)
            for values in _loaded(_page_consultations_sql, season.pk, wanted["consultation"])
        },
    }
    page.object_list = [
        loaded[key["kind"]][key["pk"]]
        for key in page.object_list
        if key["pk"] in loaded[key["kind"]]
    ]
    return page


def _register_keys(season, query: str) -> QuerySet:
    """The keys of the decisions found: (pk, day, "motion" or "consultation"), one query."""
    motions, consultations = _register_found(season, query, _decisions(season))
    return (
        motions.order_by()
        .values_list("pk", "decided_at", Value("motion"))
        .union(
            consultations.order_by().values_list("pk", "outcome_at", Value("consultation")),
            all=True,
        )
    )


@functools.lru_cache(maxsize=64)
def _keys_sql(season_pk: int, vendor: str) -> Compiled:
    """``_register_keys`` of a season without a search: the register's first view."""
    return compiled(_register_keys(Season(pk=season_pk), ""))


# What the register's page shows of a motion (the meeting named as ``meeting_name`` names it).
REGISTER_MOTION = (
    "pk",
    "title",
    "text",
    "decided_at",
    "topic",
    "votes_yes",
    "votes_no",
    "votes_abstain",
    "amended",
    "item__meeting_id",
    "item__meeting__title",
    "item__meeting__starts_at",
)
REGISTER_CONSULTATION = ("pk", "title", "outcome_at", "outcome")
# Stand-ins of the ids of a page in SQL built once per number of ids (no table holds them).
_IDS = [-(index + 1) for index in range(100)]


def _loaded(sql_for, season_pk: int, ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    return rows(sql_for(season_pk, len(ids), connection.vendor), ids)


@functools.lru_cache(maxsize=256)
def _page_motions_sql(season_pk: int, count: int, vendor: str) -> Compiled:
    """The page's ``count`` motions (decisions of the season), with ``amended``."""
    motions = _with_amended(_decisions(Season(pk=season_pk))).filter(pk__in=_IDS[:count])
    return compiled(motions.order_by().values_list(*REGISTER_MOTION), _IDS[:count])


@functools.lru_cache(maxsize=256)
def _page_consultations_sql(season_pk: int, count: int, vendor: str) -> Compiled:
    consultations = Consultation.objects.filter(season_id=season_pk, pk__in=_IDS[:count])
    return compiled(consultations.order_by().values_list(*REGISTER_CONSULTATION), _IDS[:count])


@functools.lru_cache(maxsize=64)
def _in_force_sql(season_pk: int, vendor: str) -> Compiled:
    """The season's decisions on the name, the internal rules and the share-out, the oldest
    first (the latest adopted wins)."""
    motions = (
        _with_amended(_decisions(Season(pk=season_pk)))
        .filter(topic__in=[Topic.NAME, Topic.INTERNAL_RULES, Topic.SHARE_OUT])
        .order_by("decided_at", "pk")
    )
    return compiled(motions.values_list(*REGISTER_MOTION))


class _RegisterTexts:
    """What every row of a register page shares: the meeting links, the topics' labels in the
    reader's language, the days already written."""

    def __init__(self) -> None:
        self.meeting_url = pk_url("governance:meeting_detail")
        self.consultation_url = pk_url("governance:consultation_detail")
        self.topics = {value: str(label) for value, label in Topic.choices}
        self.language = translation.get_language()

    def day(self, moment: dt.datetime | None) -> str:
        """As ``{{ moment|date:"j N Y" }}`` writes it."""
        if moment is None:
            return ""
        return _register_day(timezone.localtime(moment).date(), self.language)


@functools.lru_cache(maxsize=1024)
def _register_day(day: dt.date, language: str | None) -> str:
    # The caller's language is active: it is part of the key, not what formats it.
    return formats.date_format(day, "j N Y")


def _motion_row(values: tuple, shown: _RegisterTexts) -> dict:
    (pk, title, text, decided_at, topic, yes, no, abstain, amended, meeting_id, meeting_title,
     meeting_starts_at) = values  # fmt: skip
    # As the template's two {% blocktranslate %} wrote them: the catalogue's text as it is,
    # the counts (numbers, nothing to escape) in it.
    votes = _("%(yes)s for, %(no)s against") % {"yes": yes, "no": no}
    abstentions = ngettext("%(abstain)s abstention", "%(abstain)s abstentions", abstain)
    return {
        "motion": True,
        "pk": pk,
        "title": title,
        "text": text,
        "day": shown.day(aware(decided_at)),
        "topic": topic,
        "topic_label": "" if topic == Topic.GENERAL else shown.topics.get(topic, topic),
        "votes": mark_safe(f"{votes}, {abstentions % {'abstain': abstain}}"),
        "amended": amended,
        "meeting_url": shown.meeting_url(meeting_id),
        "meeting": meeting_name(meeting_title, aware(meeting_starts_at)),
    }


def _consultation_row(values: tuple, shown: _RegisterTexts) -> dict:
    pk, title, outcome_at, outcome = values
    return {
        "consultation": True,
        "title": title,
        "day": shown.day(aware(outcome_at)),
        "text": outcome,
        "url": shown.consultation_url(pk),
    }


def register_page(season, query: str, number=None, per_page: int = 25) -> dict:
    """The register: a page of the decisions found, and the latest adopted motion on the
    cooperative's name, its internal rules and its share-out (the rules in force)."""
    in_force: dict[str, dict | None] = dict.fromkeys(
        (Topic.NAME, Topic.INTERNAL_RULES, Topic.SHARE_OUT)
    )
    shown = _RegisterTexts()
    for values in rows(_in_force_sql(season.pk, connection.vendor)):
        motion = _motion_row(values, shown)
        in_force[motion["topic"]] = motion  # the latest adopted wins
    page = register_rows_page(season, query, number, per_page)
    return {
        "rows": page.object_list,
        "page": page,
        "query": query,
        "name_motion": in_force[Topic.NAME],
        "rules_motion": in_force[Topic.INTERNAL_RULES],
        "share_out_motion": in_force[Topic.SHARE_OUT],
    }


def register_csv_rows(season, query: str) -> list[list]:
    """The register as spreadsheet rows, a header first."""
    rows = [_register_header()]
    for row in register_rows(season, query):
        day = (
            formats.date_format(timezone.localtime(row["day"]), "SHORT_DATE_FORMAT")
            if row["day"]
            else ""
        )
        if "motion" in row:
            rows.append([day, *_register_motion_row(row["motion"])])
        else:
            rows.append([day, *_register_consultation_row(row["consultation"])])
    return rows


def _register_motion_row(motion: Motion) -> list:
    return [
        str(motion.item.meeting),
        motion.title,
        motion.text,
        motion.get_topic_display(),
        motion.get_majority_display(),
        _ballot_kind(motion.secret),
        motion.votes_yes,
        motion.votes_no,
        motion.votes_abstain,
    ]


def _register_consultation_row(consultation: Consultation) -> list:
    return [
        _("Consultation"),
        consultation.title,
        consultation.outcome,
        "",
        _("outcome written after the consultation"),
        _("named"),
        consultation.votes_yes,
        consultation.votes_no,
        consultation.votes_abstain,
    ]
