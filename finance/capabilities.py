"""Capabilities of the finance app that leaders may delegate (see ``members.permissions``).

The demo hands all three to the Finance committee and to the treasurer. The invoicing settings
(who invoices, legal mentions) stay with the leaders.
"""

from django.utils.translation import gettext_lazy as _

from members.permissions import Capability, register

ISSUE_INVOICES = "issue_invoices"
RECORD_PAYMENTS = "record_payments"
KEEP_ACCOUNTS = "keep_accounts"

# Holding either opens the invoices pages.
FINANCE_PAGES = (ISSUE_INVOICES, RECORD_PAYMENTS)

register(
    Capability(
        ISSUE_INVOICES,
        _("Issue invoices"),
        _(
            "Draft invoices for finished requests, add materials, issue them (which gives "
            "their number) and correct them with credit notes."
        ),
    ),
    Capability(
        RECORD_PAYMENTS,
        _("Record payments"),
        _("Record the residents' payments and send reminders for overdue invoices."),
    ),
    Capability(
        KEEP_ACCOUNTS,
        _("Keep the accounts"),
        _(
            "Record the expenses (with their receipts) and the self-financing income, and "
            "read the season's ledger and its export for the accountant."
        ),
    ),
)
