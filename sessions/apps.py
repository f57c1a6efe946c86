from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    # django.contrib.sessions already owns the label "sessions".
    name = "sessions"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from notifications.registry import register
        from programs.audit import actions_register

        from .audiences import register_audiences
        from .emails import concern_message, pair_message
        from .reminders import register_touchpoints

        register_audiences()
        register_touchpoints()

        for name, label, is_reminder in (
            ("meeting_invitation", _("Meeting invitation"), False),
            ("meeting_cancelled", _("Meeting cancelled"), False),
            ("meeting_tomorrow", _("Meeting tomorrow"), True),
            ("meeting_not_logged", _("Meeting not logged"), True),
            ("pair_inactive", _("No meeting for too long"), True),
            ("task_due", _("Task due soon"), True),
            ("task_overdue", _("Task overdue"), True),
            ("phase_overdue", _("Goal phase overdue"), True),
            ("monthly_pulse", _("How is it going? (pulse)"), True),
            ("midpoint_check_in", _("Mid-program check-in"), True),
        ):
            register(f"sessions.{name}", label=label, build=pair_message, is_reminder=is_reminder)
        for name, label in (
            ("concern_raised", _("Concern raised (to the coordinators)")),
            ("concern_waiting", _("Concern waiting for an answer (to the coordinators)")),
            ("concern_message", _("New message on a concern (to the coordinators)")),
            ("concern_reply", _("Answer to a concern (to the person who raised it)")),
        ):
            register(f"sessions.{name}", label=label, build=concern_message)
        actions_register(
            {
                "sessions.agreement_confirmed": _("confirmed their pair’s agreement"),
                "sessions.concern_closed": _("closed a concern"),
            }
        )
