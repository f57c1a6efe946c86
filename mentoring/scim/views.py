"""django-scim2's views, completed where they fall short of RFC 7644: the discovery lists
carry totalResults (§3.4.2), an unknown id or address, a body that is not an object and
what is not implemented here answer SCIM's JSON error, and a list reads one page."""

import json

from django.db.models import QuerySet
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django_scim import constants, exceptions
from django_scim.views import GroupsView, ResourceTypesView, SchemasView, SCIMView, UsersView

from .errors import error_response


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


class ObjectBodies:
    """A body is one JSON object: anything else is a 400, not an error deeper down."""

    def load_body(self, body):
        loaded = super().load_body(body)
        if not isinstance(loaded, dict):
            raise exceptions.BadRequestError(
                "The body must be a JSON object.", scim_type="invalidSyntax"
            )
        return loaded


class CountedPages:
    """A list's page read as a page: the library counts by reading every row (and, with
    the prefetch, everyone's groups) at each page; this counts in the database and reads
    the page's rows only. A filter's answer, already a list, is left to the library."""

    def _build_response(self, request, qs, start, count):
        if not isinstance(qs, QuerySet):
            return super()._build_response(request, qs, start, count)
        resources = [
            self.scim_adapter(resource, request=request).to_dict()
            for resource in qs[start - 1 : start - 1 + max(count, 0)]
        ]
        listed = {
            "schemas": [constants.SchemaURI.LIST_RESPONSE],
            "totalResults": qs.count(),
            "itemsPerPage": len(resources),
            "startIndex": start,
            "Resources": resources,
        }
        return HttpResponse(json.dumps(listed), content_type=constants.SCIM_CONTENT_TYPE)


class Users(ObjectBodies, CountedPages, UsersView):
    pass


class Groups(ObjectBodies, CountedPages, GroupsView):
    pass


class NotImplementedHere(SCIMView):
    """/Me, /Bulk and searches across resource types: a 501 in SCIM's error form, so that
    a client knows it is not done here (after the token is checked, as for the rest)."""

    implemented = False

    def status_501(self, request, *args, **kwargs):
        return error_response(exceptions.NotImplementedError("Not implemented by this server."))


class ResourceTypes(ResourceTypesView):
    def get(self, request, uuid=None, *args, **kwargs):
        return _completed(super().get(request, uuid, *args, **kwargs), uuid)


class Schemas(SchemasView):
    def get(self, request, uuid=None, *args, **kwargs):
        return _completed(super().get(request, uuid, *args, **kwargs), uuid)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /scim/v2/: a SCIM error, as a client expects there."""
    return error_response(exceptions.NotFoundError(request.path))
