"""`upload_scanned`: sent once per verdict, after it committed, with `upload` (a trust.Upload).

Apps listen for their own uses (messaging delivers an attachment once clean, tells the sender when
it was refused or held); trust never imports them:

    from trust.uploads.signals import upload_scanned

    def on_upload_scanned(sender, upload, **kwargs):
        if upload.use == "message_attachment":
            ...
    upload_scanned.connect(on_upload_scanned, dispatch_uid="messaging-upload-scanned")
"""
from django.dispatch import Signal

upload_scanned = Signal()
