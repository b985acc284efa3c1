from django.urls import path

from . import views

urlpatterns = [path("bare/", views.bare, name="bench-bare")]
