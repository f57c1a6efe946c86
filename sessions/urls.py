from django.urls import path

from . import views
from . import views_workspace as workspace

app_name = "sessions"

urlpatterns = [
    path("me/", views.home, name="home"),
    path("programs/<int:pk>/welcome/", views.welcome, name="welcome"),
    path("programs/<int:pk>/welcome/send/", views.welcome_send, name="welcome_send"),
    path(
        "programs/<int:pk>/welcome/<int:message_pk>/",
        views.welcome_message_save,
        name="welcome_message",
    ),
    path("programs/<int:pk>/preparation/", views.preparation, name="preparation"),
    path("programs/<int:pk>/meetings/", views.pairs_overview, name="pairs_overview"),
    path("programs/<int:pk>/guide/", views.guide_edit, name="guide"),
    path("programs/<int:pk>/training/", views.training, name="training"),
    path("programs/<int:pk>/training/<slug:key>/", views.training_module, name="training_module"),
    path("pairs/<int:pair_pk>/worksheet/", views.worksheet, name="worksheet"),
    path("pairs/<int:pair_pk>/worksheet.pdf", views.worksheet_pdf, name="worksheet_pdf"),
    path(
        "pairs/<int:pair_pk>/worksheet/<str:owner>/brainstorm/",
        views.worksheet_brainstorm,
        name="brainstorm",
    ),
    path(
        "pairs/<int:pair_pk>/worksheet/<str:owner>/prioritise/",
        views.worksheet_prioritise,
        name="prioritise",
    ),
    path("pairs/<int:pair_pk>/goals/<int:goal_pk>/", views.goal_edit, name="goal"),
    path("pairs/<int:pair_pk>/", workspace.workspace, name="workspace"),
    path("pairs/<int:pair_pk>/agreement/", workspace.agreement_edit, name="agreement"),
    path(
        "pairs/<int:pair_pk>/agreement/confirm/",
        workspace.agreement_confirm,
        name="agreement_confirm",
    ),
    path("pairs/<int:pair_pk>/meetings/new/", workspace.meeting_new, name="meeting_new"),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/move/",
        workspace.meeting_reschedule,
        name="meeting_reschedule",
    ),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/cancel/",
        workspace.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/log/",
        workspace.meeting_log,
        name="meeting_log",
    ),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/meeting.ics",
        workspace.meeting_ics,
        name="meeting_ics",
    ),
    path("pairs/<int:pair_pk>/meetings/<int:meeting_pk>/pulse/", workspace.pulse, name="pulse"),
    path("pairs/<int:pair_pk>/tasks/new/", workspace.task_new, name="task_new"),
    path("pairs/<int:pair_pk>/tasks/<int:task_pk>/done/", workspace.task_done, name="task_done"),
    path("pairs/<int:pair_pk>/tasks/<int:task_pk>/file/", workspace.task_file, name="task_file"),
    path(
        "pairs/<int:pair_pk>/phases/<int:phase_pk>/tick/", workspace.phase_tick, name="phase_tick"
    ),
    path("pairs/<int:pair_pk>/concern/", workspace.concern, name="concern"),
]
