"""Reads of phase 3: the welcome messages and the guide (defaults shown unsaved), the
training gate, and the phase's status for the dashboard."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from matching.models import Pair
from matching.selectors import Participant
from notifications.models import Notification
from programs.models import Program
from programs.phases import Action, NextStep, PhaseStatus, counts_by_program
from programs.translations import with_defaults

from .markup import formatted
from .models import Goal, ProgramGuide, TrainingCompletion, WelcomeMessage
from .placeholders import placeholders_fill
from .training import MENTOR_MODULES

WELCOME = "preparation.welcome"


def welcome_messages(program: Program) -> dict[tuple[str, str], WelcomeMessage]:
    """The program's welcome messages by (audience, language): the saved ones, and the
    default text, unsaved, for each version not written yet."""
    messages = {(m.audience, m.language): m for m in program.welcome_messages.all()}
    for audience in WelcomeMessage.Audience.values:
        for language, _name in settings.LANGUAGES:
            if (audience, language) not in messages:
                with translation.override(language):
                    context = {"audience": audience}
                    subject = render_to_string(
                        "preparation/defaults/welcome_subject.txt", context
                    ).strip()
                    body = render_to_string(
                        "preparation/defaults/welcome_body.txt", context
                    ).strip()
                messages[(audience, language)] = WelcomeMessage(
                    program=program,
                    audience=audience,
                    language=language,
                    subject=subject,
                    body=body,
                )
    return messages


def welcome_values(program: Program, participant: Participant) -> dict[str, str]:
    coordinator = program.coordinators.order_by("pk").first()
    return {
        "name": participant.user.first_name or participant.user.get_username(),
        "partner": ", ".join(participant.partners),
        "program": program.name,
        "objective": program.general_objective,
        "link": settings.SITE_URL + "/",
        "coordinator": coordinator.get_full_name() if coordinator else "",
    }


def welcome_render(program: Program, participant: Participant) -> tuple[str, str]:
    """The subject and text of one participant's welcome, in their language."""
    messages = welcome_messages(program)
    message = (
        messages.get((participant.audience, participant.user.language))
        or messages[(participant.audience, program.language)]
    )
    values = welcome_values(program, participant)
    return placeholders_fill(message.subject, values), placeholders_fill(message.body, values)


def welcome_statuses(program: Program) -> dict[int, Notification]:
    """Each participant's welcome email (by user id), as far as it has gone."""
    return {
        n.recipient_id: n
        for n in Notification.objects.filter(kind=WELCOME, about_id=program.pk).order_by("pk")
    }


def guide_for(program: Program) -> ProgramGuide:
    """The program's guide; the default principles and instructions, unsaved, until the
    coordinator first saves them."""
    guide = ProgramGuide.objects.filter(program=program).first()
    if guide is not None:
        return guide
    return with_defaults(ProgramGuide, program, lambda language: _default_guide(program, language))


def _default_guide(program: Program, language: str) -> dict[str, str]:
    """The default principles and instructions, in one language."""
    with translation.override(language):
        context = {"program": program}
        principles = render_to_string("preparation/defaults/principles.md", context).strip()
        instructions = render_to_string("preparation/defaults/instructions.md", context).strip()
    return {
        "principles": principles,
        "instructions": instructions,
        "principles_html": formatted(principles),
        "instructions_html": formatted(instructions),
    }


def guides_for(programs: list[Program]) -> list[ProgramGuide]:
    """The guides of these programs, in their order: one query, defaults for the unsaved."""
    saved = {
        g.program_id: g
        for g in ProgramGuide.objects.filter(program__in=programs).select_related("program")
    }
    return [saved.get(program.pk) or guide_for(program) for program in programs]


def mentor_trained(program: Program, user: User | None) -> bool:
    if user is None:
        return False
    done = set(
        TrainingCompletion.objects.filter(program=program, user=user).values_list(
            "module", flat=True
        )
    )
    return set(MENTOR_MODULES) <= done


def pair_may_plan_meetings(pair: Pair) -> bool:
    """The training gate: when the program asks for it, a pair plans its first meeting only
    once its mentor has completed the mentor modules."""
    guide = ProgramGuide.objects.filter(program_id=pair.program_id).first()
    if guide is None or not guide.training_required:
        return True
    return mentor_trained(pair.program, pair.mentor_user)


def phase_facts(programs: list[Program]) -> dict[int, dict]:
    """What phase 3 reports, for many programs in three queries."""
    has_goals = Exists(
        Goal.objects.filter(pair=OuterRef("pk"), selected=True, owner=Goal.Owner.MENTEE)
    )
    pairs = counts_by_program(
        Pair.objects.filter(published_at__isnull=False).exclude(status=Pair.Status.ENDED),
        programs,
        total=Count("id"),
        with_goals=Count("id", filter=Q(has_goals)),
    )
    welcomed = counts_by_program(
        Notification.objects.filter(kind=WELCOME, status=Notification.Status.SENT),
        programs,
        key="about_id",
        welcomed=Count("id"),
    )
    trained = counts_by_program(
        TrainingCompletion.objects.all(), programs, trained=Count("user", distinct=True)
    )
    return {pk: {**pairs[pk], **welcomed[pk], **trained[pk]} for pk in pairs}


def phase_status(program: Program, facts: dict | None = None) -> PhaseStatus:
    """Phase 3, "Prepararse para empezar": done once every pair has SMART goals with their
    three phases (the worksheet), after the welcome."""
    facts = facts if facts is not None else phase_facts([program])[program.pk]
    total, with_goals = facts["total"], facts["with_goals"]
    welcomed, trained = facts["welcomed"], facts["trained"]
    welcome_url = reverse("preparation:welcome", args=[program.pk])
    if not total:
        action = None
    elif not welcomed:
        action = Action(_("Send the welcome communications"), welcome_url)
    else:
        action = Action(
            _("Follow the preparation"), reverse("preparation:overview", args=[program.pk])
        )
    return PhaseStatus(
        number=3,
        is_done=bool(total) and with_goals == total,
        summary=_("Welcome communications, principles, mentor training and SMART goals."),
        counts=[
            (_("Welcome emails sent"), welcomed),
            (_("People with training"), trained),
            (_("Pairs with goals"), f"{with_goals} / {total}"),
        ],
        steps=[
            _("Send the welcome communications"),
            _("Share the principles of reverse mentoring"),
            _("Share the general objective and the instructions to begin"),
            _("Set the mentoring goals with the goal-setting framework"),
            _("Give the mentors a basic training"),
        ],
        action=action,
    )


def next_steps(user: User, pairs: list[Pair]) -> list[NextStep]:
    """What phase 3 still asks of this person in their running pairs, in two queries: the
    SMART goal worksheet while the pair has chosen no goal, and the mentor training (once
    per program) while its modules are not all done."""
    with_goals = set(
        Goal.objects.filter(pair__in=pairs, selected=True, owner=Goal.Owner.MENTEE).values_list(
            "pair_id", flat=True
        )
    )
    done: dict[int, set[str]] = {}
    for program_id, module in TrainingCompletion.objects.filter(
        user=user, program__in={pair.program_id for pair in pairs}
    ).values_list("program_id", "module"):
        done.setdefault(program_id, set()).add(module)
    steps, trained_asked = [], set()
    for pair in pairs:
        partner = pair.mentee if pair.mentor_user_id == user.pk else pair.mentor
        if pair.pk not in with_goals:
            steps.append(
                NextStep(
                    pair.pk,
                    _("Write your SMART goals with %(name)s in the worksheet")
                    % {"name": partner.full_name},
                    reverse("preparation:worksheet", args=[pair.pk]),
                )
            )
        missing = set(MENTOR_MODULES) - done.get(pair.program_id, set())
        if pair.mentor_user_id == user.pk and missing and pair.program_id not in trained_asked:
            trained_asked.add(pair.program_id)
            steps.append(
                NextStep(
                    pair.pk,
                    _("Complete the mentor training: %(done)d of %(total)d modules done")
                    % {"done": len(MENTOR_MODULES) - len(missing), "total": len(MENTOR_MODULES)},
                    reverse("preparation:training", args=[pair.program_id]),
                )
            )
    return steps
