"""Reusing a program: "Duplicate as a new program" copies what each phase defined (the
objective, the skill catalogue and its weights, the matching criteria, the guide, the
training setting and the welcome templates) and never the people or their data."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.pairing.services import criteria_copy
from preparation.services import preparation_copy
from programs.models import Program
from programs.services import program_duplicate


def suggested_dates(program: Program) -> tuple[datetime.date, datetime.date]:
    """The same dates, a whole number of years later, starting today or after."""
    today = timezone.localdate()
    years = max(today.year - program.start_date.year, 1)
    start = program.start_date.replace(year=program.start_date.year + years, day=1)
    if start < today:
        start = start.replace(year=start.year + 1)
    return start, start + datetime.timedelta(days=program.duration_days)


@transaction.atomic
def program_copy(
    *, program: Program, actor: User, name: str, start_date: datetime.date, end_date: datetime.date
) -> Program:
    copy, skills = program_duplicate(
        program=program, actor=actor, name=name, start_date=start_date, end_date=end_date
    )
    criteria_copy(source=program, target=copy, skills=skills)
    preparation_copy(source=program, target=copy)
    return copy
