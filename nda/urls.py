from django.urls import path

from . import views

app_name = "nda"

urlpatterns = [
    path("", views.signed_list, name="signature-list"),
    path("jobs/<int:job_pk>/", views.manage, name="manage"),
    path("jobs/<int:job_pk>/files/<int:pk>/remove/", views.file_remove, name="file-remove"),
    path("jobs/<int:job_pk>/sign/", views.sign, name="sign"),
    path("jobs/<int:job_pk>/document/", views.document, name="document"),
    path("signatures/<int:pk>/countersign/", views.countersign, name="countersign"),
    path("signatures/<int:pk>/pdf/", views.signed_pdf, name="signed-pdf"),
    path("files/<uuid:key>/", views.confidential_file, name="file"),
]
