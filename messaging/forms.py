from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings

from trust.uploads.forms import UploadField


class MessageForm(forms.Form):
    """The composer without JavaScript. Validation of text and file lives in services.message_send."""

    body = forms.CharField(
        label="Message",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a message\u2026", "id": "composer-body"}),
    )
    # trust's upload pipeline: the type is read from the file, the help text and picker follow the use.
    attachment = UploadField(use="message_attachment", label="Attach a file", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # forms.Form's
        super().__init__(*args, **kwargs)
        cast(forms.CharField, self.fields["body"]).max_length = settings.MESSAGING_MAX_LENGTH
        self.fields["body"].widget.attrs["maxlength"] = settings.MESSAGING_MAX_LENGTH
        self.fields["attachment"].help_text += " Files are checked before they are delivered."


class MessageEditForm(forms.Form):
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # forms.Form's
        super().__init__(*args, **kwargs)
        cast(forms.CharField, self.fields["body"]).max_length = settings.MESSAGING_MAX_LENGTH
