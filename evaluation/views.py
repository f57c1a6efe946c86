"""Phase 5 pages: the coordinator launches the questionnaires, follows who has answered,
writes interview notes, reads the results and builds the PDF reports; each participant
answers their own questionnaire."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from documents import tables
from documents.downloads import download, table_download
from documents.tables import XLSX
from matching.models import Pair
from programs.forms import object_id
from programs.selectors import get_program_for_user, programs_for_user

from . import building, selectors, services
from .activity import activity_charts, program_activity
from .comparison import MAX_COMPARED, comparison_of, comparison_sheets
from .exports import EXPORTS
from .forms import ComparisonForm, InterviewForm, LaunchForm, QuestionnaireForm
from .models import Evaluation, Interview, Report, Response
from .results import results_of

PARTICIPANTS_PER_PAGE = 50
# How long the results page keeps its figures when no answer changed: meetings and goals
# change elsewhere, and show here within this time.
RESULTS_CACHE_SECONDS = 60
# The results page shows the first free answers of each group and the first comments;
# the answers page all of them, a page at a time.
TEXTS_SHOWN = 5
COMMENTS_SHOWN = 10
ANSWERS_PER_PAGE = 50
FREE_QUESTIONS = {
    "outcomes": gettext_lazy("Learning outcomes"),
    "needs": gettext_lazy("Learning needs going forward"),
    "comments": gettext_lazy("Comments"),
}


@coordinator_required
def overview(request, pk: int):
    return _overview_page(request, get_program_for_user(request.user, pk))


def _overview_page(request, program, launch_form: LaunchForm | None = None):
    """Launching, and who has answered; `launch_form` is one that failed validation."""
    evaluations = selectors.evaluations_by_kind(program)
    evaluation = selectors.current_evaluation(evaluations, request.GET.get("kind"))
    rows = selectors.participants_status(evaluation) if evaluation else []
    # Once the final evaluation is out, there is nothing more to launch.
    if launch_form is None and Evaluation.Kind.FINAL not in evaluations:
        launch_form = LaunchForm(launched=set(evaluations))
    return render(
        request,
        "evaluation/overview.html",
        {
            "program": program,
            "evaluations": evaluations,
            "evaluation": evaluation,
            "page": Paginator(rows, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page")),
            "answered": sum(1 for response, _interview in rows if response.submitted_at),
            "total": len(rows),
            "today": timezone.localdate(),
            "launch_form": launch_form,
            "has_pairs": program.pairs.filter(published_at__isnull=False).exists(),
        },
        status=400 if launch_form is not None and launch_form.is_bound else 200,
    )


@coordinator_required
@require_POST
def launch(request, pk: int):
    program = get_program_for_user(request.user, pk)
    form = LaunchForm(request.POST, launched=set(selectors.evaluations_by_kind(program)))
    if form.is_valid():
        try:
            evaluation = services.evaluation_launch(
                program=program,
                kind=form.cleaned_data["kind"],
                closes_on=form.cleaned_data["closes_on"],
                actor=request.user,
                comparison=form.cleaned_data["comparison"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(kind)s launched: %(count)s participants have been invited.")
                % {"kind": evaluation.get_kind_display(), "count": evaluation.responses.count()},
            )
            overview_url = reverse("evaluation:overview", args=[program.pk])
            return redirect(f"{overview_url}?kind={evaluation.kind}")
    return _overview_page(request, program, launch_form=form)


@coordinator_required
def interview(request, pk: int, user_pk: int):
    program = get_program_for_user(request.user, pk)
    # Only someone with a questionnaire in this program is interviewed here.
    response = (
        Response.objects.filter(evaluation__program=program, respondent_id=user_pk)
        .select_related("respondent")
        .order_by("evaluation__kind")  # "final" before "midpoint"
        .first()
    )
    if response is None:
        raise Http404
    participant = response.respondent
    existing = Interview.objects.filter(program=program, participant=participant).first()
    form = InterviewForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        services.interview_save(
            program=program,
            participant=participant,
            actor=request.user,
            **form.cleaned_data,
        )
        messages.success(request, _("The interview notes are saved."))
        return redirect("evaluation:overview", pk=program.pk)
    return render(
        request,
        "evaluation/interview_form.html",
        {"program": program, "participant": participant, "response": response, "form": form},
        status=400 if form.is_bound else 200,
    )


@coordinator_required
def results(request, pk: int):
    return results_draw(request, get_program_for_user(request.user, pk))


def results_draw(request, program):
    """Drawn once per change of the program's data (`{% kept %}`): the figures, comments and
    charts are functions called only while the kept page is out of date."""
    evaluations = selectors.evaluations_by_kind(program)
    evaluation = selectors.current_evaluation(evaluations, request.GET.get("kind"))
    if evaluation is None:
        return render(request, "evaluation/results.html", {"program": program})
    # The figures are also kept apart, keyed by when the answers last changed (see the
    # template's cache blocks): another change to the program does not compute them again.
    figures = SimpleLazyObject(lambda: results_of(evaluation))
    commented = evaluation.responses.filter(submitted_at__isnull=False).exclude(comments="")
    once = functools.cache
    return render(
        request,
        "evaluation/results.html",
        {
            "program": program,
            "evaluations": evaluations,
            "evaluation": evaluation,
            "results": figures,
            # The free answers a few at a time: all of them on the answers page.
            "outcomes": once(lambda: _few(figures.outcomes)),
            "needs": once(lambda: _few(figures.needs)),
            "commented": once(
                lambda: list(commented.order_by("-comment_selected", "pk")[:COMMENTS_SHOWN])
            ),
            "comments_total": once(commented.count),
            "interviews": Interview.objects.filter(program=program)
            .exclude(highlight="")
            .order_by("held_on", "pk"),
            "exports": EXPORTS.values(),
            "cache_seconds": RESULTS_CACHE_SECONDS,
            "activity": once(lambda: activity_charts(program_activity(program))),
        },
    )


def _few(groups: list[tuple[str, list[str]]]) -> dict:
    """The first answers of each group of free answers, how many there are, and whether
    some are left out."""
    total = sum(len(texts) for _label, texts in groups)
    shown = [(label, texts[:TEXTS_SHOWN]) for label, texts in groups]
    return {
        "groups": shown,
        "total": total,
        "more": total > sum(len(texts) for _label, texts in shown),
    }


@coordinator_required
def answers(request, pk: int, question: str):
    """Every answer to one free question of an evaluation (or every comment, to choose
    those quoted in the report), a page at a time."""
    if question not in FREE_QUESTIONS:
        raise Http404
    program = get_program_for_user(request.user, pk)
    evaluations = selectors.evaluations_by_kind(program)
    evaluation = selectors.current_evaluation(evaluations, request.GET.get("kind"))
    if evaluation is None:
        raise Http404("No evaluation yet.")
    answered = (
        evaluation.responses.filter(submitted_at__isnull=False)
        .exclude(**{question: ""})
        .order_by("role", "pk")
    )
    return render(
        request,
        "evaluation/answers.html",
        {
            "program": program,
            "evaluation": evaluation,
            "question": question,
            "title": FREE_QUESTIONS[question],
            "page": functools.cache(
                lambda: Paginator(answered, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
            ),
        },
    )


@coordinator_required
@require_POST
def comment_select(request, pk: int, response_pk: int):
    program = get_program_for_user(request.user, pk)
    response = get_object_or_404(Response, pk=response_pk, evaluation__program=program)
    selected = request.POST.get("selected") == "1"
    services.comment_select(response=response, selected=selected)
    messages.success(
        request,
        _("The comment will be quoted in the report.")
        if selected
        else _("The comment will not be quoted in the report."),
    )
    # Back to the page of answers it was chosen on, or to the results.
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    results_url = reverse("evaluation:results", args=[program.pk])
    return redirect(f"{results_url}?kind={response.evaluation.kind}#comments")


# The participant's questionnaire


@login_required
def questionnaire(request, response_pk: int):
    response = selectors.get_response_for_user(request.user, response_pk)
    evaluation = response.evaluation
    is_open = services.evaluation_is_open(evaluation)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" and is_open else None,
        response=response,
        goals=selectors.own_goals(response),
        skills=evaluation.program.skills.all(),
        objectives=evaluation.program.learning_objectives.all(),
    )
    if request.method == "POST" and is_open and form.is_valid():
        first_time = response.submitted_at is None
        services.response_submit(
            response=response,
            answers=form.answers(),
            goal_progress=form.goal_progress(),
            skill_levels=form.skill_levels(),
            objectives_met=form.objectives_met(),
        )
        messages.success(
            request,
            _("Thank you! Your answers are saved.")
            if first_time
            else _("Your answers are updated."),
        )
        return redirect("evaluation:questionnaire", response_pk=response.pk)
    return render(
        request,
        "evaluation/questionnaire.html",
        {
            "response": response,
            "evaluation": evaluation,
            "program": evaluation.program,
            "form": form,
            "is_open": is_open,
        },
        status=400 if form.is_bound else 200,
    )


# Reports


@coordinator_required
def reports(request, pk: int):
    program = get_program_for_user(request.user, pk)
    found = selectors.reports_of(program)
    return render(
        request,
        "evaluation/reports.html",
        {
            "program": program,
            "report": found.program_report,
            "bundle": found.bundle,
            "pairs_count": len(found.pairs),
            "page": Paginator(found.pairs, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page")),
            "busy": found.busy,
            "has_evaluation": program.evaluations.exists(),
        },
    )


@coordinator_required
@require_POST
def report_request(request, pk: int):
    program = get_program_for_user(request.user, pk)
    pair, bundle = None, request.POST.get("bundle") == "1"
    if bundle:
        if not program.pairs.filter(published_at__isnull=False).exists():
            messages.error(request, _("There are no published pairs yet."))
            return redirect("evaluation:reports", pk=program.pk)
    elif request.POST.get("pair"):
        pair = get_object_or_404(
            Pair, pk=object_id(request.POST["pair"]), program=program, published_at__isnull=False
        )
    elif not program.evaluations.exists():
        messages.error(
            request, _("Launch the evaluation first: the report is built from its answers.")
        )
        return redirect("evaluation:reports", pk=program.pk)
    report = services.report_request(program=program, pair=pair, bundle=bundle, actor=request.user)
    report.refresh_from_db()
    if report.status == Report.Status.READY:
        messages.success(request, _("The report is ready."))
    elif report.status == Report.Status.FAILED:
        messages.error(
            request, _("The report could not be built: %(reason)s") % {"reason": report.error}
        )
    else:
        messages.info(request, _("The report is being built. This page shows when it is ready."))
    return redirect("evaluation:reports", pk=program.pk)


@coordinator_required
def report_download(request, pk: int, report_pk: int):
    program = get_program_for_user(request.user, pk)
    report = get_object_or_404(
        Report.objects.select_related("program", "pair__mentor", "pair__mentee"),
        pk=report_pk,
        program=program,
        status=Report.Status.READY,
    )
    return download(
        report.file.open("rb"),
        building.report_file_name(report),
        "application/zip" if report.bundle else "application/pdf",
    )


@coordinator_required
def results_export(request, pk: int):
    """One table of the results (answers, skills, pairs) as CSV or Excel; with
    `anonymous`, people and pairs are codes instead of names."""
    program = get_program_for_user(request.user, pk)
    export = EXPORTS.get(request.GET.get("table", ""))
    file_format = request.GET.get("format", "")
    if export is None or file_format not in ("csv", "xlsx"):
        raise Http404("No such table or format.")
    evaluations = selectors.evaluations_by_kind(program)
    evaluation = selectors.current_evaluation(evaluations, request.GET.get("kind"))
    if evaluation is None:
        raise Http404("No evaluation yet.")
    anonymous = request.GET.get("anonymous") == "1"
    header, rows = export.table(evaluation, anonymous)
    services.results_exported(
        program=program, actor=request.user, table=export.slug, anonymous=anonymous
    )
    name = f"{slugify(program.name)[:60]}-{slugify(export.sheet)}-{evaluation.kind}"
    return table_download(header, rows, name=name, file_format=file_format, title=str(export.sheet))


@coordinator_required
def compare(request):
    """The programs a coordinator runs, side by side (a superuser sees every program): by
    default the most recent ones, or those chosen."""
    available = list(programs_for_user(request.user).order_by("-start_date", "-pk"))
    chosen_ids = {object_id(value) for value in request.GET.getlist("program")}
    chosen = [p for p in available if p.pk in chosen_ids] if chosen_ids else available
    if len(chosen) > MAX_COMPARED:
        if chosen_ids:
            messages.warning(
                request,
                _("At most %(count)d programs are compared at once: the most recent ones are.")
                % {"count": MAX_COMPARED},
            )
        chosen = chosen[:MAX_COMPARED]
    chosen.sort(key=lambda program: (program.start_date, program.pk))
    comparison = comparison_of(chosen)
    if request.GET.get("format") == "xlsx":
        name = slugify(_("programs compared"))
        return download(
            tables.xlsx_write_sheets(comparison_sheets(comparison)),
            f"{name}-{timezone.localdate():%Y%m%d}.xlsx",
            XLSX,
        )
    return render(
        request,
        "evaluation/compare.html",
        {
            "comparison": comparison,
            "available": available,
            "chosen": {program.pk for program in chosen},
        },
    )


def comparison(request, token: str):
    """A person left waiting for a pair rates their skills at the end, from their private
    link (no account): the comparison group. Read-only once the evaluation closed."""
    response = selectors.comparison_for_token(token)
    evaluation = response.evaluation
    is_open = services.evaluation_is_open(evaluation)
    skills = selectors.comparison_skills(response)
    form = ComparisonForm(
        request.POST if request.method == "POST" and is_open else None,
        skills=skills,
        initial={f"skill_{r.skill_id}": r.level for r in response.levels.all()},
    )
    if request.method == "POST" and is_open and form.is_valid():
        services.comparison_submit(response=response, levels=form.levels())
        messages.success(request, _("Thank you! Your answers are saved."))
        return redirect("evaluation:comparison", token=token)
    return render(
        request,
        "evaluation/comparison.html",
        {
            "response": response,
            "program": evaluation.program,
            "evaluation": evaluation,
            "form": form,
            "is_open": is_open,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
