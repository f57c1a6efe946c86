"""django-scim2's routes, with the two discovery views of mentoring.scim.views."""

from django.urls import re_path
from django_scim import urls as library

from . import views

app_name = "scim"

COMPLETED = {
    "users": views.Users,
    "groups": views.Groups,
    "resource-types": views.ResourceTypes,
    "schemas": views.Schemas,
}


def _completed(route):
    if route.name in COMPLETED:
        view = COMPLETED[route.name].as_view()
    elif route.callback.view_initkwargs.get("implemented") is False:
        view = views.NotImplementedHere.as_view()
    else:
        return route
    return re_path(route.pattern.regex.pattern, view, name=route.name)


urlpatterns = [_completed(route) for route in library.urlpatterns]
urlpatterns.append(re_path(r"^.*$", views.not_found, name="not_found"))
