"""The outbox: every email the product sends is a row here first, whichever app writes it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One email: created once per kind, address and key (the object and period it is
    about), claimed before it is sent, so nothing goes out twice.

    Pending -> sending (claimed, with a lease) -> sent. A transient failure (the mail server
    unreachable, busy or answering 4xx) sends it back to pending with a later
    `next_attempt_at`, for a day; a permanent one (5xx, or a message that cannot be
    written) is failed at once with its reason. A claim whose lease expired (the worker
    died) is taken back by the sweeper.

    `kind` names a kind of message registered by the app that writes it (see
    `notifications.registry`); this app knows none of them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    # A person with an account, or nobody (an applicant is written to at their address).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(_("address"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The object the kind is about (a meeting, a program, an application…: the kind says which).
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The object and period the message belongs to ("12", "12:3", "12:2026-W48"): part of
    # the uniqueness, so a reminder goes out once per object and period.
    key = models.CharField(max_length=80, blank=True, default="")
    # What lists the message, such as a program ("program:12"), for the people who follow it.
    group = models.CharField(max_length=40, blank=True, default="", db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "email", "key"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["kind", "about_id"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"
