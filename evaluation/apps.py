from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from notifications.registry import register
        from programs.audit import actions_register

        from .audiences import register_audiences
        from .emails import closing_message, comparison_message, questionnaire_message
        from .reminders import register_closing, register_touchpoints

        register_audiences()
        register_touchpoints()
        register_closing()
        register(
            "evaluation.closing",
            label=_("Closing message of a program"),
            build=closing_message,
            is_reminder=False,
        )

        register(
            "evaluation.questionnaire_invitation",
            label=_("Questionnaire invitation"),
            build=questionnaire_message,
        )
        register(
            "evaluation.questionnaire_reminder",
            label=_("Questionnaire reminder"),
            build=questionnaire_message,
            is_reminder=True,
        )
        register(
            "evaluation.comparison_invitation",
            label=_("Skill self-rating for the people left waiting (comparison group)"),
            build=comparison_message,
        )
        actions_register(
            {
                "evaluation.comparison_invited": _(
                    "asked the people left waiting to rate their skills (comparison group)"
                ),
                "evaluation.midpoint_launched": _("launched the mid-program check-in"),
                "evaluation.launched": _("launched the final evaluation"),
                "evaluation.report_requested": _("requested the evaluation report"),
                "evaluation.results_exported": _("downloaded the evaluation's results"),
            }
        )
