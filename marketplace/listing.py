"""The job list's page in one hand-written query (the busiest read of the site).

Building the same query through the ORM (filters, two correlated subqueries, a capped count) cost
~6 ms of CPU a request in query compilation alone, more than the rest of the page; the SQL below is
assembled from a few fixed fragments instead. Semantics match selectors.job_list_public exactly
(tests/marketplace/test_listing.py compares the two on every filter and sort):

- open jobs that are public, or invite-only ones the viewer was invited to;
- skills: any of them; category; budget type; a budget range overlapping [min, max]; experience;
- text: PostgreSQL full-text (websearch syntax, the partial GIN index), elsewhere every word in the
  title or description;
- sorts: newest, budget high/low, best match (text rank when there is a query).

One statement returns the page's rows, each row's proposal count, whether its client's badges are
withheld (reputation's rule), the total capped at MARKETPLACE_JOBS_COUNT_CAP, and what the cards show
(marketplace.cards.card_columns: the excerpt cut in SQL, the skill ids joined): a second statement for
the cards' fields cost a round trip, a parse and a plan on every request.

- The count and the page come from covering indexes for the plain list and the filters. A text query
  reads its matches once (a materialised CTE of at most cap + 1 matches, counted and, when they are all
  there are, sorted for the page): the count and the page each scanned the matches' heap rows before.
  Past the cap the page comes from the usual statement, uncounted (a second statement).
- The filters' values are written into the statement (validated choices, our ids, integers), so each
  combination is its own prepared statement, planned once per connection with its values; the text
  query and the viewer's invitations stay parameters, so a text query is planned on every request
  (a generic plan cannot tell a rare word from a common one or a negation: 107 ms for `-us`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core import db

from .models import JobPost, Proposal

if TYPE_CHECKING:
    from .selectors import JobFilters

# Each sort as its keys, (SQL expression over the job row j, direction); j.id breaks ties last.
Key = tuple[str, str]
ORDERS: dict[str, list[Key]] = {
    "newest": [("j.published_at", "DESC"), ("j.id", "DESC")],
    "budget_high": [("j.budget_max_cents", "DESC"), ("j.id", "DESC")],
    "budget_low": [("j.budget_min_cents", "ASC"), ("j.id", "ASC")],
}


@dataclass
class Where:
    sql: list[str]
    params: list[str | int]

    def add(self, sql: str, *params: str | int) -> None:
        self.sql.append(sql)
        self.params.extend(params)


def _literal(value: str) -> str:
    """A constant of ours (a status, a visibility) as an SQL literal: in the text, not a parameter, so
    a prepared statement's generic plan still matches the partial indexes' `status = 'open' AND
    visibility = 'public'`."""
    if not re.fullmatch(r"[a-z_]+", value):
        raise ValueError(value)
    return f"'{value}'"


def _ints(values: list[int]) -> str:
    return ", ".join(f"{int(value):d}" for value in values)


def _equals(column: str, value: str, where: Where) -> None:
    """`column = value`, the value in the text when it is a plain word (every choice is), else bound."""
    if re.fullmatch(r"[a-z_]+", value):
        where.add(f"{column} = '{value}'")
    else:  # no choice looks like this: it matches nothing either way
        where.add(f"{column} = %s", value)


def _where(*, query: str, filters: JobFilters, invited_ids: list[int], skill_ids: list[int] | None,
           category_ids: list[int] | None) -> Where:
    """The conditions. The filters' values are in the text (our ids and choices, integers): each combination
    is its own statement, which PostgreSQL plans once per connection with its values (see _cursor). As
    parameters, the plan had to be remade for every request (PostgreSQL's generic plan for a budget range
    scans the whole budget-type slice: 30 ms for a range nobody posts in, against 0.2 ms planned for it).
    The text query and the viewer's invitations stay parameters."""
    where = Where([f"j.status = {_literal(JobPost.Status.OPEN)}"], [])
    if invited_ids:
        placeholders = ", ".join(["%s"] * len(invited_ids))
        where.add(f"(j.visibility = {_literal(JobPost.Visibility.PUBLIC)} OR j.id IN ({placeholders}))", *invited_ids)
    else:
        where.add(f"j.visibility = {_literal(JobPost.Visibility.PUBLIC)}")
    if skill_ids is not None:
        through = JobPost.skills.through._meta.db_table
        if skill_ids:
            where.add(f"EXISTS (SELECT 1 FROM {through} s WHERE s.jobpost_id = j.id "
                      f"AND s.skill_id IN ({_ints(skill_ids)}))")
        else:
            where.add("1 = 0")
    if category_ids is not None:
        where.add(f"j.category_id IN ({_ints(category_ids)})" if category_ids else "1 = 0")
    if filters.budget_type:
        _equals("j.budget_type", filters.budget_type, where)
    if filters.budget_min_cents is not None:
        where.add(f"j.budget_max_cents >= {int(filters.budget_min_cents):d}")
    if filters.budget_max_cents is not None:
        where.add(f"j.budget_min_cents <= {int(filters.budget_max_cents):d}")
    if filters.experience:
        _equals("j.experience_level", filters.experience, where)
    if query:
        if connection.vendor == "postgresql":
            where.add("j.search_vector @@ websearch_to_tsquery('english'::regconfig, %s)", query)
        else:
            for term in query.split()[:10]:
                term = term.strip("\"'")
                if term and term.lower() not in ("or", "and") and not term.startswith("-"):
                    like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                    where.add("(j.title LIKE %s ESCAPE '\\' OR j.description LIKE %s ESCAPE '\\')", like, like)
    return where


def _cursor() -> CursorWrapper:
    """A cursor for the list's statement: bound on the server and prepared on PostgreSQL when
    MARKETPLACE_JOB_LIST_PREPARED (connections that keep their session: the in-process pool), else Django's
    (core.db): the statement, one per filter combination and page, is then parsed and planned once per connection
    instead of on every request, about half of PostgreSQL's CPU for it (0.70 -> 0.30 ms for the plain list,
    1.45 -> 0.80 ms with a full-text query, measured on the 100k bench database with PREPARE/EXECUTE)."""
    if connection.vendor != "postgresql" or not settings.MARKETPLACE_JOB_LIST_PREPARED:
        return connection.cursor()
    return db.bound_cursor(connection.alias)


def _aware(value: datetime | str | None) -> datetime | None:  # SQLite gives text
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def job_rows_page(*, query: str, filters: JobFilters, sort: str, invited_ids: list[int], page: str | int | None,
                  skill_ids: list[int] | None, category_ids: list[int] | None,
                  match_skill_ids: list[int] | None = None) -> Page:
    """One page of CardRows (marketplace.cards) with its capped total: one query; past the end three (two
    for a text query); a text query with more matches than the cap, two.
    `skill_ids`/`category_ids` are the filters' slugs resolved (None: no such filter)."""
    from .cards import CardRow, card_columns, card_fields
    from .providers import withheld_sql
    from .selectors import CappedPaginator, _page_number

    per_page, cap = settings.MARKETPLACE_JOBS_PER_PAGE, settings.MARKETPLACE_JOBS_COUNT_CAP
    query = " ".join(query.split())[:200]
    where = _where(query=query, filters=filters, invited_ids=invited_ids, skill_ids=skill_ids,
                   category_ids=category_ids)
    condition = " AND ".join(where.sql)
    keys: list[Key]
    key_params: list[str | int] = []  # the first key's, if any
    if sort == "relevance" and query and connection.vendor == "postgresql":
        keys = [("ts_rank(j.search_vector, websearch_to_tsquery('english'::regconfig, %s))", "DESC"),
                ("j.published_at", "DESC"), ("j.id", "DESC")]
        key_params = [query]
    elif sort == "relevance" and not query and match_skill_ids:
        through = JobPost.skills.through._meta.db_table
        placeholders = ", ".join(["%s"] * len(match_skill_ids))
        keys = [(f"(SELECT COUNT(*) FROM {through} m WHERE m.jobpost_id = j.id AND m.skill_id IN ({placeholders}))",
                 "DESC"), ("j.published_at", "DESC"), ("j.id", "DESC")]
        key_params = list(match_skill_ids)
    else:
        keys = ORDERS.get(sort, ORDERS["newest"])
    order = ", ".join(f"{expr} {direction}" for expr, direction in keys)
    # The inner query returns its sort keys (k0, k1, ...; j.id is selected anyway) and the outer one
    # orders by them: numbering the rows with ROW_NUMBER() instead cost a window over every row up to
    # the page's end (1,000 on a deep page).
    selected_keys = "".join(f", {expr} AS k{i}" for i, (expr, _) in enumerate(keys) if expr != "j.id")

    def by_keys(alias: str) -> str:  # the sort over the inner query's columns (k0, k1, ..., id)
        return ", ".join(f"{alias}.{'id' if expr == 'j.id' else f'k{i}'} {direction}"
                         for i, (expr, direction) in enumerate(keys))

    jobs, proposals = JobPost._meta.db_table, Proposal._meta.db_table
    withheld, withheld_params = withheld_sql("j.client_id")
    withdrawn = _literal(Proposal.Status.WITHDRAWN)
    def shown(total: str) -> str:  # what the page shows of each of its rows j (the card's columns: f)
        return (f"(SELECT COUNT(*) FROM {proposals} p WHERE p.job_id = j.id AND p.status <> {withdrawn}), "
                f"{withheld}, {total}, {card_columns('f')}")

    inner = f"SELECT j.id, j.client_id{selected_keys}"
    capped_count = f"(SELECT COUNT(*) FROM (SELECT 1 FROM {jobs} j WHERE {condition} LIMIT {cap + 1:d}) capped)"

    # The page's rows are chosen in the inner query, from the covering index alone; the proposal
    # counts, withheld badges and card fields are read in the outer one, for those rows only: in the
    # inner query they ran for every row the OFFSET skips too. (Counting in the same pass as the page,
    # COUNT(*) OVER () over the first cap + 1 rows, cost PostgreSQL more than the separate capped count
    # for the plain list and the filters: measured, not kept.)
    def statement(offset: int, *, counted: bool = True) -> str:  # the numbers in the text: a generic plan
        total = capped_count if counted else f"{cap + 1:d}"  # never guesses a LIMIT; uncounted: past the cap
        return (
            f"SELECT j.id, j.client_id, {shown('j.total')} FROM ("
            f"{inner}, {total} AS total "
            f"FROM {jobs} j WHERE {condition} ORDER BY {order} LIMIT {per_page:d} OFFSET {offset:d}"
            f") j JOIN {jobs} f ON f.id = j.id ORDER BY {by_keys('j')}"
        )

    # A text query reads its matches once: up to cap + 1 of them (id, client, sort keys) are
    # materialised, counted, and when they are all there are (at most cap) the page is sorted out of
    # them; past the cap the page comes from `statement` (uncounted). One bitmap heap scan of the
    # matches instead of two (the count's and the page's). The row of `c` always comes back, with a
    # NULL job when the page is empty. The plain list and the filters keep `statement`: their
    # matches are many, and their count and page come from covering indexes.
    def matches_statement(offset: int) -> str:
        return (
            f"WITH matched AS MATERIALIZED ({inner} FROM {jobs} j WHERE {condition} LIMIT {cap + 1:d}), "
            f"c AS (SELECT COUNT(*) AS total FROM matched) "
            f"SELECT j.id, j.client_id, {shown('c.total')} FROM c LEFT JOIN LATERAL ("
            f"SELECT * FROM matched m WHERE c.total <= {cap:d} ORDER BY {by_keys('m')} "
            f"LIMIT {per_page:d} OFFSET {offset:d}"
            f") j ON TRUE LEFT JOIN {jobs} f ON f.id = j.id ORDER BY {by_keys('j')}"
        )

    max_pages = max(1, cap // per_page)
    number = _page_number(page, max_pages)
    text_first = bool(query) and connection.vendor == "postgresql"

    def fetch(number: int, *, counted: bool = True) -> list[tuple[Any, ...]]:
        params: list[Any] = [*withheld_params, *key_params, *where.params]
        if counted:
            params += where.params
        with _cursor() as cursor:
            cursor.execute(statement((number - 1) * per_page, counted=counted), [*params, *key_params])
            return cursor.fetchall()

    def fetch_matches(number: int) -> tuple[int, list[tuple[Any, ...]]]:
        """(capped total, the page's rows) for a text query, in one pass when the matches are few."""
        params: list[Any] = [*key_params, *where.params, *withheld_params]
        with _cursor() as cursor:
            cursor.execute(matches_statement((number - 1) * per_page), params)
            found = cursor.fetchall()
        total = found[0][4]
        if total > cap:
            return total, fetch(number, counted=False)
        return total, [row for row in found if row[0] is not None]

    if text_first:
        total, found = fetch_matches(number)
        if not found and number > 1:  # past the end: the last page there is
            number = max(1, min(max_pages, -(-total // per_page)))
            if total:
                total, found = fetch_matches(number)
    else:
        found = fetch(number)
        if not found and number > 1:  # past the end: the last page there is
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {jobs} j WHERE {condition} LIMIT %s) capped",
                               [*where.params, cap + 1])
                total = cursor.fetchone()[0]
            number = max(1, min(max_pages, -(-total // per_page)))
            found = fetch(number)
        total = found[0][4] if found else 0
    paginator = CappedPaginator([], per_page, cap=cap)
    paginator.__dict__["count"] = total  # known from the query: the cached_property never runs
    rows = [
        CardRow(row[0], row[1], proposals=row[2] or 0, withheld=bool(row[3]), fields=card_fields(row[5:]))
        for row in found
    ]
    return Page(rows, number, paginator)
