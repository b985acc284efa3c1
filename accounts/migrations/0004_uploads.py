# Portfolio images and identity documents move onto trust.Upload (private storage, type sniffed from
# the bytes, images scanned before they are shown); users get a profile photo on the same pipeline.
# Existing files are adopted as pending uploads (the periodic re-queue scans portfolio images;
# identity documents are never scanned, only kept private).

import django.db.models.deletion
from django.db import migrations, models


def adopt(apps, schema_editor):
    from trust.uploads.migration import adopt_files

    adopt_files(
        apps, "accounts", "PortfolioItem", old="image_file", new="image", use="portfolio_image",
        context="profile", owner="profile__user",
    )
    adopt_files(
        apps, "accounts", "IdentityVerificationRequest", old="document_file", new="document",
        use="identity_document", context="identity", owner="user",
    )
    Upload = apps.get_model("trust", "Upload")
    Upload.objects.filter(use="identity_document", status="pending").update(status="clean")
    apps.get_model("accounts", "IdentityVerificationRequest").objects.filter(document__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_alter_portfolioitem_image'),
        ('trust', '0002_upload'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='avatar',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='trust.upload'),
        ),
        migrations.RenameField(model_name='portfolioitem', old_name='image', new_name='image_file'),
        migrations.AddField(
            model_name='portfolioitem',
            name='image',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='trust.upload'),
        ),
        migrations.RenameField(model_name='identityverificationrequest', old_name='document', new_name='document_file'),
        migrations.AddField(
            model_name='identityverificationrequest',
            name='document',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trust.upload'),
        ),
        migrations.RunPython(adopt, migrations.RunPython.noop),
        migrations.RemoveField(model_name='portfolioitem', name='image_file'),
        migrations.RemoveField(model_name='identityverificationrequest', name='document_file'),
        migrations.AlterField(
            model_name='identityverificationrequest',
            name='document',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trust.upload'),
        ),
    ]
