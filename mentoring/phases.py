"""The five phases of a program, in the guide's order: each app reports its own status and
this module, above them all, puts them together for the dashboard."""

from dataclasses import dataclass
from typing import Literal

import evaluation.selectors
import matching.selectors
import preparation.selectors
import programs.selectors
import sessions.selectors
from programs.models import Program
from programs.phases import PhaseStatus

PHASES = (
    programs.selectors.phase_status,  # 1. Define el objetivo
    matching.selectors.phase_status,  # 2. Selecciona los participantes
    preparation.selectors.phase_status,  # 3. Prepararse para empezar
    sessions.selectors.phase_status,  # 4. Reunión regular
    evaluation.selectors.phase_status,  # 5. Evaluación final
)


@dataclass(frozen=True)
class PhaseView:
    status: PhaseStatus
    state: Literal["done", "current", "upcoming"]


def program_phases(program: Program) -> list[PhaseView]:
    """The phases in order: those done, then the current one (the first not done), then
    the upcoming ones. A phase can only be done once every earlier phase is."""
    views = []
    current_found = False
    for status_of in PHASES:
        status = status_of(program)
        if status.is_done and not current_found:
            state = "done"
        elif not current_found:
            state = "current"
            current_found = True
        else:
            state = "upcoming"
        views.append(PhaseView(status=status, state=state))
    return views
