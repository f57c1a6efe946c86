"""What the HR directory says about a candidate, by their email: department, the chain of
managers above them, grade and seniority. Where it says something, it is shown to the
applicant rather than asked, and it is what the matching uses."""

import datetime
from dataclasses import dataclass

from django.db.models.functions import Lower
from django.utils import timezone

from directory.models import Person


@dataclass(frozen=True)
class DirectoryFacts:
    employee_id: str
    full_name: str
    department: str
    job_title: str
    grade: int | None
    hire_date: datetime.date | None
    chain: list[str]  # the managers' names, the direct manager first
    manager_email: str

    @property
    def years(self) -> int | None:
        """Whole years of service today."""
        if self.hire_date is None:
            return None
        today = timezone.localdate()
        before_anniversary = (today.month, today.day) < (self.hire_date.month, self.hire_date.day)
        return max(today.year - self.hire_date.year - before_anniversary, 0)

    def answers(self) -> dict:
        """The questionnaire's answers the directory gives instead of the applicant."""
        known = {"department": self.department, "manager_email": self.manager_email}
        if self.years is not None:
            known["years_in_organisation"] = min(self.years, 60)
        return {field: value for field, value in known.items() if value not in ("", None)}


def directory_facts(email: str) -> DirectoryFacts | None:
    """In two queries: the person, then the people above them."""
    person = (
        Person.objects.annotate(address=Lower("email"))
        .filter(address=email.strip().lower(), active=True)
        .first()
    )
    if person is None:
        return None
    above = {
        p.employee_id: p
        for p in Person.objects.filter(employee_id__in=person.chain).only(
            "employee_id", "full_name", "email"
        )
    }
    managers = [above[employee_id] for employee_id in person.chain if employee_id in above]
    return DirectoryFacts(
        employee_id=person.employee_id,
        full_name=person.full_name,
        department=person.department,
        job_title=person.job_title,
        grade=person.grade,
        hire_date=person.hire_date,
        chain=[manager.full_name for manager in managers],
        manager_email=managers[0].email if managers else "",
    )
