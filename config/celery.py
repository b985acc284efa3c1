"""The Celery app. Without REDIS_URL tasks run eagerly (settings), so one process is enough."""
import os
from typing import Any

from celery import Celery, signals
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["worker"].add(DjangoStructLogInitStep)  # tasks log the request_id of the request that queued them


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_to_start_on_errors(**kwargs: Any) -> None:
    """A worker or beat refuses to start when a system check fails at Error level (e.g. no secret key
    with DEBUG off). SystemExit, because Celery logs and ignores exceptions raised by signal handlers."""
    import django
    from django.core.management.base import SystemCheckError

    django.setup()  # idempotent; Celery's Django fixup may not have run before this handler
    from core.checks import refuse_to_start_on_errors

    try:
        refuse_to_start_on_errors()
    except SystemCheckError as exc:
        raise SystemExit(str(exc)) from exc
