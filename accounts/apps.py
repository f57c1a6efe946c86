from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from notifications.registry import register

        from .emails import password_reset_message

        register(
            "accounts.password_reset",
            label=_("Password reset"),
            build=password_reset_message,
        )
