"""What the directory's leavers mean to the apps above it. The directory knows nothing of
programs or pairs: an app that does registers, at start-up, a function that is told who
left when an import is applied (inside its transaction) and answers with what the
coordinator should know, such as "Ana Ruiz left and mentors in the pair …"."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Flag:
    """One thing a leaver leaves behind, as shown after the import."""

    person: str
    what: str  # already in the coordinator's language when written
    link: str = ""


_watchers: list[Callable] = []


def register(watcher: Callable) -> None:
    """`watcher(emails: set[str]) -> list[Flag]`: emails in lower case."""
    if watcher not in _watchers:
        _watchers.append(watcher)


def leavers_flag(emails: set[str]) -> list[Flag]:
    return [flag for watcher in _watchers for flag in watcher(emails)]
