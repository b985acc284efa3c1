# Submission files move onto trust.Upload (private, sniffed, scanned); existing files are adopted
# as pending uploads, which the periodic re-queue scans.

import django.db.models.deletion
from django.db import migrations, models


def adopt(apps, schema_editor):
    from trust.uploads.migration import adopt_files

    adopt_files(
        apps, "contracts", "Submission", old="attachment_file", new="attachment", use="submission",
        context="contract", owner="milestone__contract__freelancer", counterpart="milestone__contract__client",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0001_initial'),
        ('trust', '0002_upload'),
    ]

    operations = [
        migrations.RenameField(model_name='submission', old_name='attachment', new_name='attachment_file'),
        migrations.AddField(
            model_name='submission',
            name='attachment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trust.upload'),
        ),
        migrations.RunPython(adopt, migrations.RunPython.noop),
        migrations.RemoveField(model_name='submission', name='attachment_file'),
    ]
