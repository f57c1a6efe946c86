"""The program's journey: every automatic touchpoint of a program (a reminder before each
meeting, "have you met?" after a while without one, the questionnaire's reminders…), which
the coordinator can switch off or move by some days. Each app registers the touchpoints it
sends at start-up (in its AppConfig.ready), with when they happen and their default; this
app knows none of them, as with the kinds of email and the groups of people. The scans
read the program's journey (`journey_of`) and send what is due once: an email's key never
holds the days, so moving a step after it ran sends nothing twice."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from .emails import message_for
from .models import JourneyStep, MessageRecipient, Program


@dataclass(frozen=True)
class Touchpoint:
    key: str  # "<app>.<what>", such as "sessions.meeting_tomorrow"
    label: Promise  # what it is: "Meeting reminder"
    # When it happens, with the days: "%(days)d days before each meeting" (ngettext-like:
    # (singular, plural), then optionally what 0 days means: "when the pair is published").
    when: tuple[Promise, ...]
    default_days: int
    min_days: int = 0
    max_days: int = 30
    # Where it sits on the program's timeline: the phase (1-5), then this order within it.
    phase: int = 4
    order: int = 0
    # Someone of the program who would get it, for a preview: (user, partner's name, the
    # path of the page it leads to), or None. Without it, the step's text is the product's.
    sample: Callable[[Program], tuple | None] | None = None
    # A touchpoint the product did not send before the journey existed starts switched off.
    default_enabled: bool = True

    def when_text(self, days: int) -> str:
        singular, plural, *zero = self.when
        if days == 0 and zero:
            return str(zero[0])
        return str(singular if days == 1 else plural) % {"days": days}


@dataclass(frozen=True)
class Step:
    """A touchpoint as one program has it."""

    touchpoint: Touchpoint
    enabled: bool
    days: int
    written: bool = False  # the coordinator wrote its own text

    @property
    def key(self) -> str:
        return self.touchpoint.key

    @property
    def when(self) -> str:
        return self.touchpoint.when_text(self.days)

    @property
    def writable(self) -> bool:
        """Whether the coordinator may write its text (it goes to someone of the program)."""
        return self.touchpoint.sample is not None


_touchpoints: dict[str, Touchpoint] = {}


def register(touchpoint: Touchpoint) -> None:
    app, _dot, what = touchpoint.key.partition(".")
    if not app or not what:
        raise ImproperlyConfigured(f"A touchpoint is named '<app>.<what>', not {touchpoint.key!r}.")
    _touchpoints[touchpoint.key] = touchpoint


def touchpoints() -> list[Touchpoint]:
    """Every touchpoint, in the order of a program's timeline."""
    return sorted(_touchpoints.values(), key=lambda t: (t.phase, t.order, t.key))


def journey_of(programs: Iterable[Program]) -> dict[int, dict[str, Step]]:
    """{program id: {key: step}} for these programs, in one query: what each coordinator
    set, the defaults (today's behaviour) otherwise."""
    ids = [program.pk for program in programs]
    saved = {
        (step.program_id, step.key): step
        for step in JourneyStep.objects.filter(program_id__in=ids, key__in=list(_touchpoints))
    }
    journeys = {}
    for pk in ids:
        journeys[pk] = {}
        for touchpoint in touchpoints():
            stored = saved.get((pk, touchpoint.key))
            journeys[pk][touchpoint.key] = Step(
                touchpoint,
                enabled=stored.enabled if stored else touchpoint.default_enabled,
                days=stored.days if stored else touchpoint.default_days,
                written=bool(stored and stored.has_text),
            )
    return journeys


def step_of(journeys: dict[int, dict[str, Step]], program_id: int, key: str) -> Step:
    return journeys[program_id][key]


def written_text(program_id: int, key: str) -> JourneyStep | None:
    """The step, when the program's coordinator wrote its own text for it."""
    step = JourneyStep.objects.filter(program_id=program_id, key=key).select_related("program")
    found = step.first()
    return found if found is not None and found.has_text else None


def written_email(step: JourneyStep, user, partner: str, link: str, language: str) -> dict:
    """What one person reads of a step's own text, placeholders filled, in their language
    (the program's when not translated): the context of the "program_message" email."""
    return message_for(step, MessageRecipient(user=user, partner=partner, link=link), language)


def journey_preview(program: Program, step: JourneyStep) -> dict | None:
    """What a real person of the program would read of this (unsaved) text: {"person",
    "email"}, or None when the program has nobody it would go to yet."""
    touchpoint = _touchpoints[step.key]
    sample = touchpoint.sample(program) if touchpoint.sample else None
    if sample is None:
        return None
    user, partner, link = sample
    return {"person": user, "email": written_email(step, user, partner, link, user.language)}


def writable(key: str) -> bool:
    """Whether a coordinator may write this touchpoint's text (it goes to people of a pair)."""
    return _touchpoints[key].sample is not None
