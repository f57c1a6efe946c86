"""The 1-5 answer scales of the questionnaires, in one place: the questionnaire offers
these words and the charts of the results and reports print the same ones, so a
respondent and a reader meet one scale.

Satisfaction is asked as a degree ("What is your level of satisfaction…?", "¿Cuál es tu
grado de satisfacción…?"), so its words agree with the degree and never with the
respondent: nobody is addressed as "satisfecho" or "satisfecha"."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SATISFACTION = [
    (1, _("1 · very low")),
    (2, _("2 · low")),
    (3, pgettext_lazy("level", "3 · medium")),
    (4, _("4 · high")),
    (5, _("5 · very high")),
]
RECOMMEND = [
    (1, _("1 · certainly not")),
    (2, _("2 · probably not")),
    (3, _("3 · not sure")),
    (4, _("4 · probably")),
    (5, _("5 · certainly")),
]
PROGRESS = [
    (1, _("1 · none")),
    (2, _("2 · a little")),
    (3, _("3 · some")),
    (4, _("4 · a lot")),
    (5, _("5 · achieved")),
]


def words(scale) -> list[str]:
    """The scale's labels, in the active language, for a chart's legend."""
    return [str(label) for _value, label in scale]
