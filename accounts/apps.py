from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
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
