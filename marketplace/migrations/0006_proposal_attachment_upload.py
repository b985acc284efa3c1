# Proposal attachments move onto trust.Upload (private, sniffed, scanned by trust's pipeline);
# existing files are adopted as pending uploads (the periodic re-queue scans them).

import django.db.models.deletion
from django.db import migrations, models


def adopt(apps, schema_editor):
    from trust.uploads.migration import adopt_files

    adopt_files(
        apps, "marketplace", "Proposal", old="attachment_file", new="attachment", use="proposal_attachment",
        context="proposal", owner="freelancer", counterpart="job__client",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0005_seed_categories'),
        ('trust', '0002_upload'),
    ]

    operations = [
        migrations.RenameField(model_name='proposal', old_name='attachment', new_name='attachment_file'),
        migrations.AddField(
            model_name='proposal',
            name='attachment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trust.upload'),
        ),
        migrations.RunPython(adopt, migrations.RunPython.noop),
        migrations.RemoveField(model_name='proposal', name='attachment_file'),
        migrations.RemoveField(model_name='proposal', name='attachment_text'),
    ]
