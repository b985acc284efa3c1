from __future__ import annotations

from django import forms
from django.conf import settings


class MessageForm(forms.Form):
    """The composer without JavaScript. Validation of text and file lives in services.message_send."""

    body = forms.CharField(
        label="Message",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a message\u2026", "id": "composer-body"}),
    )
    attachment = forms.FileField(
        label="Attach a file",
        required=False,
        help_text="PDF, Word, text or image files up to {} MB. Files are checked before they are delivered.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = settings.MESSAGING_MAX_LENGTH
        self.fields["body"].widget.attrs["maxlength"] = settings.MESSAGING_MAX_LENGTH
        self.fields["attachment"].help_text = self.fields["attachment"].help_text.format(
            settings.MESSAGING_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        )
        self.fields["attachment"].widget.attrs["accept"] = ",".join(
            "." + ext for ext in settings.MESSAGING_ATTACHMENT_EXTENSIONS
        )


class MessageEditForm(forms.Form):
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = settings.MESSAGING_MAX_LENGTH
