"""Demo data for `make run`: a site people can click through. Idempotent: running it twice leaves the same rows.

Rows are created through the services (the trust guard checks every text); emails are not sent.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import ClientProfile, FreelancerProfile, Skill, User
from marketplace import services
from marketplace.management.commands._content import CATEGORIES, COVER_LETTERS, DEMO_JOBS, SKILLS
from marketplace.models import Category, Invitation, JobPost, Proposal

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

    def handle(self, *args: object, **options: object) -> None:
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
            filled = [job for job, row in zip(jobs, DEMO_JOBS, strict=True) if row[9] == JobPost.Status.FILLED]
            self._contracts(clients, freelancers, filled)
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
            # FILLED jobs are filled by a real hired contract in _contracts (never without one).
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

    def _contracts(self, clients: list[User], freelancers: list[User], filled: list[JobPost]) -> None:
        """Contracts in every state (so a newcomer sees a living site): hired from a proposal and
        reviewed by both sides (the "filled" jobs), offered, declined, active with escrow, submitted
        with changes requested, paused, disputed, cancelled, hourly. Each step goes through the
        contract services, so conversations, ledger entries and notifications follow as they would.
        Runs once (skipped when the demo clients already have contracts)."""
        from contracts import services as contracts
        from contracts.models import Contract

        if Contract.objects.filter(client__in=clients).exists():
            return
        for n, client in enumerate(clients):
            card = contracts.card_add(user=client, card_number="4242 4242 4242 4242")
            contracts.top_up(user=client, card=card, amount_cents=2_000_000, idempotency_key=f"demo-topup-{n}")

        def offer(client: User, freelancer: User, title: str, amounts: tuple[int, ...] = (50_000,),
                  accept: bool = True, job: JobPost | None = None, proposal: Proposal | None = None,
                  fill_job: bool = False) -> Contract:
            contract = contracts.offer_create(
                client=client, freelancer=freelancer, title=title, terms="Two rounds of revisions included.",
                milestones=[{"description": f"Milestone {i + 1}", "amount_cents": a} for i, a in enumerate(amounts)],
                job=job, proposal=proposal, fill_job=fill_job,
            )
            if accept:
                contracts.offer_accept(contract_id=contract.pk, actor=freelancer)
            return contract

        def finish(contract: Contract, client_score: int, freelancer_score: int, words: tuple[str, str]) -> None:
            for milestone in contract.milestones.all():
                contracts.milestone_fund(milestone_id=milestone.pk, actor=contract.client)
                contracts.milestone_submit(milestone_id=milestone.pk, actor=contract.freelancer, message="Delivered.")
                contracts.milestone_approve(milestone_id=milestone.pk, actor=contract.client)
            contracts.contract_end(contract_id=contract.pk, actor=contract.client)
            contracts.feedback_leave(contract_id=contract.pk, author=contract.client, score=client_score,
                                     comment=words[0])
            contracts.feedback_leave(contract_id=contract.pk, author=contract.freelancer, score=freelancer_score,
                                     comment=words[1])

        # Filled jobs: hired from a proposal, paid, ended and reviewed by both sides.
        for i, job in enumerate(filled):
            freelancer = freelancers[(i + 1) % len(freelancers)]
            proposal = services.proposal_submit(
                job=job, freelancer=freelancer, cover_letter=COVER_LETTERS[i % len(COVER_LETTERS)],
                bid_cents=job.budget_max_cents, duration=job.duration,
            )
            contract = offer(job.client, freelancer, job.title, (job.budget_max_cents,), job=job, proposal=proposal,
                             fill_job=True)
            finish(contract, 5, 5, ("Clear communication and delivered ahead of schedule.",
                                    "Quick answers, clear brief and prompt approvals."))
        # A second reviewed contract for the first freelancer, with a more mixed review.
        finish(offer(clients[2], freelancers[0], "Landing page refresh", (30_000, 20_000)), 4, 5,
               ("Good work; the second milestone needed an extra round.", "Fair and friendly client."))
        offer(clients[0], freelancers[1], "Monthly blog posts", accept=False)  # waiting for an answer
        declined = offer(clients[1], freelancers[3], "Logo animation", accept=False)
        contracts.offer_decline(contract_id=declined.pk, actor=freelancers[3])
        active = offer(clients[1], freelancers[2], "Checkout redesign", (80_000, 40_000))
        contracts.milestone_fund(milestone_id=active.milestones.all()[0].pk, actor=clients[1])
        changes = offer(clients[2], freelancers[3], "Brand guidelines", (60_000,))
        milestone = changes.milestones.get()
        contracts.milestone_fund(milestone_id=milestone.pk, actor=clients[2])
        contracts.milestone_submit(milestone_id=milestone.pk, actor=freelancers[3], message="First draft attached.")
        contracts.milestone_request_changes(milestone_id=milestone.pk, actor=clients[2],
                                            note="Please add the dark-background logo variants.")
        paused = offer(clients[0], freelancers[4], "Data pipeline clean-up")
        contracts.contract_pause(contract_id=paused.pk, actor=clients[0], note="Waiting for database access.")
        disputed = offer(clients[1], freelancers[0], "Booking widget", (45_000,))
        milestone = disputed.milestones.get()
        contracts.milestone_fund(milestone_id=milestone.pk, actor=clients[1])
        contracts.milestone_submit(milestone_id=milestone.pk, actor=freelancers[0], message="Widget is live.")
        contracts.dispute_open(milestone_id=milestone.pk, actor=clients[1],
                               statement="The widget does not handle time zones as agreed.")
        cancelled = offer(clients[2], freelancers[1], "Newsletter template")
        contracts.contract_cancel(contract_id=cancelled.pk, actor=clients[2], note="Plans changed.")
        contracts.offer_create(client=clients[0], freelancer=freelancers[2], title="Weekly support", kind="hourly",
                               hourly_rate_cents=4_500, weekly_limit_hours=10)
        self._conversations()

    def _conversations(self) -> None:
        """Conversations about proposals (before any contract: the trust rules apply) and contracts."""
        from contracts.models import Contract
        from messaging import services as messaging

        for proposal in Proposal.objects.filter(status__in=["shortlisted", "hired"]).select_related("job__client"):
            conversation = messaging.conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
            messaging.message_send(conversation=conversation, sender=proposal.job.client,
                                   body="Thanks for your proposal. Could you share a similar project you did?")
            messaging.message_send(conversation=conversation, sender=proposal.freelancer,
                                   body="Sure, the second item in my portfolio is close to what you need.")
        for contract in Contract.objects.filter(status__in=Contract.STARTED)[:4]:
            conversation = messaging.conversation_for_contract(contract=contract)
            messaging.message_send(conversation=conversation, sender=contract.freelancer,
                                   body="Starting today; I'll post progress here every couple of days.")

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
