"""Export dismissed automatic flags (texts the detector got wrong) as trust-corpus JSONL.

Each line is {"id", "text", "kinds", "lang", "trick"}: kinds [] (benign, as an operator judged it),
trick "reviewed_fp_<kinds the detector wrongly saw>". --confirmed adds confirmed flags as positives
(kinds = what was found), so the detector's corpus learns from both sides of the review queue.
"""
from __future__ import annotations

import json
import re
import sys
from typing import Any, TypedDict

from django.core.management.base import BaseCommand, CommandParser

from trust.models import Flag

_STOPWORDS = {
    "en": {"the", "and", "you", "for", "with", "my", "is", "me", "to", "this", "can", "will"},
    "es": {"el", "la", "los", "que", "para", "con", "mi", "es", "por", "una", "puedo", "gracias"},
    "pt": {"o", "os", "que", "para", "com", "meu", "minha", "é", "não", "uma", "você", "obrigado"},
    "fr": {"le", "les", "des", "que", "pour", "avec", "mon", "est", "vous", "une", "je", "merci"},
    "de": {"der", "die", "das", "und", "für", "mit", "mein", "ist", "sie", "ein", "ich", "danke"},
    "hi-Latn": {"hai", "mera", "meri", "aur", "ke", "ki", "ko", "se", "aap", "kya", "nahi", "karo"},
}


def guess_lang(text: str) -> str:
    """A stopword vote among the corpus languages; English when nothing stands out."""
    words = re.findall(r"[\wéíóúãõçàèêâîôûäöüß]+", text.lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > scores["en"] else "en"


class CorpusLine(TypedDict):
    """One line of the trust corpus (JSONL)."""

    id: str
    text: str
    kinds: list[str]
    lang: str
    trick: str


def flag_line(flag: Flag, *, positive: bool) -> CorpusLine:
    found = sorted({f.get("kind", "") for f in flag.findings if f.get("kind")})
    return {
        "id": f"{'tp' if positive else 'fp'}-flag-{flag.pk}",
        "text": flag.original_text,
        "kinds": found if positive else [],
        "lang": guess_lang(flag.original_text),
        "trick": ("reviewed_tp_" if positive else "reviewed_fp_") + ("_".join(found) or "none"),
    }


class Command(BaseCommand):
    help = "Write dismissed (false positive) automatic flags as trust-corpus JSONL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", default="-", help="File to write (default: stdout).")
        parser.add_argument("--confirmed", action="store_true", help="Also export confirmed flags as positives.")
        parser.add_argument("--since", help="Only flags decided on or after this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:  # BaseCommand's signature: argparse values
        statuses = [Flag.Status.DISMISSED] + ([Flag.Status.CONFIRMED] if options["confirmed"] else [])
        flags = Flag.objects.filter(source=Flag.Source.AUTOMATIC, status__in=statuses).exclude(original_text="")
        if options["since"]:
            flags = flags.filter(decided_at__date__gte=options["since"])
        out = sys.stdout if options["output"] == "-" else open(options["output"], "w", encoding="utf-8")  # noqa: SIM115
        count = 0
        try:
            for flag in flags.order_by("pk").iterator(chunk_size=500):
                line = flag_line(flag, positive=flag.status == Flag.Status.CONFIRMED)
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(f"Exported {count} example(s).")
