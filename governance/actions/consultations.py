"""Consultations between meetings: open, respond, close, conclude, remind before closing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs import reminders
from cjs.errors import DomainError
from cjs.mail import send_after_commit
from governance.actions.common import _writable
from governance.models import (
    Consultation,
    ConsultationResponse,
    MeetingKind,
    VoteChoice,
)
from governance.queries import (
    member_ids,
)
from members.models import (
    Enrolment,
    Season,
    User,
)


def consultation_create(
    *, season: Season, title: str, details: str, closes_at: dt.datetime, by: User
) -> Consultation:
    """Ask every member; those with an email are told at once."""
    _writable(season)
    if closes_at <= timezone.now():
        raise DomainError(_("The closing date must be in the future."))
    with transaction.atomic():
        consultation = Consultation.objects.create(
            season=season, title=title, details=details, closes_at=closes_at, created_by=by
        )
        recipients = User.objects.filter(
            pk__in=Enrolment.objects.filter(season=season).active().values("user_id"),
            role=User.Role.MEMBER,
        ).exclude(email="")
        link = reverse("governance:consultation_detail", args=[consultation.pk])
        for user in recipients:
            send_after_commit(
                template="governance/consultation",
                to=[user.email],
                context={"consultation": consultation, "user": user, "path": link},
            )
    return consultation


# Members who have not answered are reminded once, this long before a consultation closes.
CLOSING_REMINDER_WITHIN = dt.timedelta(hours=24)


def consultations_closing_remind(*, now: dt.datetime | None = None) -> int:
    """Remind once each member who has not answered a consultation closing within 24 hours.
    Returns how many reminders went out."""
    now = now or timezone.now()
    closing = Consultation.objects.filter(
        season__status=Season.Status.CURRENT,
        closes_at__gt=now,
        closes_at__lte=now + CLOSING_REMINDER_WITHIN,
    ).order_by("closes_at", "pk")
    sent = 0
    for consultation in closing:
        prefix = f"consultation{consultation.pk}"
        silent = (
            reminders.not_sent(User.objects, "consultation_closing", prefix)
            .filter(
                pk__in=Enrolment.objects.filter(season_id=consultation.season_id)
                .active()
                .values("user_id"),
                role=User.Role.MEMBER,
            )
            .exclude(email="")
            .exclude(consultation_responses__consultation=consultation)
            .order_by("pk")
        )
        link = reverse("governance:consultation_detail", args=[consultation.pk])
        for user in silent:
            with transaction.atomic():
                if reminders.once("consultation_closing", reminders.key(prefix, user.pk)):
                    send_after_commit(
                        template="governance/consultation_closing",
                        to=[user.email],
                        context={"consultation": consultation, "user": user, "path": link},
                    )
                    sent += 1
    return sent


def consultation_respond(
    *, consultation: Consultation, user: User, choice: str, reason: str = ""
) -> ConsultationResponse:
    if choice not in VoteChoice.values:
        raise DomainError(_("Choose for, against or abstention."))
    with transaction.atomic():
        consultation = _lock_consultation(consultation)
        if not consultation.is_open():
            raise DomainError(_("This consultation is closed."))
        enrolled = member_ids(
            season=consultation.season,
            kind=MeetingKind.BOARD,
            committee_id=None,
            day=timezone.localdate(),
        )
        if not User.objects.filter(pk=user.pk, pk__in=enrolled).exists():
            raise DomainError(_("Only the members of the season take part."))
        response, _created = ConsultationResponse.objects.update_or_create(
            consultation=consultation, user=user, defaults={"choice": choice, "reason": reason}
        )
    return response


def consultation_conclude(
    *, consultation: Consultation, outcome: str, adopted: bool | None, by: User
) -> Consultation:
    with transaction.atomic():
        consultation = _lock_consultation(consultation)
        if consultation.is_open():
            raise DomainError(_("Wait for the consultation to close before its outcome."))
        if not outcome.strip():
            raise DomainError(_("Write the outcome statement."))
        consultation.outcome = outcome.strip()
        consultation.outcome_adopted = adopted
        consultation.outcome_by = by
        consultation.outcome_at = timezone.now()
        consultation.save()
    return consultation


def consultation_close_now(*, consultation: Consultation, by: User) -> Consultation:
    with transaction.atomic():
        consultation = _lock_consultation(consultation)
        if consultation.is_open():
            consultation.closes_at = timezone.now()
            consultation.save(update_fields=["closes_at"])
    return consultation


def _lock_consultation(consultation: Consultation) -> Consultation:
    locked = (
        Consultation.objects.select_for_update().select_related("season").get(pk=consultation.pk)
    )
    _writable(locked.season)
    return locked


def consultation_reasons_forget(user, names: list[str]) -> None:
    """A member is erased (``members.actions.member_erase``): the reasons they wrote go; their
    positions stay, so the consultations' counts do not change."""
    ConsultationResponse.objects.filter(user=user).exclude(reason="").update(reason="")
