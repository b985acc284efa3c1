"""The job list's filter controls, result count and page links as HTML, built in Python.

A few hundred <option>/<checkbox> elements through the template engine cost several milliseconds a
request; escaped once per taxonomy version and joined here they cost microseconds. The count and the
page links are the markup of `humanize`'s intcomma and marketplace/partials/pagination.html, without
the include, its `with` and the localised number formatting (~0.1 ms a request, a third of the
fragment's rendering). The template (marketplace/partials/job_search.html) places these strings.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django.core.paginator import Page

    from .selectors import CappedPaginator


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


def result_count(page: Page) -> str:
    """"1,000+ jobs" past the cap, else "1 job" / "25 jobs"."""
    paginator = cast("CappedPaginator", page.paginator)
    if paginator.is_capped:
        return f"{paginator.cap:,}+ jobs"
    count = paginator.count
    return f"{count:,} job{'' if count == 1 else 's'}"


def page_links(page: Page, querystring: str) -> SafeString:
    """marketplace/partials/pagination.html's <nav> for the list (`querystring` without page=)."""
    if not page.has_other_pages():
        return mark_safe("")
    prefix = f"?{escape(querystring)}&amp;page=" if querystring else "?page="
    parts = ['<nav class="pagination" aria-label="Pages">']
    if page.has_previous():
        parts.append(f'<a class="btn btn-secondary btn-small" href="{prefix}{page.previous_page_number()}" '
                     'rel="prev">← Previous</a>')
    parts.append(f'<span class="small muted">Page {page.number} of {page.paginator.num_pages}</span>')
    if page.has_next():
        parts.append(f'<a class="btn btn-secondary btn-small" href="{prefix}{page.next_page_number()}" '
                     'rel="next">Next →</a>')
    parts.append("</nav>")
    return mark_safe("\n".join(parts))  # noqa: S308 - the query string escaped above, the rest ours


def capped_last_page(page: Page) -> str:
    """The cap ("1,000") on the last page of a capped result (the template then asks to narrow it), else ""."""
    paginator = cast("CappedPaginator", page.paginator)
    return f"{paginator.cap:,}" if paginator.is_capped and not page.has_next() else ""
