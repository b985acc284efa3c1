"""`python -m trust.detection "text"` (or text on stdin): print findings for support staff."""

from __future__ import annotations

import sys

from . import scan


def main(argv: list[str]) -> int:
    text = " ".join(argv) if argv else sys.stdin.read()
    findings = scan(text)
    if not findings:
        print("no findings")
        return 0
    print(f"{'kind':<8} {'span':<11} {'conf':<5} {'matched':<32} {'normalized':<34} reason")
    for f in findings:
        print(
            f"{f.kind:<8} {f'{f.start}-{f.end}':<11} {f.confidence:<5.2f} {f.matched!r:<32} "
            f"{f.normalized:<34} {f.reason}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
