"""Moving an app's existing FileField onto trust.Upload, in a data migration:

    from trust.uploads.migration import adopt_files

    def forwards(apps, schema_editor):
        adopt_files(apps, "contracts", "Submission", old="attachment_file", new="attachment",
                    use="submission", context="contract", owner="milestone__contract__freelancer",
                    counterpart="milestone__contract__client")

Each stored file is copied into private storage under a random name, sniffed, and left *pending*
with an old `queued_at`, so the periodic re-queue scans it like a new upload (files that were never
scanned get scanned now; until then they are not delivered). Missing files are dropped.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .sniff import sniff

if TYPE_CHECKING:
    from django.db import models
    from django.db.migrations.state import StateApps

    # Where a row's user is: a "a__b" path, or fn(row).
    UserPath = str | Callable[[models.Model], models.Model | None]


def _follow(obj: models.Model, path: UserPath | None) -> Any:
    """A "a__b" path from `obj`, or a callable fn(obj). `Any`: a historical model's attribute (migrations
    see no model classes, only their state)."""
    if not path:
        return None
    if callable(path):
        return path(obj)
    found: object = obj
    for part in path.split("__"):
        found = getattr(found, part, None)
        if found is None:
            return None
    return found


def adopt_files(
    apps: StateApps, app_label: str, model_name: str, *, old: str, new: str, use: str, context: str,
    owner: str, counterpart: UserPath | None = None, original_name: str | None = None,
) -> int:
    Model = apps.get_model(app_label, model_name)
    Upload = apps.get_model("trust", "Upload")
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    moved = 0
    for row in Model._default_manager.exclude(**{old: ""}).exclude(**{f"{old}__isnull": True}).iterator():
        field_file = getattr(row, old)
        try:
            with default_storage.open(field_file.name, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            continue
        found = sniff(data)
        name = (getattr(row, original_name, "") if original_name else "") or os.path.basename(field_file.name)
        upload = Upload(
            key=uuid.uuid4(), owner=_follow(row, owner), counterpart=_follow(row, counterpart), use=use,
            context=context, original_name=name[:255], content_type=found.content_type, kind=found.kind,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), status="pending", queued_at=long_ago,
        )
        upload.file.save(name, ContentFile(data), save=False)
        upload.save()
        Model._default_manager.filter(pk=row.pk).update(**{new: upload})
        moved += 1
    return moved
