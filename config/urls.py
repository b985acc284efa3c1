from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.views import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("marketplace.urls")),
    path("contracts/", include("contracts.urls")),
    path("messages/", include("messaging.urls")),
    path("trust/", include("trust.urls")),
    path("files/", include("trust.uploads.urls")),
    path("healthz", health, name="health"),
]
if settings.BENCH_VIEWS:
    urlpatterns.append(path("bench/", include("bench.urls")))
