"""The schema says every answer an operation may give: without a token, with another
program's id, with wrong data or too many requests, the errors' shape is documented too."""

ERROR = {
    "type": "object",
    "properties": {
        "message": {"type": "string", "description": "What went wrong, in the request's language."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "For data that does not validate: the messages by field.",
        },
    },
    "required": ["message"],
}
ERRORS = {
    "401": "No token, or a token unknown, expired or revoked.",
    "404": "Not one of the coordinator's programs, or nothing at this address.",
    "429": "Too many requests: wait for the seconds in Retry-After.",
}


def error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: the error responses of every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        if path.endswith("/schema/"):
            continue
        for method, operation in operations.items():
            errors = dict(ERRORS)
            if method in ("post", "put", "patch"):
                errors["400"] = "The data sent has errors: the messages by field."
            elif any(parameter["in"] == "query" for parameter in operation.get("parameters", [])):
                errors["400"] = "A query parameter is not valid: the messages by parameter."
            for code, description in errors.items():
                operation["responses"].setdefault(
                    code, {"description": description, "content": content}
                )
    return result
