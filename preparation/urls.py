from django.urls import path

from . import views

app_name = "preparation"

urlpatterns = [
    path("programs/<int:pk>/welcome/", views.welcome, name="welcome"),
    path("programs/<int:pk>/welcome/send/", views.welcome_send, name="welcome_send"),
    path(
        "programs/<int:pk>/welcome/<str:audience>/<str:language>/",
        views.welcome_message_save,
        name="welcome_message",
    ),
    path("programs/<int:pk>/preparation/", views.preparation, name="overview"),
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
]
