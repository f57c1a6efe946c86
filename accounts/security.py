"""The accounts' security log: failed and locked logins (from Django's and django-axes'
signals, the documented hooks for them) and role changes."""

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


def role_changed(*, user: User, before: dict, actor: User, request=None) -> None:
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
