from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # this module declares the admin's too
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from notifications.registry import register

        from . import security
        from .emails import password_reset_message

        user_login_failed.connect(security.login_failed, dispatch_uid="security-login-failed")
        user_locked_out.connect(security.login_locked, dispatch_uid="security-login-locked")

        register(
            "accounts.password_reset",
            label=_("Password reset"),
            build=password_reset_message,
        )


class AdminConfig(admin_apps.AdminConfig):
    """The Django admin, on a site behind the second step (accounts.admin_site)."""

    default = False
    default_site = "accounts.admin_site.AdminSite"
