"""The program's audit log: one service to record an action, among those each app names in
the registry of `programs.actions`."""

from accounts.models import User

from .actions import action_known, action_label, actions_register
from .models import Program, ProgramLogEntry

__all__ = ["action_label", "actions_register", "log_action"]


def log_action(
    program: Program, actor: User | None, action: str, data: dict | None = None
) -> ProgramLogEntry:
    """Record that `actor` did `action` on `program`. Unknown actions are refused, so a
    typo never writes an entry nobody can read."""
    if not action_known(action):
        raise ValueError(f"The action {action!r} is not registered (programs.audit).")
    return ProgramLogEntry.objects.create(
        program=program, actor=actor, action=action, data=data or {}
    )
