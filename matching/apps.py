from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Selection and matching")

    def ready(self):
        from directory.leavers import register as leavers_register
        from notifications.registry import register
        from programs.audit import actions_register

        from . import emails
        from .audiences import register_audiences
        from .leavers import candidates_leave, pairs_with_leavers
        from .pairing.services import register_touchpoints

        register_audiences()
        register_touchpoints()
        leavers_register(pairs_with_leavers)
        leavers_register(candidates_leave)
        register(
            "matching.invitation",
            label=_("Invitation to apply"),
            build=emails.invitation_message,
        )
        register(
            "matching.leaver_in_pair",
            label=_("Someone in a pair left the organisation"),
            build=emails.leaver_in_pair_message,
        )
        register(
            "matching.application_confirmation",
            label=_("Application confirmation"),
            build=emails.application_confirmation_message,
        )
        register(
            "matching.application_link",
            label=_("Private link to an application"),
            build=emails.application_link_message,
        )
        register(
            "matching.pair_published",
            label=_("Pair published"),
            build=emails.pair_published_message,
        )
        register(
            "matching.pair_status",
            label=_("Pair paused, resumed or ended"),
            build=emails.pair_status_message,
        )
        register(
            "matching.choose_mentors",
            label=_("Invitation to choose a mentor"),
            build=emails.choose_mentors_message,
        )
        register(
            "matching.mentor_request",
            label=_("A mentee asks a mentor"),
            build=emails.mentor_request_message,
        )
        register(
            "matching.request_reminder",
            label=_("Reminder of a request to answer"),
            build=emails.mentor_request_message,
        )
        register(
            "matching.request_answered",
            label=_("A mentor's answer to a request"),
            build=emails.request_answered_message,
        )
        register(
            "matching.waiting_list",
            label=_("Waiting for a pair"),
            build=emails.waiting_list_message,
        )
        actions_register(
            {
                "matching.call_opened": _("opened the call for candidates"),
                "matching.call_closed": _("closed the call for candidates"),
                "matching.candidates_imported": _("imported candidates"),
                "matching.mentees_invited_to_choose": _("invited the mentees to choose a mentor"),
                "matching.request_extended": _("gave a mentor more time to answer a request"),
                "matching.people_invited": _("invited people of the HR directory to apply"),
                "matching.candidate_erased": _("erased a candidate's personal data"),
                "matching.pairs_published": _("published the final list of pairs"),
                "matching.candidates_exported": _("downloaded the candidates' data"),
                "matching.candidate_data_exported": _(
                    "downloaded everything held about a candidate"
                ),
                "matching.pairs_exported": _("downloaded the list of pairs"),
                "matching.pair_paused": _("paused a pair"),
                "matching.pair_resumed": _("resumed a pair"),
                "matching.pair_ended": _("ended a pair early"),
                "matching.pair_forbidden": _("forbade a pair"),
                "matching.ban_lifted": _("allowed a forbidden pair again"),
            }
        )
