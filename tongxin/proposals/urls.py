from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_index, name="list"),
    path("new/", views.proposal_add, name="add"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/steps/", views.proposal_step, name="step"),
    path("<int:pk>/attachment/", views.attachment, name="attachment"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("tasks/<int:pk>/claim/", views.task_claim, name="claim"),
    path("tasks/<int:pk>/extension/", views.extension_request, name="extension"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="decide"),
    path("supervision/", views.supervision_board, name="board"),
    path("supervision/mine/", views.my_overdue, name="mine"),
    path("notifications/", views.notifications, name="notifications"),
]
