from django.utils.translation import gettext as _

from programs.models import Program
from programs.phases import PhaseStatus


def phase_status(program: Program) -> PhaseStatus:
    """Phase 5, "Evaluación final"."""
    return PhaseStatus(
        number=5,
        is_done=False,
        summary=_("Questionnaires and interviews, results and PDF reports."),
        steps=[
            _("Questionnaires and interviews"),
            _("Improvement on the general objective"),
            _("Participant satisfaction"),
            _("Learning needs and outcomes"),
        ],
    )
