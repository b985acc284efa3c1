from django.urls import path, re_path

from . import views

app_name = "accounts"
urlpatterns = [
    path("freelancers/", views.freelancer_list, name="freelancer-list"),
    path("freelancers/<int:pk>/", views.freelancer_detail, name="freelancer-detail"),
    path("clients/<int:pk>/", views.client_detail, name="client-detail"),
    path("profile/edit/", views.profile_edit, name="profile-edit"),
    path("profile/roles/add/", views.role_add, name="role-add"),
    path("profile/photo/", views.avatar_update, name="avatar-update"),
    path("profile/portfolio/add/", views.portfolio_create, name="portfolio-create"),
    path("profile/portfolio/<int:pk>/edit/", views.portfolio_update, name="portfolio-update"),
    path("profile/portfolio/<int:pk>/delete/", views.portfolio_delete, name="portfolio-delete"),
    re_path(r"^profile/(?P<kind>employment|education)/add/$", views.history_form, name="history-create"),
    re_path(r"^profile/(?P<kind>employment|education)/(?P<pk>[0-9]+)/edit/$", views.history_form,
            name="history-update"),
    re_path(r"^profile/(?P<kind>employment|education)/(?P<pk>[0-9]+)/delete/$", views.history_delete,
            name="history-delete"),
    path("account/identity/", views.identity_verify, name="identity-verify"),
    path("account/identity/<int:pk>/document/", views.identity_document, name="identity-document"),
]
