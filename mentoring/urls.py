from django.contrib import admin
from django.urls import include, path

from accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("programs/", include("programs.urls")),
    path("", include("matching.urls")),
    path("", include("sessions.urls")),
    path("", include("evaluation.urls")),
    path("admin/", admin.site.urls),
]
