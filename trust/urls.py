from django.urls import path

from . import views

app_name = "trust"
urlpatterns = [
    path("standing/", views.standing_detail, name="standing"),
    path("hint/", views.hint_view, name="hint"),
    path("standing/sanctions/<int:sanction_id>/appeal/", views.appeal_create, name="appeal-create"),
    path("appeal/<str:token>/", views.appeal_by_link, name="appeal-link"),
    path("report/<int:content_type_id>/<int:object_id>/", views.report_create, name="report-create"),
]
