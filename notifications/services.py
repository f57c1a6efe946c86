"""Writes of the outbox: queue an email once, and send it after the transaction commits."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from jobs.queue import enqueue_on_commit

from . import registry
from .models import Notification
from .tasks import notification_send


def _key(about: int | None, period: str) -> str:
    return ":".join(str(part) for part in (about, period) if part not in (None, ""))


def _queue(*, kind: str, email: str, language: str, recipient, key: str, **fields):
    notification, created = Notification.objects.get_or_create(
        kind=kind,
        email=email,
        key=key,
        defaults={"recipient": recipient, "language": language, **fields},
    )
    if created:
        enqueue_on_commit(notification_send, notification.pk)
    return notification, created


def notify(
    *,
    kind: str,
    recipients: Iterable,
    about: int | None = None,
    period: str = "",
    group: str = "",
) -> list[int]:
    """Queue one email of this kind per recipient (users, with the `language` and
    `receives_reminders` of the project's user model) about this object and period, once:
    a second call for the same ones creates nothing. Reminders skip whoever turned them
    off; nobody inactive is written to. Returns the ids of the emails just queued."""
    spec = registry.kind(kind)
    created_ids = []
    for user in recipients:
        if user is None or not user.is_active or not user.email:
            continue
        if spec.is_reminder and not user.receives_reminders:
            continue
        notification, created = _queue(
            kind=kind,
            email=user.email,
            language=user.language,
            recipient=user,
            key=_key(about, period),
            about_id=about,
            group=group,
        )
        if created:
            created_ids.append(notification.pk)
    return created_ids


def notify_address(
    *,
    kind: str,
    email: str,
    language: str,
    about: int | None = None,
    period: str = "",
    group: str = "",
) -> Notification | None:
    """Queue one email to an address without an account (an applicant), once per kind,
    object and period. Returns it when it was just queued."""
    registry.kind(kind)
    notification, created = _queue(
        kind=kind,
        email=email,
        language=language,
        recipient=None,
        key=_key(about, period),
        about_id=about,
        group=group,
    )
    return notification if created else None


@transaction.atomic
def notification_requeue(*, notification: Notification) -> bool:
    """Send a failed email again (the coordinator asks, or a second welcome is requested)."""
    requeued = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.FAILED
    ).update(status=Notification.Status.PENDING, next_attempt_at=timezone.now())
    if requeued:
        enqueue_on_commit(notification_send, notification.pk)
    return bool(requeued)
