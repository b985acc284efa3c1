"""Platform and payment-rail registries, loaded once from the TOML files in `data/`.

Why data files: the set of messengers, networks, marketplaces and payment rails people use changes every
year and differs per region; adding one must be a data change a reviewer can read, not code. Why tries:
a few hundred aliases in one flat alternation cost the regex engine a try per alias at every position;
the same words folded into a character trie (`trie_pattern`) share prefixes, so a match attempt is one
walk down the trie.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class Entry:
    """One platform or payment rail as described in its data file."""

    key: str
    display: str
    group: str
    aliases: tuple[str, ...]
    weak: tuple[str, ...]
    hosts: tuple[str, ...]
    handle: bool = False
    prefix: str = ""


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML file `data/<name>.toml` (its shape is the file's: callers index it as they know it)."""
    with (DATA_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def fold(text: str) -> str:
    """`text` folded exactly as the detectors see a message (`normalize.char_views`: NFKC, look-alikes to ASCII,
    lower case). Why: Cyrillic "телеграм" reaches the patterns as "teлerpam" (its "е", "г", "р", "а", "м" are
    confusable with Latin letters), so every alias and cue word written in another script is folded the same
    way before it is compiled. ASCII is its own fold."""
    if text.isascii():
        return text.lower()
    from .normalize import char_views  # normalize needs lexicon, which loads this module first

    return char_views(text)[1].text


def alternation(words: Iterable[str]) -> str:
    """`words` as one regex alternation: each folded as a message is (`fold`), escaped, longest first (so a
    phrase wins over its own first word). For cue words written in several scripts."""
    return "|".join(sorted({re.escape(fold(w)) for w in words}, key=len, reverse=True))


def _norm(alias: str) -> str:
    return " ".join(fold(alias.lower()).split())


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """Every table of `data/<name>.toml` that describes a platform or rail (has `display`)."""
    out = []
    for key, table in load(name).items():
        if not isinstance(table, dict) or "display" not in table:
            continue
        out.append(
            Entry(
                key=key,
                display=str(table["display"]),
                group=str(table.get("group", "")),
                aliases=tuple(dict.fromkeys(_norm(a) for a in table.get("aliases", ()))),
                weak=tuple(dict.fromkeys(_norm(a) for a in table.get("weak", ()))),
                hosts=tuple(h.lower() for h in table.get("hosts", ())),
                handle=bool(table.get("handle", False)),
                prefix=str(table.get("prefix", "")),
            )
        )
    return tuple(out)


def trie_pattern(phrases: object, *, space: str = r"[\s\-]+") -> str:
    """A regex alternation of `phrases` (lower case) folded into a character trie.

    Spaces inside a phrase match `space`. The result has no nested quantifier that can match the same
    characters two ways, so it stays linear-time. Longer phrases win at a branch (greedy optional tails).
    """
    root: dict[str, dict] = {}
    for phrase in sorted(set(phrases)):  # type: ignore[call-overload]
        if not phrase:
            continue
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root, space)


def _emit(node: dict[str, dict], space: str) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        head = space if ch == " " else re.escape(ch)
        branches.append(head + _emit(node[ch], space))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body
