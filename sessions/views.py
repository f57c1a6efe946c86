from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from programs.models import Program
from programs.pdf import pdf_from_html
from programs.selectors import get_program_for_user

from . import services
from .forms import (
    BrainstormForm,
    GuideForm,
    PrioritiseForm,
    SmartGoalForm,
    TrainingCheckForm,
    WelcomeMessageForm,
)
from .models import Goal, GoalPhase, Notification, TrainingCompletion, WelcomeMessage
from .selectors import (
    HEALTH_AT_RISK,
    HEALTH_INACTIVE,
    HEALTH_ON_TRACK,
    get_pair_for_user,
    meetings_expected,
    pair_health,
    user_programs_as_participant,
)
from .selectors import pairs_overview as pairs_overview_query
from .smart import SMART_FIELDS, smart_hints
from .training import MENTEE_MODULES, MODULES, MODULES_BY_KEY, answers_correct

# The participant's start page


@login_required
def home(request):
    user = request.user
    pairs = [
        (pair, "mentor", pair.mentee)
        for pair in user.pairs_as_mentor.filter(published_at__isnull=False).select_related(
            "program", "mentee"
        )
    ] + [
        (pair, "mentee", pair.mentor)
        for pair in user.pairs_as_mentee.filter(published_at__isnull=False).select_related(
            "program", "mentor"
        )
    ]
    guides = {pair.program_id: services.guide_for(pair.program) for pair, _role, _partner in pairs}
    # What later phases ask of this person (questionnaires to answer...).
    pending = [
        action for path in settings.PARTICIPANT_PENDING for action in import_string(path)(user)
    ]
    return render(
        request,
        "sessions/home.html",
        {"pairs": pairs, "guides": list(guides.values()), "pending": pending},
    )


# Welcome communications (coordinators)


@coordinator_required
def welcome(request, pk: int):
    return _welcome_page(request, get_program_for_user(request.user, pk))


def _welcome_page(request, program, bound: WelcomeMessageForm | None = None):
    """The communications page; `bound` is a message form that failed validation, shown
    in place of its fresh copy so the coordinator's text and the errors stay."""
    templates = services.welcome_messages(program)
    people = services.participants(program)
    statuses = {
        n.recipient_id: n
        for n in Notification.objects.filter(program=program, kind=Notification.Kind.WELCOME)
    }
    forms = [
        (
            message,
            bound
            if bound is not None and bound.instance.pk == message.pk
            else WelcomeMessageForm(instance=message, prefix=f"m{message.pk}"),
        )
        for message in sorted(templates.values(), key=lambda m: (m.audience, m.language))
    ]
    previews = []
    for audience, label in WelcomeMessage.Audience.choices:
        sample = next((p for p in people if p.audience == audience), None)
        if sample is not None:
            with translation.override(sample.user.language):
                subject, body = services.welcome_render(program, sample)
            previews.append((label, sample.user, subject, body))
    return render(
        request,
        "sessions/welcome.html",
        {
            "program": program,
            "forms": forms,
            "previews": previews,
            "rows": [(p, statuses.get(p.user.pk)) for p in people],
        },
    )


@require_POST
@coordinator_required
def welcome_message_save(request, pk: int, message_pk: int):
    program = get_program_for_user(request.user, pk)
    message = get_object_or_404(WelcomeMessage, program=program, pk=message_pk)
    form = WelcomeMessageForm(request.POST, instance=message, prefix=f"m{message.pk}")
    if form.is_valid():
        services.welcome_message_save(message=message, **form.cleaned_data)
        messages.success(request, _("The message was saved."))
        return redirect("sessions:welcome", pk=pk)
    messages.error(request, _("The message was not saved: check the placeholders."))
    return _welcome_page(request, program, bound=form)


@require_POST
@coordinator_required
def welcome_send(request, pk: int):
    program = get_program_for_user(request.user, pk)
    chosen = request.POST.getlist("recipients")
    user_ids = [int(value) for value in chosen if value.isdigit()] if chosen else None
    queued = services.welcome_send(program=program, actor=request.user, user_ids=user_ids)
    if queued:
        messages.success(
            request,
            ngettext(
                "%(count)d welcome email is on its way.",
                "%(count)d welcome emails are on their way.",
                queued,
            )
            % {"count": queued},
        )
    else:
        messages.info(
            request, _("Nothing to send: everyone chosen has already received the welcome.")
        )
    return redirect("sessions:welcome", pk=pk)


# Preparation overview and the guide (coordinators)


@coordinator_required
def preparation(request, pk: int):
    program = get_program_for_user(request.user, pk)
    people = services.participants(program)
    done = {}
    for user_id, module in TrainingCompletion.objects.filter(program=program).values_list(
        "user_id", "module"
    ):
        done.setdefault(user_id, set()).add(module)
    pairs = program.pairs.filter(published_at__isnull=False).select_related("mentor", "mentee")
    goal_counts = {}
    for goal in Goal.objects.filter(pair__program=program, selected=True).prefetch_related(
        "phases"
    ):
        counts = goal_counts.setdefault(goal.pair_id, [0, 0])
        counts[0] += 1
        counts[1] += 1 if len(goal.phases.all()) == 3 else 0
    return render(
        request,
        "sessions/preparation.html",
        {
            "program": program,
            "guide": services.guide_for(program),
            "modules": MODULES,
            "training": [
                (p, [module.key in done.get(p.user.pk, set()) for module in MODULES])
                for p in people
            ],
            "pairs": [(pair, goal_counts.get(pair.pk, [0, 0])) for pair in pairs],
        },
    )


@coordinator_required
def guide_edit(request, pk: int):
    program = get_program_for_user(request.user, pk)
    guide = services.guide_for(program)
    form = GuideForm(request.POST or None, instance=guide)
    if request.method == "POST" and form.is_valid():
        services.guide_save(guide=guide, **form.cleaned_data)
        messages.success(request, _("The principles and instructions were saved."))
        return redirect("sessions:preparation", pk=pk)
    return render(
        request, "sessions/guide_form.html", {"program": program, "form": form, "guide": guide}
    )


# Training (participants; coordinators may read)


def _program_for_participant(user, pk: int) -> tuple[Program, bool]:
    """A program the person takes part in (may train) or coordinates (may read)."""
    program = user_programs_as_participant(user).filter(pk=pk).first()
    if program is not None:
        return program, True
    return get_program_for_user(user, pk), False


@login_required
def training(request, pk: int):
    program, participant = _program_for_participant(request.user, pk)
    done = set(
        TrainingCompletion.objects.filter(program=program, user=request.user).values_list(
            "module", flat=True
        )
    )
    return render(
        request,
        "sessions/training.html",
        {
            "program": program,
            "modules": [(m, m.key in done) for m in MODULES],
            "participant": participant,
        },
    )


@login_required
def training_module(request, pk: int, key: str):
    program, participant = _program_for_participant(request.user, pk)
    module = MODULES_BY_KEY.get(key)
    if module is None:
        raise Http404
    form = TrainingCheckForm(request.POST or None, module=module)
    wrong = []
    if request.method == "POST" and participant and form.is_valid():
        wrong = answers_correct(module, form.answers())
        if not wrong:
            services.training_complete(program=program, user=request.user, module=module.key)
            messages.success(request, _("Module completed. Well done!"))
            return redirect("sessions:training", pk=pk)
        messages.error(
            request, _("Some answers are not right yet: read the module again and try once more.")
        )
    completed = TrainingCompletion.objects.filter(
        program=program, user=request.user, module=module.key
    ).exists()
    return render(
        request,
        "sessions/training_module.html",
        {
            "program": program,
            "module": module,
            "form": form,
            "wrong": [f"q{n}" for n in wrong],
            "completed": completed,
            "participant": participant,
            "mentee_module": module.key in MENTEE_MODULES,
        },
    )


# The SMART goal worksheet (the pair edits, the coordinator reads)


def _worksheet_context(pair, can_edit: bool, request=None) -> dict:
    goals = list(
        pair.goals.prefetch_related("phases").order_by("owner", "-selected", "priority", "id")
    )
    for goal in goals:
        goal.phase_list = list(goal.phases.all())
        goal.hints = (
            smart_hints({f: getattr(goal, f) for f in SMART_FIELDS}) if goal.selected else {}
        )
    return {
        "pair": pair,
        "program": pair.program,
        "can_edit": can_edit,
        "mentee_goals": [g for g in goals if g.owner == Goal.Owner.MENTEE],
        "mentor_goals": [g for g in goals if g.owner == Goal.Owner.MENTOR],
        "is_mentor": request is not None and request.user.pk == pair.mentor_user_id,
    }


@login_required
def worksheet(request, pair_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    context = _worksheet_context(pair, can_edit, request)
    if can_edit:
        context["brainstorm_mentee"] = BrainstormForm(owner=Goal.Owner.MENTEE, prefix="mentee")
        context["brainstorm_mentor"] = BrainstormForm(owner=Goal.Owner.MENTOR, prefix="mentor")
        context["prioritise_mentee"] = PrioritiseForm(goals=context["mentee_goals"], prefix="pm")
        context["prioritise_mentor"] = PrioritiseForm(goals=context["mentor_goals"], prefix="pr")
    return render(request, "sessions/worksheet.html", context)


@require_POST
@login_required
def worksheet_brainstorm(request, pair_pk: int, owner: str):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    if not can_edit or owner not in Goal.Owner.values:
        raise Http404
    form = BrainstormForm(request.POST, owner=owner, prefix=owner)
    if form.is_valid():
        services.goals_brainstorm(
            pair=pair,
            owner=owner,
            texts=form.cleaned_data["goals"],
            mentor_area=form.cleaned_data.get("mentor_area", ""),
        )
        messages.success(
            request, _("Goals written down. Now choose and prioritise the ones to formalise.")
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("sessions:worksheet", pair_pk=pair.pk)


@require_POST
@login_required
def worksheet_prioritise(request, pair_pk: int, owner: str):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    if not can_edit or owner not in Goal.Owner.values:
        raise Http404
    goals = pair.goals.filter(owner=owner).order_by("id")
    form = PrioritiseForm(
        request.POST, goals=goals, prefix="pm" if owner == Goal.Owner.MENTEE else "pr"
    )
    if form.is_valid():
        choices = form.choices()
        services.goals_prioritise(
            pair=pair,
            choices={
                **{g.pk: g.priority for g in pair.goals.exclude(owner=owner) if g.selected},
                **choices,
            },
        )
        messages.success(
            request, _("Priorities saved. Make each chosen goal SMART and give it three phases.")
        )
    else:
        for error in form.non_field_errors() or [
            e for errors in form.errors.values() for e in errors
        ]:
            messages.error(request, error)
    return redirect("sessions:worksheet", pair_pk=pair.pk)


@login_required
def goal_edit(request, pair_pk: int, goal_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    goal = get_object_or_404(pair.goals.prefetch_related("phases"), pk=goal_pk)
    if not can_edit:
        raise Http404
    form = SmartGoalForm(request.POST or None, goal=goal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.goal_make_smart(
            goal=goal,
            text=data["text"],
            smart=form.smart(),
            phases=[services.PhasePlan(n, data[f"phase{n}"], data[f"due{n}"]) for n in (1, 2, 3)],
        )
        hints = smart_hints(form.smart())
        if hints:
            messages.warning(request, _("Saved. A few criteria could be sharper: see the hints."))
        else:
            messages.success(request, _("The goal is SMART and has its three phases."))
        return redirect("sessions:worksheet", pair_pk=pair.pk)
    hints = smart_hints(form.data if form.is_bound else {f: getattr(goal, f) for f in SMART_FIELDS})
    return render(
        request,
        "sessions/goal_form.html",
        {
            "pair": pair,
            "program": pair.program,
            "goal": goal,
            "form": form,
            "hints": hints,
            "phases": GoalPhase.Number.choices,
        },
    )


@login_required
def worksheet_pdf(request, pair_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    context = _worksheet_context(pair, can_edit)
    context["today"] = timezone.localdate()
    with translation.override(pair.program.language):
        html = render_to_string("sessions/reports/worksheet.html", context)
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    name = slugify(f"{pair.program.name}-{pair.mentee.full_name}-goals")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# The coordinator's view of the pairs (phase 4)

HEALTH_LABELS = {
    HEALTH_ON_TRACK: _lazy("On track"),
    HEALTH_AT_RISK: _lazy("At risk"),
    HEALTH_INACTIVE: _lazy("Inactive"),
}


@coordinator_required
def pairs_overview(request, pk: int):
    program = get_program_for_user(request.user, pk)
    now = timezone.now()
    rows = []
    for pair in pairs_overview_query(program, now):
        pair.health = pair_health(pair, program, now)
        pair.health_label = HEALTH_LABELS[pair.health]
        pair.expected = meetings_expected(pair, program)
        rows.append(pair)
    health = request.GET.get("health", "")
    query = request.GET.get("q", "").strip().lower()
    if health in HEALTH_LABELS:
        rows = [row for row in rows if row.health == health]
    if query:
        rows = [
            row
            for row in rows
            if query in row.mentor.full_name.lower() or query in row.mentee.full_name.lower()
        ]
    if request.GET.get("format") == "csv":
        return _pairs_csv(program, rows)
    return render(
        request,
        "sessions/pairs_overview.html",
        {
            "program": program,
            "rows": rows,
            "health": health,
            "query": query,
            "health_choices": HEALTH_LABELS.items(),
        },
    )


def _pairs_csv(program, rows) -> HttpResponse:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
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
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.mentor.full_name,
                row.mentee.full_name,
                row.last_meeting.isoformat() if row.last_meeting else "",
                row.next_meeting.isoformat() if row.next_meeting else "",
                row.held_count,
                row.expected,
                row.phases_done,
                row.phases_total,
                row.open_tasks,
                row.last_pulse or "",
                row.health,
            ]
        )
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(program.name)}-pairs.csv"'
    return response
