"""`manage.py ledger_check`: verify every ledger invariant; exit 1 on any discrepancy."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from contracts.reconcile import ledger_check


class Command(BaseCommand):
    help = "Reconcile the ledger: every invariant checked from the database; non-zero exit on a discrepancy."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for result in ledger_check():
            if result.ok:
                self.stdout.write(f"OK    {result.name}")
                continue
            failed += 1
            self.stdout.write(self.style.ERROR(f"FAIL  {result.name}"))
            for problem in result.problems:
                self.stdout.write(f"      - {problem}")
        if failed:
            raise CommandError(f"ledger_check: {failed} invariant(s) broken")
        self.stdout.write(self.style.SUCCESS("ledger_check: all invariants hold"))
