from django.utils.translation import gettext as _

from programs.models import Program
from programs.phases import PhaseStatus


def phase_status(program: Program) -> PhaseStatus:
    """Phase 2, "Selecciona los participantes"."""
    return PhaseStatus(
        number=2,
        is_done=False,
        summary=_("Open call, intake questionnaire with skill self-ratings, pairing."),
        steps=[
            _("Communicate the open process to take part"),
            _("List some potential candidates"),
            _("Collect information about the candidates"),
            _("Pair each mentor with a mentee"),
            _("Publish the final list of pairs"),
        ],
    )
