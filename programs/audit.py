"""The program's audit log: one service to record an action, and a registry in which each
app names the actions it records, with the words the activity log shows for them."""

from django.utils.functional import Promise

from accounts.models import User

from .models import Program, ProgramLogEntry

_actions: dict[str, Promise] = {}


def actions_register(actions: dict[str, Promise]) -> None:
    """Called by each app at start-up: {"<app>.<action>": label}."""
    for name, label in actions.items():
        app, _dot, what = name.partition(".")
        if not app or not what:
            raise ValueError(f"An audited action is named '<app>.<action>', not {name!r}.")
        _actions[name] = label


def action_label(name: str) -> str:
    return str(_actions.get(name, name))


def log_action(
    program: Program, actor: User | None, action: str, data: dict | None = None
) -> ProgramLogEntry:
    """Record that `actor` did `action` on `program`. Unknown actions are refused, so a
    typo never writes an entry nobody can read."""
    if action not in _actions:
        raise ValueError(f"The action {action!r} is not registered (programs.audit).")
    return ProgramLogEntry.objects.create(
        program=program, actor=actor, action=action, data=data or {}
    )
