"""Phase 4 pages: the pair's workspace (agreement, meetings, tasks and resources, goal
phases, pulses and private concerns; its members edit, the program's coordinators read),
and the coordinator's table of pairs."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from documents.downloads import download
from documents.tables import CSV, csv_write
from matching.pairing.services import status_changes_for
from matching.selectors import get_pair_for_user, is_member
from preparation.models import GoalPhase
from preparation.selectors import pair_may_plan_meetings
from preparation.services import phase_tick as goal_phase_tick
from programs.selectors import get_program_for_user

from . import calendars, services
from .forms import (
    AgreementForm,
    CalendarServerForm,
    CheckInForm,
    ConcernCloseForm,
    ConcernForm,
    ConcernReplyForm,
    MeetingForm,
    MeetingLogForm,
    PulseForm,
    TaskForm,
)
from .ics import meeting_calendar, person_calendar
from .models import Agreement, CalendarLink, Concern, Meeting, Task
from .selectors import (
    HEALTH_LABELS,
    concerns_of_program,
    pair_rows,
    workspace_of,
)


def _pair_form(request, template: str, pair, form, heading: str, **context):
    """A form of the pair's workspace, under its heading (see sessions/pair_form_base.html)."""
    return render(
        request,
        template,
        {"pair": pair, "program": pair.program, "form": form, "heading": heading, **context},
    )


def _member_pair(request, pair_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    if not can_edit:
        raise Http404  # coordinators read the workspace; they do not act in it
    return pair


@login_required
def workspace(request, pair_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    member = is_member(request.user, pair)
    return render(
        request,
        "sessions/workspace.html",
        {
            **workspace_of(pair, request.user, coordinator=not member),
            "pair": pair,
            "program": pair.program,
            "can_edit": can_edit,
            "is_mentor": request.user.pk == pair.mentor_user_id,
            "is_member": member,
            "status_actions": [] if member else status_changes_for(pair),
            "check_in_form": None
            if member
            else CheckInForm(initial={"held_on": timezone.localdate()}),
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
    return _pair_form(request, "sessions/agreement_form.html", pair, form, _("Our agreement"))


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
    return _pair_form(request, "sessions/meeting_form.html", pair, form, _("Plan a meeting"))


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
        services.meeting_reschedule(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Meeting moved: you both have the updated invitation."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return _pair_form(
        request, "sessions/meeting_form.html", pair, form, _("Move the meeting"), meeting=meeting
    )


@login_required
def meeting_cancel(request, pair_pk: int, meeting_pk: int):
    pair, meeting = _meeting(request, pair_pk, meeting_pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Http404
    if request.method == "POST":
        services.meeting_cancel(meeting=meeting, reason=request.POST.get("reason", "")[:300])
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
            held=form.cleaned_data["held"],
            phases=form.cleaned_data["phases"],
            **form.notes(),
        )
        messages.success(request, _("Meeting logged. Tell us how it went."))
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return _pair_form(
        request, "sessions/meeting_log.html", pair, form, _("Log the meeting"), meeting=meeting
    )


@login_required
def meeting_ics(request, pair_pk: int, meeting_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    meeting = get_object_or_404(Meeting, pair=pair, pk=meeting_pk)
    return download(
        meeting_calendar(meeting, cancelled=meeting.status == Meeting.Status.CANCELLED),
        f"meeting-{meeting.starts_at:%Y%m%d}.ics",
        "text/calendar; charset=utf-8",
    )


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
    return _pair_form(
        request, "sessions/task_form.html", pair, form, _("A task or resource for the mentee")
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
    goal_phase_tick(phase=phase, done=request.POST.get("done") == "1")
    services.health_follow(pair.pk)
    return redirect("sessions:workspace", pair_pk=pair.pk)


@login_required
def concern(request, pair_pk: int):
    pair, _can_edit = get_pair_for_user(request.user, pair_pk)
    if not is_member(request.user, pair):
        raise Http404  # a paused or ended pair's people may still write to the coordinator
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        raised = services.concern_raise(
            pair=pair, user=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your message reached the coordinator, and only them."))
        return redirect("sessions:concern_thread", pair_pk=pair.pk, concern_pk=raised.pk)
    return _pair_form(
        request, "sessions/concern_form.html", pair, form, _("Raise a concern with the coordinator")
    )


@login_required
def concern_thread(request, pair_pk: int, concern_pk: int):
    """The concern's private thread, for the person who raised it only (their partner, like
    anyone else, gets 404)."""
    pair, _can_edit = get_pair_for_user(request.user, pair_pk)
    concern = get_object_or_404(
        Concern.objects.prefetch_related("replies__author"),
        pair=pair,
        pk=concern_pk,
        raised_by=request.user,
    )
    form = ConcernReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.concern_reply(concern=concern, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your message reached the coordinator, and only them."))
        return redirect("sessions:concern_thread", pair_pk=pair.pk, concern_pk=concern.pk)
    return render(
        request,
        "sessions/concern_thread.html",
        {"pair": pair, "program": pair.program, "concern": concern, "form": form},
    )


@login_required
def task_file(request, pair_pk: int, task_pk: int):
    """A task's file, for the pair and its coordinators only: uploads are never served as
    public media."""
    pair, _can_edit = get_pair_for_user(request.user, pair_pk)
    task = get_object_or_404(Task, pair=pair, pk=task_pk)
    if not task.file:
        raise Http404
    return download(task.file.open("rb"), task.file.name.rsplit("/", 1)[-1])


# The coordinator's view of the pairs (phase 4)

CONCERNS_PER_PAGE = 25


@require_POST
@coordinator_required
def check_in(request, pk: int, pair_pk: int):
    """Record a coordinator's check-in with a pair, on the pair's page."""
    program = get_program_for_user(request.user, pk)
    pair = get_object_or_404(program.pairs.filter(published_at__isnull=False), pk=pair_pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        services.check_in_record(pair=pair, author=request.user, **form.cleaned_data)
        messages.success(request, _("The check-in note was saved; only coordinators read it."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("sessions:workspace", pair_pk=pair.pk)


@coordinator_required
def concerns(request, pk: int):
    program = get_program_for_user(request.user, pk)
    status = request.GET.get("status", "")
    if status not in Concern.Status.values:
        status = ""
    page = Paginator(concerns_of_program(program, status), CONCERNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sessions/concerns.html",
        {
            "program": program,
            "page": page,
            "status": status,
            "statuses": Concern.Status.choices,
        },
    )


@coordinator_required
def concern_detail(request, pk: int, concern_pk: int):
    """A concern, its thread, and the coordinator's answer, status and closing note."""
    program = get_program_for_user(request.user, pk)
    concern = get_object_or_404(
        Concern.objects.select_related("pair__mentor", "pair__mentee", "raised_by"),
        pair__program=program,
        pk=concern_pk,
    )
    reply = ConcernReplyForm(request.POST if "reply" in request.POST else None)
    close = ConcernCloseForm(request.POST if "close" in request.POST else None)
    if request.method == "POST":
        if "reply" in request.POST and reply.is_valid():
            services.concern_reply(
                concern=concern, author=request.user, text=reply.cleaned_data["text"]
            )
            messages.success(
                request, _("Your answer was sent; only the person who raised it sees it.")
            )
            return redirect("sessions:concern_detail", pk=pk, concern_pk=concern.pk)
        if "close" in request.POST and close.is_valid():
            services.concern_close(
                concern=concern, actor=request.user, note=close.cleaned_data["note"]
            )
            messages.success(request, _("The concern is closed."))
            return redirect("sessions:concerns", pk=pk)
        if "reopen" in request.POST:
            services.concern_reopen(concern=concern)
            messages.success(request, _("The concern is open again."))
            return redirect("sessions:concern_detail", pk=pk, concern_pk=concern.pk)
    return render(
        request,
        "sessions/concern_detail.html",
        {
            "program": program,
            "concern": concern,
            "replies": concern.replies.select_related("author"),
            "reply_form": reply,
            "close_form": close,
        },
        status=400 if request.method == "POST" else 200,
    )


PAIRS_PER_PAGE = 50


@coordinator_required
def pairs_overview(request, pk: int):
    return pairs_overview_draw(request, get_program_for_user(request.user, pk))


def pairs_overview_draw(request, program):
    """Drawn once per change of the program's data and per query (`{% kept %}`): its rows
    are read only while the kept page is out of date."""
    health = request.GET.get("health", "")
    query = request.GET.get("q", "").strip().lower()

    @functools.cache
    def every():
        return pair_rows([program])[program.pk]

    @functools.cache
    def rows():
        shown = every()
        if health in HEALTH_LABELS:
            shown = [row for row in shown if row.health == health]
        if query:
            shown = [
                row
                for row in shown
                if query in row.mentor_name.lower() or query in row.mentee_name.lower()
            ]
        return shown

    if request.GET.get("format") == "csv":
        return _pairs_csv(program, rows())
    return render(
        request,
        "sessions/pairs_overview.html",
        {
            "program": program,
            "rows": rows,
            "page": functools.cache(
                lambda: Paginator(rows(), PAIRS_PER_PAGE).get_page(request.GET.get("page"))
            ),
            "health": health,
            "query": query,
            "health_choices": HEALTH_LABELS.items(),
            "open_concerns": functools.cache(lambda: sum(row.open_concerns for row in every())),
        },
    )


def _pairs_csv(program, rows):
    header = [
        "mentor",
        "mentee",
        "last_meeting",
        "next_meeting",
        "meetings_held",
        "meetings_expected",
        "phases_done",
        "phases_total",
        "open_tasks",
        "last_pulse",
        "health",
        "why",
    ]
    lines = (
        [
            row.mentor_name,
            row.mentee_name,
            row.last_meeting.isoformat() if row.last_meeting else "",
            row.next_meeting.isoformat() if row.next_meeting else "",
            row.held_count,
            row.expected,
            row.phases_done,
            row.phases_total,
            row.open_tasks,
            row.last_pulse or "",
            row.health,
            " ".join(row.causes),
        ]
        for row in rows
    )
    return download(csv_write(header, lines), f"{slugify(program.name)}-pairs.csv", CSV)


@login_required
def calendar(request):
    """The person's calendars: the private feed address to subscribe to, and their own
    calendar server, where meetings are pushed."""
    link = CalendarLink.objects.filter(user=request.user).first() or CalendarLink(user=request.user)
    form = CalendarServerForm(
        request.POST or None, initial={"url": link.caldav_url, "username": link.caldav_username}
    )
    if request.method == "POST" and form.is_valid():
        try:
            calendars.calendar_server_connect(user=request.user, **form.cleaned_data)
        except calendars.CalendarRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Connected: your meetings are being added to your calendar.")
            )
            return redirect("sessions:calendar")
    feed_url = (
        request.build_absolute_uri(
            reverse("sessions:calendar_feed", args=[calendars.feed_token(link)])
        )
        if link.feed_on
        else ""
    )
    return render(
        request,
        "sessions/calendar.html",
        {
            "link": link,
            "feed_url": feed_url,
            "form": form,
            "meetings": calendars.meetings_of(request.user).count(),
            "waiting": link.pk and link.pushes.exclude(status="done").count(),
        },
    )


@require_POST
@login_required
def calendar_feed_set(request):
    action = request.POST.get("action")
    if action not in ("on", "new", "off"):
        raise Http404
    calendars.calendar_feed_set(user=request.user, on=action != "off", new_address=action == "new")
    messages.success(
        request,
        {
            "on": _("Your calendar address is ready: add it to your calendar app."),
            "new": _("New address made: the old one no longer works."),
            "off": _("Your calendar address no longer works."),
        }[action],
    )
    return redirect("sessions:calendar")


@require_POST
@login_required
def calendar_server_disconnect(request):
    calendars.calendar_server_disconnect(user=request.user)
    messages.success(request, _("Disconnected. The meetings already in your calendar stay there."))
    return redirect("sessions:calendar")


def calendar_feed(request, token: str):
    """The feed a calendar app subscribes to: no session, the signed address is the key."""
    link = calendars.feed_link(token)
    if link is None:
        raise Http404
    with translation.override(link.user.language):
        body = person_calendar(calendars.meetings_of(link.user), name=_("Mentoring meetings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
