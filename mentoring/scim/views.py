"""django-scim2's views, completed where they fall short of RFC 7644: the discovery lists
carry totalResults (§3.4.2), an unknown id or address, a body that is not an object and
what is not implemented here answer SCIM's JSON error."""

import json

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


class Users(ObjectBodies, UsersView):
    pass


class Groups(ObjectBodies, GroupsView):
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
