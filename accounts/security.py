"""The accounts' security log: failed and locked logins (from Django's and django-axes'
signals, the documented hooks for them), locks lifted, and role changes."""

import datetime

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import SecurityEvent, User


def _address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        ip_address=_address(request),
    )


def login_locked(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOGIN_LOCKED,
        username=str(username or "")[:150],
        ip_address=ip_address or _address(request),
    )


ROLE_FIELDS = ("role", "is_staff", "is_superuser", "is_active")


def roles_of(user: User) -> dict:
    return {field: getattr(user, field) for field in ROLE_FIELDS}


def role_changed(*, user: User, before: dict, actor: User | None, request=None) -> None:
    """Record what changed in a person's rights, if anything did."""
    after = roles_of(user)
    changes = {
        field: [before[field], after[field]]
        for field in ROLE_FIELDS
        if before[field] != after[field]
    }
    if changes:
        SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.ROLE_CHANGED,
            actor=actor,
            username=user.get_username(),
            ip_address=_address(request),
            data=changes,
        )


def locked_out(usernames: QuerySet | list[str] | None = None) -> QuerySet[AccessAttempt]:
    """The logins locked now (by account), among these user names (None: everyone's)."""
    since = timezone.now() - (settings.AXES_COOLOFF_TIME or datetime.timedelta(days=3650))
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).exclude(username__isnull=True)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    return attempts.order_by("-attempt_time")


def login_unlock(*, username: str, actor: User, request=None) -> None:
    """Lift the lock on an account's login before its time is up, and say who did."""
    axes_reset(username=username)
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOGIN_UNLOCKED,
        actor=actor,
        username=username,
        ip_address=_address(request),
    )
