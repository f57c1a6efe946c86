"""What a page computed from a program's data, kept until that data changes.

Each program has a version in the cache. Any row saved or deleted that belongs to a program
(found by following its foreign keys to the program: a pulse through its meeting and pair)
moves the program's version on, and so does a service that writes many rows at once with
`touch`. A page keeps its figures under the version they were computed from, so the next
request after a change computes them again and every request before it reads them.

Some figures change with time alone (a planned meeting that passes, a phase that falls
overdue): what is kept is kept for `CACHE_SECONDS` at most. Whole pages are kept the same
way (`{% kept %}`), and once a change commits the listeners are told (`on_change`:
programs.redraw draws the kept pages again for their next reader).
"""

import functools
import uuid
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Program

CACHE_SECONDS = 60
_KEY = "program-version:{}"


def versions(program_ids: Iterable[int]) -> dict[int, str]:
    """The current version of each program, in one round trip to the cache."""
    keys = {_KEY.format(pk): pk for pk in program_ids}
    found = cache.get_many(keys)
    fresh = {key: uuid.uuid4().hex for key in keys if key not in found}
    if fresh:
        cache.set_many(fresh, timeout=None)
    return {pk: found.get(key) or fresh[key] for key, pk in keys.items()}


def touch(*program_ids: int) -> None:
    """The data of these programs changed: what was computed from it is out of date, now
    and again once the transaction commits (a request that read the old data in between
    must not keep it under the new version)."""
    if not program_ids:
        return
    _move_on(program_ids)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _tell_listeners(program_ids)
        return
    # One callback per transaction, whatever it changes; a new one after a rollback, which
    # drops the transaction's callbacks.
    waiting = getattr(connection, "freshness_waiting", None)
    if waiting is None or not any(entry[1] is waiting for entry in connection.run_on_commit):
        waiting = connection.freshness_waiting = _AfterCommit()
        transaction.on_commit(waiting, robust=True)
    waiting.programs.update(program_ids)


class _AfterCommit:
    def __init__(self):
        self.programs: set[int] = set()

    def __call__(self):
        _move_on(self.programs)
        _tell_listeners(self.programs)


def _move_on(program_ids: Iterable[int]) -> None:
    cache.set_many({_KEY.format(pk): uuid.uuid4().hex for pk in program_ids}, timeout=None)


# Told of the programs whose change committed (programs.redraw draws their pages again).
_listeners: list[Callable[[list[int]], None]] = []


def on_change(listener: Callable[[list[int]], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _tell_listeners(program_ids: Iterable[int]) -> None:
    for listener in _listeners:
        listener(sorted(program_ids))


def kept(
    name: str,
    programs: list[Program],
    compute: Callable[[list[Program]], dict[int, object]],
    *,
    vary: Iterable[str] = (),
) -> dict[int, object]:
    """{program id: value} for these programs: what `compute` gave for their current data,
    computed in one call for those whose value is not kept (or is out of date). `vary`
    adds what else the value depends on (the language of its sentences, a page number)."""
    current = versions(program.pk for program in programs)
    suffix = ":".join(str(part) for part in vary)
    keys = {
        program.pk: f"{name}:{program.pk}:{current[program.pk]}:{suffix}" for program in programs
    }
    found = cache.get_many(keys.values())
    values = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [program for program in programs if program.pk not in values]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[pk]: value for pk, value in computed.items()}, CACHE_SECONDS)
        values.update(computed)
    return values


# Which program a row belongs to --------------------------------------------------------


@functools.cache
def _path_to_program(model: type[models.Model]) -> tuple[str, ...] | None:
    """The foreign keys from this model to Program (shortest first), or None if its rows
    belong to no program (people, the directory, notifications)."""
    if model is Program:
        return ()
    queue: list[tuple[type[models.Model], tuple[str, ...]]] = [(model, ())]
    seen = {model}
    while queue:
        current, path = queue.pop(0)
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one or field.one_to_one else None
            if target is None or target in seen:
                continue
            if target is Program:
                return (*path, field.name)
            seen.add(target)
            queue.append((target, (*path, field.name)))
    return None


@functools.lru_cache(maxsize=65536)
def _program_of_parent(label: str, pk: int, path: str) -> int | None:
    """The program of a parent row; rows never move to another program, so kept."""
    return apps.get_model(label).objects.filter(pk=pk).values_list(path, flat=True).first()


def program_of(instance: models.Model) -> int | None:
    path = _path_to_program(type(instance))
    if path is None:
        return None
    if not path:
        return instance.pk
    first = type(instance)._meta.get_field(path[0])
    parent = getattr(instance, first.attname)
    if parent is None or len(path) == 1:
        return parent
    return _program_of_parent(first.related_model._meta.label, parent, "__".join(path[1:]))


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading fixtures
        return
    if (program := program_of(instance)) is not None:
        touch(program)


def _members_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Program):
        touch(instance.pk)


def watch() -> None:
    """Move a program's version on whenever one of its rows is saved or deleted."""
    post_save.connect(_changed, dispatch_uid="programs.freshness.saved")
    post_delete.connect(_changed, dispatch_uid="programs.freshness.deleted")
    m2m_changed.connect(_members_changed, dispatch_uid="programs.freshness.members")
