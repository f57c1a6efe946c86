from django.urls import path

from . import views

app_name = "programs"

# The list of programs ("programs:list") shows every phase's progress, so it is composed
# in mentoring/urls.py, which adds it to these.
urlpatterns = [
    path("new/", views.program_create, name="create"),
    path("<int:pk>/edit/", views.program_edit, name="edit"),
    path("<int:pk>/skills/", views.program_skills, name="skills"),
    path("<int:pk>/archive/", views.program_archive, name="archive"),
    path("<int:pk>/restore/", views.program_restore, name="restore"),
    path("<int:pk>/emails/", views.emails, name="emails"),
    path("<int:pk>/emails/retry/", views.emails_retry, name="emails_retry"),
    path("<int:pk>/messages/", views.messages_sent, name="messages"),
    path("<int:pk>/objectives/", views.objectives, name="objectives"),
    path("<int:pk>/journey/", views.journey, name="journey"),
    path("<int:pk>/journey/<str:key>/", views.journey_text, name="journey_text"),
    path("<int:pk>/messages/new/", views.message_new, name="message_new"),
    path("<int:pk>/messages/<int:message_pk>/", views.message_detail, name="message"),
]
