"""The five phases of a program, in the guide's order: each app reports its own status and
this module, above them all, puts them together for the dashboard."""

from dataclasses import dataclass
from typing import Literal

import evaluation.selectors
import matching.selectors
import preparation.selectors
import programs.selectors
import sessions.selectors
from programs.freshness import kept
from programs.models import Program
from programs.phases import PhaseStatus

# (facts for many programs, status of one program from its facts), in the guide's order.
PHASES = (
    (programs.selectors.phase_facts, programs.selectors.phase_status),  # 1. Define el objetivo
    (matching.selectors.phase_facts, matching.selectors.phase_status),  # 2. Selecciona
    (preparation.selectors.phase_facts, preparation.selectors.phase_status),  # 3. Prepararse
    (sessions.selectors.phase_facts, sessions.selectors.phase_status),  # 4. Reunión regular
    (evaluation.selectors.phase_facts, evaluation.selectors.phase_status),  # 5. Evaluación
)


@dataclass(frozen=True)
class PhaseView:
    status: PhaseStatus
    # "open": before the current phase, with work left (pairs meeting while some goals
    # are still to be written).
    state: Literal["done", "open", "current", "upcoming"]


def phases_facts(programs: list[Program]) -> list[dict[int, dict]]:
    """What every phase reports, for many programs in a fixed number of queries; kept
    until a program's data changes (see programs.freshness)."""

    def compute(missing: list[Program]) -> dict[int, list[dict]]:
        facts = [facts_of(missing) for facts_of, _status in PHASES]
        return {program.pk: [phase[program.pk] for phase in facts] for program in missing}

    by_program = kept("phases", programs, compute)
    return [
        {program.pk: by_program[program.pk][number] for program in programs}
        for number in range(len(PHASES))
    ]


def program_phases(program: Program, facts: list[dict[int, dict]] | None = None) -> list[PhaseView]:
    """The phases in order. The current one follows what has happened: the latest phase
    that has started (pairs meeting: phase 4), or the first not done if that is later.
    Before it, each phase is done or still open; after it, upcoming. A phase can only be
    done once every earlier phase is."""
    facts = facts if facts is not None else phases_facts([program])
    statuses = [
        status_of(program, phase_facts[program.pk])
        for (_facts_of, status_of), phase_facts in zip(PHASES, facts, strict=True)
    ]
    first_not_done = next(
        (index for index, status in enumerate(statuses) if not status.is_done), None
    )
    if first_not_done is None:
        return [PhaseView(status=status, state="done") for status in statuses]
    last_started = max(
        (index for index, status in enumerate(statuses) if status.started), default=0
    )
    current = max(first_not_done, last_started)
    return [
        PhaseView(
            status=status,
            state="current"
            if index == current
            else "upcoming"
            if index > current
            else "done"
            if index < first_not_done
            else "open",
        )
        for index, status in enumerate(statuses)
    ]


@dataclass(frozen=True)
class ProgramRow:
    """One program of the list: its current phase and next action, and its counts."""

    program: Program
    current: PhaseView | None  # None once every phase is done
    candidates: int
    pairs: int
    waiting: int
    at_risk: int

    @property
    def phase_number(self) -> int:
        return self.current.status.number if self.current else len(PHASES) + 1


def program_rows(programs: list[Program]) -> list[ProgramRow]:
    """The program list's rows, in a fixed number of queries whatever the number of
    programs."""
    facts = phases_facts(programs)
    selection, meetings = facts[1], facts[3]
    rows = []
    for program in programs:
        phases = program_phases(program, facts)
        candidates = selection[program.pk]["candidates"]
        rows.append(
            ProgramRow(
                program=program,
                current=next((phase for phase in phases if phase.state == "current"), None),
                candidates=candidates["total"],
                pairs=selection[program.pk]["pairs"]["current"],
                waiting=candidates["waiting"],
                at_risk=meetings[program.pk]["at_risk"] + meetings[program.pk]["inactive"],
            )
        )
    return rows
