"""factory_boy factories for plain rows. Stateful objects (funded milestones, started contracts)
are built with the real services in fixtures, not here (CONVENTIONS §13)."""
from __future__ import annotations

import factory
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import ClientProfile, FreelancerProfile, Skill, User
from marketplace.models import Category, JobPost, Proposal


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Iterator(["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Goran", "Hana"])
    last_name = factory.Iterator(["Silva", "Okafor", "Martin", "Patel", "Yilmaz", "Adeyemi", "Novak", "Sato"])
    password = factory.PostGenerationMethodCall("set_password", "demo-pass-123")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class ClientFactory(UserFactory):
    is_client = True
    profile = factory.RelatedFactory("tests.factories.ClientProfileFactory", factory_related_name="user")


class FreelancerFactory(UserFactory):
    is_freelancer = True
    profile = factory.RelatedFactory("tests.factories.FreelancerProfileFactory", factory_related_name="user")


class ClientProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientProfile

    company_name = factory.Iterator(["Northwind", "Acme Studio", "Blue Harbor"])
    country = "US"


class FreelancerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FreelancerProfile

    headline = "Full-stack developer"
    overview = "I build web applications with Django and React."
    hourly_rate_cents = 5_000
    country = "PT"


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["slug"]

    name = factory.Iterator(["Django", "React", "PostgreSQL", "Figma", "Copywriting"])
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = "Web development"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class JobPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPost

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Build a booking website #{n}")
    description = "We need a booking site for our yoga studio with online payments through the platform."
    category = factory.SubFactory(CategoryFactory)
    budget_type = JobPost.BudgetType.FIXED
    budget_min_cents = 100_000
    budget_max_cents = 150_000
    status = JobPost.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    job = factory.SubFactory(JobPostFactory)
    freelancer = factory.SubFactory(FreelancerFactory)
    cover_letter = "I have built three booking sites in Django; happy to show examples here."
    bid_cents = 120_000
    duration = JobPost.Duration.ONE_TO_THREE
