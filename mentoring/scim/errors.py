"""SCIM's JSON error (RFC 7644 §3.12), as every answer of /scim/v2/ that is not a success."""

import json

from django.http import HttpResponse
from django_scim import constants, exceptions


def error_response(error: exceptions.SCIMException) -> HttpResponse:
    return HttpResponse(
        json.dumps(error.to_dict()), content_type=constants.SCIM_CONTENT_TYPE, status=error.status
    )
