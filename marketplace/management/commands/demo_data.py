"""Demo data for `make run`: a site people can click through. Idempotent: running it twice leaves the same rows.

Rows are created through the services (the trust guard checks every text); emails are not sent.
"""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import ClientProfile, FreelancerProfile, Skill, User
from marketplace import services
from marketplace.models import Category, Invitation, JobPost, Proposal

from ._content import CATEGORIES, COVER_LETTERS, DEMO_JOBS, SKILLS

ADMIN = ("admin@demo.test", "admin-pass-123")
DEMO_PASSWORD = "demo-pass-123"

CLIENTS = [
    # email, first, last, company, about
    ("olivia@demo.test", "Olivia", "Bennett", "Lotus Yoga Studio",
     "A neighbourhood yoga studio with three teachers and a growing online community."),
    ("marcus@demo.test", "Marcus", "Reyes", "Ridge Coffee Roasters",
     "Small-batch coffee roaster selling online and to cafes across the region."),
    ("priya@demo.test", "Priya", "Shah", "Brightsmile Dental",
     "A family dental clinic with three locations and a patient app."),
]
FREELANCERS = [
    # email, first, last, headline, overview, rate $, country, skills
    ("ana@demo.test", "Ana", "Silva", "Django and PostgreSQL developer",
     "Backend developer with eight years of Django. I build booking systems, APIs and admin tools, with tests.",
     65, "PT", ["django", "python", "postgresql", "rest-apis", "docker"]),
    ("ben@demo.test", "Ben", "Okafor", "Brand and product designer",
     "I design logos, identities and friendly interfaces in Figma for small businesses.",
     45, "NG", ["figma", "logo-design", "ux-research"]),
    ("chen@demo.test", "Chen", "Wei", "Mobile developer (Flutter, iOS, Android)",
     "I ship cross-platform apps with Flutter and native modules when needed.",
     70, "SG", ["flutter", "ios", "android", "rest-apis"]),
    ("dara@demo.test", "Dara", "Murphy", "Copywriter and SEO specialist",
     "Clear, warm copy that ranks: blog posts, product pages, newsletters and guides.",
     35, "IE", ["copywriting", "seo", "technical-writing"]),
    ("eli@demo.test", "Eli", "Novak", "Data analyst and Python developer",
     "Dashboards, forecasts and clean data pipelines for growing businesses.",
     60, "CZ", ["python", "data-analysis", "machine-learning", "postgresql"]),
]


class Command(BaseCommand):
    help = "Create demo users, jobs, proposals and invitations (idempotent). Prints the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("celery").setLevel(logging.WARNING)  # eager tasks would log a line per email
        # Demo rows must not email the (fake) demo addresses.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._site()
            admin = self._admin()
            skills = {slug: Skill.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in SKILLS}
            categories = {
                slug: Category.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in CATEGORIES
            }
            clients = [self._client(*row) for row in CLIENTS]
            freelancers = [self._freelancer(*row, skills=skills) for row in FREELANCERS]
            jobs = [self._job(row, clients, categories, skills, duration=JobPost.Duration.values[i % 4])
                    for i, row in enumerate(DEMO_JOBS)]
            self._proposals(jobs, freelancers)
            self._invitations(jobs, freelancers)
        self._print_logins(admin)

    # --- rows ---------------------------------------------------------------------------------

    def _site(self) -> None:
        domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
        Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME})

    def _user(self, email: str, password: str, first: str, last: str, **flags: bool) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password, first_name=first, last_name=last,
                                            **flags)
        else:
            changed = [name for name, value in flags.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, flags[name])
            if not user.check_password(password):
                user.set_password(password)
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _admin(self) -> User:
        email, password = ADMIN
        return self._user(email, password, "Admin", "Demo", is_staff=True, is_superuser=True)

    def _client(self, email: str, first: str, last: str, company: str, about: str) -> User:
        user = self._user(email, DEMO_PASSWORD, first, last, is_client=True)
        ClientProfile.objects.update_or_create(user=user, defaults={"company_name": company, "about": about,
                                                                    "country": "US"})
        return user

    def _freelancer(self, email: str, first: str, last: str, headline: str, overview: str, rate: int,
                    country: str, slugs: list[str], *, skills: dict[str, Skill]) -> User:
        user = self._user(email, DEMO_PASSWORD, first, last, is_freelancer=True)
        profile, _ = FreelancerProfile.objects.update_or_create(
            user=user, defaults={"headline": headline, "overview": overview, "hourly_rate_cents": rate * 100,
                                 "country": country},
        )
        profile.skills.set([skills[s] for s in slugs])
        return user

    def _job(self, row: tuple, clients: list[User], categories: dict, skills: dict, *, duration: str) -> JobPost:
        (client_i, category, title, description, slugs, budget_type, low, high, experience, status,
         visibility) = row
        client = clients[client_i]
        job = JobPost.objects.filter(client=client, title=title).first()
        if job is not None:
            return job
        with transaction.atomic():
            job = services.job_create(
                client=client, title=title, description=description, category=categories[category],
                skills=[skills[s] for s in slugs], budget_type=budget_type, budget_min_cents=low * 100,
                budget_max_cents=high * 100, experience_level=experience, visibility=visibility, duration=duration,
                publish=status != JobPost.Status.DRAFT,
            )
            if status == JobPost.Status.CLOSED:
                services.job_close(job=job, actor=client)
            elif status == JobPost.Status.FILLED:
                services.job_fill(job=job, actor=client)
        return job

    def _proposals(self, jobs: list[JobPost], freelancers: list[User]) -> None:
        """Several proposals in every state on the open public jobs (only created once)."""
        plan = [
            # (job index, freelancer index, final status)
            (0, 0, "shortlisted"), (0, 4, "submitted"), (0, 2, "declined"),
            (1, 1, "submitted"), (2, 3, "shortlisted"), (5, 4, "submitted"), (5, 0, "archived"),
            (6, 3, "submitted"), (7, 0, "withdrawn"), (10, 0, "submitted"), (11, 3, "submitted"),
            (12, 2, "shortlisted"), (13, 4, "submitted"), (14, 1, "declined"), (23, 0, "submitted"),
        ]
        for n, (job_i, fl_i, final) in enumerate(plan):
            job, freelancer = jobs[job_i], freelancers[fl_i]
            if Proposal.objects.filter(job=job, freelancer=freelancer).exists() or not job.is_open:
                continue
            low, high = job.budget_min_cents, job.budget_max_cents
            with transaction.atomic():
                proposal = services.proposal_submit(
                    job=job, freelancer=freelancer, cover_letter=COVER_LETTERS[n % len(COVER_LETTERS)],
                    bid_cents=(low + high) // 2, duration=job.duration,
                )
                if final != "submitted":
                    if final != "withdrawn":
                        services.proposal_mark_viewed(proposal=proposal, actor=job.client)
                    action = {
                        "shortlisted": services.proposal_shortlist, "declined": services.proposal_decline,
                        "archived": services.proposal_archive, "withdrawn": services.proposal_withdraw,
                    }[final]
                    actor = freelancer if final == "withdrawn" else job.client
                    action(proposal=proposal, actor=actor)

    def _invitations(self, jobs: list[JobPost], freelancers: list[User]) -> None:
        plan = [
            (8, 0, "Your Django and API work looks like a great fit for our ordering portal.", "pending"),
            (8, 2, "Would you be interested in the front end of our ordering portal?", "declined"),
            (27, 3, "We loved your documentation samples. Would you write our API guides?", "pending"),
            (20, 2, "Your Flutter apps look great; would you apply for our loyalty app?", "accepted"),
        ]
        for job_i, fl_i, message, final in plan:
            job, freelancer = jobs[job_i], freelancers[fl_i]
            if Invitation.objects.filter(job=job, freelancer=freelancer).exists() or not job.is_open:
                continue
            with transaction.atomic():
                invitation = services.invitation_create(job=job, freelancer=freelancer, actor=job.client,
                                                        message=message)
                if final == "declined":
                    services.invitation_decline(invitation=invitation, actor=freelancer)
                elif final == "accepted":
                    services.invitation_accept(invitation=invitation, actor=freelancer)

    # --- output -------------------------------------------------------------------------------

    def _print_logins(self, admin: User) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(
            f"Demo data ready: {JobPost.objects.count()} jobs, {Proposal.objects.count()} proposals, "
            f"{Invitation.objects.count()} invitations."
        ))
        out.write("")
        out.write("Log in at /accounts/login/ with:")
        out.write(f"  admin       {ADMIN[0]:<22} {ADMIN[1]}   (staff: /admin/)")
        for email, first, *_ in CLIENTS:
            out.write(f"  client      {email:<22} {DEMO_PASSWORD}   ({first})")
        for email, first, *_ in FREELANCERS:
            out.write(f"  freelancer  {email:<22} {DEMO_PASSWORD}   ({first})")
