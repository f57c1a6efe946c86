"""What each phase of a program reports about itself, for the dashboard.

Each phase belongs to the app that implements it and reports its status as a PhaseStatus
(from a `phase_status(program)` of its own); the composition in `mentoring/` puts the
five in order, so this module never knows a later app.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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
