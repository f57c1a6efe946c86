from django.http import JsonResponse
from django.urls import path, re_path, register_converter
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView

from . import views


class Id:
    """An object's id: digits that fit the database's integers (a longer number is an id
    of nothing, answered 404, not an overflow)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(Id, "id")


@csrf_exempt  # no session here: a POST gets the same JSON 404, not the CSRF page
def not_found(request, *args, **kwargs):
    """Anything else under /api/: a JSON 404, as the API's own errors are."""
    return JsonResponse(
        {"message": _("Nothing here: see the schema at /api/v1/schema/.")}, status=404
    )


app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("programs/", views.ProgramViewSet.as_view({"get": "list"}), name="program-list"),
    path(
        "programs/<id:pk>/",
        views.ProgramViewSet.as_view({"get": "retrieve"}),
        name="program-detail",
    ),
    path("programs/<id:program_id>/candidates/", views.CandidateList.as_view(), name="candidates"),
    path("programs/<id:program_id>/pairs/", views.PairList.as_view(), name="pairs"),
    path("programs/<id:program_id>/meetings/", views.MeetingList.as_view(), name="meetings"),
    path(
        "programs/<id:program_id>/results/<str:table>/",
        views.ResultsTable.as_view(),
        name="results",
    ),
    re_path(r"^.*$", not_found, name="not_found"),
]
