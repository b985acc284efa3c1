"""The job list's search form and results as HTML, built in Python: the filter controls, result count, page
links and the form around them and the cards.

A few hundred <option>/<checkbox> elements through the template engine cost several milliseconds a
request; escaped once per taxonomy version and joined here they cost microseconds. The count and the
page links are the markup of `humanize`'s intcomma and marketplace/partials/pagination.html, without
the include, its `with` and the localised number formatting (~0.1 ms a request, a third of the
fragment's rendering). search_form places these strings (it was marketplace/partials/job_search.html).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
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


@lru_cache(maxsize=1)
def _urls() -> tuple[str, str]:
    from django.urls import reverse

    return escape(reverse("marketplace:job-list")), escape(reverse("marketplace:job-create"))


def search_form(*, raw: Mapping[str, str], errors: Iterable[str], has_filters: bool, panel: Mapping[str, str],
                currency_symbol: str, result_count: str, cards: str, page_links: str,
                capped_last_page: str) -> SafeString:
    """The job list's search form and results (the fragment views.job_list caches: it must not depend on
    the user, only on the GET parameters). `panel`, `cards` and `page_links` are HTML; every other value
    is escaped here. Joined here rather than through a template: the fragment's ~30 nodes cost ~0.3 ms
    of the template engine a request, this a few microseconds."""
    jobs_url, create_url = _urls()
    active = " (active)" if has_filters else ""
    invalid = ""
    names = [escape(name) for name in errors]
    if names:
        invalid = f'<p class="errorlist">Some filters were not valid and were ignored: {", ".join(names)}.</p>'
    skills = ""
    if panel["skills"]:
        skills = f"""
        <fieldset class="field">
          <legend>Skills</legend>
          <input type="search" class="choice-filter" data-filter-choices="job-skill-choices"
                 placeholder="Search skills" aria-label="Search skills">
          <div class="checkbox-list" id="job-skill-choices">
            {panel["skills"]}
          </div>
        </fieldset>
        """
    clear = f'<a href="{jobs_url}">Clear all</a>' if has_filters else ""
    if cards:
        results = cards
    elif has_filters:
        results = f"""
        <div class="empty">
            <p>No open jobs match your search.</p>
            <p><a class="btn btn-secondary" href="{jobs_url}">Clear the search and filters</a></p>
        </div>
      """
    else:
        results = f"""
        <div class="empty">
            <p>There are no open jobs right now. Check back soon.</p>
            <p><a class="btn" href="{create_url}">Post a job</a></p>
        </div>
      """
    capped = ""
    if capped_last_page:
        capped = (f'<p class="small muted">Showing the first {escape(capped_last_page)} results. '
                  "Add a search term or filters to narrow them down.</p>")
    symbol = escape(currency_symbol)
    return mark_safe(  # noqa: S308 - every value escaped above or HTML built escaped (panel, cards, page links)
        f"""
<form method="get" action="{jobs_url}" class="job-search" id="job-search">
  <div class="search-bar" role="search">
    <label for="id_q" class="visually-hidden">Search jobs</label>
    <input type="search" name="q" id="id_q" value="{escape(raw["q"])}" maxlength="200" placeholder="Search jobs">
    <button class="btn" type="submit">Search</button>
  </div>

  <div class="grid grid-sidebar">
    <aside>
      <details class="filters card" open>
        <summary>Filters{active}</summary>
        {invalid}
        <div class="field"><label for="id_category">Category</label>
          <select name="category" id="id_category">
            {panel["category"]}
          </select></div>
        <div class="field"><label for="id_budget_type">Budget type</label>
          <select name="budget_type" id="id_budget_type">
            {panel["budget_type"]}
          </select></div>
        <div class="field budget-range">
          <div><label for="id_min">From ({symbol})</label><input type="number" name="min" id="id_min" min="0"
               step="1" inputmode="decimal" value="{escape(raw["min"])}"></div>
          <div><label for="id_max">Up to ({symbol})</label><input type="number" name="max" id="id_max" min="0"
               step="1" inputmode="decimal" value="{escape(raw["max"])}"></div>
        </div>
        <div class="field"><label for="id_experience">Experience</label>
          <select name="experience" id="id_experience">
            {panel["experience"]}
          </select></div>
        {skills}
        <p class="filter-actions">
          <button class="btn btn-small" type="submit">Apply filters</button>
          {clear}
        </p>
      </details>
    </aside>

    <section aria-live="polite">
      <div class="list-head">
        <p class="muted small result-count">
          {escape(result_count)}
        </p>
        <label class="sort">
          <span class="visually-hidden">Sort by</span>
          <select name="sort" data-autosubmit>{panel["sort"]}</select>
        </label>
      </div>

      {results}

      {page_links}
      {capped}
    </section>
  </div>
</form>
"""
    )
