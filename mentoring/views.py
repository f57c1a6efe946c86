"""The pages that bring the phases together: where a person lands after logging in, the
participant's start page, and a program's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.decorators import coordinator_required
from evaluation.selectors import questionnaires_to_answer
from matching.selectors import pairs_of_participant
from preparation.selectors import guides_for
from programs.selectors import get_program_for_user, outbox_counts

from .phases import program_phases


@login_required
def home(request):
    """Coordinators start from their programs; participants from their start page."""
    if request.user.is_coordinator:
        return redirect("programs:list")
    return redirect("participant_home")


@login_required
def participant_home(request):
    """A mentor's or mentee's start page: what waits for them, their pairs, and each
    program's principles and instructions."""
    pairs = pairs_of_participant(request.user)
    programs = list({pair.program_id: pair.program for pair, _role, _partner in pairs}.values())
    return render(
        request,
        "mentoring/participant_home.html",
        {
            "pairs": pairs,
            "guides": guides_for(programs),
            "pending": questionnaires_to_answer(request.user),
        },
    )


@coordinator_required
def program_dashboard(request, pk: int):
    """A program's five phases: what is done, the current one and its next step."""
    program = get_program_for_user(request.user, pk)
    return render(
        request,
        "mentoring/program_dashboard.html",
        {
            "program": program,
            "phases": program_phases(program),
            "objectives": program.learning_objectives.all(),
            "coordinators": program.coordinators.all(),
            "hr_contacts": program.hr_contacts.all(),
            "log_entries": program.log_entries.select_related("actor")[:5],
            "outbox": outbox_counts(program),
        },
    )
