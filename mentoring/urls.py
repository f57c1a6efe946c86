from django.contrib import admin
from django.urls import include, path

import programs.urls

from . import operations, views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.participant_home, name="participant_home"),
    path("programs/<int:pk>/", views.program_dashboard, name="program_dashboard"),
    path("programs/<int:pk>/duplicate/", views.program_duplicate, name="program_duplicate"),
    path("accounts/locked/", views.lockouts, name="lockouts"),
    path("accounts/locked/lift/", views.lockout_lift, name="lockout_lift"),
    path("accounts/", include("accounts.urls")),
    path(
        "programs/",
        include(
            ([path("", views.program_list, name="list"), *programs.urls.urlpatterns], "programs")
        ),
    ),
    path("", include("directory.urls")),
    path("", include("matching.urls")),
    path("", include("preparation.urls")),
    path("", include("sessions.urls")),
    path("", include("evaluation.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("mentoring.api.urls")),
    path("scim/v2/", include("mentoring.scim.urls")),
    path("health/", operations.Health.as_view(), name="health"),
    path("metrics/", operations.metrics, name="metrics"),
]
