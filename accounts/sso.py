"""Single sign-on with the company's OpenID Connect provider, through mozilla-django-oidc
(which checks state, nonce, PKCE and the ID token's signature against the provider's
keys). This module adds what the product decides: the provider's endpoints from its
discovery document, who may come in (an existing account with that verified email, or a
member of the coordinators' group), their role from the group claim when one is
configured, and that such a session needs no second step here (the provider has its own).
"""

import functools
import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .models import User
from .security import role_changed, roles_of
from .two_factor import SSO_SESSION_KEY

logger = logging.getLogger(__name__)
# mozilla-django-oidc's settings that the discovery document answers.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    # Not mozilla-django-oidc's: the issuer the ID tokens must name (Backend.verify_token).
    "OIDC_OP_ISSUER": "issuer",
}


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def password_login_allowed(user: User | None = None) -> bool:
    """Password login is on for everyone, or only for superusers once SSO is on and
    PASSWORD_LOGIN is false."""
    if settings.PASSWORD_LOGIN or not enabled():
        return True
    return user is not None and user.is_superuser


@functools.lru_cache(maxsize=4)
def _discovery(url: str) -> dict:
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    return response.json()


def _settings(attr, *args):
    if attr in DISCOVERED and not getattr(settings, attr, None):
        try:
            return _discovery(settings.OIDC_DISCOVERY_URL)[DISCOVERED[attr]]
        except (requests.RequestException, ValueError, KeyError) as error:
            raise ImproperlyConfigured(
                f"The OpenID Connect discovery document at {settings.OIDC_DISCOVERY_URL} "
                f"cannot be read: {error}"
            ) from error
    return getattr(settings, attr, *args)


class PasswordBackend(ModelBackend):
    """Passwords, for whom password login is allowed."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and password_login_allowed(user)


class Backend(OIDCAuthenticationBackend):
    get_settings = staticmethod(_settings)

    def __init__(self, *args, **kwargs):
        # Django makes every backend for every login: the provider's endpoints are read
        # only when its callback comes, so a password login never waits on the provider.
        self.UserModel = User

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or not {"code", "state"} <= set(request.GET):
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks the signature, the nonce and the expiry; an ID token must also
        be meant for this site (OpenID Connect Core 3.1.3.7): its audience is our client
        (and, among several audiences, the authorised party), its issuer our provider."""
        payload = super().verify_token(token, **kwargs)
        client_id = self.get_settings("OIDC_RP_CLIENT_ID")
        audiences = payload.get("aud")
        audiences = audiences if isinstance(audiences, list) else [audiences]
        if client_id not in audiences or (len(audiences) > 1 and payload.get("azp") != client_id):
            raise SuspiciousOperation("The ID token is meant for another application.")
        if payload.get("iss") != self.get_settings("OIDC_OP_ISSUER"):
            raise SuspiciousOperation("The ID token was issued by another provider.")
        return payload

    def _email(self, claims) -> str:
        return str(claims.get(settings.OIDC_EMAIL_CLAIM) or "").strip()

    def verify_claims(self, claims):
        verified = claims.get("email_verified") is True or not settings.OIDC_REQUIRE_VERIFIED_EMAIL
        return bool(self._email(claims)) and verified

    def filter_users_by_claims(self, claims):
        return User.objects.filter(email__iexact=self._email(claims), is_active=True)

    def _coordinator(self, claims) -> bool | None:
        """What the group claim says, or None when roles are kept in the product."""
        if not settings.OIDC_COORDINATOR_GROUP:
            return None
        groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        return settings.OIDC_COORDINATOR_GROUP in groups

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("No verified email in the provider's claims.")
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) > 1:
            raise SuspiciousOperation("Two accounts have this email.")
        coordinator = self._coordinator(claims)
        if not users:
            email = self._email(claims)
            if not coordinator:
                return None  # nobody is let in without an account, but coordinators
            if User.objects.filter(email__iexact=email, is_active=False).exists():
                return None  # deactivated (by a coordinator or the provisioning): stays so
            username = email[:150]
            if User.objects.filter(username=username).exists():  # someone else's name
                username = f"{email[:140]}-{get_random_string(6)}"
            return User.objects.create_user(
                username=username,
                email=email,
                first_name=str(claims.get("given_name", ""))[:150],
                last_name=str(claims.get("family_name", ""))[:150],
                role=User.Role.COORDINATOR,
            )
        user = users[0]
        if coordinator is not None and not user.is_superuser:
            role = User.Role.COORDINATOR if coordinator else User.Role.PARTICIPANT
            if user.role != role:
                before = roles_of(user)
                user.role = role
                user.save(update_fields=["role"])
                # In the security log, as the provider's doing (no actor in the product).
                role_changed(user=user, before=before, actor=None, request=self.request)
        return user


def _unreachable(request):
    messages.error(
        request,
        _(
            "The company's sign-in service cannot be reached right now. Try again in a few "
            "minutes; nothing was changed."
        ),
    )
    return redirect("accounts:login")


class LoginStart(OIDCAuthenticationRequestView):
    """To the provider, with state, nonce and a PKCE challenge kept in the session."""

    get_settings = staticmethod(_settings)

    def __init__(self, *args, **kwargs):
        pass  # the provider's endpoints are read at the request, from its discovery document

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            super().__init__()
        except ImproperlyConfigured:
            logger.exception("SSO: the provider's discovery document cannot be read")
            return _unreachable(request)
        return super().get(request)


class LoginCallback(OIDCAuthenticationCallbackView):
    """Back from the provider: in, or back to the login page with the reason."""

    get_settings = staticmethod(_settings)

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except (requests.RequestException, ImproperlyConfigured):
            # The provider (its token, keys or user info) did not answer as it should.
            logger.exception("SSO: the provider did not answer the callback's requests")
            return _unreachable(request)

    def login_success(self):
        response = super().login_success()
        self.request.session[SSO_SESSION_KEY] = True
        return response

    def login_failure(self):
        if self.request.GET.get("error"):
            logger.info("SSO refused by the provider: %s", self.request.GET.get("error"))
        messages.error(
            self.request,
            _(
                "Single sign-on did not let you in. Your company account has no access to this "
                "site yet: ask Human Resources to add you to a program."
            ),
        )
        return super().login_failure()

    @property
    def failure_url(self):
        return "/accounts/login/"
