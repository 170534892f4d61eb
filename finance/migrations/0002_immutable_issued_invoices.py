"""The database itself refuses to change or delete an issued invoice, its lines, the requests
it bills and any credit note, whoever sends the SQL (a shell, a script, a bug that bypasses
the models). A refusal is an integrity error on both SQLite and PostgreSQL.

Tests that flush the database (``transaction=True``, ``live_server``): PostgreSQL empties the
tables with TRUNCATE, which these row triggers do not see; SQLite deletes row by row, so such
a test must not leave an issued invoice behind on SQLite (run it on PostgreSQL)."""

from django.db import migrations

CHILDREN = ["finance_invoiceline", "finance_invoicerequest"]
REFUSAL = "finance: an issued invoice and its lines cannot be changed or deleted"
CREDIT_REFUSAL = "finance: a credit note cannot be changed or deleted"


class RunSQLOn(migrations.RunSQL):
    """``RunSQL`` for one database vendor only (the trigger languages differ)."""

    def __init__(self, vendor: str, sql: list[str], reverse_sql: list[str]) -> None:
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def _sqlite_child(table: str) -> tuple[list[str], list[str]]:
    def issued(ref: str) -> str:
        return f"(SELECT status FROM finance_invoice WHERE id = {ref}.invoice_id) = 'issued'"

    abort = f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    return (
        [
            f"CREATE TRIGGER {table}_issued_insert BEFORE INSERT ON {table} "
            f"WHEN {issued('NEW')} {abort}",
            f"CREATE TRIGGER {table}_issued_update BEFORE UPDATE ON {table} "
            f"WHEN {issued('OLD')} OR {issued('NEW')} {abort}",
            f"CREATE TRIGGER {table}_issued_delete BEFORE DELETE ON {table} "
            f"WHEN {issued('OLD')} {abort}",
        ],
        [f"DROP TRIGGER IF EXISTS {table}_issued_{op}" for op in ("insert", "update", "delete")],
    )


SQLITE_FORWARD = [
    "CREATE TRIGGER finance_invoice_issued_update BEFORE UPDATE ON finance_invoice "
    f"WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    "CREATE TRIGGER finance_invoice_issued_delete BEFORE DELETE ON finance_invoice "
    f"WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    "CREATE TRIGGER finance_creditnote_no_update BEFORE UPDATE ON finance_creditnote "
    f"BEGIN SELECT RAISE(ABORT, '{CREDIT_REFUSAL}'); END",
    "CREATE TRIGGER finance_creditnote_no_delete BEFORE DELETE ON finance_creditnote "
    f"BEGIN SELECT RAISE(ABORT, '{CREDIT_REFUSAL}'); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS finance_invoice_issued_update",
    "DROP TRIGGER IF EXISTS finance_invoice_issued_delete",
    "DROP TRIGGER IF EXISTS finance_creditnote_no_update",
    "DROP TRIGGER IF EXISTS finance_creditnote_no_delete",
]
for _table in CHILDREN:
    _forward, _backward = _sqlite_child(_table)
    SQLITE_FORWARD += _forward
    SQLITE_BACKWARD += _backward

_RAISE = "RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'"

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION finance_refuse_issued_invoice() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.status = 'issued' THEN
            {_RAISE.format(message=REFUSAL)};
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION finance_refuse_issued_invoice_child() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            IF EXISTS (SELECT 1 FROM finance_invoice
                       WHERE id = OLD.invoice_id AND status = 'issued') THEN
                {_RAISE.format(message=REFUSAL)};
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF EXISTS (SELECT 1 FROM finance_invoice
                       WHERE id = NEW.invoice_id AND status = 'issued') THEN
                {_RAISE.format(message=REFUSAL)};
            END IF;
            RETURN NEW;
        END IF;
        RETURN OLD;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION finance_refuse_credit_note_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {_RAISE.format(message=CREDIT_REFUSAL)};
    END
    $$
    """,
    "CREATE TRIGGER finance_invoice_immutable BEFORE UPDATE OR DELETE ON finance_invoice "
    "FOR EACH ROW EXECUTE FUNCTION finance_refuse_issued_invoice()",
    "CREATE TRIGGER finance_creditnote_immutable BEFORE UPDATE OR DELETE ON finance_creditnote "
    "FOR EACH ROW EXECUTE FUNCTION finance_refuse_credit_note_change()",
    *(
        f"CREATE TRIGGER {table}_immutable BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION finance_refuse_issued_invoice_child()"
        for table in CHILDREN
    ),
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS finance_invoice_immutable ON finance_invoice",
    "DROP TRIGGER IF EXISTS finance_creditnote_immutable ON finance_creditnote",
    *(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}" for table in CHILDREN),
    "DROP FUNCTION IF EXISTS finance_refuse_issued_invoice()",
    "DROP FUNCTION IF EXISTS finance_refuse_issued_invoice_child()",
    "DROP FUNCTION IF EXISTS finance_refuse_credit_note_change()",
]


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [
        RunSQLOn("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        RunSQLOn("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
