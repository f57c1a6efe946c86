"""Gentle checks of a SMART goal: hints, never errors. No Django models here."""

import re

from django.utils.translation import gettext_lazy as _

NUMBER = re.compile(r"\d")
# A date written with digits (30/6, 2027-06-30) or a month's name, in Spanish or English.
MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}|\b(" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
OBSERVABLE = re.compile(
    r"\b(report|informe|panel|dashboard|present|presenta|public|complet|termin|finish|entreg|deliver)",
    re.IGNORECASE,
)

GUIDING_QUESTIONS = {  # the five SMART criteria, in order, with the worksheet's questions
    "specific": _("What exactly do you want to achieve?"),
    "measurable": _("How will you know it is reached? Name a number or something you can see."),
    "achievable": _("Is it realistic with the time and means you have?"),
    "relevant": _("Why does it matter for your work and for the program's objective?"),
    "time_bound": _("By when? Give a date."),
}


def smart_hints(smart: dict[str, str]) -> dict[str, str]:
    """For each criterion that looks weak, a friendly hint."""
    hints = {}
    for field, question in GUIDING_QUESTIONS.items():
        if not smart.get(field, "").strip():
            hints[field] = str(question)
    measurable = smart.get("measurable", "")
    if measurable.strip() and not (NUMBER.search(measurable) or OBSERVABLE.search(measurable)):
        hints["measurable"] = str(
            _("A measurable goal names a number or an observable result (a report, a panel…).")
        )
    time_bound = smart.get("time_bound", "")
    if time_bound.strip() and not DATE.search(time_bound):
        hints["time_bound"] = str(_("A time-bound goal names a date."))
    return hints


SMART_FIELDS = tuple(GUIDING_QUESTIONS)
