from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="contract-list"),
    path("offers/new/", views.offer_create_direct, name="offer-create-direct"),
    path("offers/new/<int:proposal_pk>/", views.offer_create, name="offer-create"),
    path("<int:pk>/", views.contract_detail, name="contract-detail"),
    path("<int:pk>/respond/", views.offer_respond, name="offer-respond"),
    path("<int:pk>/withdraw-offer/", views.offer_withdraw, name="offer-withdraw"),
    path("<int:pk>/milestones/add/", views.milestone_add, name="milestone-add"),
    path("<int:pk>/timesheet/", views.timesheet, name="timesheet"),
    path("<int:pk>/end/", views.contract_end, name="contract-end"),
    path("<int:pk>/pause/", views.contract_pause, name="contract-pause"),
    path("<int:pk>/feedback/", views.feedback_create, name="feedback-create"),
    path("milestones/<int:pk>/fund/", views.milestone_fund, name="milestone-fund"),
    path("milestones/<int:pk>/submit/", views.milestone_submit, name="milestone-submit"),
    path("milestones/<int:pk>/approve/", views.milestone_approve, name="milestone-approve"),
    path("milestones/<int:pk>/changes/", views.milestone_changes, name="milestone-changes"),
    path("milestones/<int:pk>/dispute/", views.dispute_open_milestone, name="dispute-open-milestone"),
    path("invoices/<int:pk>/fund/", views.invoice_fund, name="invoice-fund"),
    path("invoices/<int:pk>/dispute/", views.dispute_open_invoice, name="dispute-open-invoice"),
    path("time/<int:pk>/delete/", views.time_entry_delete, name="time-entry-delete"),
    path("disputes/<int:pk>/", views.dispute_detail, name="dispute-detail"),
    path("disputes/<int:pk>/evidence/", views.dispute_evidence_add, name="dispute-evidence-add"),
    path("balance/", views.balance, name="balance"),
    path("balance/top-up/", views.top_up, name="top-up"),
    path("balance/withdraw/", views.withdraw, name="withdraw"),
    path("transactions/", views.transaction_list, name="transaction-list"),
    path("transactions/<int:pk>/", views.transaction_detail, name="transaction-detail"),
]
