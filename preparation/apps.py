from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreparationConfig(AppConfig):
    name = "preparation"
    verbose_name = _("Preparation")

    def ready(self):
        from notifications.registry import register
        from programs.audit import actions_register

        from .audiences import register_audiences
        from .emails import training_reminder_message, welcome_message
        from .reminders import register_touchpoints

        register_audiences()
        register_touchpoints()
        register("preparation.welcome", label=_("Welcome"), build=welcome_message)
        register(
            "preparation.training_reminder",
            label=_("Training reminder"),
            build=training_reminder_message,
            is_reminder=True,
        )
        actions_register(
            {
                "preparation.welcome_sent": _("sent the welcome communications"),
                "preparation.guide_changed": _("changed the principles and instructions"),
                "preparation.training_gate_changed": _(
                    "changed whether mentors must complete their training first"
                ),
            }
        )
