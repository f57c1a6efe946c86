"""The pages that bring the phases together: where a person lands after logging in, the
participant's start page, and a program's dashboard."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import security
from accounts.decorators import coordinator_required
from accounts.models import User
from evaluation.activity import activity_charts, program_activity
from evaluation.selectors import questionnaires_to_answer
from matching.models import Pair
from matching.selectors import pairs_of_participant
from preparation.selectors import guides_for
from preparation.selectors import next_steps as preparation_next_steps
from programs.forms import DuplicateForm
from programs.models import Program
from programs.phases import PHASE_TITLES
from programs.selectors import get_program_for_user, outbox_counts, programs_for_user
from programs.sorting import name_key
from sessions.selectors import concerns_of_user
from sessions.selectors import next_steps as sessions_next_steps

from .duplicate import program_copy, suggested_dates
from .phases import program_phases, program_rows


@login_required
def home(request):
    """Coordinators start from their programs; participants from their start page."""
    if request.user.is_coordinator:
        return redirect("programs:list")
    return redirect("participant_home")


@login_required
def participant_home(request):
    """A mentor's or mentee's start page: what waits for them, their pairs each with what
    is next in it (from every phase, soonest first), and each program's principles and
    instructions."""
    pairs = pairs_of_participant(request.user)
    programs = list({pair.program_id: pair.program for pair, _role, _partner in pairs}.values())
    running = [pair for pair, _role, _partner in pairs if pair.lifecycle == Pair.Status.ACTIVE]
    steps: dict[int, list] = {pair.pk: [] for pair in running}
    if running:
        for step in preparation_next_steps(request.user, running) + sessions_next_steps(
            request.user, running
        ):
            steps[step.pair_id].append(step)
    return render(
        request,
        "mentoring/participant_home.html",
        {
            "pairs": [
                (pair, role, partner, sorted(steps.get(pair.pk, []), key=lambda s: s.sort_key))
                for pair, role, partner in pairs
            ],
            "guides": guides_for(programs),
            "pending": questionnaires_to_answer(request.user),
            "concerns": concerns_of_user(request.user),
        },
    )


PROGRAMS_PER_PAGE = 20
# ?sort= values: how each sorts the rows (a leading "-" reverses it).
PROGRAM_SORTS = {
    "name": lambda row: name_key(row.program.name),
    "start": lambda row: (row.program.start_date, name_key(row.program.name)),
    "phase": lambda row: (row.phase_number, name_key(row.program.name)),
    "candidates": lambda row: (row.candidates, name_key(row.program.name)),
    "pairs": lambda row: (row.pairs, name_key(row.program.name)),
    "at_risk": lambda row: (row.at_risk, name_key(row.program.name)),
}


@coordinator_required
def program_list(request):
    """The programs a coordinator runs, each with its current phase, next action and
    counts; searched, filtered by phase, sorted by any column, in a fixed number of queries."""
    archived = request.GET.get("status") == Program.Status.ARCHIVED
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "-start")
    if sort.lstrip("-") not in PROGRAM_SORTS:
        sort = "-start"
    phase = request.GET.get("phase", "")
    programs = programs_for_user(request.user).filter(
        status=Program.Status.ARCHIVED if archived else Program.Status.ACTIVE
    )
    if query:
        programs = programs.filter(Q(name__icontains=query) | Q(focus__icontains=query))
    rows = program_rows(list(programs))
    if phase.isdecimal():
        rows = [row for row in rows if row.phase_number == int(phase)]
    rows.sort(key=PROGRAM_SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
    return render(
        request,
        "programs/program_list.html",
        {
            "page": Paginator(rows, PROGRAMS_PER_PAGE).get_page(request.GET.get("page")),
            "archived": archived,
            "query": query,
            "sort": sort,
            "phase": phase,
            "phase_choices": [*PHASE_TITLES.items(), (len(PHASE_TITLES) + 1, _("Finished"))],
            "filtered": bool(query or phase),
        },
    )


@coordinator_required
def program_dashboard(request, pk: int):
    return program_dashboard_draw(request, get_program_for_user(request.user, pk))


def program_dashboard_draw(request, program):
    """A program's five phases: what is done, the current one and its next step. Drawn
    once per change of the program's data (`{% kept %}`), but for its emails, whose sending
    is no change of the program's: its parts are functions called only to draw it."""
    once = functools.cache
    return render(
        request,
        "mentoring/program_dashboard.html",
        {
            "program": program,
            "phases": once(lambda: program_phases(program)),
            "objectives": program.learning_objectives.all(),
            "coordinators": program.coordinators.all(),
            "hr_contacts": program.hr_contacts.all(),
            "log_entries": program.log_entries.select_related("actor")[:5],
            "outbox": outbox_counts(program),
            "activity": once(lambda: activity_charts(program_activity(program))),
        },
    )


def _people_of(user: User):
    """The user names a coordinator answers for: the coordinators and participants of the
    programs they coordinate (everyone's, for a superuser)."""
    if user.is_superuser:
        return None
    programs = programs_for_user(user)
    return User.objects.filter(
        Q(coordinated_programs__in=programs)
        | Q(pairs_as_mentor__program__in=programs)
        | Q(pairs_as_mentee__program__in=programs)
    ).values("username")


@coordinator_required
def lockouts(request):
    """The people of the coordinator's programs whose login is locked after too many wrong
    passwords; the coordinator may lift a lock before its time is up."""
    return render(
        request,
        "mentoring/lockouts.html",
        {"attempts": security.locked_out(_people_of(request.user))},
    )


@require_POST
@coordinator_required
def lockout_lift(request):
    username = request.POST.get("username", "")
    if not security.locked_out(_people_of(request.user)).filter(username=username).exists():
        raise Http404
    security.login_unlock(username=username, actor=request.user, request=request)
    messages.success(request, _("%(name)s can log in again.") % {"name": username})
    return redirect("lockouts")


@coordinator_required
def program_duplicate(request, pk: int):
    """Duplicate a program as a new one in phase 1: its definitions, none of its people."""
    program = get_program_for_user(request.user, pk)
    start, end = suggested_dates(program)
    form = DuplicateForm(
        request.POST or None,
        initial={
            "name": _("%(name)s (copy)") % {"name": program.name},
            "start_date": start,
            "end_date": end,
        },
    )
    if request.method == "POST" and form.is_valid():
        copy = program_copy(program=program, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _(
                "“%(name)s” is ready in phase 1, with the objective, skills, criteria, guide and "
                "welcome templates of “%(source)s” and none of its people. Review them first."
            )
            % {"name": copy.name, "source": program.name},
        )
        return redirect("program_dashboard", pk=copy.pk)
    return render(request, "mentoring/program_duplicate.html", {"program": program, "form": form})
