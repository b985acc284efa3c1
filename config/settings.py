"""Settings for every environment, driven by environment variables only.

With no environment set everything runs in one process on one machine: SQLite, the in-memory
channel layer, eager Celery tasks, the console email backend. Setting DATABASE_URL and REDIS_URL
switches the same code to PostgreSQL, Redis (channels, cache) and a real Celery worker and beat.
"""
import logging
import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
import structlog
from celery.schedules import crontab
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The committed key signs nothing that matters only with DEBUG on (`make run`, tests): with DEBUG off
# the check config.E001 refuses to start (manage.py commands, uvicorn, Celery) until
# DJANGO_SECRET_KEY is set. Rotate without logging everyone out: DJANGO_SECRET_KEY_FALLBACKS.
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The platform's own public address: used in emails and as a trust allow-listed domain.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = env("SITE_NAME", default="Trustlance")
# Mounts bench/ views (a constant page to compare the job list against) for `make bench`.
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "channels",
    "django_countries",
    "template_partials",
    "csp",
    "django_structlog",
    "core",
    "accounts",
    "marketplace",
    "contracts",
    "messaging",
    "trust",
    "reputation",
    "notifications",
    "nda",
    "demo",  # demo_data builds every app's rows: above them all
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "core.middleware.RequestIdHeaderMiddleware",
    "trust.middleware.StandingMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions (CONVENTIONS §6)
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES and env.bool("DJANGO_DB_POOL", default=False):
    # Under ASGI each request may run on another thread, so persistent per-thread connections
    # (CONN_MAX_AGE) pile up until PostgreSQL refuses clients; a psycopg pool per process instead.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DJANGO_DB_POOL_MIN", default=1),
        "max_size": env.int("DJANGO_DB_POOL_MAX", default=10),
        "timeout": 10,
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default (`make run`, eager tasks writing flags while a request writes): WAL so readers
    # never wait for the writer, a busy timeout so a writer waits for the other instead of failing, and
    # BEGIN IMMEDIATE so a transaction takes the write lock up front (a deferred one that reads first and
    # writes later fails at once with "database is locked" when another writer got in between).
    _sqlite = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite.setdefault("timeout", env.int("DJANGO_SQLITE_BUSY_TIMEOUT", default=20))
    _sqlite.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"
LOGOUT_REDIRECT_URL = "/"
SITE_ID = 1

# allauth: email + password, mandatory verification, role chosen at sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email: console by default, SMTP (or any backend) from EMAIL_URL, e.g. smtp+tls://user:pw@host:587
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Redis: channel layer, cache and Celery broker when set; in-process equivalents otherwise.
REDIS_URL = env("REDIS_URL", default="")
# The channel layer's Redis connections have no read timeout by default. A read timeout must exceed
# channels_redis's 5 s BZPOPMIN (redis-py 8's 5 s default closed every idle WebSocket), and with one set,
# Python 3.11's asyncio.timeout around redis-py's read can swallow the cancellation of that blocking read:
# the receive task of a closed socket then never ends and keeps polling Redis (seen as a hung test run).
# Dead peers are found by TCP keepalive (about 30 s) and the periodic health check instead.
CHANNELS_REDIS_HOST_OPTIONS = {
    "socket_timeout": env.float("CHANNELS_REDIS_SOCKET_TIMEOUT", default=None),
    "socket_connect_timeout": 2,
    "socket_keepalive": True,
    "socket_keepalive_options": {socket.TCP_KEEPIDLE: 15, socket.TCP_KEEPINTVL: 5, socket.TCP_KEEPCNT: 3},
    "health_check_interval": 30,
    "retry_on_timeout": True,
}
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # messaging.layers: channels_redis with one receive pump per process (a pipelined BZPOPMIN +
            # ZPOPMIN into per-socket queues) that outlives a Redis outage (the sockets stay open and
            # delivery falls back to this process's sockets until Redis is back).
            "BACKEND": "messaging.layers.ResilientRedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, **CHANNELS_REDIS_HOST_OPTIONS}],
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }
    CACHES = {
        "default": {
            # django-redis with IGNORE_EXCEPTIONS: when Redis is down, reads miss and writes are dropped
            # instead of raising, so pages, log-in and sends degrade rather than 500 (config/cache.py).
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 1,
                "CONNECTION_POOL_KWARGS": {"health_check_interval": 30},
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "contracts-auto-approve": {
        "task": "contracts.tasks.auto_approve_due_milestones",
        "schedule": env.float("CONTRACTS_AUTO_APPROVE_EVERY_SECONDS", default=15 * 60),
    },
    "contracts-mature-pending": {
        "task": "contracts.tasks.mature_pending_funds",
        "schedule": env.float("CONTRACTS_MATURE_EVERY_SECONDS", default=15 * 60),
    },
    "trust-expire-sanctions": {
        "task": "trust.tasks.expire_sanctions",
        "schedule": crontab(minute="*/10"),
    },
    "marketplace-job-alerts": {
        "task": "marketplace.tasks.send_job_alerts",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-unsent-emails": {
        "task": "notifications.tasks.send_unsent_notification_emails",
        "schedule": crontab(minute="*/5"),
    },
}

# Security. With DEBUG off the site assumes HTTPS behind a proxy that sets X-Forwarded-Proto (one
# switch, DJANGO_HTTPS, sets the defaults below; each stays overridable): HTTP redirects to HTTPS,
# cookies are Secure, HSTS for a year with subdomains and preload. Serving plain HTTP on purpose
# (a local production-like run, the benchmarks): DJANGO_HTTPS=false.
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=HTTPS) else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=HTTPS)
# The load balancer probes plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): same-origin scripts, styles, images, fonts and connections
# (WebSockets included) only. No inline code: templates keep JavaScript in static/js and CSS in
# static/css; what must stay inline carries nonce="{{ CSP_NONCE }}" (the nonce enters the header
# only on pages that use it). DJANGO_CSP_REPORT_ONLY=true sends it as report-only (trying changes).
CONTENT_SECURITY_POLICY: dict[str, Any] | None = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "media-src": [csp.SELF],
        "object-src": [csp.NONE],
        "frame-src": [csp.NONE],
        "worker-src": [csp.SELF],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}
if env.bool("DJANGO_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY, CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY, None

# Logs: one line per event on stderr, JSON with DEBUG off (DJANGO_LOG_FORMAT=json|console), every line
# of a request carrying its request_id (django-structlog binds it, plus user_id and ip; stdlib loggers
# get it through the formatter), and the request id is sent back as X-Request-ID so a user or a proxy
# log can quote it. A proxy's own id is used when DJANGO_TRUST_REQUEST_ID_HEADER=true. Celery tasks
# inherit the id of the request that queued them. One "request_finished" line per request (status,
# path, user) serves as the access log; uvicorn's own access log (Procfile) shows the same format.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="console" if DEBUG else "json")
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
_shared_processors: list = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
structlog.configure(
    processors=[
        structlog.stdlib.filter_by_level,
        *_shared_processors,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": [*_shared_processors, structlog.stdlib.ExtraAdder()],
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer()
                if LOG_FORMAT == "json"
                else structlog.dev.ConsoleRenderer(colors=False),
            ],
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # uvicorn and Celery configure their own handlers; route them through the same format.
        "uvicorn": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "uvicorn.access": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "uvicorn.error": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG  # "request_finished" alone is the access log
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = env.bool("DJANGO_TRUST_REQUEST_ID_HEADER", default=False)
DJANGO_STRUCTLOG_CELERY_ENABLED = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep the handlers above in workers

# Error reporting: SENTRY_DSN wires sentry-sdk (Django and Celery integrations enable themselves).
# Message bodies, profiles and uploads are exactly what the trust layer keeps between two people, so
# no request bodies, local variables or personal data are sent unless explicitly turned on.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as exc:  # the optional dependency is missing
        raise ImproperlyConfigured("SENTRY_DSN is set but sentry-sdk is not installed: pip install sentry-sdk") from exc
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=env.bool("SENTRY_SEND_DEFAULT_PII", default=False),
        include_local_variables=env.bool("SENTRY_INCLUDE_LOCAL_VARIABLES", default=False),
        max_request_body_size="never",
    )

# --- marketplace -----------------------------------------------------------------------------
MARKETPLACE_JOBS_PER_PAGE = env.int("MARKETPLACE_JOBS_PER_PAGE", default=20)
# The job list counts at most this many matches (a LIMITed count stays fast on 100k jobs); past it the
# page says "1,000+ jobs" and asks to refine the search.
MARKETPLACE_JOBS_COUNT_CAP = env.int("MARKETPLACE_JOBS_COUNT_CAP", default=1_000)
# The public job list's rendered results are cached this long per parameter set (0 disables); writes
# invalidate at once through a shared cache (Redis), within this delay with the per-process cache.
MARKETPLACE_JOB_LIST_CACHE_SECONDS = env.int("MARKETPLACE_JOB_LIST_CACHE_SECONDS", default=30)
# The job list's statement as a prepared statement on PostgreSQL (marketplace.listing): planned once per
# connection and shape instead of on every request. Needs connections that keep their session (the
# in-process pool, DJANGO_DB_POOL; not a transaction-pooling PgBouncer), so it defaults to the pool.
MARKETPLACE_JOB_LIST_PREPARED = env.bool(
    "MARKETPLACE_JOB_LIST_PREPARED", default=IS_POSTGRES and "pool" in DATABASES["default"].get("OPTIONS", {})
)
MARKETPLACE_ATTACHMENT_MAX_BYTES = env.int("MARKETPLACE_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
MARKETPLACE_ATTACHMENT_EXTENSIONS = ["pdf", "docx", "txt", "png", "jpg", "jpeg"]

# --- contracts -------------------------------------------------------------------------------
CONTRACTS_FEE_BPS = env.int("CONTRACTS_FEE_BPS", default=1_000)  # 10% platform fee
CONTRACTS_AUTO_APPROVE_DAYS = env.int("CONTRACTS_AUTO_APPROVE_DAYS", default=14)
CONTRACTS_SECURITY_PERIOD_DAYS = env.int("CONTRACTS_SECURITY_PERIOD_DAYS", default=5)
CONTRACTS_DISPUTE_RESPONSE_DAYS = env.int("CONTRACTS_DISPUTE_RESPONSE_DAYS", default=3)
CONTRACTS_HOURLY_DISPUTE_DAYS = env.int("CONTRACTS_HOURLY_DISPUTE_DAYS", default=5)
CONTRACTS_FEEDBACK_REVEAL_DAYS = env.int("CONTRACTS_FEEDBACK_REVEAL_DAYS", default=14)
CONTRACTS_SUBMISSION_MAX_BYTES = env.int("CONTRACTS_SUBMISSION_MAX_BYTES", default=10 * 1024 * 1024)
CONTRACTS_CURRENCY = env("CONTRACTS_CURRENCY", default="USD")
CONTRACTS_PAYMENT_PROVIDER = env("CONTRACTS_PAYMENT_PROVIDER", default="contracts.payments.SimulatedProvider")
# The simulated provider moves no real money: with DEBUG off it refuses to load (system check
# contracts.E001 and at call time) unless this is set explicitly (demo and CI deployments).
CONTRACTS_ALLOW_SIMULATED_PAYMENTS = env.bool("CONTRACTS_ALLOW_SIMULATED_PAYMENTS", default=False)
# Periodic housekeeping beside the two entries above (each rule is also checked when next acted on).
CELERY_BEAT_SCHEDULE.update(
    {
        "contracts-hourly-weeks": {
            "task": "contracts.tasks.close_hourly_weeks",
            "schedule": env.float("CONTRACTS_HOURLY_EVERY_SECONDS", default=60 * 60),
        },
        "contracts-overdue-disputes": {
            "task": "contracts.tasks.decide_overdue_disputes",
            "schedule": env.float("CONTRACTS_DISPUTES_EVERY_SECONDS", default=15 * 60),
        },
        "contracts-retry-payouts": {
            "task": "contracts.tasks.retry_side_effects",
            "schedule": env.float("CONTRACTS_RETRY_EVERY_SECONDS", default=60),
        },
    }
)

# --- messaging -------------------------------------------------------------------------------
MESSAGING_MAX_LENGTH = env.int("MESSAGING_MAX_LENGTH", default=5_000)
MESSAGING_EDIT_WINDOW = timedelta(minutes=env.int("MESSAGING_EDIT_WINDOW_MINUTES", default=10))
MESSAGING_RATE_LIMIT_PER_MINUTE = env.int("MESSAGING_RATE_LIMIT_PER_MINUTE", default=30)
# Run WebSocket sends on a thread pool (each thread its own connection) instead of Channels' single
# database thread per process: on for PostgreSQL (pair it with DJANGO_DB_POOL), off for SQLite.
MESSAGING_DB_CONCURRENT = env.bool("MESSAGING_DB_CONCURRENT", default=IS_POSTGRES)
# Threads of that pool per process. Few on purpose: a send is mostly Python (trust, the statement's
# arguments), so more threads than cores only fight over the GIL (bench/messaging_bench.py: 2-4 threads
# carried 630-730 round trips/s with 2 workers, the default executor's 6 threads 540-650, 1 thread 520).
MESSAGING_DB_THREADS = env.int("MESSAGING_DB_THREADS", default=3)
# Split contact details: the sender's own messages read together (across the other party's replies).
MESSAGING_SPLIT_WINDOW = timedelta(minutes=env.int("MESSAGING_SPLIT_WINDOW_MINUTES", default=30))
MESSAGING_SPLIT_MAX_MESSAGES = env.int("MESSAGING_SPLIT_MAX_MESSAGES", default=20)
# A message that looks like the start of a contact detail is held back this long (or until the next one).
MESSAGING_HOLD_SECONDS = env.int("MESSAGING_HOLD_SECONDS", default=20)
CELERY_BEAT_SCHEDULE["messaging-release-held"] = {"task": "messaging.tasks.release_due_held_messages", "schedule": 60.0}
# Email the recipient about the first unread message of a conversation, after this delay (a worker
# skips it if it was read meanwhile; eager mode without Redis sends at once).
MESSAGING_EMAIL_NOTIFICATIONS = env.bool("MESSAGING_EMAIL_NOTIFICATIONS", default=True)
MESSAGING_EMAIL_DELAY_SECONDS = env.int("MESSAGING_EMAIL_DELAY_SECONDS", default=120)
# Without a worker (eager tasks) the delayed check runs in a timer thread of the process (off in tests).
MESSAGING_EMAIL_EAGER_TIMER = env.bool("MESSAGING_EMAIL_EAGER_TIMER", default=True)
MESSAGING_ATTACHMENT_MAX_BYTES = env.int("MESSAGING_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
MESSAGING_ATTACHMENT_EXTENSIONS = ["pdf", "docx", "txt", "png", "jpg", "jpeg"]

# --- trust -----------------------------------------------------------------------------------
# Domains that may always appear (the platform's own, documentation sites).
TRUST_ALLOWED_DOMAINS = env.list(
    "TRUST_ALLOWED_DOMAINS",
    default=["127.0.0.1", "localhost", "docs.python.org", "docs.djangoproject.com", "developer.mozilla.org"],
)
TRUST_EXEMPT_STAFF = env.bool("TRUST_EXEMPT_STAFF", default=True)
# Findings at least this certain confirm (strike) without review: plain emails, links, bank/crypto ids.
# Phone numbers (0.95: order numbers and prices look alike) and obfuscated details wait for a person.
TRUST_AUTO_CONFIRM_CONFIDENCE = env.float("TRUST_AUTO_CONFIRM_CONFIDENCE", default=0.96)
TRUST_STRIKE_EXPIRY_DAYS = env.int("TRUST_STRIKE_EXPIRY_DAYS", default=365)
TRUST_PAYMENT_STRIKE_WEIGHT = env.int("TRUST_PAYMENT_STRIKE_WEIGHT", default=2)
# Nth confirmed strike point -> sanction. days=None: permanent.
TRUST_STRIKE_LADDER = [
    {"strikes": 1, "action": "warning"},
    {"strikes": 2, "action": "badge_loss", "days": 183},
    {"strikes": 3, "action": "restriction", "days": 7},
    {"strikes": 4, "action": "suspension"},
]
# Pacing: refusals of one user within this many minutes fold into one strike (identical ones into one
# flag), so a burst of attempts before the first warning was read never escalates by itself.
TRUST_PACING_MINUTES = env.int("TRUST_PACING_MINUTES", default=10)
# The live hint (trust/hints.py, static/js/trust-hint.js): drafts checked per user per minute, recording nothing.
TRUST_HINT_PER_MINUTE = env.int("TRUST_HINT_PER_MINUTE", default=60)
# --- trust: the upload pipeline (trust/uploads/, README "Files") ---
# Private files live here, outside MEDIA_ROOT: no URL maps to it; trust.uploads.views serves them.
TRUST_UPLOADS_ROOT = env.path("TRUST_UPLOADS_ROOT", default=BASE_DIR / "private")
# Behind nginx: an `internal` location with this prefix aliased to TRUST_UPLOADS_ROOT sends the bytes.
TRUST_UPLOADS_X_ACCEL_PREFIX = env("TRUST_UPLOADS_X_ACCEL_PREFIX", default="")
# Hard limits of the scan (a file past one is held for review, never delivered).
TRUST_UPLOADS_SCAN_SECONDS = env.int("TRUST_UPLOADS_SCAN_SECONDS", default=90)  # wall clock, per file
TRUST_UPLOADS_SCAN_MEMORY_MB = env.int("TRUST_UPLOADS_SCAN_MEMORY_MB", default=768)  # the reader's address space
TRUST_UPLOADS_MAX_UNPACKED_BYTES = env.int("TRUST_UPLOADS_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
TRUST_UPLOADS_MAX_PAGES = env.int("TRUST_UPLOADS_MAX_PAGES", default=200)
TRUST_UPLOADS_MAX_PIXELS = env.int("TRUST_UPLOADS_MAX_PIXELS", default=40_000_000)
TRUST_UPLOADS_MAX_OCR_PAGES = env.int("TRUST_UPLOADS_MAX_OCR_PAGES", default=20)
# A pending upload whose scan did not report within this many minutes is queued again (beat), and
# held for review after this many attempts.
TRUST_UPLOADS_REQUEUE_MINUTES = env.int("TRUST_UPLOADS_REQUEUE_MINUTES", default=5)
TRUST_UPLOADS_MAX_ATTEMPTS = env.int("TRUST_UPLOADS_MAX_ATTEMPTS", default=3)
# Eager Celery (no REDIS_URL): scans run on a worker thread of the web process after commit, never in
# the request; tests set this to run them inline.
TRUST_UPLOADS_EAGER_INLINE = env.bool("TRUST_UPLOADS_EAGER_INLINE", default=False)
CELERY_BEAT_SCHEDULE["trust-requeue-uploads"] = {
    "task": "trust.uploads.tasks.requeue_stale_uploads",
    "schedule": env.float("TRUST_UPLOADS_REQUEUE_EVERY_SECONDS", default=120),
}
# CharField/TextField of our apps that carry no user prose (checked by trust.E001).
TRUST_EXEMPT_FIELDS: list[str] = [
    # trust's own evidence and decisions: they store flagged text by design, read by staff only.
    "trust.Flag.context",
    "trust.Flag.field_name",
    "trust.Flag.original_text",
    "trust.Flag.decision_note",
    "trust.FlagStatusChange.from_status",
    "trust.FlagStatusChange.to_status",
    "trust.Sanction.reason",
    "trust.Sanction.lift_reason",
    "trust.Appeal.message",
    "trust.Appeal.decision_note",
    "trust.Report.note",
    "trust.AuditLog.action",
    "trust.AuditLog.target_repr",
    "trust.AuditLog.reason",
    # the upload pipeline: system codes, and what the scan read (judged by the scan, read by staff);
    # the original name is guarded.
    "trust.Upload.use",
    "trust.Upload.context",
    "trust.Upload.content_type",
    "trust.Upload.kind",
    "trust.Upload.sha256",
    "trust.Upload.detail",
    "trust.Upload.extracted_text",
]

TRUST_EXEMPT_FIELDS += ["accounts.IdentityVerificationRequest.legal_name", "accounts.IdentityVerificationRequest.note", "accounts.Skill.name", "accounts.Skill.slug", "accounts.Skill.group", "accounts.User.email", "accounts.User.password"]  # accounts: private or staff-written, never shown to other users  # noqa: E501
TRUST_EXEMPT_FIELDS += ["contracts.Card.brand", "contracts.Card.last4", "contracts.Card.token", "contracts.StatusChange.from_status", "contracts.StatusChange.to_status", "contracts.LedgerTransaction.idempotency_key", "contracts.LedgerTransaction.memo", "contracts.TopUp.idempotency_key", "contracts.TopUp.provider_ref", "contracts.TopUp.failure_reason", "contracts.Withdrawal.bank_last4", "contracts.Withdrawal.idempotency_key", "contracts.Withdrawal.provider_ref", "contracts.Withdrawal.failure_reason"]  # contracts: system-written codes, provider data  # noqa: E501
TRUST_EXEMPT_FIELDS += ["contracts.LedgerTransaction.scope", "contracts.Withdrawal.bank_token"]  # contracts: key scopes, provider tokens  # noqa: E501
TRUST_EXEMPT_FIELDS += ["marketplace.Category.name", "marketplace.Category.slug", "marketplace.JobPost.currency", "marketplace.SavedSearch.name", "marketplace.SavedSearch.params"]  # marketplace: staff-written taxonomy and an ISO code  # noqa: E501
TRUST_EXEMPT_FIELDS += ["notifications.Notification.kind", "notifications.Notification.title", "notifications.Notification.body", "notifications.Notification.url", "notifications.EmailPreference.kind"]  # notifications: system-written texts about events, shown only to their user  # noqa: E501
# nda: recorded by the system for the signature record, not prose
TRUST_EXEMPT_FIELDS += [
    "nda.NDAAccessLog.user_agent", "nda.NDASignature.user_agent", "nda.NDASignature.document_sha256"
]
