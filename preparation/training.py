"""The guide's basic training ("Formación del mentor"): three modules, each with a short
check of understanding. Their text lives in templates/preparation/training/<key>.html."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    text: Promise
    options: tuple[Promise, ...]
    answer: int  # index of the right option


@dataclass(frozen=True)
class Module:
    key: str
    number: int
    title: Promise
    audience: Promise
    for_mentees: bool  # module 1 is for mentors and mentees, the others for mentors
    questions: tuple[Question, ...]

    @property
    def template(self) -> str:
        return f"preparation/training/{self.key}.html"


MODULES = (
    Module(
        key="introduction",
        number=1,
        title=_("Introduction"),
        audience=_("For mentors and mentees"),
        for_mentees=True,
        questions=(
            Question(
                _("In reverse mentoring, who is the mentor?"),
                (
                    _("The most senior person of the pair"),
                    _("The younger colleague with digital skills"),
                    _("The coordinator from Human Resources"),
                ),
                1,
            ),
            Question(
                _("Which goal is SMART?"),
                (
                    _("Get better at Excel"),
                    _("Build the monthly sales report with a pivot table, on my own, by 30 June"),
                    _("Learn everything about data"),
                ),
                1,
            ),
            Question(
                _("What makes a dialogue both supportive and challenging?"),
                (
                    _("Agreeing with everything the other says"),
                    _("Listening with care and also questioning and proposing new things"),
                    _("Letting the mentor do all the talking"),
                ),
                1,
            ),
        ),
    ),
    Module(
        key="trust",
        number=2,
        title=_("The relationship of trust"),
        audience=_("For mentors"),
        for_mentees=False,
        questions=(
            Question(
                _("What do you do first to know your mentee?"),
                (
                    _("Ask about their work, their goals and how they like to learn"),
                    _("Show them every tool you know"),
                    _("Ask their manager about them"),
                ),
                0,
            ),
            Question(
                _("How do you share a skill so that it stays?"),
                (
                    _("Do it for them while they watch"),
                    _("Explain it once, quickly"),
                    _("Show it, let them practise it, and give feedback"),
                ),
                2,
            ),
        ),
    ),
    Module(
        key="practice",
        number=3,
        title=_("Practice"),
        audience=_("For mentors, in a group"),
        for_mentees=False,
        questions=(
            Question(
                _("Your mentee missed the last two meetings. What do you do?"),
                (
                    _("Nothing: it is their decision"),
                    _("Talk to them openly about it, and tell the coordinator if it goes on"),
                    _("End the mentoring"),
                ),
                1,
            ),
        ),
    ),
)
MODULES_BY_KEY = {module.key: module for module in MODULES}
MENTOR_MODULES = tuple(module.key for module in MODULES)
MENTEE_MODULES = tuple(module.key for module in MODULES if module.for_mentees)


def answers_correct(module: Module, answers: dict[int, int]) -> list[int]:
    """The questions (by index) answered wrongly; empty when the check is passed."""
    return [n for n, question in enumerate(module.questions) if answers.get(n) != question.answer]
