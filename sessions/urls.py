from django.urls import path

from . import views

app_name = "sessions"

urlpatterns = [
    path("me/calendar/", views.calendar, name="calendar"),
    path("me/calendar/address/", views.calendar_feed_set, name="calendar_feed_set"),
    path(
        "me/calendar/server/disconnect/",
        views.calendar_server_disconnect,
        name="calendar_server_disconnect",
    ),
    path("calendar/<str:token>/meetings.ics", views.calendar_feed, name="calendar_feed"),
    path("programs/<int:pk>/meetings/", views.pairs_overview, name="pairs_overview"),
    path("pairs/<int:pair_pk>/", views.workspace, name="workspace"),
    path("pairs/<int:pair_pk>/agreement/", views.agreement_edit, name="agreement"),
    path(
        "pairs/<int:pair_pk>/agreement/confirm/", views.agreement_confirm, name="agreement_confirm"
    ),
    path("pairs/<int:pair_pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/move/",
        views.meeting_reschedule,
        name="meeting_reschedule",
    ),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/cancel/",
        views.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/log/", views.meeting_log, name="meeting_log"
    ),
    path(
        "pairs/<int:pair_pk>/meetings/<int:meeting_pk>/meeting.ics",
        views.meeting_ics,
        name="meeting_ics",
    ),
    path("pairs/<int:pair_pk>/meetings/<int:meeting_pk>/pulse/", views.pulse, name="pulse"),
    path("pairs/<int:pair_pk>/tasks/new/", views.task_new, name="task_new"),
    path("pairs/<int:pair_pk>/tasks/<int:task_pk>/done/", views.task_done, name="task_done"),
    path("pairs/<int:pair_pk>/tasks/<int:task_pk>/file/", views.task_file, name="task_file"),
    path("pairs/<int:pair_pk>/phases/<int:phase_pk>/tick/", views.phase_tick, name="phase_tick"),
    path("pairs/<int:pair_pk>/concern/", views.concern, name="concern"),
    path(
        "pairs/<int:pair_pk>/concerns/<int:concern_pk>/",
        views.concern_thread,
        name="concern_thread",
    ),
    path("programs/<int:pk>/concerns/", views.concerns, name="concerns"),
    path("programs/<int:pk>/pairs/<int:pair_pk>/check-ins/", views.check_in, name="check_in"),
    path(
        "programs/<int:pk>/concerns/<int:concern_pk>/",
        views.concern_detail,
        name="concern_detail",
    ),
]
