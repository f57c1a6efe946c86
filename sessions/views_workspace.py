"""The pair's workspace (phase 4): agreement, meetings, tasks and resources, goal phases,
pulses and private concerns. Its members edit; the program's coordinators read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import AgreementForm, ConcernForm, MeetingForm, MeetingLogForm, PulseForm, TaskForm
from .ics import meeting_calendar
from .models import Agreement, GoalPhase, Meeting, Task
from .selectors import get_pair_for_user, pair_may_plan_meetings


def _member_pair(request, pair_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    if not can_edit:
        raise Http404  # coordinators read the workspace; they do not act in it
    return pair


@login_required
def workspace(request, pair_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    agreement = Agreement.objects.filter(pair=pair).first()
    meetings = list(pair.meetings.prefetch_related("pulses", "phases_moved__goal"))
    now = timezone.now()
    for meeting in meetings:
        pulses = list(meeting.pulses.all())
        meeting.my_pulse = next((p for p in pulses if p.user_id == request.user.pk), None)
        meeting.pulse_average = (
            round(sum(p.rating for p in pulses) / len(pulses), 1) if pulses else None
        )
        meeting.pulse_list = pulses
        meeting.needs_log = meeting.status == Meeting.Status.PLANNED and meeting.starts_at < now
    goals = list(
        pair.goals.filter(selected=True).prefetch_related("phases").order_by("owner", "priority")
    )
    return render(
        request,
        "sessions/workspace.html",
        {
            "pair": pair,
            "program": pair.program,
            "can_edit": can_edit,
            "is_mentor": request.user.pk == pair.mentor_user_id,
            "agreement": agreement,
            "upcoming": sorted(
                (m for m in meetings if m.status == Meeting.Status.PLANNED and not m.needs_log),
                key=lambda m: m.starts_at,
            ),
            "to_log": [m for m in meetings if m.needs_log],
            "past": [m for m in meetings if m.status != Meeting.Status.PLANNED],
            "tasks": list(pair.tasks.all()),
            "goals": goals,
            "may_plan": pair_may_plan_meetings(pair),
            "concerns": pair.concerns.select_related("raised_by") if not can_edit else [],
            "pulse_form": PulseForm(),
        },
    )


@login_required
def agreement_edit(request, pair_pk: int):
    pair = _member_pair(request, pair_pk)
    agreement = Agreement.objects.filter(pair=pair).first()
    initial = {
        "schedule": pair.program.get_meeting_cadence_days_display(),
        "confidentiality": _(
            "What we talk about stays between the two of us, unless we both agree otherwise."
        ),
    }
    form = AgreementForm(
        request.POST or None, instance=agreement, initial=None if agreement else initial
    )
    if request.method == "POST" and form.is_valid():
        services.agreement_save(pair=pair, user=request.user, **form.cleaned_data)
        messages.success(
            request, _("The agreement was saved. Your partner is asked to confirm it.")
        )
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request,
        "sessions/agreement_form.html",
        {"pair": pair, "program": pair.program, "form": form},
    )


@require_POST
@login_required
def agreement_confirm(request, pair_pk: int):
    pair = _member_pair(request, pair_pk)
    agreement = get_object_or_404(Agreement, pair=pair)
    services.agreement_confirm(agreement=agreement, user=request.user)
    messages.success(request, _("You confirmed the agreement."))
    return redirect("sessions:workspace", pair_pk=pair.pk)


@login_required
def meeting_new(request, pair_pk: int):
    pair = _member_pair(request, pair_pk)
    if not pair_may_plan_meetings(pair):
        messages.error(
            request,
            _(
                "The mentor completes the training modules first; then you can plan your first meeting."
            ),
        )
        return redirect("sessions:workspace", pair_pk=pair.pk)
    agreement = Agreement.objects.filter(pair=pair).first()
    initial = {"place": agreement.place, "video_link": agreement.video_link} if agreement else {}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.meeting_plan(pair=pair, user=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting planned: you both have the invitation in your email."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request, "sessions/meeting_form.html", {"pair": pair, "program": pair.program, "form": form}
    )


def _meeting(request, pair_pk: int, meeting_pk: int):
    pair = _member_pair(request, pair_pk)
    return pair, get_object_or_404(
        Meeting.objects.select_related("pair__program"), pair=pair, pk=meeting_pk
    )


@login_required
def meeting_reschedule(request, pair_pk: int, meeting_pk: int):
    pair, meeting = _meeting(request, pair_pk, meeting_pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Http404
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_reschedule(meeting=meeting, user=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting moved: you both have the updated invitation."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request,
        "sessions/meeting_form.html",
        {"pair": pair, "program": pair.program, "form": form, "meeting": meeting},
    )


@login_required
def meeting_cancel(request, pair_pk: int, meeting_pk: int):
    pair, meeting = _meeting(request, pair_pk, meeting_pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Http404
    if request.method == "POST":
        services.meeting_cancel(
            meeting=meeting, user=request.user, reason=request.POST.get("reason", "")[:300]
        )
        messages.success(request, _("Meeting cancelled; your partner has been told."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request,
        "sessions/meeting_cancel.html",
        {"pair": pair, "program": pair.program, "meeting": meeting},
    )


@login_required
def meeting_log(request, pair_pk: int, meeting_pk: int):
    pair, meeting = _meeting(request, pair_pk, meeting_pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Http404
    if meeting.starts_at > timezone.now():
        messages.info(request, _("A meeting is logged once it has taken place."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    form = MeetingLogForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        services.meeting_log(
            meeting=meeting,
            user=request.user,
            held=form.cleaned_data["held"],
            phases=form.cleaned_data["phases"],
            **form.notes(),
        )
        messages.success(request, _("Meeting logged. Tell us how it went."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request,
        "sessions/meeting_log.html",
        {"pair": pair, "program": pair.program, "form": form, "meeting": meeting},
    )


@login_required
def meeting_ics(request, pair_pk: int, meeting_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    meeting = get_object_or_404(Meeting, pair=pair, pk=meeting_pk)
    response = HttpResponse(
        meeting_calendar(meeting, cancelled=meeting.status == Meeting.Status.CANCELLED),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{meeting.starts_at:%Y%m%d}.ics"'
    )
    return response


@require_POST
@login_required
def pulse(request, pair_pk: int, meeting_pk: int):
    pair, meeting = _meeting(request, pair_pk, meeting_pk)
    form = PulseForm(request.POST)
    if meeting.status != Meeting.Status.HELD:
        raise Http404
    if form.is_valid():
        services.pulse_give(meeting=meeting, user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you for your answer."))
    else:
        messages.error(request, _("Choose from 1 to 5."))
    return redirect("sessions:workspace", pair_pk=pair.pk)


@login_required
def task_new(request, pair_pk: int):
    pair = _member_pair(request, pair_pk)
    form = TaskForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.task_create(pair=pair, user=request.user, **form.cleaned_data)
        messages.success(request, _("Task added for the mentee."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request, "sessions/task_form.html", {"pair": pair, "program": pair.program, "form": form}
    )


@require_POST
@login_required
def task_done(request, pair_pk: int, task_pk: int):
    pair = _member_pair(request, pair_pk)
    task = get_object_or_404(Task, pair=pair, pk=task_pk)
    services.task_set_done(task=task, done=request.POST.get("done") == "1")
    return redirect("sessions:workspace", pair_pk=pair.pk)


@require_POST
@login_required
def phase_tick(request, pair_pk: int, phase_pk: int):
    pair = _member_pair(request, pair_pk)
    phase = get_object_or_404(GoalPhase, goal__pair=pair, pk=phase_pk)
    services.phase_tick(phase=phase, done=request.POST.get("done") == "1")
    return redirect("sessions:workspace", pair_pk=pair.pk)


@login_required
def concern(request, pair_pk: int):
    pair = _member_pair(request, pair_pk)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.concern_raise(pair=pair, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your message reached the coordinator, and only them."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request, "sessions/concern_form.html", {"pair": pair, "program": pair.program, "form": form}
    )


@login_required
def task_file(request, pair_pk: int, task_pk: int):
    """A task's file, for the pair and its coordinators only: uploads are never served as
    public media."""
    pair, _can_edit = get_pair_for_user(request.user, pair_pk)
    task = get_object_or_404(Task, pair=pair, pk=task_pk)
    if not task.file:
        raise Http404
    return FileResponse(
        task.file.open("rb"), as_attachment=True, filename=task.file.name.rsplit("/", 1)[-1]
    )
