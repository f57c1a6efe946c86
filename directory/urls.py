from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("directory/", views.people, name="people"),
    path("directory/import/", views.directory_import, name="import"),
    path(
        "directory/template.<str:file_format>",
        views.directory_template,
        name="template",
    ),
    path("directory/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("directory/import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("directory/import/<int:pk>/discard/", views.import_discard, name="import_discard"),
]
