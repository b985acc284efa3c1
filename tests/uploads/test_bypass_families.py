"""Every way a contact detail hid in a file this week, sent as a message attachment through the
conversation page's form (the path a browser without JavaScript uses; the WebSocket carries text
only, files always go through this form). Each file is built here with a library."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from messaging.models import Attachment
from tests.uploads.builders import PHONE, docx_file, pdf, qr_image, text_image
from trust.models import Flag, Upload
from trust.uploads.extract import ocr_available

pytestmark = pytest.mark.django_db

EMAIL = "ana.designs@gmail.com"
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="tesseract is not installed")


def _send(client, conversation, name: str, data: bytes, captured):
    client.force_login(conversation.freelancer)
    with captured(execute=True):
        response = client.post(
            reverse("messaging:conversation-detail", args=[conversation.pk]),
            {"body": "Here it is", "attachment": SimpleUploadedFile(name, data)},
        )
    assert response.status_code in (200, 302), response.content[:500]
    return Attachment.objects.select_related("upload").get()


FAMILIES = {
    # PDF
    "pdf_image_only_page": ("scan.pdf", lambda: pdf(text="", image_page=text_image(f"Call me {PHONE}")), True),
    "pdf_form_value": ("form.pdf", lambda: pdf(form_value=f"Reach me at {EMAIL}"), False),
    "pdf_annotation": ("notes.pdf", lambda: pdf(annotation=f"sticky note: {EMAIL}"), False),
    "pdf_embedded_file": ("pack.pdf", lambda: pdf(embedded=("contact.txt", f"mail {EMAIL}".encode())), False),
    "pdf_out_of_order": ("order.pdf", lambda: pdf(text="", out_of_order=("ana.designs", "@gmail", ".com")), False),
    "pdf_metadata": ("meta.pdf", lambda: pdf(title=f"Portfolio of {EMAIL}"), False),
    # DOCX
    "docx_header": ("h.docx", lambda: docx_file(header=f"Ana Designs | {EMAIL}"), False),
    "docx_footer": ("f.docx", lambda: docx_file(footer=f"WhatsApp {PHONE}"), False),
    "docx_footnote": ("fn.docx", lambda: docx_file(footnote=f"Questions: {EMAIL}"), False),
    "docx_comment": ("c.docx", lambda: docx_file(comment=f"ping me {EMAIL}"), False),
    "docx_text_box": ("tb.docx", lambda: docx_file(text_box=f"Call {PHONE}"), False),
    "docx_content_control": ("cc.docx", lambda: docx_file(content_control=f"Email: {EMAIL}"), False),
    "docx_tracked_insertion": ("ti.docx", lambda: docx_file(tracked_insertion=f"write to {EMAIL}"), False),
    "docx_nested_table": ("nt.docx", lambda: docx_file(nested_table=f"Contact: {EMAIL}"), False),
    "docx_picture": ("pic.docx", lambda: docx_file(picture=text_image(f"WhatsApp me {PHONE}")), True),
    # Images
    "png_qr_code": ("qr.png", lambda: qr_image("https://wa.me/13125550147"), False),
    "png_rotated_90": ("side.png", lambda: text_image(f"WhatsApp me {PHONE}", rotate=90), True),
    "png_text_over_noise": ("noisy.png", lambda: text_image(f"WhatsApp me {PHONE}", noise=True), True),
    "jpeg_photo_of_text": ("photo.jpg", lambda: text_image(f"Email {EMAIL}", fmt="JPEG"), True),
    # Text
    "txt_utf16_no_bom": ("a.txt", lambda: f"Reach me on {EMAIL} tonight".encode("utf-16-le"), False),
    "txt_utf32_no_bom": ("b.txt", lambda: f"Reach me on {EMAIL} tonight".encode("utf-32-be"), False),
    "txt_nul_bytes": ("c.txt", lambda: f"reach\x00 me\x00 {EMAIL}\x00".encode(), False),
    "pdf_renamed_txt": ("notes.txt", lambda: pdf(annotation=f"write {EMAIL}"), False),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_hidden_contact_details_are_found(client, conversation, django_capture_on_commit_callbacks, family):
    name, build, ocr = FAMILIES[family]
    if ocr and not ocr_available():
        pytest.skip("tesseract is not installed")
    attachment = _send(client, conversation, name, build(), django_capture_on_commit_callbacks)
    upload = attachment.upload
    assert upload.status == Upload.Status.REFUSED, (upload.status, upload.detail, upload.extracted_text[:500])
    assert attachment.status == Attachment.Status.WITHHELD
    assert Flag.objects.filter(user=conversation.freelancer).exists()
    # The recipient can't fetch it, by either URL.
    client.force_login(conversation.client)
    assert client.get(reverse("messaging:attachment-download", args=[attachment.pk])).status_code == 404
    assert client.get(upload.get_absolute_url()).status_code == 404


def test_pdf_renamed_txt_is_read_as_a_pdf(client, conversation, django_capture_on_commit_callbacks):
    attachment = _send(client, conversation, "notes.txt", pdf(), django_capture_on_commit_callbacks)
    assert attachment.upload.kind == "pdf" and attachment.upload.content_type == "application/pdf"
    assert attachment.upload.status == Upload.Status.CLEAN


@pytest.mark.parametrize("family", ["docx", "pdf", "png", "txt_nul"])
def test_ordinary_files_are_delivered(client, conversation, django_capture_on_commit_callbacks, family):
    name, data = {
        "docx": ("brief.docx", lambda: docx_file(body="Milestone 1: wireframes by Friday.", header="Acme Ltd")),
        "pdf": ("brief.pdf", lambda: pdf(annotation="Looks good", form_value="Approved", title="Brief v2")),
        "png": ("shot.png", lambda: text_image("Homepage mockup v3")),
        "txt_nul": ("log.txt", lambda: b"build ok\x00 tests ok\x00"),
    }[family]
    if family == "png" and not ocr_available():
        pytest.skip("tesseract is not installed")
    attachment = _send(client, conversation, name, data(), django_capture_on_commit_callbacks)
    assert attachment.upload.status == Upload.Status.CLEAN, (attachment.upload.detail, attachment.upload.extracted_text)
    assert attachment.status == Attachment.Status.CLEAN
    client.force_login(conversation.client)
    response = client.get(reverse("messaging:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_file_name_with_a_phone_number_is_refused(client, conversation):
    client.force_login(conversation.freelancer)
    response = client.post(
        reverse("messaging:conversation-detail", args=[conversation.pk]),
        {"body": "cv", "attachment": SimpleUploadedFile(f"WhatsApp {PHONE}.pdf", pdf())},
    )
    assert response.status_code == 400
    assert not Attachment.objects.exists() and not Upload.objects.exists()
    assert Flag.objects.filter(user=conversation.freelancer).exists()
