"""The five phases of a program and how the dashboard shows them.

Each phase belongs to the app that implements it and reports its own status through a
function named in settings.PROGRAM_PHASES, so this module never imports a later app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .models import Program

PHASE_TITLES = {
    1: _("Define the objective"),
    2: _("Select the participants"),
    3: _("Prepare to start"),
    4: _("Regular meetings"),
    5: _("Final evaluation"),
}


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class PhaseStatus:
    """What one phase reports about a program: is it done, its figures, what to do next."""

    number: int
    is_done: bool
    summary: str
    counts: list[tuple[str, int | str]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    action: Action | None = None

    @property
    def title(self) -> str:
        return PHASE_TITLES[self.number]


@dataclass(frozen=True)
class PhaseView:
    status: PhaseStatus
    state: Literal["done", "current", "upcoming"]


@cache
def _phase_functions() -> list[Callable[[Program], PhaseStatus]]:
    return [import_string(path) for path in settings.PROGRAM_PHASES]


def program_phases(program: Program) -> list[PhaseView]:
    """The phases in order: those done, then the current one (the first not done), then
    the upcoming ones. A phase can only be done once every earlier phase is."""
    views = []
    current_found = False
    for status_of in _phase_functions():
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
