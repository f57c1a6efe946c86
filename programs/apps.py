from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self):
        from notifications.registry import register

        from .audit import actions_register
        from .emails import program_message
        from .freshness import on_change, watch
        from .tasks import pages_redraw_schedule

        watch()
        on_change(pages_redraw_schedule)

        register(
            "programs.message", label=_("Message from the coordinators"), build=program_message
        )

        actions_register(
            {
                "programs.created": _("created the program"),
                "programs.duplicated": _("created the program as a copy of another"),
                "programs.updated": _("edited the objective"),
                "programs.catalogue_updated": _("updated the skill catalogue"),
                "programs.archived": _("archived the program"),
                "programs.restored": _("restored the program"),
                "programs.emails_retried": _("sent failed emails again"),
                "programs.message_sent": _("wrote to a group of the program's people"),
                "programs.journey_changed": _("changed the program's journey"),
                "programs.objectives_linked": _("linked the learning objectives to competences"),
            }
        )
