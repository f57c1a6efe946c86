"""Phase 3 pages: the coordinator's welcome communications, preparation overview and guide;
the training modules; the pair's SMART goal worksheet (its members edit, coordinators read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from documents.downloads import download
from documents.pdf import pdf_from_html
from matching.selectors import get_pair_for_user, participants, programs_as_participant
from programs.forms import object_id
from programs.models import Program
from programs.selectors import get_program_for_user
from programs.translations import other_languages

from . import selectors, services
from .audiences import modules_expected
from .forms import (
    BrainstormForm,
    GuideForm,
    PrioritiseForm,
    SmartGoalForm,
    TrainingCheckForm,
    WelcomeMessageForm,
)
from .models import Goal, GoalPhase, TrainingCompletion, WelcomeMessage
from .smart import SMART_FIELDS, smart_hints
from .training import MENTEE_MODULES, MODULES, MODULES_BY_KEY, answers_correct

# Welcome communications (coordinators)


@coordinator_required
def welcome(request, pk: int):
    return _welcome_page(request, get_program_for_user(request.user, pk))


def _prefix(message: WelcomeMessage) -> str:
    return f"{message.audience}-{message.language}"


def _welcome_page(request, program, bound: WelcomeMessageForm | None = None):
    """The communications page; `bound` is a message form that failed validation, shown
    in place of its fresh copy so the coordinator's text and the errors stay."""
    templates = selectors.welcome_messages(program)
    people = participants(program, current_only=True)
    statuses = selectors.welcome_statuses(program)
    forms = [
        (
            message,
            bound
            if bound is not None and bound.prefix == _prefix(message)
            else WelcomeMessageForm(instance=message, prefix=_prefix(message)),
        )
        for message in sorted(templates.values(), key=lambda m: (m.audience, m.language))
    ]
    previews = []
    for audience, label in WelcomeMessage.Audience.choices:
        sample = next((p for p in people if p.audience == audience), None)
        if sample is not None:
            with translation.override(sample.user.language):
                subject, body = selectors.welcome_render(program, sample)
            previews.append((label, sample.user, subject, body))
    return render(
        request,
        "preparation/welcome.html",
        {
            "program": program,
            "forms": forms,
            "previews": previews,
            "rows": [(p, statuses.get(p.user.pk)) for p in people],
        },
    )


@require_POST
@coordinator_required
def welcome_message_save(request, pk: int, audience: str, language: str):
    program = get_program_for_user(request.user, pk)
    message = selectors.welcome_messages(program).get((audience, language))
    if message is None:
        raise Http404
    form = WelcomeMessageForm(request.POST, instance=message, prefix=_prefix(message))
    if form.is_valid():
        services.welcome_message_save(
            program=program,
            audience=audience,
            language=language,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("The message was saved."))
        return redirect("preparation:welcome", pk=pk)
    messages.error(request, _("The message was not saved: check the placeholders."))
    return _welcome_page(request, program, bound=form)


@require_POST
@coordinator_required
def welcome_send(request, pk: int):
    program = get_program_for_user(request.user, pk)
    chosen = request.POST.getlist("recipients")
    user_ids = [object_id(value) for value in chosen] if chosen else None
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
    return redirect("preparation:welcome", pk=pk)


# Preparation overview and the guide (coordinators)


@coordinator_required
def preparation(request, pk: int):
    program = get_program_for_user(request.user, pk)
    people = participants(program, current_only=True)
    done = {}
    for user_id, module in TrainingCompletion.objects.filter(program=program).values_list(
        "user_id", "module"
    ):
        done.setdefault(user_id, set()).add(module)
    pairs = program.pairs.filter(published_at__isnull=False).select_related("mentor", "mentee")
    goal_counts, with_mentee_goals = {}, set()
    for goal in Goal.objects.filter(pair__program=program, selected=True).prefetch_related(
        "phases"
    ):
        counts = goal_counts.setdefault(goal.pair_id, [0, 0])
        counts[0] += 1
        counts[1] += 1 if len(goal.phases.all()) == 3 else 0
        if goal.owner == Goal.Owner.MENTEE:
            with_mentee_goals.add(goal.pair_id)
    return render(
        request,
        "preparation/preparation.html",
        {
            "program": program,
            "guide": selectors.guide_for(program),
            "modules": MODULES,
            "training": [
                (p, [module.key in done.get(p.user.pk, set()) for module in MODULES])
                for p in people
            ],
            "pairs": [(pair, goal_counts.get(pair.pk, [0, 0])) for pair in pairs],
            # The groups "remind those pending" writes to (see preparation.audiences).
            "training_pending": sum(
                1
                for person in people
                if not modules_expected(person.audience) <= done.get(person.user.pk, set())
            ),
            "worksheets_pending": sum(
                1
                for pair in pairs
                if pair.status != pair.Status.ENDED and pair.pk not in with_mentee_goals
            ),
        },
    )


@coordinator_required
def guide_edit(request, pk: int):
    program = get_program_for_user(request.user, pk)
    guide = selectors.guide_for(program)
    form = GuideForm(
        request.POST or None, instance=guide, languages=other_languages(program.language)
    )
    if request.method == "POST" and form.is_valid():
        services.guide_save(
            program=program,
            actor=request.user,
            principles=form.cleaned_data["principles"],
            instructions=form.cleaned_data["instructions"],
            training_required=form.cleaned_data["training_required"],
            translations=form.translations(),
        )
        messages.success(request, _("The principles and instructions were saved."))
        return redirect("preparation:overview", pk=pk)
    return render(
        request, "preparation/guide_form.html", {"program": program, "form": form, "guide": guide}
    )


# Training (participants; coordinators may read)


def _program_for_participant(user, pk: int) -> tuple[Program, bool]:
    """A program the person takes part in (may train) or coordinates (may read)."""
    program = programs_as_participant(user).filter(pk=pk).first()
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
        "preparation/training.html",
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
            return redirect("preparation:training", pk=pk)
        messages.error(
            request, _("Some answers are not right yet: read the module again and try once more.")
        )
    completed = TrainingCompletion.objects.filter(
        program=program, user=request.user, module=module.key
    ).exists()
    return render(
        request,
        "preparation/training_module.html",
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
    return render(request, "preparation/worksheet.html", context)


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
    return redirect("preparation:worksheet", pair_pk=pair.pk)


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
    return redirect("preparation:worksheet", pair_pk=pair.pk)


@login_required
def goal_edit(request, pair_pk: int, goal_pk: int):
    pair, can_edit = get_pair_for_user(request.user, pair_pk)
    goal = get_object_or_404(pair.goals.prefetch_related("phases"), pk=goal_pk)
    goal.pair = pair
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
            objective=data.get("objective"),
        )
        hints = smart_hints(form.smart())
        if hints:
            messages.warning(request, _("Saved. A few criteria could be sharper: see the hints."))
        else:
            messages.success(request, _("The goal is SMART and has its three phases."))
        return redirect("preparation:worksheet", pair_pk=pair.pk)
    hints = smart_hints(form.data if form.is_bound else {f: getattr(goal, f) for f in SMART_FIELDS})
    return render(
        request,
        "preparation/goal_form.html",
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
        html = render_to_string("preparation/reports/worksheet.html", context)
    name = slugify(f"{pair.program.name}-{pair.mentee.full_name}-goals")
    return download(pdf_from_html(html), f"{name}.pdf", "application/pdf")
