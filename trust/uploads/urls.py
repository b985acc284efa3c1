from django.urls import path

from . import views

app_name = "uploads"

urlpatterns = [
    path("<uuid:key>/", views.upload_file, name="file"),
]
