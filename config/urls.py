from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from config import views
from config.sitemaps import SITEMAPS

# The admin has no login form of its own: /admin/login/ sends people to allauth's login, which is
# rate-limited (ACCOUNT_RATE_LIMITS), verifies email and records failures; staff only past it.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("marketplace.urls")),
    path("contracts/", include("contracts.urls")),
    path("messages/", include("messaging.urls")),
    path("trust/", include("trust.urls")),
    path("notifications/", include("notifications.urls")),
    path("files/", include("trust.uploads.urls")),
    path("nda/", include("nda.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", cache_page(60 * 60)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
handler500 = "config.views.server_error"
if settings.BENCH_VIEWS:
    urlpatterns.append(path("bench/", include("bench.urls")))
