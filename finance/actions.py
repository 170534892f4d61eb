"""Every write of the finance app: keyword-only, typed, atomic, under row locks.

Invoices, credit notes, payments and reminders; then the expenses and the self-financing
income of the ledger, refused in an archived season; the frozen share-out.

A refusal raises ``DomainError`` with a message a treasurer can read; the transaction rolls
back. Numbers are given only at issue, from a counter row per year locked for the length of
the issuing transaction: two issues at once wait for each other and take consecutive
numbers, and a refused issue gives no number back, so the sequence has no gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from cjs.formatting import format_money
from finance import notify, queries_shareout, rules
from finance.models import (
    CreditNote,
    DocumentCounter,
    FinanceSettings,
    Invoice,
    InvoiceLine,
    InvoiceRequest,
    InvoiceStatus,
    LineKind,
    Payment,
    PaymentMethod,
    Reminder,
    ShareOut,
    ShareOutLine,
)
from finance.models.ledger import Expense, ExpenseCategory, IncomeCategory, OtherIncome
from members.models import Cooperative, Season, User
from services.actions.erasure import ERASED_RESIDENT
from services.models import (
    JobStatus,
    Pricing,
    QuoteStatus,
    RequestStatus,
    ServiceRequest,
    Timesheet,
)


def _money(amount: Decimal, invoice: Invoice) -> str:
    return format_money(amount, invoice.currency, region=Cooperative.load().babel_locale_suffix)


def _locked_invoice(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


def _draft(invoice: Invoice) -> Invoice:
    locked = _locked_invoice(invoice)
    if not locked.is_draft:
        raise DomainError(
            _("Invoice %(number)s is issued: correct it with a credit note.")
            % {"number": locked.number},
            code="issued",
        )
    return locked


def _issued(invoice: Invoice) -> Invoice:
    locked = _locked_invoice(invoice)
    if not locked.is_issued:
        raise DomainError(_("Issue the invoice first."), code="draft")
    return locked


def _next_number(kind: str, year: int) -> int:
    """The next number of ``kind`` in ``year``; the counter row stays locked until commit."""
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(kind=kind, year=year, last=0)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _refresh_total(invoice: Invoice) -> None:
    amounts = invoice.lines.values_list("amount", flat=True)
    invoice.total = rules.total(amounts)
    invoice.save(update_fields=["total"])


def _work_lines(service_request: ServiceRequest) -> list[InvoiceLine]:
    """The accepted quote when it is a fixed price, otherwise the validated hours of each done
    job times that job's rate (the accepted hourly quote when no hours were validated)."""
    service = service_request.service.name
    quote = service_request.quotes.filter(status=QuoteStatus.ACCEPTED).first()
    if quote is not None and quote.pricing == Pricing.FIXED:
        text = _("%(service)s – fixed price (quote of %(date)s)") % {
            "service": service,
            "date": date_format(timezone.localtime(quote.created_at).date(), "j F Y"),
        }
        return [_line(service_request, LineKind.FIXED, text, Decimal("1"), quote.amount)]
    lines = []
    for job in service_request.jobs.filter(status=JobStatus.DONE).order_by("date", "starts_at"):
        hours = Timesheet.objects.filter(claim__job=job, validated_at__isnull=False).aggregate(
            total=Sum("hours")
        )["total"]
        if hours:
            text = _("%(service)s – %(date)s: hours of work") % {
                "service": service,
                "date": date_format(job.date, "j F Y"),
            }
            lines.append(_line(service_request, LineKind.WORK, text, hours, job.hourly_rate))
    if not lines and quote is not None:
        text = _("%(service)s – hours of work (accepted quote)") % {"service": service}
        lines.append(_line(service_request, LineKind.WORK, text, quote.hours, quote.hourly_rate))
    if not lines:
        raise DomainError(
            _("Request of %(name)s has no accepted quote and no validated hours to invoice.")
            % {"name": service_request.full_name},
            code="nothing_to_invoice",
        )
    return lines


def _line(service_request, kind, text, quantity, unit_price) -> InvoiceLine:
    return InvoiceLine(
        request=service_request,
        kind=kind,
        description=text[:200],
        quantity=quantity,
        unit_price=unit_price,
        amount=rules.line_amount(quantity, unit_price),
    )


def _resident_key(service_request: ServiceRequest) -> str:
    return service_request.email.strip().lower()


def invoice_draft_create(*, requests: Sequence[ServiceRequest], by: User) -> Invoice:
    """A draft invoice for finished requests of one resident, with their work lines."""
    if not requests:
        raise DomainError(_("Choose at least one finished request."), code="empty")
    with transaction.atomic():
        locked = list(
            ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("service", "season")
            .filter(pk__in=[r.pk for r in requests])
            .order_by("created_at", "pk")
        )
        if any(r.status != RequestStatus.DONE for r in locked):
            raise DomainError(_("Only finished requests can be invoiced."), code="not_done")
        if len({_resident_key(r) for r in locked}) > 1:
            raise DomainError(
                _("One invoice groups the requests of one resident only."), code="residents"
            )
        if InvoiceRequest.objects.filter(request__in=locked).exists():
            raise DomainError(_("One of these requests is already invoiced."), code="billed")
        first = locked[0]
        with translation.override(first.language or "fr"):
            lines = [line for r in locked for line in _work_lines(r)]
        invoice = Invoice.objects.create(
            season=first.season,
            currency=Cooperative.load().currency,
            customer_name=first.full_name,
            customer_address=f"{first.address}\n{first.postal_code} {first.town_name}",
            customer_email=first.email,
            customer_language=first.language or "fr",
            created_by=by,
        )
        InvoiceRequest.objects.bulk_create(
            InvoiceRequest(invoice=invoice, request=r) for r in locked
        )
        for order, line in enumerate(lines):
            line.invoice = invoice
            line.order = order
        InvoiceLine.objects.bulk_create(lines)
        _refresh_total(invoice)
    return invoice


def invoice_line_add(
    *, invoice: Invoice, description: str, quantity: Decimal, unit_price: Decimal, by: User
) -> InvoiceLine:
    """A materials line typed by the treasurer on a draft."""
    if quantity <= 0 or unit_price < 0:
        raise DomainError(
            _("The quantity must be positive and the price not negative."), code="quantity"
        )
    with transaction.atomic():
        invoice = _draft(invoice)
        order = (invoice.lines.aggregate(last=Max("order"))["last"] or 0) + 1
        line = InvoiceLine.objects.create(
            invoice=invoice,
            kind=LineKind.MATERIAL,
            description=description.strip()[:200],
            quantity=quantity,
            unit_price=unit_price,
            amount=rules.line_amount(quantity, unit_price),
            order=order,
        )
        _refresh_total(invoice)
    return line


def invoice_line_remove(*, line: InvoiceLine, by: User) -> None:
    """Remove a materials line from a draft (work lines come from the requests)."""
    with transaction.atomic():
        invoice = _draft(line.invoice)
        if not line.is_material:
            raise DomainError(_("Only materials lines can be removed."), code="work_line")
        line.delete()
        _refresh_total(invoice)


def invoice_delete(*, invoice: Invoice, by: User) -> None:
    """Delete a draft: its requests may be invoiced again. An issued invoice stays."""
    with transaction.atomic():
        _draft(invoice).delete()


def invoice_issue(
    *, invoice: Invoice, by: User, on: dt.date | None = None, notify_resident: bool = True
) -> Invoice:
    """Give the draft the next number of the year, copy the seller's identity and legal
    mentions onto it, and email it to the resident. From now on it never changes."""
    on = on or timezone.localdate()
    with transaction.atomic():
        invoice = _draft(invoice)
        if not invoice.lines.exists() or invoice.total <= 0:
            raise DomainError(
                _("An invoice needs at least one line and a total above zero."),
                code="empty_invoice",
            )
        settings = FinanceSettings.load()
        sequence = _next_number(DocumentCounter.Kind.INVOICE, on.year)
        registration = settings.registration_number.strip()
        invoice.status = InvoiceStatus.ISSUED
        invoice.year = on.year
        invoice.sequence = sequence
        invoice.number = rules.document_number(on.year, sequence)
        invoice.issued_on = on
        invoice.due_on = rules.due_date(on, settings.payment_terms_days)
        invoice.issued_by = by
        invoice.seller_name = settings.legal_name
        invoice.seller_address = settings.address
        invoice.seller_registration = (
            f"{settings.registration_label} {registration}" if registration else ""
        )
        invoice.payment_terms_days = settings.payment_terms_days
        invoice.mentions = settings.mentions
        invoice.save()
        if notify_resident:
            notify.invoice_issued(invoice)
    return invoice


def _figures(invoice: Invoice) -> tuple[Decimal, Decimal]:
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or rules.ZERO
    credited = invoice.credit_notes.aggregate(total=Sum("amount"))["total"] or rules.ZERO
    return paid, credited


def credit_note_create(
    *, invoice: Invoice, amount: Decimal, reason: str, by: User, on: dt.date | None = None
) -> CreditNote:
    """Correct an issued invoice (all or part of it) with the next credit note number."""
    on = on or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the invoice is corrected."), code="reason")
    with transaction.atomic():
        invoice = _issued(invoice)
        _paid, credited = _figures(invoice)
        limit = rules.creditable(invoiced=invoice.total, credited=credited)
        if not rules.ZERO < amount <= limit:
            raise DomainError(
                _("A credit note on this invoice can be at most %(limit)s.")
                % {"limit": _money(limit, invoice)},
                code="amount",
            )
        sequence = _next_number(DocumentCounter.Kind.CREDIT_NOTE, on.year)
        return CreditNote.objects.create(
            invoice=invoice,
            year=on.year,
            sequence=sequence,
            number=rules.document_number(on.year, sequence, rules.CREDIT_NOTE_PREFIX),
            issued_on=on,
            amount=rules.to_cent(amount),
            reason=reason,
            created_by=by,
        )


def payment_record(
    *,
    invoice: Invoice,
    amount: Decimal,
    method: str,
    by: User,
    paid_on: dt.date | None = None,
    reference: str = "",
) -> Payment:
    """Money received for an issued invoice; never more than the balance due. The invoice
    row is locked so that two treasurers recording at once cannot overpay it together."""
    if method not in PaymentMethod.values:
        raise DomainError(_("Choose how the resident paid."), code="method")
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise DomainError(_("A payment cannot be dated in the future."), code="future")
    with transaction.atomic():
        invoice = _issued(invoice)
        paid, credited = _figures(invoice)
        due = rules.balance(invoiced=invoice.total, paid=paid, credited=credited)
        if not rules.payment_fits(amount=amount, balance_due=due):
            raise DomainError(
                _(
                    "This payment is more than the balance due (%(due)s): record at most "
                    "the balance."
                )
                % {"due": _money(due, invoice)}
                if amount > 0
                else _("A payment must be above zero."),
                code="overpayment",
            )
        return Payment.objects.create(
            invoice=invoice,
            amount=rules.to_cent(amount),
            method=method,
            paid_on=paid_on,
            reference=reference.strip(),
            recorded_by=by,
        )


def invoice_remind(*, invoice: Invoice, by: User | None, today: dt.date | None = None) -> Reminder:
    """Email the resident a reminder of an overdue invoice (``by`` None: the scheduler)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        invoice = _issued(invoice)
        paid, credited = _figures(invoice)
        due = rules.balance(invoiced=invoice.total, paid=paid, credited=credited)
        if not rules.is_overdue(due_on=invoice.due_on, balance_due=due, today=today):
            raise DomainError(_("This invoice is not overdue."), code="not_overdue")
        if not invoice.customer_email:
            raise DomainError(_("The resident has no email address."), code="no_email")
        reminder = Reminder.objects.create(invoice=invoice, sent_by=by)
        notify.invoice_reminder(invoice, balance_due=due)
    return reminder


# The scheduler reminds a resident of an overdue invoice when nobody did for this long.
AUTOMATIC_REMINDER_EVERY = dt.timedelta(days=7)


def invoices_overdue_remind(*, today: dt.date | None = None) -> int:
    """Remind the residents of their overdue invoices (``invoice_remind``), at most once a
    week per invoice, a reminder a leader sent by hand included. Returns how many went out."""
    today = today or timezone.localdate()
    overdue = Invoice.objects.overdue(today).exclude(customer_email="").order_by("pk")
    sent = 0
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            invoice = Invoice.objects.select_for_update().get(pk=pk)
            last = invoice.reminders.order_by("-sent_at").values_list("sent_at", flat=True)
            last = last.first()
            if last is not None and timezone.localdate(last) > today - AUTOMATIC_REMINDER_EVERY:
                continue
            invoice_remind(invoice=invoice, by=None, today=today)
            sent += 1
    return sent


def finance_settings_save(*, settings: FinanceSettings, by: User) -> FinanceSettings:
    """Save the invoicing settings edited by a leader (they apply to invoices issued next)."""
    with transaction.atomic():
        settings.save()
    return settings


# --- The ledger: expenses and self-financing income ---------------------------------------


def _open_season(season: Season) -> Season:
    """The season, locked so that it cannot be archived while a movement is recorded in it;
    an archived season's accounts are closed."""
    locked = Season.objects.select_for_update().get(pk=season.pk)
    if locked.is_archived:
        raise DomainError(
            _("%(season)s is archived: its accounts can no longer change.") % {"season": locked},
            code="season_archived",
        )
    return locked


def _movement_checks(*, amount: Decimal, on: dt.date, category: str, choices) -> None:
    if category not in choices.values:
        raise DomainError(_("Choose a category."), code="category")
    if amount is None or amount <= 0:
        raise DomainError(_("The amount must be above zero."), code="amount")
    if on > timezone.localdate():
        raise DomainError(_("A movement cannot be dated in the future."), code="future")


def _receipt_kind(receipt: File) -> str:
    """The receipt's kind read from its first bytes (its name and the content type the
    browser sent are never trusted), within the size limit."""
    if receipt.size is not None and receipt.size > rules.RECEIPT_MAX_BYTES:
        raise DomainError(_("The receipt is larger than 5 MB."), code="receipt_size")
    receipt.seek(0)
    kind = rules.receipt_kind(receipt.read(rules.RECEIPT_HEAD_BYTES))
    receipt.seek(0)
    if kind is None:
        raise DomainError(_("The receipt must be a PDF, PNG or JPEG file."), code="receipt_type")
    return kind


def expense_record(
    *,
    season: Season,
    spent_on: dt.date,
    amount: Decimal,
    category: str,
    by: User,
    note: str = "",
    receipt: File | None = None,
) -> Expense:
    """An expense of the season, with its receipt (PDF, PNG or JPEG) if there is one. The file
    is stored under a random name; it is served only through the receipt view."""
    _movement_checks(amount=amount, on=spent_on, category=category, choices=ExpenseCategory)
    kind = _receipt_kind(receipt) if receipt else ""
    with transaction.atomic():
        expense = Expense(
            season=_open_season(season),
            spent_on=spent_on,
            amount=rules.to_cent(amount),
            category=category,
            note=note.strip()[:200],
            receipt_type=kind,
            recorded_by=by,
        )
        if receipt:
            expense.receipt.save("receipt", receipt, save=False)
            # The stored file is not part of the transaction: remove it if the row is not kept.
            name = expense.receipt.name
            try:
                expense.save()
            except Exception:
                expense.receipt.storage.delete(name)
                raise
        else:
            expense.save()
    return expense


def other_income_record(
    *,
    season: Season,
    received_on: dt.date,
    amount: Decimal,
    category: str,
    by: User,
    note: str = "",
) -> OtherIncome:
    """Money the members raised themselves (a car wash, a bake sale...): part of the result."""
    _movement_checks(amount=amount, on=received_on, category=category, choices=IncomeCategory)
    with transaction.atomic():
        return OtherIncome.objects.create(
            season=_open_season(season),
            received_on=received_on,
            amount=rules.to_cent(amount),
            category=category,
            note=note.strip()[:200],
            recorded_by=by,
        )


# --- The share-out ------------------------------------------------------------------------


LINE_FIELDS = ("name", "hours", "departed", "equal", "pro_rata", "bonus", "total")


def share_out_freeze(*, season: Season, by: User) -> ShareOut:
    """Freeze the season's share-out as the adopted rule gives it today: the figures, the
    steps and one line per member are stored and never change afterwards. Refused before
    the assembly adopted a share-out rule, when the rule cannot be applied, and a second
    time (the season's row is locked: two treasurers freezing at once wait for each other)."""
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=season.pk)
        if ShareOut.objects.filter(season=season).exists():
            raise DomainError(
                _("The share-out of %(season)s is already frozen.") % {"season": season},
                code="share_out_already_frozen",
            )
        rule = queries_shareout.adopted_rule(season)
        if rule is None:
            raise DomainError(
                _("The assembly has not adopted a share-out rule for this season yet."),
                code="share_out_no_rule",
            )
        plan = queries_shareout.plan_for(season, rule)
        if plan.refusal is not None:
            money = queries_shareout.money_formatter(Cooperative.load())
            raise DomainError(
                queries_shareout.step_text(plan.refusal, money), code=plan.refusal.code
            )
        share_out = ShareOut.objects.create(
            season=season,
            motion=rule.motion,
            income=plan.income,
            expenses=plan.expenses,
            result=plan.result,
            reserve=plan.reserve,
            distributable=plan.distributable,
            **{term: getattr(rule, term) for term in rule.TERMS},
            steps=[{"code": step.code, "values": step.values} for step in plan.steps],
            frozen_by=by,
        )
        lines = []
        for part in plan.parts:
            fields = {name: getattr(part, name) for name in LINE_FIELDS}
            lines.append(ShareOutLine(share_out=share_out, member_id=part.key, **fields))
        ShareOutLine.objects.bulk_create(lines)
    return share_out


# --- RGPD -----------------------------------------------------------------------------------


def resident_invoices_forget(request_ids: list[int]) -> None:
    """A resident is erased (``services.actions.resident_erase``): their draft invoices lose
    their name and contact. Issued invoices keep their legal copy: French law requires keeping
    them 10 years as they were issued."""
    erased = {
        "customer_name": " ".join(ERASED_RESIDENT),
        "customer_address": "",
        "customer_email": "",
    }
    invoices = Invoice.objects.filter(billed__request_id__in=request_ids)
    invoices.filter(status=InvoiceStatus.DRAFT).update(**erased)
    # The audit trail's copies are not the legal copy: they forget the resident too.
    Invoice.history.filter(id__in=invoices.values("pk")).update(**erased)
