"""What SCIM means here: the token check, people, groups and the schemas served."""

import copy
import json
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django_scim import constants, exceptions
from django_scim.adapters import SCIMGroup, SCIMUser
from django_scim.middleware import SCIMAuthCheckMiddleware
from django_scim.models import SCIMServiceProviderConfig
from django_scim.schemas import ALL as LIBRARY_SCHEMAS

from accounts.api_tokens import api_token_used, api_token_user
from accounts.models import ApiToken, ProvisionedGroup, User
from accounts.security import role_changed, roles_of
from directory.services import person_left, person_returned

from .errors import error_response

# --- The way in -----------------------------------------------------------------------


class ScimTokenCheck(SCIMAuthCheckMiddleware):
    """Wraps every SCIM view: a valid SCIM token (Bearer) or a 401 in SCIM's error form."""

    def process_request(self, request):
        if self.should_log_request(request):
            self.log_request(request)
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        token = None
        if scheme.lower() == "bearer" and secret.strip():
            token = api_token_user(secret.strip(), scope=ApiToken.Scope.SCIM)
        if token is None:
            response = error_response(
                exceptions.AuthorizationError("A valid SCIM bearer token is required.")
            )
            response["WWW-Authenticate"] = 'Bearer realm="scim"'
            return response
        request.user = token.user
        api_token_used(
            token=token,
            method=request.method,
            path=request.get_full_path(),
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        return None


def base_location(request=None, *args, **kwargs) -> str:
    """Where this server is, as the client reached it (a host Django allows), so the
    locations it is sent lead back here."""
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return settings.SITE_URL


def prefetched(model):
    """A list of people or groups reads each one's groups or members: with them, in one
    query for the page, not one per resource."""
    related = {User: "provisioned_groups", ProvisionedGroup: "members"}.get(model)

    def process(request, queryset, *args, **kwargs):
        return queryset.prefetch_related(related) if related else queryset

    return process


def hidden(model):
    """People deleted through SCIM (kept, deactivated) are no longer SCIM resources."""

    def exclude(request, *args, **kwargs):
        return {"scim_id": None}

    return exclude


# --- What this server says of itself --------------------------------------------------


class ServiceProviderConfig(SCIMServiceProviderConfig):
    def to_dict(self):
        config = super().to_dict()
        config["changePassword"] = {"supported": False}  # people sign in with the SSO
        config["filter"] = {"supported": True, "maxResults": 50}
        return config


SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

# The attributes this product keeps, and nothing it would silently drop, with what differs
# here from RFC 7643's schemas: {attribute: (sub-attributes kept, changes)}.
KEPT = {
    constants.SchemaURI.USER: {
        "userName": (None, {}),
        "name": ({"familyName", "givenName"}, {}),
        # Made of the given and family names.
        "displayName": (None, {"mutability": "readOnly"}),
        # Each person chooses their language in their preferences.
        "preferredLanguage": (None, {"mutability": "readOnly"}),
        # A person is deactivated, never left without the answer.
        "active": (None, {"required": True}),
        # One address, their work one (so no "primary" to choose).
        "emails": ({"value", "type"}, {}),
        "groups": ({"value", "$ref", "display", "type"}, {}),
    },
    constants.SchemaURI.GROUP: {
        "displayName": (None, {"required": True}),
        "members": ({"value", "$ref", "type"}, {}),
    },
}
SUB_CHANGES = {("emails", "type"): {"canonicalValues": ["work"]}}


def _kept_schemas() -> list[dict]:
    kept = []
    for schema in LIBRARY_SCHEMAS:
        if schema["id"] not in KEPT:
            continue
        schema = {"schemas": [SCHEMA_SCHEMA], **copy.deepcopy(schema)}
        attributes = KEPT[schema["id"]]
        schema["attributes"] = [a for a in schema["attributes"] if a["name"] in attributes]
        for attribute in schema["attributes"]:
            subs, changes = attributes[attribute["name"]]
            attribute.update(changes)
            if subs is not None:
                attribute["subAttributes"] = [
                    {**sub, **SUB_CHANGES.get((attribute["name"], sub["name"]), {})}
                    for sub in attribute.get("subAttributes", [])
                    if sub["name"] in subs
                ]
        kept.append(schema)
    return kept


SCHEMAS = _kept_schemas()


def schemas() -> list[dict]:
    return SCHEMAS


# --- What a client asked to see --------------------------------------------------------

ALWAYS = {"id", "schemas"}


def _asked(request, name: str) -> set[str]:
    """The attribute names in `attributes` or `excludedAttributes` (RFC 7644 §3.4.2.5), of
    the query or of a search's body, lower case, without their schema's URN."""
    raw = request.GET.get(name) if request is not None else None
    if raw is None and request is not None and request.path.endswith("/.search"):
        try:
            raw = json.loads(request.body or b"{}").get(name)
        except (ValueError, AttributeError):
            raw = None
    if isinstance(raw, list):
        raw = ",".join(str(item) for item in raw)
    names = set()
    for item in str(raw or "").split(","):
        item = item.strip()
        if item.lower().startswith("urn:"):
            item = item.rsplit(":", 1)[-1]
        if item:
            names.add(item.lower())
    return names


def _assigned(value):
    if isinstance(value, dict):
        return {key: sub for key, sub in value.items() if sub not in (None, "", [])}
    return value


def shown(resource: dict, request) -> dict:
    """A resource as the client asked for it: unassigned attributes left out, then only
    the attributes asked for, or all but those excluded (id and schemas always)."""
    resource = {key: _assigned(value) for key, value in resource.items()}
    resource = {
        key: value
        for key, value in resource.items()
        if value not in (None, "", [], {}) or isinstance(value, bool)
    }
    asked, excluded = _asked(request, "attributes"), _asked(request, "excludedAttributes")

    def wanted(name: str) -> bool:  # "name" or "name.givenname"
        whole = name.split(".")[0]
        if asked:
            return name in asked or whole in asked
        return name not in excluded and whole not in excluded

    result = {}
    for key, value in resource.items():
        if key in ALWAYS:
            result[key] = value
        elif isinstance(value, dict) and key != "meta":
            subs = {sub: v for sub, v in value.items() if wanted(f"{key}.{sub}".lower())}
            if subs:
                result[key] = subs
        elif wanted(key.lower()):
            result[key] = value
    return result


# --- What a client sends --------------------------------------------------------------

ANY_TEXT = (str,)
USER_SHAPE = {
    "userName": ANY_TEXT,
    "externalId": ANY_TEXT,
    "displayName": ANY_TEXT,
    "active": (bool,),
    "name": {"givenName": ANY_TEXT, "familyName": ANY_TEXT, "formatted": ANY_TEXT},
    "emails": [{"value": ANY_TEXT, "type": ANY_TEXT, "primary": (bool,), "display": ANY_TEXT}],
}
GROUP_SHAPE = {
    "displayName": ANY_TEXT,
    "externalId": ANY_TEXT,
    "members": [{"value": (str, int), "$ref": ANY_TEXT, "type": ANY_TEXT, "display": ANY_TEXT}],
}


def _check_shape(value, shape, name: str = "the resource") -> None:
    """400 (invalidSyntax) when an attribute the product reads is not of its type; an
    attribute it does not read is left alone. null is an attribute not given."""
    if value is None:
        return
    if isinstance(shape, tuple):
        if "\x00" in str(value):
            raise exceptions.BadRequestError(f"{name} holds a NUL.", scim_type="invalidValue")
        if isinstance(value, shape) and not (bool not in shape and isinstance(value, bool)):
            return
    elif isinstance(shape, dict) and isinstance(value, dict):
        for key, sub in shape.items():
            _check_shape(value.get(key), sub, key)
        return
    elif isinstance(shape, list):
        # One address may come as an object (OneLogin does), as well as a list.
        items = [value] if isinstance(value, dict) and name == "emails" else value
        if isinstance(items, list):
            for item in items:
                _check_shape(item, shape[0], name)
            return
    raise exceptions.BadRequestError(f"{name} is not of its type.", scim_type="invalidSyntax")


def _fits(obj) -> None:
    """400, not a database error, for a text longer than its column."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.max_length and isinstance(value, str) and len(value) > field.max_length:
            raise exceptions.BadRequestError(
                f"{field.name} is longer than {field.max_length} characters.",
                scim_type="invalidValue",
            )


def _stored(obj) -> None:
    _fits(obj)
    obj.save()


class Operations:
    """PATCH operations, checked before the library reads them."""

    def handle_operations(self, operations):
        if not isinstance(operations, list) or not all(
            isinstance(op, dict) and isinstance(op.get("op"), str) for op in operations
        ):
            raise exceptions.BadRequestError(
                "Operations is a list of objects with an op.", scim_type="invalidSyntax"
            )
        for operation in operations:
            if operation.get("path") is not None and not isinstance(operation["path"], str):
                raise exceptions.BadRequestError("path is text.", scim_type="invalidPath")
        try:
            super().handle_operations(operations)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            # A value the attribute cannot take, or no path and no object to say where.
            raise exceptions.BadRequestError(str(error), scim_type="invalidValue") from None


# --- People ---------------------------------------------------------------------------


def _truth(value):
    """Entra ID sends booleans in PATCH as the strings "True" and "False"."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _leaver_key(user: User) -> str:
    return f"scim-{user.pk}"


def _relative_endpoint(resource_type: dict) -> dict:
    """A resource type's endpoint is relative to the base URL (RFC 7643 §6): "/Users"."""
    return {**resource_type, "endpoint": "/" + resource_type["endpoint"].rstrip("/").split("/")[-1]}


class ScimUser(Operations, SCIMUser):
    @classmethod
    def resource_type_dict(cls, request=None):
        return _relative_endpoint(super().resource_type_dict(request))

    def __init__(self, obj, request=None):
        super().__init__(obj, request)
        # Whether they were active before this request (None: they are new).
        self._was_active = obj.is_active if obj.pk else None
        self._rights_before = roles_of(obj) if obj.pk else None

    def to_dict(self):
        resource = super().to_dict()
        resource["name"] = {"givenName": self.obj.first_name, "familyName": self.obj.last_name}
        resource["emails"] = [{"value": self.obj.email, "type": "work"}] if self.obj.email else []
        resource["preferredLanguage"] = self.obj.language
        return shown(resource, self.request)

    def validate_dict(self, d):
        if "active" in d:
            d["active"] = _truth(d["active"])
        _check_shape(d, USER_SHAPE)
        super().validate_dict(d)
        if not str(d.get("userName") or "").strip():
            raise exceptions.BadRequestError("userName is required.", scim_type="invalidValue")

    def from_dict(self, d):
        d = {key: value for key, value in d.items() if key != "password"}
        super().from_dict(d)
        self.obj.username = self.obj.username.strip()
        self.obj.scim_external_id = self.obj.scim_external_id or None
        if not self.obj.pk:
            self.obj.set_unusable_password()

    def save(self):
        user = self.obj
        _fits(user)
        taken = User.objects.filter(username__iexact=user.username).exclude(pk=user.pk)
        if taken.exists():
            raise exceptions.IntegrityError(
                f"userName {user.username!r} is taken.", scim_type="uniqueness"
            )
        try:
            with transaction.atomic():
                user.save()
                self._followed_through()
        except IntegrityError as error:
            raise exceptions.IntegrityError(str(error), scim_type="uniqueness") from None

    def _followed_through(self):
        user = self.obj
        if self._rights_before is not None:
            role_changed(
                user=user, before=self._rights_before, actor=self.request.user, request=self.request
            )
            self._rights_before = roles_of(user)
        if self._was_active and not user.is_active:
            person_left(email=user.email, full_name=str(user), key=_leaver_key(user))
        elif self._was_active is False and user.is_active:
            person_returned(email=user.email, key=_leaver_key(user))
        self._was_active = user.is_active

    def delete(self):
        """Kept, deactivated and no longer a SCIM resource: their history stays with their
        programs."""
        self.obj.is_active = False
        self.obj.scim_id = None
        self.obj.scim_external_id = None
        self.save()

    # PATCH: replace (and add, for single values) set attributes; remove empties them.

    def handle_path_and_value(self, path, value, operation):
        if path is not None and path.first_path.attr_name == "active":
            value = _truth(value)
        super().handle_path_and_value(path, value, operation)

    def handle_add(self, path, value, operation):
        self.handle_replace(path, value, operation)

    def handle_replace(self, path, value, operation):
        self._set(path, value)
        self.save()

    def handle_remove(self, path, value, operation):
        attribute = _attribute(path)
        if attribute in (("active", None), ("userName", None)):
            raise exceptions.BadRequestError(
                f"{attribute[0]} cannot be removed.", scim_type="mutability"
            )
        self._set(path, [] if attribute[0] == "emails" else "")
        self.save()

    def _set(self, path, value):
        attribute = _attribute(path)
        if attribute == ("name", None):
            value = value if isinstance(value, dict) else {"givenName": "", "familyName": ""}
            for sub, column in (("givenName", "first_name"), ("familyName", "last_name")):
                if sub in value:
                    setattr(self.obj, column, str(value[sub] or "").strip())
            return
        columns = {
            ("userName", None): "username",
            ("name", "givenName"): "first_name",
            ("name", "familyName"): "last_name",
            ("givenName", None): "first_name",
            ("familyName", None): "last_name",
        }
        if attribute in columns:
            setattr(self.obj, columns[attribute], str(value or "").strip())
        elif attribute == ("active", None):
            value = _truth(value)
            if not isinstance(value, bool):
                raise exceptions.BadRequestError(
                    "active is true or false.", scim_type="invalidValue"
                )
            self.obj.is_active = value
        elif attribute == ("externalId", None):
            self.obj.scim_external_id = str(value or "").strip() or None
        elif attribute[0] == "emails":
            if isinstance(value, str):  # emails[type eq "work"].value
                self.validate_email(value)
                self.obj.email = value
            elif value:
                self.parse_emails(value)
            else:
                self.obj.email = ""
        elif attribute in (
            ("displayName", None),
            ("name", "formatted"),
            ("preferredLanguage", None),
        ):
            pass  # read only: made of the names; chosen by the person
        else:
            raise exceptions.BadRequestError(
                f"{path.first_path.attr_name} is not kept here.", scim_type="invalidPath"
            )


def _attribute(path) -> tuple[str, str | None]:
    """(attribute, sub-attribute) of a PATCH path; for emails[type eq "work"].value, the
    sub-attribute after the filter."""
    parts = list(path)
    return parts[0].attr_name, (parts[-1].sub_attr if path.is_complex else parts[0].sub_attr)


# --- Groups, and the coordinators among them ------------------------------------------


def _is_coordinators(group: ProvisionedGroup) -> bool:
    return group.name.strip().lower() == settings.SCIM_COORDINATORS_GROUP.strip().lower()


class ScimGroup(Operations, SCIMGroup):
    @classmethod
    def resource_type_dict(cls, request=None):
        return _relative_endpoint(super().resource_type_dict(request))

    def to_dict(self):
        return shown(super().to_dict(), self.request)

    def __init__(self, obj, request=None):
        super().__init__(obj, request)
        self._members = None  # the people a POST or PUT names, set when saved
        self._was_coordinators = bool(obj.pk) and _is_coordinators(obj)

    @property
    def members(self):
        return [
            {"value": person.id, "$ref": person.location, "type": "User"}
            for person in (ScimUser(user, self.request) for user in self.obj.members.all())
        ]

    def validate_dict(self, d):
        _check_shape(d, GROUP_SHAPE)
        super().validate_dict(d)
        if not str(d.get("displayName") or "").strip():
            raise exceptions.BadRequestError("displayName is required.", scim_type="invalidValue")

    def from_dict(self, d):
        super().from_dict(d)
        self.obj.name = self.obj.name.strip()[:150]
        self._members = _people(d.get("members") or [])

    def save(self):
        with transaction.atomic():
            before = set(self.obj.members.all()) if self.obj.pk else set()
            _stored(self.obj)
            if self._members is not None:
                self.obj.members.set(self._members)
            self._rights(before)

    def delete(self):
        with transaction.atomic():
            before = set(self.obj.members.all())
            self.obj.members.clear()
            self.obj.delete()
            self._rights(before, gone=True)

    def handle_add(self, path, value, operation):
        if path is None or _attribute(path)[0] != "members":
            return self.handle_replace(path, value, operation)
        before = set(self.obj.members.all())
        self.obj.members.add(*_people(value if isinstance(value, list) else [value]))
        self._rights(before)

    def handle_remove(self, path, value, operation):
        if _attribute(path) == ("externalId", None):
            self.obj.scim_external_id = None
            _stored(self.obj)
            return
        if _attribute(path)[0] != "members":
            raise exceptions.BadRequestError(
                "Only members and externalId can be removed.", scim_type="invalidPath"
            )
        before = set(self.obj.members.all())
        if path.is_complex:  # members[value eq "42"]
            ids = _filter_values(operation.get("path", ""))
        elif value:
            ids = [member.get("value") for member in value]
        else:
            ids = None  # all of them
        if ids is None:
            self.obj.members.clear()
        else:
            self.obj.members.remove(*User.objects.filter(scim_id__in=[str(i) for i in ids]))
        self._rights(before)

    def handle_replace(self, path, value, operation):
        attribute = _attribute(path)
        if attribute == ("members", None):
            before = set(self.obj.members.all())
            self.obj.members.set(_people(value or []))
            self._rights(before)
        elif attribute == ("displayName", None) and str(value or "").strip():
            self.obj.name = str(value).strip()[:150]
            _stored(self.obj)
            self._rights(set(self.obj.members.all()))
        elif attribute == ("externalId", None):
            self.obj.scim_external_id = str(value or "").strip() or None
            _stored(self.obj)
        else:
            raise exceptions.BadRequestError(
                "Only displayName, members and externalId can be changed.",
                scim_type="invalidPath",
            )

    def _rights(self, before: set, gone: bool = False):
        """Those who came into the coordinators' group are coordinators; those who left it
        (or all of it, when it is renamed or deleted) are participants again."""
        now = not gone and _is_coordinators(self.obj)
        after = set() if gone else set(self.obj.members.all())
        coordinators_before = before if self._was_coordinators else set()
        coordinators_after = after if now else set()
        joined = coordinators_after - coordinators_before
        left = coordinators_before - coordinators_after
        for user, role in [(u, User.Role.COORDINATOR) for u in joined] + [
            (u, User.Role.PARTICIPANT) for u in left
        ]:
            if user.role == role or user.is_superuser:
                continue
            rights = roles_of(user)
            user.role = role
            user.save(update_fields=["role"])
            role_changed(user=user, before=rights, actor=self.request.user, request=self.request)
        self._was_coordinators = now


def _people(members: list) -> list[User]:
    ids = [str(member.get("value")) for member in members if isinstance(member, dict)]
    if len(ids) != len(members):
        raise exceptions.BadRequestError('Each member is {"value": id}.', scim_type="invalidValue")
    people = list(User.objects.filter(scim_id__in=ids))
    if len(people) != len(set(ids)):
        raise exceptions.BadRequestError(
            "A member is not a person known here.", scim_type="invalidValue"
        )
    return people


def _filter_values(path: str) -> list[str]:
    """members[value eq "42"]: the ids the filter compares with."""
    return re.findall(r'value\s+eq\s+"([^"]*)"', path)
