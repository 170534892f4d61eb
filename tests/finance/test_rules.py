"""The pure money rules: every line rounded to the cent half up, totals that are the sum of
the lines, balances, numbers and the legal presets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from finance import rules

quantities = st.decimals(min_value="0.01", max_value="999.99", places=2)
prices = st.decimals(min_value="0", max_value="9999.99", places=2)
amounts = st.decimals(min_value="0", max_value="99999.99", places=2)


def test_a_line_is_rounded_half_up_to_the_cent():
    assert rules.line_amount(Decimal("1.5"), Decimal("0.03")) == Decimal("0.05")  # 0.045
    assert rules.line_amount(Decimal("3"), Decimal("0.335")) == Decimal("1.01")  # 1.005
    assert rules.line_amount(Decimal("2.25"), Decimal("12.00")) == Decimal("27.00")


@given(quantities, prices)
def test_a_line_is_within_half_a_cent_of_the_exact_product(quantity, price):
    amount = rules.line_amount(quantity, price)
    assert amount == amount.quantize(Decimal("0.01"))
    assert abs(amount - quantity * price) <= Decimal("0.005")


@given(st.lists(st.tuples(quantities, prices), max_size=12))
def test_the_total_is_exactly_the_sum_of_the_lines_shown(lines):
    shown = [rules.line_amount(q, p) for q, p in lines]
    assert rules.total(shown) == sum(shown, Decimal("0"))


@given(amounts, amounts, amounts)
def test_the_balance_is_what_was_invoiced_less_paid_and_credited(invoiced, paid, credited):
    balance = rules.balance(invoiced=invoiced, paid=paid, credited=credited)
    assert balance + paid + credited == invoiced


@given(amounts, amounts)
def test_a_payment_fits_only_when_positive_and_within_the_balance(amount, due):
    assert rules.payment_fits(amount=amount, balance_due=due) == (0 < amount <= due)


@given(amounts, amounts)
def test_a_credit_note_never_takes_off_more_than_was_invoiced(invoiced, credited):
    limit = rules.creditable(invoiced=invoiced, credited=credited)
    assert limit >= 0
    assert credited + limit <= max(invoiced, credited)


def test_numbers_have_four_digits_and_credit_notes_their_prefix():
    assert rules.document_number(2026, 1) == "2026-0001"
    assert rules.document_number(2026, 42, rules.CREDIT_NOTE_PREFIX) == "AV-2026-0042"


def test_an_invoice_is_overdue_after_its_due_date_with_money_owed():
    today = dt.date(2026, 8, 1)
    assert rules.is_overdue(due_on=dt.date(2026, 7, 31), balance_due=Decimal("1"), today=today)
    assert not rules.is_overdue(due_on=today, balance_due=Decimal("1"), today=today)
    assert not rules.is_overdue(due_on=dt.date(2026, 7, 1), balance_due=Decimal("0"), today=today)


def test_the_french_preset_carries_the_vat_and_late_payment_mentions():
    preset = rules.legal_preset("FR")
    assert preset.registration_label == "SIRET"
    assert "TVA non applicable, art. 293 B du CGI" in preset.mentions
    assert "40 €" in preset.mentions and "retard" in preset.mentions


def test_the_quebec_preset_is_a_small_supplier_without_gst_or_qst():
    preset = rules.legal_preset("QC")
    assert preset.registration_label == "NEQ"
    assert "Petit fournisseur" in preset.mentions
    assert "TPS" in preset.mentions and "TVQ" in preset.mentions and "CAD" in preset.mentions
