"""The extractor's child process: `python -m trust.uploads.child '<limits json>' < file`.

It caps its own memory (RLIMIT_AS), CPU time and file sizes before it reads a byte of the file, so a
decompression bomb or a parser bug dies here, not in the Celery worker. Prints one JSON object:
{"ok": true, "text": ...} or {"ok": false, "reason": "limits"|"unreadable"|"no_ocr", "detail": ...}.
No Django is imported.
"""
from __future__ import annotations

import json
import resource
import sys


def _limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value if hard == resource.RLIM_INFINITY else hard))


def main() -> int:
    config = json.loads(sys.argv[1])
    _limit(resource.RLIMIT_AS, int(config["memory_bytes"]))
    _limit(resource.RLIMIT_CPU, max(1, int(config["cpu_seconds"])))
    _limit(resource.RLIMIT_FSIZE, 64 * 1024 * 1024)  # tesseract's temp files, nothing bigger
    _limit(resource.RLIMIT_CORE, 0)

    from trust.uploads.extract import ExtractionError, Limits, extract

    data = sys.stdin.buffer.read()
    limits = Limits(**config["limits"])
    try:
        text = extract(data, kind=config.get("kind") or None, limits=limits)
        result = {"ok": True, "text": text}
    except ExtractionError as exc:
        result = {"ok": False, "reason": exc.reason, "detail": str(exc)}
    except MemoryError:
        result = {"ok": False, "reason": "limits", "detail": "It needs more memory to read than allowed."}
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
