"""Two of django-scim2's discovery views, completed: their lists carry totalResults (which
RFC 7644 §3.4.2 requires of every ListResponse) and an unknown id answers a SCIM error."""

import json

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django_scim import constants, exceptions
from django_scim.views import ResourceTypesView, SchemasView, SCIMView


def _completed(response, uuid):
    if response.status_code == 404:
        error = exceptions.NotFoundError(uuid)
        response.content = json.dumps(error.to_dict())
    elif uuid is None and response.status_code == 200:
        listed = json.loads(response.content)
        count = len(listed["Resources"])
        listed.update(totalResults=count, itemsPerPage=count, startIndex=1)
        response.content = json.dumps(listed)
    response["Content-Type"] = constants.SCIM_CONTENT_TYPE
    return response


class NotImplementedHere(SCIMView):
    """/Me, /Bulk and searches across resource types: a 501 in SCIM's error form, so that
    a client knows it is not done here (after the token is checked, as for the rest)."""

    implemented = False

    def status_501(self, request, *args, **kwargs):
        error = exceptions.NotImplementedError("Not implemented by this server.")
        return HttpResponse(
            json.dumps(error.to_dict()), content_type=constants.SCIM_CONTENT_TYPE, status=501
        )


class ResourceTypes(ResourceTypesView):
    def get(self, request, uuid=None, *args, **kwargs):
        return _completed(super().get(request, uuid, *args, **kwargs), uuid)


class Schemas(SchemasView):
    def get(self, request, uuid=None, *args, **kwargs):
        return _completed(super().get(request, uuid, *args, **kwargs), uuid)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /scim/v2/: a SCIM error, as a client expects there."""
    error = exceptions.NotFoundError(request.path)
    return HttpResponse(
        json.dumps(error.to_dict()), content_type=constants.SCIM_CONTENT_TYPE, status=404
    )
