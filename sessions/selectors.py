from django.utils.translation import gettext as _

from programs.models import Program
from programs.phases import PhaseStatus


def preparation_phase_status(program: Program) -> PhaseStatus:
    """Phase 3, "Prepararse para empezar"."""
    return PhaseStatus(
        number=3,
        is_done=False,
        summary=_("Welcome communications, principles, mentor training and SMART goals."),
        steps=[
            _("Send the welcome communications"),
            _("Share the principles of reverse mentoring"),
            _("Share the general objective and the instructions to begin"),
            _("Set the mentoring goals with the goal-setting framework"),
            _("Give the mentors a basic training"),
        ],
    )


def meetings_phase_status(program: Program) -> PhaseStatus:
    """Phase 4, "Reunión regular"."""
    return PhaseStatus(
        number=4,
        is_done=False,
        summary=_("Each pair meets regularly and logs its progress."),
        steps=[
            _("Co-create the relationship: roles, schedule, place"),
            _("Set goals"),
            _("Share experiences, knowledge and advice"),
            _("Tasks and resources for the mentee"),
            _("Exchange and plan"),
        ],
    )
