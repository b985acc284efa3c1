"""Uses: what each kind of upload accepts, how big, who may fetch it, and how trust judges it.

Apps register their uses from AppConfig.ready() (trust imports no app):

    from trust.uploads.registry import register_use
    register_use(
        "submission",
        kinds={"pdf", "docx", "text", "png", "jpeg"},
        max_bytes=lambda: settings.CONTRACTS_SUBMISSION_MAX_BYTES,   # or an int
        context="contract",                  # trust.policy context the content is judged in
        access=may_download_submission,      # fn(user, upload) -> bool, for everyone but owner/staff
    )

Pure Python (no Django import): the extractor's child process imports this package too.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .sniff import IMAGE_KINDS, KINDS, LABELS

if TYPE_CHECKING:  # annotations only: the extractor's child process imports no Django
    from trust.types import User

    from .models import Upload

Access = Callable[["User", "Upload"], bool]


@dataclass(frozen=True)
class Use:
    name: str
    kinds: frozenset[str]
    # An int, or fn() -> int (read at each upload, so a setting changed at run time applies).
    size_limit: int | Callable[[], int]
    context: str
    # fn(user, upload) -> bool: may this signed-in user (not the owner, not staff) fetch the file?
    access: Access | None = None
    # Public images (portfolio, avatars) are served to anyone, inline, once clean.
    public: bool = False
    # False: stored privately and sniffed, never scanned (identity documents: staff read them).
    scan: bool = True
    label: str = "file"

    @property
    def max_bytes(self) -> int:
        return int(self.size_limit() if callable(self.size_limit) else self.size_limit)

    @property
    def accepted_labels(self) -> str:
        return ", ".join(LABELS[k] for k in sorted(self.kinds, key=list(KINDS).index))

    @property
    def accept_attr(self) -> str:
        """For <input type=file accept=...>: the browser's picker (the server still sniffs)."""
        exts = {"pdf": ".pdf", "docx": ".docx", "text": ".txt", "png": ".png", "jpeg": ".jpg,.jpeg",
                "gif": ".gif", "webp": ".webp"}
        return ",".join(exts[k] for k in sorted(self.kinds, key=list(KINDS).index))

    @property
    def images_only(self) -> bool:
        return self.kinds <= IMAGE_KINDS


USES: dict[str, Use] = {}


def register_use(
    name: str,
    *,
    kinds: set[str] | frozenset[str],
    max_bytes: int | Callable[[], int],
    context: str,
    access: Access | None = None,
    public: bool = False,
    scan: bool = True,
    label: str = "file",
) -> Use:
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown upload kinds for {name!r}: {sorted(unknown)} (known: {sorted(KINDS)})")
    if public and not set(kinds) <= IMAGE_KINDS:
        raise ValueError(f"Only images can be public ({name!r}).")
    use = Use(
        name=name, kinds=frozenset(kinds), size_limit=max_bytes, context=context, access=access,
        public=public, scan=scan, label=label,
    )
    USES[name] = use
    return use


def use_for(name: str) -> Use:
    try:
        return USES[name]
    except KeyError:
        raise LookupError(f"No upload use {name!r} is registered (see trust.uploads.registry).") from None
