from django.urls import path

from finance.views import invoices, ledger, pay, payments, public, report, settings, shareout

app_name = "finance"

urlpatterns = [
    path("factures/", invoices.invoice_list, name="invoice_list"),
    path("factures/a-facturer/", invoices.invoiceable, name="invoiceable"),
    path("factures/nouvelle/", invoices.invoice_create, name="invoice_create"),
    path("factures/<int:pk>/", invoices.invoice_detail, name="invoice_detail"),
    path("factures/<int:pk>/pdf/", invoices.invoice_pdf, name="invoice_pdf"),
    path("factures/<int:pk>/lignes/", invoices.line_add, name="line_add"),
    path(
        "factures/<int:pk>/lignes/<int:line>/retirer/",
        invoices.line_remove,
        name="line_remove",
    ),
    path("factures/<int:pk>/supprimer/", invoices.invoice_delete, name="invoice_delete"),
    path("factures/<int:pk>/emettre/", invoices.invoice_issue, name="invoice_issue"),
    path("factures/<int:pk>/avoir/", invoices.credit_note_create, name="credit_note_create"),
    path("factures/<int:pk>/paiement/", payments.payment_record, name="payment_record"),
    path("factures/<int:pk>/relance/", payments.invoice_remind, name="invoice_remind"),
    path("impayes/", payments.overdue_list, name="overdue_list"),
    path("comptes/", ledger.ledger, name="ledger"),
    path("comptes/<int:season>/", ledger.ledger, name="ledger_season"),
    path("comptes/<int:season>/export.csv", ledger.ledger_csv, name="ledger_csv"),
    path("comptes/<int:season>/depense/", ledger.expense_create, name="expense_create"),
    path("comptes/<int:season>/recette/", ledger.income_create, name="income_create"),
    path("comptes/justificatifs/<int:pk>/", ledger.receipt, name="receipt"),
    path("repartition/", shareout.share_out, name="share_out"),
    path("repartition/<int:season>/", shareout.share_out, name="share_out_season"),
    path("repartition/<int:season>/figer/", shareout.share_out_freeze, name="share_out_freeze"),
    path("repartition/<int:season>/export.csv", shareout.share_out_csv, name="share_out_csv"),
    path("repartition/<int:season>/feuille.pdf", shareout.share_out_pdf, name="share_out_pdf"),
    path("ma-part/", shareout.my_share_out, name="my_share_out"),
    path("ma-part/<int:season>/", shareout.my_share_out, name="my_share_out_season"),
    path("bilan/", report.season_report, name="report"),
    path("bilan/<int:season>/", report.season_report, name="report_season"),
    path("bilan/<int:season>/pdf/", report.season_report_pdf, name="report_pdf"),
    path("mes-heures/", pay.my_pay, name="my_pay"),
    path("heures-de-l-equipe/", pay.team_pay, name="team_pay"),
    path("parametres/", settings.settings_edit, name="settings"),
    path("facture/<str:token>/<str:number>/", public.public_invoice, name="public_invoice"),
    path(
        "facture/<str:token>/<str:number>/pdf/",
        public.public_invoice_pdf,
        name="public_invoice_pdf",
    ),
]
