from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.conversation_detail, name="conversation-detail"),
    path("m/<int:pk>/edit/", views.message_edit, name="message-edit"),
    path("new/proposal/<int:proposal_pk>/", views.start_from_proposal, name="conversation-start-proposal"),
    path("new/invitation/<int:invitation_pk>/", views.start_from_invitation, name="conversation-start-invitation"),
    path("new/contract/<int:contract_pk>/", views.start_from_contract, name="conversation-start-contract"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("unread/", views.unread_badge, name="unread-badge"),
]
