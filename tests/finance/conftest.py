"""Fixtures of the finance tests: finished requests to invoice, invoices brought to each
state through the actions, and members holding a delegated finance capability."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cjs.errors import DomainError
from finance import actions
from finance.models import Invoice
from governance.models import Motion, ShareOutRule, Topic
from members.models import Cooperative
from services.models import ClaimStatus, JobStatus, Pricing, RequestStatus
from tests.factories import (
    AcceptedQuoteFactory,
    ClaimFactory,
    ExpenseFactory,
    JobFactory,
    MotionFactory,
    OtherIncomeFactory,
    ServiceFactory,
    ServiceRequestFactory,
    TimesheetFactory,
)


@pytest.fixture
def cooperative(db):
    cooperative = Cooperative.load()
    cooperative.name = "CJS de Bourg-les-Saules"
    cooperative.save()
    return cooperative


@pytest.fixture
def done_request(season, cooperative):
    """``done_request(fixed=Decimal(...) | hours=[...], email=...)``: a finished request of
    the season with its accepted quote (a fixed price, or hourly 6 h × 12,00 €) and, given
    ``hours``, one done job per entry whose validated hours add up to it (at 12,00 €/h)."""

    def make(*, fixed: Decimal | None = None, hours=(), rate=Decimal("12.00"), **fields):
        service = ServiceFactory(slug="tonte", name_fr="Tonte de pelouse")
        fields.setdefault("email", "monique.perrin@example.fr")
        fields.setdefault("first_name", "Monique")
        fields.setdefault("last_name", "Perrin")
        service_request = ServiceRequestFactory(
            season=season, service=service, status=RequestStatus.DONE, **fields
        )
        if fixed is not None:
            AcceptedQuoteFactory(
                request=service_request,
                pricing=Pricing.FIXED,
                hours=None,
                hourly_rate=None,
                amount=fixed,
            )
        else:
            AcceptedQuoteFactory(request=service_request)
        for index, worked in enumerate(hours):
            job = JobFactory(
                request=service_request,
                status=JobStatus.DONE,
                hourly_rate=rate,
                date=timezone.localdate() - dt.timedelta(days=index + 1),
            )
            claim = ClaimFactory(job=job, status=ClaimStatus.APPROVED)
            TimesheetFactory(claim=claim, hours=Decimal(worked), validated_at=timezone.now())
        return service_request

    return make


@pytest.fixture
def draft(done_request, leader):
    """``draft(**done_request_fields)``: a draft invoice for a new finished request."""

    def make(**fields):
        return actions.invoice_draft_create(requests=[done_request(**fields)], by=leader)

    return make


@pytest.fixture
def issued(draft, leader):
    """``issued(on=date, **done_request_fields)``: an issued invoice (with its balance)."""

    def make(*, on: dt.date | None = None, **fields):
        invoice = actions.invoice_issue(invoice=draft(**fields), by=leader, on=on)
        return with_balance(invoice)

    return make


def with_balance(invoice: Invoice) -> Invoice:
    return Invoice.objects.with_balance().get(pk=invoice.pk)


@contextmanager
def refused(code: str) -> Iterator[None]:
    """The action is refused by the rule named ``code`` (whatever the language)."""
    with pytest.raises(DomainError) as refusal:
        yield
    assert refusal.value.code == code, refusal.value.message


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Receipts are written under the test's own folder, never in the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def upload():
    """``upload(name, content, content_type)``: a file as a browser would send it."""

    def make(name: str = "ticket.pdf", content: bytes = PDF, content_type: str = "application/pdf"):
        return SimpleUploadedFile(name, content, content_type=content_type)

    return make


# --- The share-out ------------------------------------------------------------------------


@pytest.fixture
def share_out_motion(season):
    """``share_out_motion(adopted=True, **rule_fields)``: a share-out motion of the season
    with its rule as data (10 % reserve, pro rata of hours, 20 € for 30 h by default),
    adopted by the assembly unless ``adopted=False``."""

    def make(*, adopted: bool = True, **fields):
        motion = MotionFactory(
            item__meeting__season=season, topic=Topic.SHARE_OUT, title="Répartition"
        )
        values = {
            "reserve_percent": Decimal("10"),
            "equal_percent": Decimal("0"),
            "pro_rata_percent": Decimal("100"),
            "bonus": Decimal("20"),
            "bonus_min_hours": Decimal("30"),
            **fields,
        }
        ShareOutRule.objects.create(motion=motion, **values)
        if adopted:
            Motion.objects.filter(pk=motion.pk).update(
                status=Motion.Status.ADOPTED, decided_at=timezone.now()
            )
        motion.refresh_from_db()
        return motion

    return make


@pytest.fixture
def worked(season):
    """``worked(member, hours)``: validated hours of ``member`` on a done job."""

    def make(member, hours) -> None:
        job = JobFactory(
            request__season=season,
            status=JobStatus.DONE,
            date=timezone.localdate() - dt.timedelta(days=1),
        )
        claim = ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
        TimesheetFactory(claim=claim, hours=Decimal(hours), validated_at=timezone.now())

    return make


@pytest.fixture
def season_result(season):
    """``season_result(income, expenses)``: self-financing income and an expense."""

    def make(income, expenses=Decimal("0")) -> None:
        OtherIncomeFactory(season=season, amount=Decimal(income))
        if Decimal(expenses):
            ExpenseFactory(season=season, amount=Decimal(expenses))

    return make
