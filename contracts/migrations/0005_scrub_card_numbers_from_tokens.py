"""Saved cards of the old simulated provider carried the card number in their token
(`sim_card_<number>`). Replace each with an opaque random token that keeps only the simulated
outcome, as the provider issues them now; declined test cards are removed (a declined card is
never kept; their past top-ups keep their record without the card)."""

import secrets

from django.db import migrations

DECLINES = {"4000000000000002": "declined", "4000000000009995": "insufficient"}


def scrub(apps, schema_editor):
    Card = apps.get_model("contracts", "Card")
    for card in Card.objects.filter(token__startswith="sim_card_"):
        number = card.token.removeprefix("sim_card_")
        if number in DECLINES:
            card.delete()
            continue
        card.token = f"sim_tok_ok_{secrets.token_hex(12)}"
        card.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("contracts", "0004_ledger_zero_sum_trigger")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
