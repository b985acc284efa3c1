"""Seed the job categories a fresh install needs to post jobs (staff can edit them in the admin)."""

from django.db import migrations

CATEGORIES = [
    ("Web development", "web-development"),
    ("Mobile apps", "mobile-apps"),
    ("Design", "design"),
    ("Writing", "writing"),
    ("Data and analytics", "data-analytics"),
    ("Marketing", "marketing"),
    ("DevOps and cloud", "devops-cloud"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    for name, slug in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0004_list_indexes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
