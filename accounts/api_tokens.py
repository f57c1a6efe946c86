"""The coordinators' API tokens: made (shown once), revoked, and recognised. A token is
random (256 bits), so a SHA-256 of it is enough at rest; each event is in the security log."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, SecurityEvent, User

PREFIX = "rm_"
# How long a new token lasts, in days, as offered when making one.
LIFETIMES = (30, 90, 365)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int, scope: str = ApiToken.Scope.API, ip_address=None
) -> tuple[ApiToken, str]:
    """A new token for this coordinator (a SCIM token: for this superuser); returns it with
    its secret, never shown again."""
    if scope == ApiToken.Scope.SCIM and not user.is_superuser:
        raise PermissionError("Only a superuser makes SCIM tokens.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=secret[:10],
        digest=_digest(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.API_TOKEN_CREATED,
        actor=user,
        username=user.username,
        ip_address=ip_address,
        data={"token": token.pk, "name": name, "days": days, "scope": scope},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, ip_address=None) -> None:
    if token.revoked_at:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.API_TOKEN_REVOKED,
        actor=actor,
        username=token.user.username,
        ip_address=ip_address,
        data={"token": token.pk, "name": token.name},
    )


def api_token_user(secret: str, scope: str = ApiToken.Scope.API) -> ApiToken | None:
    """The token these characters are, if it may be used now for this (not revoked, not
    expired, its coordinator still active; a SCIM token's maker still a superuser)."""
    if not secret.startswith(PREFIX):
        return None
    tokens = ApiToken.objects.select_related("user").filter(
        digest=_digest(secret),
        scope=scope,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        user__is_active=True,
    )
    if scope == ApiToken.Scope.SCIM:
        tokens = tokens.filter(user__is_superuser=True)
    return tokens.first()


def api_token_used(*, token: ApiToken, method: str, path: str, ip_address=None) -> None:
    """Each use, in the security log (what was asked, from where)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.API_TOKEN_USED,
        actor=token.user,
        username=token.user.username,
        ip_address=ip_address,
        data={"token": token.pk, "method": method, "path": path[:300]},
    )
