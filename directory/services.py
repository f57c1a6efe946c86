"""Writes of the HR directory: a file checked and previewed, then applied whole or not at
all."""

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import User

from . import rows as directory_rows
from .leavers import leavers_flag
from .models import DirectoryImport, Person

BATCH = 2000


class StalePreview(Exception):
    """The directory changed after this file was previewed."""


def _current() -> dict[str, dict]:
    return {
        values["employee_id"]: values
        for values in Person.objects.values("employee_id", "active", *directory_rows.FIELDS)
    }


def _version() -> str:
    """What the directory is now, in one aggregate: any import, leaver or edit moves it."""
    found = Person.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = found["latest"].isoformat() if found["latest"] else ""
    return f"{found['count']}:{latest}"


def directory_preview(
    *, file_name: str, table: list[list[str]], actor: User | None
) -> tuple[DirectoryImport | None, list[directory_rows.CellError]]:
    """Check every row of the file; if all are right, keep them with what they would change,
    for the coordinator to apply. Nothing in the directory changes here."""
    people, errors = directory_rows.rows_validate(table)
    if errors:
        return None, errors
    version = _version()  # before reading the people, so any change after it shows
    return (
        DirectoryImport.objects.create(
            file_name=file_name[:200],
            rows=people,
            changes={**directory_rows.changes(people, _current()), "version": version},
            created_by=actor,
        ),
        [],
    )


class MassDeparture(Exception):
    """The file would mark a large share of the directory as leavers (see
    DirectoryImport.is_mass_departure) and that was not explicitly allowed."""


@transaction.atomic
def directory_apply(
    *, preview: DirectoryImport, allow_mass_departure: bool = False
) -> DirectoryImport:
    """Apply a previewed file: add the new people, update the changed ones, recompute
    everyone's chain of managers, and mark those no longer in the file as leavers (never
    deleted). All or nothing; refused if the directory changed since the preview, or if it
    would mark many people as leavers unless `allow_mass_departure`."""
    preview = DirectoryImport.objects.select_for_update().get(pk=preview.pk)
    if preview.status != DirectoryImport.Status.PREVIEWED:
        raise StalePreview
    if _version() != preview.changes.get("version"):
        raise StalePreview
    if preview.is_mass_departure and not allow_mass_departure:
        raise MassDeparture
    now = timezone.now()
    chain_of = directory_rows.chains(
        {person["employee_id"]: person["manager_employee_id"] for person in preview.rows}
    )
    stored_chains = dict(Person.objects.values_list("employee_id", "chain"))
    changed = preview.changes["changed"]
    to_create, to_update = [], []
    for person in preview.rows:
        employee_id = person["employee_id"]
        fields = {field: person[field] for field in directory_rows.FIELDS}
        chain = chain_of[employee_id]
        if employee_id not in stored_chains:
            to_create.append(Person(employee_id=employee_id, chain=chain, **fields))
        elif employee_id in changed or stored_chains.get(employee_id) != chain:
            to_update.append(
                Person(employee_id=employee_id, chain=chain, active=True, left_at=None, **fields)
            )
    # Leavers first: their addresses may go to people in the file.
    leavers = preview.changes["leavers"]
    Person.objects.filter(employee_id__in=leavers).update(active=False, left_at=now, updated_at=now)
    Person.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        ids = dict(
            Person.objects.filter(employee_id__in=[p.employee_id for p in to_update]).values_list(
                "employee_id", "pk"
            )
        )
        for person in to_update:
            person.pk = ids[person.employee_id]
            person.updated_at = now
        Person.objects.bulk_update(
            to_update,
            [*directory_rows.FIELDS, "chain", "active", "left_at", "updated_at"],
            batch_size=BATCH // 4,
        )
    emails = {
        email.lower()
        for email in Person.objects.filter(employee_id__in=leavers).values_list("email", flat=True)
    }
    preview.flags = [flag.__dict__ for flag in leavers_flag(emails)] if emails else []
    preview.status = DirectoryImport.Status.APPLIED
    preview.applied_at = now
    preview.rows = []  # applied: the directory holds them now
    preview.save(update_fields=["flags", "status", "applied_at", "rows"])
    DirectoryImport.objects.filter(status=DirectoryImport.Status.PREVIEWED).exclude(
        pk=preview.pk
    ).update(status=DirectoryImport.Status.DISCARDED, rows=[])
    return preview


@transaction.atomic
def person_left(*, email: str, full_name: str, key: str) -> list:
    """Someone the identity provider deactivated has left: marked so in the directory (an
    entry under `key`, already left, if the directory had none, so that the pairs page
    shows them), then the leavers path of an import: their pairs' coordinators are told and
    they leave the waiting lists. Returns the flags, as an import does."""
    address = email.strip().lower()
    if not address:
        return []
    now = timezone.now()
    entries = Person.objects.filter(email__iexact=address)
    if not entries.exists():
        Person.objects.update_or_create(
            employee_id=key[:64],
            defaults={"full_name": full_name[:150] or address, "email": email, "chain": []},
        )
    entries.filter(active=True).update(active=False, left_at=now, updated_at=now)
    return leavers_flag({address})


def person_returned(*, email: str, key: str) -> None:
    """Someone deactivated is active again: the entry made when they left (under `key`)
    is active again, unless someone in the directory now has the address. Entries of the
    HR file are the next file's to change."""
    if Person.objects.filter(email__iexact=email.strip(), active=True).exists():
        return
    Person.objects.filter(employee_id=key[:64], active=False).update(
        active=True, left_at=None, updated_at=timezone.now()
    )


def directory_discard(*, preview: DirectoryImport) -> None:
    DirectoryImport.objects.filter(pk=preview.pk, status=DirectoryImport.Status.PREVIEWED).update(
        status=DirectoryImport.Status.DISCARDED, rows=[]
    )
