# Message attachment files move onto trust.Upload (private, sniffed, scanned by trust's pipeline).
# Existing files are adopted as pending uploads (the periodic re-queue scans them; the verdict
# updates the attachment); attachments whose file is missing are removed.

import django.db.models.deletion
from django.db import migrations, models


def _recipient(attachment):
    conversation, sender_id = attachment.message.conversation, attachment.message.sender_id
    return conversation.freelancer if sender_id == conversation.client_id else conversation.client


def adopt(apps, schema_editor):
    from trust.uploads.migration import adopt_files

    adopt_files(
        apps, "messaging", "Attachment", old="file", new="upload", use="message_attachment",
        context="message_attachment", owner="message__sender", counterpart=_recipient, original_name="original_name",
    )
    Attachment = apps.get_model("messaging", "Attachment")
    Attachment.objects.filter(upload__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0001_initial'),
        ('trust', '0002_upload'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='upload',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trust.upload'),
        ),
        migrations.RunPython(adopt, migrations.RunPython.noop),
        migrations.RemoveField(model_name='attachment', name='file'),
        migrations.RemoveField(model_name='attachment', name='extracted_text'),
        migrations.AlterField(
            model_name='attachment',
            name='upload',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trust.upload'),
        ),
    ]
