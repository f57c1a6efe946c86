from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scim.models import AbstractSCIMGroupMixin, AbstractSCIMUserMixin


class User(AbstractSCIMUserMixin, AbstractUser):
    """A person who signs in: HR staff who coordinate programs, or a participant. The SCIM
    fields (scim_id, given when the person is saved first; the identity provider's
    externalId) let Entra ID or Okta provision them (mentoring.scim)."""

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
    # Whether they set up two-step verification (accounts.two_factor keeps it in step with
    # their devices), read with the user: no query on every page to know it.
    two_factor = models.BooleanField(_("two-step verification"), default=False)
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
    def scim_groups(self):
        # The manager: django-scim2 calls .all() on it, which a prefetch then serves.
        return self.provisioned_groups

    @property
    def is_coordinator(self) -> bool:
        """Coordinators run programs; superusers may do everything a coordinator does."""
        return self.is_superuser or self.role == self.Role.COORDINATOR


class SecurityEvent(models.Model):
    """What happened to accounts that someone may have to answer for: logins that failed
    or were locked, roles given or taken. (Program events, such as exports of personal
    data, are in each program's log.)"""

    class Kind(models.TextChoices):
        LOGIN_FAILED = "login_failed", _("Login failed")
        LOGIN_LOCKED = "login_locked", _("Login locked after repeated failures")
        LOGIN_UNLOCKED = "login_unlocked", _("Login lock lifted")
        ROLE_CHANGED = "role_changed", _("Role changed")
        API_TOKEN_CREATED = "api_token_created", _("API token created")
        API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
        API_TOKEN_USED = "api_token_used", _("API token used")

    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    # Who did it (the coordinator who changed a role); empty for a failed login.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The account concerned, as typed (a failed login may name no account at all).
    username = models.CharField(_("account"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username}"


class ApiToken(models.Model):
    """A coordinator's key to the REST API, for an HR system or a reporting tool: it acts
    as that coordinator, on their programs only. Or a superuser's key for the identity
    provider's SCIM provisioning of people. Only a hash is kept; the token is shown once,
    when it is made."""

    class Scope(models.TextChoices):
        API = "api", _("The REST API, as you")
        SCIM = "scim", _("Provisioning people (SCIM), for Entra ID or Okta")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("what it is for"), max_length=100)
    scope = models.CharField(_("used for"), max_length=10, choices=Scope.choices, default=Scope.API)
    # The token's first characters, to recognise it in the list (not enough to use it).
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ProvisionedGroup(AbstractSCIMGroupMixin):
    """A group of people as the identity provider keeps it (SCIM Groups). Membership of
    the group named in SCIM_COORDINATORS_GROUP makes a person a coordinator."""

    name = models.CharField(_("name"), max_length=150)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="provisioned_groups"
    )

    class Meta:
        verbose_name = _("provisioned group")
        verbose_name_plural = _("provisioned groups")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
