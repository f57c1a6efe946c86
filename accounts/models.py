from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: HR staff who coordinate programs, or a participant."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator (HR staff)")
        PARTICIPANT = "participant", _("Participant")

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the pages and the emails this person receives."),
    )
    receives_reminders = models.BooleanField(
        _("send me reminders"),
        default=True,
        help_text=_("Reminders of meetings, tasks and goal phases. Invitations are always sent."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_coordinator(self) -> bool:
        """Coordinators run programs; superusers may do everything a coordinator does."""
        return self.is_superuser or self.role == self.Role.COORDINATOR
