"""The registry of the actions a program's audit log records: each app names the actions it
records, at start-up, with the words the activity log shows for them. Below the models,
which read a label from it, and the audit service, which refuses an unnamed action."""

from django.utils.functional import Promise

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


def action_known(name: str) -> bool:
    return name in _actions
