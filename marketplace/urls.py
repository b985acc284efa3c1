from django.urls import path

from . import views

app_name = "marketplace"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/new/", views.job_create, name="job-create"),
    path("jobs/saved/", views.saved_search_list, name="saved-search-list"),
    path("jobs/saved/new/", views.saved_search_create, name="saved-search-create"),
    path("jobs/saved/<int:pk>/", views.saved_search_update, name="saved-search-update"),
    path("jobs/invite/<int:freelancer_pk>/", views.invitation_create, name="invitation-create"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/edit/", views.job_update, name="job-update"),
    path("jobs/<int:pk>/publish/", views.job_publish, name="job-publish"),
    path("jobs/<int:pk>/close/", views.job_close, name="job-close"),
    path("jobs/<int:pk>/reopen/", views.job_reopen, name="job-reopen"),
    path("jobs/<int:pk>/proposals/", views.job_proposals, name="job-proposals"),
    path("jobs/<int:pk>/apply/", views.proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_update, name="proposal-update"),
    path("proposals/<int:pk>/attachment/", views.proposal_attachment, name="proposal-attachment"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("proposals/<int:pk>/shortlist/", views.proposal_shortlist, name="proposal-shortlist"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="proposal-decline"),
    path("proposals/<int:pk>/archive/", views.proposal_archive, name="proposal-archive"),
    path("proposals/<int:pk>/restore/", views.proposal_restore, name="proposal-restore"),
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation-accept"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation-decline"),
]
