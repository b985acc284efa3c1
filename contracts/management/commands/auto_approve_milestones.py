from django.core.management.base import BaseCommand

from contracts.services import milestones_auto_approve_due


class Command(BaseCommand):
    help = "Release every submitted milestone whose review period passed (same as the beat task)."

    def handle(self, *args, **options) -> None:
        released = milestones_auto_approve_due()
        self.stdout.write(f"Released {released} milestone(s).")
