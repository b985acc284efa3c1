"""Run the extractor in a child process with hard limits, and always come back with an answer.

`read_text(data, kind)` returns the text, or raises ExtractionError (reason "limits", "unreadable",
"no_ocr"): a child that overran its wall-clock time is killed with its whole process group
(tesseract included), one that died of its memory or CPU limit is "limits". No Django here either:
the caller passes the limits (trust.uploads.services reads them from settings).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .extract import ExtractionError, LimitExceeded, Limits

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SandboxLimits:
    seconds: float = 60.0
    memory_bytes: int = 768 * 1024 * 1024
    limits: Limits = field(default_factory=Limits)


def read_text(data: bytes, *, kind: str, sandbox: SandboxLimits | None = None) -> str:
    sandbox = sandbox or SandboxLimits()
    config = {
        "kind": kind,
        "memory_bytes": sandbox.memory_bytes,
        "cpu_seconds": int(sandbox.seconds) + 1,
        "limits": sandbox.limits.as_dict(),
    }
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TESSDATA_PREFIX", "HOME")}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    env["OMP_THREAD_LIMIT"] = "1"  # tesseract: one thread, predictable memory
    process = subprocess.Popen(
        [sys.executable, "-m", "trust.uploads.child", json.dumps(config)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,  # its own process group: a timeout kills tesseract too
    )
    try:
        stdout, stderr = process.communicate(data, timeout=sandbox.seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise LimitExceeded(f"Reading it took longer than {sandbox.seconds:.0f} seconds.") from None
    except BaseException:
        _kill_group(process)
        raise
    if process.returncode != 0 or not stdout:
        if process.returncode in (-signal.SIGKILL, -signal.SIGXCPU, -signal.SIGSEGV) or b"MemoryError" in stderr:
            raise LimitExceeded("Reading it needed more memory or time than allowed.")
        raise ExtractionError(f"The reader stopped ({process.returncode}).")
    try:
        result = json.loads(stdout)
    except ValueError:
        raise ExtractionError("The reader's answer was garbled.") from None
    if result.get("ok"):
        return str(result.get("text") or "")
    reason = result.get("reason")
    detail = str(result.get("detail") or "")
    if reason == "limits":
        raise LimitExceeded(detail)
    from .extract import OCRUnavailable

    if reason == "no_ocr":
        raise OCRUnavailable(detail)
    raise ExtractionError(detail)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
