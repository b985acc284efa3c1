"""Bulk job generator for benchmarks: `manage.py generate_jobs --count 100000 [--batch 5000] [--seed 1]`.

Varied, realistic titles and descriptions from word lists (so full-text search has something to rank),
owned by a handful of generated clients, skills through the M2M through-model in bulk. The guarded
bulk_create still scans every text. On PostgreSQL the search_vector trigger fills the search column.
"""
from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Skill, User
from marketplace.models import Category, JobPost

from ._content import (
    BUSINESSES,
    CATEGORIES,
    CATEGORY_ROLES,
    CATEGORY_SKILLS,
    CATEGORY_WORDS,
    DESCRIPTION_SENTENCES,
    SKILLS,
    TITLE_PATTERNS,
)

BENCH_CLIENTS = 8
STATUS_WEIGHTS = [
    (JobPost.Status.OPEN, 88), (JobPost.Status.CLOSED, 5), (JobPost.Status.FILLED, 4), (JobPost.Status.DRAFT, 3),
]
BUDGETS = {  # (low, high) ranges in dollars to draw from
    JobPost.BudgetType.FIXED: [(50, 300), (300, 1500), (1500, 6000), (6000, 25000)],
    JobPost.BudgetType.HOURLY: [(15, 30), (30, 60), (60, 120)],
}


def _article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


class Command(BaseCommand):
    help = "Insert N realistic job posts quickly (benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--batch", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=None, help="Random seed (default: varies per run)")

    def handle(self, *args: Any, count: int, batch: int, seed: int | None, **options: Any) -> None:
        started = time.monotonic()
        rng = random.Random(seed)
        skills = {slug: Skill.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in SKILLS}
        categories = {slug: Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
                      for name, slug in CATEGORIES}
        clients = self._clients()
        through = JobPost.skills.through
        statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
        now = timezone.now()
        made = 0
        while made < count:
            n = min(batch, count - made)
            jobs, job_skills = [], []
            for _ in range(n):
                job, slugs = self._job(rng, clients, categories, statuses, weights, now)
                jobs.append(job)
                job_skills.append(slugs)
            with transaction.atomic():
                created = JobPost.objects.bulk_create(jobs, batch_size=1_000)
                links = [
                    through(jobpost_id=job.pk, skill_id=skills[slug].pk)
                    for job, slugs in zip(created, job_skills, strict=True)
                    for slug in slugs
                ]
                through.objects.bulk_create(links, batch_size=5_000)
            made += n
            self.stdout.write(f"  {made:,}/{count:,} jobs ({time.monotonic() - started:.1f}s)")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics for the planner, and a visibility map so counts use index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE marketplace_jobpost")
                cursor.execute("VACUUM ANALYZE marketplace_jobpost_skills")
        self.stdout.write(self.style.SUCCESS(f"Generated {count:,} jobs in {time.monotonic() - started:.1f}s"))

    def _clients(self) -> list[User]:
        clients = []
        for i in range(BENCH_CLIENTS):
            email = f"bench-client-{i}@bench.test"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(email=email, first_name="Bench", last_name=f"Client{chr(65 + i)}", is_client=True)
                user.set_unusable_password()  # no hashing cost; these accounts never log in
                user.save()
            clients.append(user)
        return clients

    def _job(self, rng: random.Random, clients: list[User], categories: dict, statuses: tuple, weights: tuple,
             now: datetime) -> tuple[JobPost, list[str]]:
        cat_slug = rng.choice(list(categories))
        cat_skills = CATEGORY_SKILLS[cat_slug]
        slugs = rng.sample(cat_skills, k=min(len(cat_skills), rng.randint(1, 4)))
        names = {slug: name for name, slug in SKILLS}
        others = [slug for slug in cat_skills if slug != slugs[0]] or cat_skills
        skill, skill2 = names[slugs[0]], names[slugs[1] if len(slugs) > 1 else rng.choice(others)]
        word = rng.choice(CATEGORY_WORDS[cat_slug])
        business = rng.choice(BUSINESSES)
        fill = {"Skill": skill, "Skill2": skill2, "word": word, "word_title": word.capitalize(),
                "business": business, "a_word": _article(word), "a_business": _article(business),
                "role": CATEGORY_ROLES[cat_slug]}
        title = rng.choice(TITLE_PATTERNS).format(**fill)[:120]
        description = " ".join(s.format(**fill) for s in rng.sample(DESCRIPTION_SENTENCES, k=rng.randint(3, 6)))
        budget_type = JobPost.BudgetType.HOURLY if rng.random() < 0.3 else JobPost.BudgetType.FIXED
        low_range = rng.choice(BUDGETS[budget_type])
        low = rng.randint(*low_range)
        high = low if rng.random() < 0.3 else rng.randint(low, low * 2)
        status = rng.choices(statuses, weights=weights)[0]
        published_at = None if status == JobPost.Status.DRAFT else now - timedelta(seconds=rng.randint(0, 180 * 86400))
        job = JobPost(
            client=rng.choice(clients),
            title=title,
            description=description,
            category=categories[cat_slug],
            budget_type=budget_type,
            budget_min_cents=low * 100,
            budget_max_cents=high * 100,
            duration=rng.choice(JobPost.Duration.values),
            experience_level=rng.choice(JobPost.Experience.values),
            visibility=JobPost.Visibility.INVITE_ONLY if rng.random() < 0.02 else JobPost.Visibility.PUBLIC,
            status=status,
            published_at=published_at,
        )
        return job, slugs
