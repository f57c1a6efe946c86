"""Reads of phases 3 and 4: who may see a pair, and each phase's status for the dashboard."""

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from matching.models import Pair
from programs.models import Program
from programs.phases import Action, PhaseStatus
from programs.selectors import programs_for_user

from .models import Goal, Notification, TrainingCompletion
from .training import MENTOR_MODULES


def get_pair_for_user(user: User, pk: int) -> tuple[Pair, bool]:
    """A published pair and whether this person may edit it: its members edit, the
    program's coordinators read, anyone else gets 404."""
    pair = (
        Pair.objects.select_related("program", "mentor", "mentee", "mentor_user", "mentee_user")
        .filter(published_at__isnull=False, pk=pk)
        .first()
    )
    if pair is None or not user.is_authenticated:
        raise Http404
    if user.pk in (pair.mentor_user_id, pair.mentee_user_id):
        return pair, True
    if programs_for_user(user).filter(pk=pair.program_id).exists():
        return pair, False
    raise Http404


def user_programs_as_participant(user: User):
    return Program.objects.filter(
        Q(pairs__mentor_user=user) | Q(pairs__mentee_user=user), pairs__published_at__isnull=False
    ).distinct()


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
    guide = getattr(pair.program, "guide", None)
    if guide is None or not guide.training_required:
        return True
    return mentor_trained(pair.program, pair.mentor_user)


def preparation_phase_status(program: Program) -> PhaseStatus:
    """Phase 3, "Prepararse para empezar": done once every pair has SMART goals with their
    three phases (the worksheet), after the welcome."""
    pairs = program.pairs.filter(published_at__isnull=False)
    total = pairs.count()
    welcomed = Notification.objects.filter(
        program=program, kind=Notification.Kind.WELCOME, status=Notification.Status.SENT
    ).count()
    with_goals = (
        pairs.annotate(
            ready=Count("goals", filter=Q(goals__selected=True, goals__owner=Goal.Owner.MENTEE))
        )
        .filter(ready__gt=0)
        .count()
    )
    trained = TrainingCompletion.objects.filter(program=program).values("user").distinct().count()
    welcome_url = reverse("sessions:welcome", args=[program.pk])
    if not total:
        action = None
    elif not welcomed:
        action = Action(_("Send the welcome communications"), welcome_url)
    else:
        action = Action(
            _("Follow the preparation"), reverse("sessions:preparation", args=[program.pk])
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


def meetings_phase_status(program: Program) -> PhaseStatus:
    """Phase 4, "Reunión regular"."""
    return PhaseStatus(
        number=4,
        is_done=False,
        summary=_("Each pair meets regularly and logs its progress."),
        steps=[
            _("Co-create the relationship: roles, schedule, place"),
            _("Set goals"),
            _("Share experiences, knowledge and advice"),
            _("Tasks and resources for the mentee"),
            _("Exchange and plan"),
        ],
    )
