from django.urls import path

from .intake import views, views_public
from .pairing import views as views_pairs
from .pairing import views_choose

app_name = "matching"

urlpatterns = [
    # Coordinators
    path("programs/<int:pk>/call/", views.call_manage, name="call"),
    path("programs/<int:pk>/call/open/", views.call_open, name="call_open"),
    path("programs/<int:pk>/call/close/", views.call_close, name="call_close"),
    path("programs/<int:pk>/call/invite/", views.invite, name="invite"),
    path("programs/<int:pk>/candidates/", views.candidate_list, name="candidates"),
    path("programs/<int:pk>/candidates/status/", views.candidates_bulk_status, name="bulk_status"),
    path("programs/<int:pk>/candidates/import/", views.candidates_import, name="import"),
    path(
        "programs/<int:pk>/candidates/export.<str:file_format>",
        views.candidates_export,
        name="export",
    ),
    path(
        "programs/<int:pk>/candidates/template.<str:file_format>",
        views.candidates_template,
        name="template",
    ),
    path(
        "programs/<int:pk>/candidates/<int:candidate_pk>/", views.candidate_detail, name="candidate"
    ),
    path(
        "programs/<int:pk>/candidates/<int:candidate_pk>/status/",
        views.candidate_status,
        name="candidate_status",
    ),
    path(
        "programs/<int:pk>/candidates/<int:candidate_pk>/data.json",
        views.candidate_data_export,
        name="candidate_data",
    ),
    path(
        "programs/<int:pk>/candidates/<int:candidate_pk>/erase/",
        views.candidate_erase,
        name="candidate_erase",
    ),
    path("programs/<int:pk>/pairs/", views_pairs.pairs_page, name="pairs"),
    path("programs/<int:pk>/pairs/criteria/", views_pairs.criteria_save, name="criteria"),
    path("programs/<int:pk>/pairs/run/", views_pairs.pairs_run, name="run"),
    path(
        "programs/<int:pk>/pairs/requests/<int:request_pk>/extend/",
        views_pairs.request_extend,
        name="request_extend",
    ),
    path(
        "programs/<int:pk>/pairs/invite-to-choose/",
        views_pairs.mentees_invite,
        name="mentees_invite",
    ),
    path("programs/<int:pk>/pairs/publish/", views_pairs.pairs_publish, name="publish"),
    path(
        "programs/<int:pk>/pairs/export.<str:file_format>",
        views_pairs.pairs_export,
        name="pairs_export",
    ),
    path("programs/<int:pk>/pairs/<int:pair_pk>/lock/", views_pairs.pair_lock, name="pair_lock"),
    path(
        "programs/<int:pk>/pairs/<int:pair_pk>/forbid/", views_pairs.pair_forbid, name="pair_forbid"
    ),
    path(
        "programs/<int:pk>/pairs/<int:pair_pk>/status/<str:action>/",
        views_pairs.pair_status,
        name="pair_status",
    ),
    path("programs/<int:pk>/pairs/bans/<int:ban_pk>/lift/", views_pairs.ban_lift, name="ban_lift"),
    path(
        "programs/<int:pk>/pairs/mentee/<int:candidate_pk>/",
        views_pairs.mentee_alternatives,
        name="alternatives",
    ),
    # Applicants, without an account
    path("apply/<str:token>/", views_public.apply, name="apply"),
    path("apply/<str:token>/privacy/", views_public.privacy_notice, name="privacy"),
    path("application/<str:token>/", views_public.application_detail, name="application"),
    path(
        "application/<str:token>/requests/",
        views_choose.application_requests,
        name="application_requests",
    ),
    path(
        "application/<str:token>/mentors/",
        views_choose.application_mentors,
        name="application_mentors",
    ),
    path("application/<str:token>/edit/", views_public.application_edit, name="application_edit"),
    path(
        "application/<str:token>/withdraw/",
        views_public.application_withdraw,
        name="application_withdraw",
    ),
]
