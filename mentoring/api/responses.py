"""The API's pages and errors, as every endpoint answers them (REST_FRAMEWORK settings)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """The size asked for, which must be one whole number within the bounds: anything
        else is a 400 that says so (not a silent default)."""
        given = request.query_params.getlist(self.page_size_query_param)
        if not given:
            return self.page_size
        if len(given) > 1 or not given[0].isdigit() or not 1 <= int(given[0]) <= self.max_page_size:
            message = _("Give one whole number from 1 to %(most)d.") % {"most": self.max_page_size}
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(given[0])

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


def errors(exc, context):
    """Every error as JSON with a message in the request's language (and, for data that
    does not validate, the messages by field)."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        response.data = {"message": str(data["detail"])}
    else:
        response.data = {"message": _("The data sent has errors."), "errors": data}
    return response
