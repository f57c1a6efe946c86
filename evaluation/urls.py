from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("programs/compare/", views.compare, name="compare"),
    path("programs/<int:pk>/evaluation/", views.overview, name="overview"),
    path("programs/<int:pk>/evaluation/launch/", views.launch, name="launch"),
    path(
        "programs/<int:pk>/evaluation/interviews/<int:user_pk>/",
        views.interview,
        name="interview",
    ),
    path("programs/<int:pk>/evaluation/results/", views.results, name="results"),
    path(
        "programs/<int:pk>/evaluation/results/export/",
        views.results_export,
        name="results_export",
    ),
    path(
        "programs/<int:pk>/evaluation/answers/<str:question>/",
        views.answers,
        name="answers",
    ),
    path(
        "programs/<int:pk>/evaluation/comments/<int:response_pk>/",
        views.comment_select,
        name="comment_select",
    ),
    path("programs/<int:pk>/reports/", views.reports, name="reports"),
    path("programs/<int:pk>/reports/build/", views.report_request, name="report_request"),
    path(
        "programs/<int:pk>/reports/<int:report_pk>/download/",
        views.report_download,
        name="report_download",
    ),
    path("questionnaires/<int:response_pk>/", views.questionnaire, name="questionnaire"),
    path("comparison/<str:token>/", views.comparison, name="comparison"),
]
