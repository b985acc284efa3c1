"""Sitemap (django.contrib.sitemaps) of what anyone may see: the browse pages, open public jobs and
public freelancer and client profiles. Links use SITE_URL, the platform's public address (the Site
row's domain is not kept in sync with it)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.models import Site
from django.contrib.sites.requests import RequestSite
from django.db.models import QuerySet
from django.urls import reverse

from accounts import selectors as accounts_selectors
from accounts.models import ClientProfile, FreelancerProfile
from marketplace.models import JobPost


class _PublicSitemap(Sitemap):
    def get_domain(self, site: Site | RequestSite | None = None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"


class PagesSitemap(_PublicSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self) -> list[str]:
        return ["marketplace:home", "marketplace:job-list", "accounts:freelancer-list"]

    def location(self, item: str) -> str:
        return reverse(item)


class JobsSitemap(_PublicSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> QuerySet[JobPost]:
        return (
            JobPost.objects.filter(status=JobPost.Status.OPEN, visibility=JobPost.Visibility.PUBLIC)
            .only("pk", "updated_at")
            .order_by("-pk")
        )

    def location(self, item: JobPost) -> str:
        return reverse("marketplace:job-detail", args=[item.pk])

    def lastmod(self, item: JobPost) -> datetime:
        return item.updated_at


class FreelancersSitemap(_PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[FreelancerProfile]:
        qs = accounts_selectors.freelancer_public_qs().select_related(None).prefetch_related(None)
        return qs.only("user_id", "updated_at").order_by("user_id")

    def lastmod(self, item: FreelancerProfile) -> datetime:
        return item.updated_at


class ClientsSitemap(_PublicSitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self) -> QuerySet[ClientProfile]:
        qs = accounts_selectors.client_public_qs().select_related(None)
        return qs.only("user_id", "updated_at").order_by("user_id")

    def lastmod(self, item: ClientProfile) -> datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PagesSitemap,
    "jobs": JobsSitemap,
    "freelancers": FreelancersSitemap,
    "clients": ClientsSitemap,
}
