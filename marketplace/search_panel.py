"""The job list's filter controls as HTML, built in Python from the cached taxonomy.

A few hundred <option>/<checkbox> elements through the template engine cost several milliseconds a
request; escaped once per taxonomy version and joined here they cost microseconds. The template
(marketplace/partials/job_search.html) places these strings.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=64)
def _escaped(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """(raw value, escaped value, escaped label) for each choice; memoised per choice list."""
    return tuple((value, escape(value), escape(label)) for value, label in pairs)


def options(choices: Iterable[tuple[str, str]], selected: str) -> SafeString:
    parts = [
        f'<option value="{v}" selected>{label}</option>' if raw == selected else f'<option value="{v}">{label}</option>'
        for raw, v, label in _escaped(tuple(choices))
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


def checkboxes(name: str, choices: Iterable[tuple[str, str]], selected: set[str]) -> SafeString:
    return _checkboxes(name, tuple(choices), frozenset(selected))


@lru_cache(maxsize=256)
def _checkboxes(name: str, choices: tuple[tuple[str, str], ...], selected: frozenset[str]) -> SafeString:
    """Memoised per (choice list, selection): a few hundred skills joined once, not on every list hit."""
    field = escape(name)
    parts = [
        f'<label><input type="checkbox" name="{field}" value="{v}"{" checked" if raw in selected else ""}>'
        f"{label}</label>"
        for raw, v, label in _escaped(tuple(choices))
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above
