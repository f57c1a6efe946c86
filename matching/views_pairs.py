"""The coordinator's matching page: propose, adjust by hand, publish the final pairs."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from documents.downloads import download
from documents.pdf import pdf_from_html
from documents.tables import CSV, csv_write
from programs.forms import object_id
from programs.selectors import get_program_for_user

from . import proposal, selectors, services, services_pairs
from .forms import CONSTRAINT_LABELS, UNPAIRED_REASONS, CriteriaForm
from .models import Candidate, Pair


def _labels(names: list[str]) -> list[str]:
    return [str(CONSTRAINT_LABELS.get(name, name)) for name in names]


def _published_refusal(request, program):
    messages.error(request, _("The list of pairs is published: it can no longer change."))
    return redirect("matching:pairs", pk=program.pk)


@coordinator_required
def pairs_page(request, pk: int):
    program = get_program_for_user(request.user, pk)
    criteria = selectors.criteria_for(program)
    skills = list(program.skills.order_by("kind", "id"))
    pairs = list(program.pairs.select_related("mentor", "mentee").order_by("-score", "id"))
    for pair in pairs:
        pair.warning_labels = _labels(pair.warnings)
    run = criteria.last_run or {}
    for item in run.get("unpaired_mentees", []) + run.get("unpaired_mentors", []):
        item["reason_label"] = UNPAIRED_REASONS.get(item["reason"], "")
        item["constraint_label"] = CONSTRAINT_LABELS.get(item.get("constraint", ""), "")
    accepted = program.candidates.filter(status=Candidate.Status.ACCEPTED).aggregate(
        mentors=Count("id", filter=~Q(desired_role=Candidate.Role.MENTEE)),
        mentees=Count("id", filter=~Q(desired_role=Candidate.Role.MENTOR)),
    )
    return render(
        request,
        "matching/pairs.html",
        {
            "program": program,
            "criteria": criteria,
            "form": CriteriaForm(instance=criteria, skills=skills),
            "pairs": pairs,
            "run": run,
            "accepted": accepted,
            "published": any(pair.is_published for pair in pairs),
            "scores": [pair.score for pair in pairs],
        },
    )


@require_POST
@coordinator_required
def criteria_save(request, pk: int):
    program = get_program_for_user(request.user, pk)
    criteria = selectors.criteria_for(program)
    form = CriteriaForm(
        request.POST, instance=criteria, skills=program.skills.order_by("kind", "id")
    )
    if form.is_valid():
        services_pairs.criteria_update(
            criteria=criteria, skill_weights=form.skill_weights(), **form.criteria()
        )
        messages.success(request, _("The criteria were saved. Run the proposal to apply them."))
    else:
        messages.error(request, _("The criteria were not saved: check the weights (0 to 5)."))
    return redirect("matching:pairs", pk=program.pk)


@require_POST
@coordinator_required
def pairs_run(request, pk: int):
    program = get_program_for_user(request.user, pk)
    try:
        result = services_pairs.pairs_propose(program=program, actor=request.user)
    except services_pairs.PairsAlreadyPublished:
        return _published_refusal(request, program)
    messages.success(
        request,
        _("Proposal ready: %(pairs)d pairs, total score %(total)s, weakest pair %(weakest)s.")
        % {"pairs": len(result.pairs), "total": result.total, "weakest": result.weakest},
    )
    return redirect("matching:pairs", pk=program.pk)


def _pair(request, pk: int, pair_pk: int) -> Pair:
    program = get_program_for_user(request.user, pk)
    return get_object_or_404(
        Pair.objects.select_related("program", "mentor", "mentee"), program=program, pk=pair_pk
    )


@require_POST
@coordinator_required
def pair_lock(request, pk: int, pair_pk: int):
    pair = _pair(request, pk, pair_pk)
    try:
        services_pairs.pair_lock(pair=pair, locked=request.POST.get("locked") == "1")
    except services_pairs.PairsAlreadyPublished:
        return _published_refusal(request, pair.program)
    return redirect("matching:pairs", pk=pk)


@require_POST
@coordinator_required
def pair_forbid(request, pk: int, pair_pk: int):
    pair = _pair(request, pk, pair_pk)
    try:
        services_pairs.pair_forbid(pair=pair, actor=request.user)
    except services_pairs.PairsAlreadyPublished:
        return _published_refusal(request, pair.program)
    messages.success(
        request,
        _(
            "%(mentor)s and %(mentee)s will never be paired. Run the proposal again to find %(mentee)s a mentor."
        )
        % {"mentor": pair.mentor.full_name, "mentee": pair.mentee.full_name},
    )
    return redirect("matching:pairs", pk=pk)


@coordinator_required
def mentee_alternatives(request, pk: int, candidate_pk: int):
    program = get_program_for_user(request.user, pk)
    mentee = get_object_or_404(
        program.candidates.exclude(desired_role=Candidate.Role.MENTOR),
        pk=candidate_pk,
        status=Candidate.Status.ACCEPTED,
    )
    if request.method == "POST":
        mentor = get_object_or_404(
            program.candidates.exclude(desired_role=Candidate.Role.MENTEE),
            pk=object_id(request.POST.get("mentor")),
            status=Candidate.Status.ACCEPTED,
        )
        try:
            pair = services_pairs.pair_set(program=program, mentor=mentor, mentee=mentee)
        except services_pairs.PairsAlreadyPublished:
            return _published_refusal(request, program)
        if pair.warnings:
            messages.warning(
                request,
                _(
                    "%(mentor)s and %(mentee)s are paired and locked, but the pair breaks: %(rules)s."
                )
                % {
                    "mentor": mentor.full_name,
                    "mentee": mentee.full_name,
                    "rules": "; ".join(_labels(pair.warnings)),
                },
            )
        else:
            messages.success(
                request,
                _("%(mentor)s and %(mentee)s are paired and locked.")
                % {"mentor": mentor.full_name, "mentee": mentee.full_name},
            )
        return redirect("matching:pairs", pk=pk)
    ranked = proposal.alternatives(program, selectors.criteria_for(program), mentee.pk)
    loads = dict(program.pairs.values_list("mentor_id").annotate(n=Count("id")))
    current = program.pairs.filter(mentee=mentee).values_list("mentor_id", flat=True).first()
    for option in ranked:
        option["broken_labels"] = _labels(option["broken"])
        option["load"] = loads.get(option["id"], 0)
        option["current"] = option["id"] == current
    return render(
        request,
        "matching/alternatives.html",
        {"program": program, "mentee": mentee, "options": ranked},
    )


@coordinator_required
def pairs_publish(request, pk: int):
    program = get_program_for_user(request.user, pk)
    pairs = program.pairs.count()
    if request.method == "POST":
        if not pairs:
            messages.error(request, _("There are no pairs to publish yet: run the proposal first."))
            return redirect("matching:pairs", pk=pk)
        try:
            count = services_pairs.pairs_publish(program=program, actor=request.user)
        except services_pairs.PairsAlreadyPublished:
            return _published_refusal(request, program)
        messages.success(
            request,
            _("The final list of %(count)d pairs is published; every participant has been emailed.")
            % {"count": count},
        )
        return redirect("program_dashboard", pk=pk)
    return render(request, "matching/publish.html", {"program": program, "count": pairs})


@coordinator_required
def pairs_export(request, pk: int, file_format: str):
    program = get_program_for_user(request.user, pk)
    pairs = list(
        program.pairs.select_related("mentor", "mentee").order_by("mentor__full_name", "id")
    )
    name = f"{slugify(program.name)}-pairs-{timezone.localdate():%Y%m%d}"
    if file_format in ("csv", "pdf"):
        services.personal_data_exported(
            program=program, actor=request.user, what="pairs", format=file_format
        )
    if file_format == "csv":
        rows = (
            [
                pair.mentor.full_name,
                pair.mentor.email,
                pair.mentee.full_name,
                pair.mentee.email,
                pair.score,
                "; ".join(f"{e['skill']} ({e['mentor']}→{e['mentee']})" for e in pair.explanation),
            ]
            for pair in pairs
        )
        header = ["mentor", "mentor_email", "mentee", "mentee_email", "score", "skills"]
        return download(csv_write(header, rows), f"{name}.csv", CSV)
    if file_format == "pdf":
        with translation.override(program.language):
            html = render_to_string(
                "matching/reports/pairs.html",
                {"program": program, "pairs": pairs, "today": timezone.localdate()},
            )
        return download(pdf_from_html(html), f"{name}.pdf", "application/pdf")
    raise Http404
