"""On PostgreSQL the database itself refuses a ledger transaction whose entries do not sum to zero:
a deferred constraint trigger (as django-hordak does) checks each touched transaction at commit,
after all its entries were written. Entries are also immutable there (no UPDATE or DELETE of a
posted entry). A no-op on SQLite, where the explicit checks in contracts.ledger are the guard."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION contracts_ledger_check_zero_sum() RETURNS trigger AS $$
DECLARE
    txn_id bigint;
    total numeric;
BEGIN
    IF TG_OP = 'DELETE' THEN
        txn_id := OLD.transaction_id;
    ELSE
        txn_id := NEW.transaction_id;
    END IF;
    SELECT COALESCE(SUM(amount_cents), 0) INTO total FROM contracts_ledgerentry WHERE transaction_id = txn_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not sum to zero (sum %)', txn_id, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS contracts_ledger_zero_sum ON contracts_ledgerentry;
CREATE CONSTRAINT TRIGGER contracts_ledger_zero_sum
    AFTER INSERT OR UPDATE OR DELETE ON contracts_ledgerentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION contracts_ledger_check_zero_sum();

CREATE OR REPLACE FUNCTION contracts_ledger_entry_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'posted ledger entries are immutable; post a correcting transaction'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS contracts_ledger_entry_immutable ON contracts_ledgerentry;
CREATE TRIGGER contracts_ledger_entry_immutable
    BEFORE UPDATE ON contracts_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION contracts_ledger_entry_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS contracts_ledger_entry_immutable ON contracts_ledgerentry;
DROP FUNCTION IF EXISTS contracts_ledger_entry_immutable();
DROP TRIGGER IF EXISTS contracts_ledger_zero_sum ON contracts_ledgerentry;
DROP FUNCTION IF EXISTS contracts_ledger_check_zero_sum();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_money_scopes_outbox_payouts")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
