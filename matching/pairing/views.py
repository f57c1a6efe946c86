"""The coordinator's matching page: propose, adjust by hand, publish the final pairs."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from documents.downloads import download
from documents.pdf import pdf_from_html
from documents.tables import CSV, csv_write
from programs.forms import object_id
from programs.selectors import get_program_for_user

from .. import selectors
from ..intake import services
from ..leavers import program_leavers
from ..models import Candidate, MatchingRun, MentorRequest, Pair, PairBan, PairingMode
from . import proposal, runs
from . import selectors as pairing_selectors
from . import services as services_pairs
from .forms import (
    CONSTRAINT_LABELS,
    PAIR_STATUS_DONE,
    UNPAIRED_REASONS,
    CriteriaForm,
    PairStatusForm,
    RequestExtendForm,
)

PAIRS_PER_PAGE = 50


def _labels(names: list[str], line: int | None = None) -> list[str]:
    """What each broken constraint means; a reporting line known from the HR directory says
    how far apart the two are (`line`: levels the mentor is above the mentee, negative if
    below)."""
    return [
        _line_label(line)
        if name == "reporting_line" and line
        else str(CONSTRAINT_LABELS[name])
        if name in CONSTRAINT_LABELS
        else name
        for name in names
    ]


def _line_label(line: int) -> str:
    if line > 0:
        return ngettext(
            "same reporting line: in the HR directory, the mentor is %(levels)d level above the mentee",
            "same reporting line: in the HR directory, the mentor is %(levels)d levels above the mentee",
            line,
        ) % {"levels": line}
    return ngettext(
        "same reporting line: in the HR directory, the mentor reports to the mentee, %(levels)d level below",
        "same reporting line: in the HR directory, the mentor reports to the mentee, %(levels)d levels below",
        -line,
    ) % {"levels": -line}


def _published_refusal(request, program):
    messages.error(
        request,
        _("That pair is published: pause or end it from the pair's page instead."),
    )
    return redirect("matching:pairs", pk=program.pk)


def _points(value) -> str:
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


def _score_shares(criteria) -> dict[str, float]:
    """The most points each part of a score can bring with these criteria (see engine)."""
    weights = {
        "skills": 1,
        "language": criteria.language_weight,
        "availability": criteria.availability_weight,
        "department": criteria.department_weight,
    }
    total = sum(weights.values())
    return {name: 100 * weight / total for name, weight in weights.items()}


@coordinator_required
def pairs_page(request, pk: int):
    return pairs_page_draw(request, get_program_for_user(request.user, pk))


def pairs_page_draw(request, program):
    """Drawn once per change of the program's data (`{% kept %}`): what it shows reaches
    the template as functions called once, only while the kept page is out of date."""
    number = request.GET.get("page")
    once = functools.cache
    criteria = once(lambda: selectors.criteria_for(program))
    summary = once(lambda: _summary(program, criteria()))
    run = once(lambda: MatchingRun.objects.filter(program=program).first())
    # The figures count every pair; the table shows them a page at a time.
    page = once(lambda: Paginator(summary().pairs, PAIRS_PER_PAGE).get_page(number))

    @once
    def rows():
        shown = selectors.pairs_shown(program, page().object_list)
        for pair in shown:
            pair.warning_labels = _labels(pair.warnings)
        return shown

    @once
    def choosing():
        if criteria().pairing_mode == PairingMode.COORDINATOR:
            return None
        return pairing_selectors.mentees_choosing(program)

    return render(
        request,
        "matching/pairs.html",
        {
            "program": program,
            "page_number": number or "",
            "form": once(
                lambda: CriteriaForm(
                    instance=criteria(), skills=program.skills.order_by("kind", "id")
                )
            ),
            "summary": summary,
            "pairs": once(lambda: summary().pairs),
            "page": page,
            "rows": rows,
            "accepted": once(lambda: _accepted(program)),
            "published": once(lambda: bool(summary().published)),
            "bans": once(
                lambda: list(
                    program.pair_bans.select_related("mentor", "mentee", "actor").order_by(
                        "-created_at"
                    )
                )
            ),
            "shares": once(lambda: _score_shares(criteria())),
            "run": run,
            "found": once(lambda: _found(run(), summary())),
            "leavers": once(lambda: program_leavers(program)),
            "choosing": choosing,
        },
    )


def _summary(program, criteria) -> selectors.PairingSummary:
    summary = selectors.pairing_summary(program, criteria)
    for item in summary.unpaired:
        item["reason_label"] = UNPAIRED_REASONS.get(item["reason"], "")
        if item["reason"] == "pair_ended":
            item["reason_label"] = _("Their pair ended on %(date)s.") % {
                "date": formats.date_format(timezone.localtime(item["since"]), "DATE_FORMAT")
            }
        item["constraint_label"] = CONSTRAINT_LABELS.get(item["constraint"], "")
    return summary


def _accepted(program) -> dict[str, int]:
    return program.candidates.filter(status=Candidate.Status.ACCEPTED).aggregate(
        mentors=Count("id", filter=~Q(desired_role=Candidate.Role.MENTEE)),
        mentees=Count("id", filter=~Q(desired_role=Candidate.Role.MENTOR)),
        both=Count("id", filter=Q(desired_role=Candidate.Role.BOTH)),
    )


def _found(run, summary) -> tuple[str, str] | None:
    """What the last proposal found, while the list is as it left it."""
    if run is None or run.status != MatchingRun.Status.READY:
        return None
    if summary.changed_since_run or any(
        pair.published_at >= run.finished_at for pair in summary.published
    ):
        return None
    return run_sentence(run, summary)


@require_POST
@coordinator_required
def mentees_invite(request, pk: int):
    """Write to the accepted mentees still without a pair: their link to choose a mentor."""
    program = get_program_for_user(request.user, pk)
    if selectors.criteria_for(program).pairing_mode == PairingMode.COORDINATOR:
        raise Http404
    count = services_pairs.mentees_invite_to_choose(program=program, actor=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d mentee was invited to choose a mentor.",
                "%(count)d mentees were invited to choose a mentor.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Every mentee without a pair had already been invited."))
    return redirect("matching:pairs", pk=program.pk)


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
        if program.pairs.filter(published_at__isnull=False).exists():
            messages.success(
                request,
                _(
                    "The criteria were saved. They apply to the people still to pair; "
                    "published pairs stay as they are."
                ),
            )
        else:
            messages.success(request, _("The criteria were saved. Run the proposal to apply them."))
    else:
        messages.error(
            request,
            _(
                "The criteria were not saved: check the weights (0 to 5) and the points for a "
                "first choice (0 to 50)."
            ),
        )
    return redirect("matching:pairs", pk=program.pk)


@require_POST
@coordinator_required
def pairs_run(request, pk: int):
    """Ask for a proposal: a worker computes it; the page shows how far it got, then what
    it found."""
    program = get_program_for_user(request.user, pk)
    run = runs.pairs_run_request(program=program, actor=request.user)
    run.refresh_from_db()
    if run.status == MatchingRun.Status.FAILED:
        messages.error(
            request, _("The proposal could not be computed: %(reason)s") % {"reason": run.error}
        )
    elif run.is_busy:
        messages.info(
            request, _("The proposal is being computed. This page shows it when it is ready.")
        )
    return redirect("matching:pairs", pk=program.pk)


def run_sentence(run: MatchingRun, summary) -> tuple[str, str]:
    """What a finished proposal found, with the figures of the list as it is now, and the
    alert's colour."""
    if not summary.pairs:
        return "warning", _("No pair meets the constraints: see who is not paired and why.")
    return "success", ngettext(
        "Proposal ready: %(pairs)d pair (%(new)d new), total score %(total)s, "
        "weakest pair %(weakest)s.",
        "Proposal ready: %(pairs)d pairs (%(new)d new), total score %(total)s, "
        "weakest pair %(weakest)s.",
        len(summary.pairs),
    ) % {
        "pairs": len(summary.pairs),
        "new": run.result.get("new", 0),
        "total": _points(summary.total),
        "weakest": _points(summary.weakest),
    }


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
    current_pairs = program.pairs.exclude(status=Pair.Status.ENDED)
    loads = dict(current_pairs.values_list("mentor_id").annotate(n=Count("id")))
    current = current_pairs.filter(mentee=mentee).values_list("mentor_id", flat=True).first()
    for option in ranked:
        option["broken_labels"] = _labels(option["broken"], option["line"])
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
    to_publish = program.pairs.filter(published_at__isnull=True).count()
    already = program.pairs.filter(published_at__isnull=False).exists()
    if request.method == "POST":
        count = services_pairs.pairs_publish(program=program, actor=request.user)
        if not count:
            messages.error(request, _("There are no pairs to publish yet: run the proposal first."))
            return redirect("matching:pairs", pk=pk)
        if already:
            messages.success(
                request,
                ngettext(
                    "%(count)d new pair is published; only its two people have been emailed.",
                    "%(count)d new pairs are published; only their people have been emailed.",
                    count,
                )
                % {"count": count},
            )
            return redirect("matching:pairs", pk=pk)
        messages.success(
            request,
            ngettext(
                "The final list of %(count)d pair is published; both its people have been emailed.",
                "The final list of %(count)d pairs is published; every participant has been "
                "emailed.",
                count,
            )
            % {"count": count},
        )
        return redirect("program_dashboard", pk=pk)
    return render(
        request,
        "matching/publish.html",
        {
            "program": program,
            "count": to_publish,
            "already": already,
            "waiting": selectors.waiting(program).count(),
        },
    )


@coordinator_required
def pair_status(request, pk: int, pair_pk: int, action: str):
    """Pause, resume or end a published pair, after a confirmation that says who is told."""
    pair = _pair(request, pk, pair_pk)
    if action not in services_pairs.status_changes_for(pair):
        raise Http404
    form = PairStatusForm(
        request.POST if request.method == "POST" else None, action=action, pair=pair
    )
    if request.method == "POST" and form.is_valid():
        services_pairs.pair_status_change(
            pair=pair, action=action, actor=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            PAIR_STATUS_DONE[action]
            % {"mentor": pair.mentor.full_name, "mentee": pair.mentee.full_name},
        )
        return redirect("sessions:workspace", pair_pk=pair.pk)
    return render(
        request,
        "matching/pair_status.html",
        {"program": pair.program, "pair": pair, "form": form, "action": action},
    )


@require_POST
@coordinator_required
def ban_lift(request, pk: int, ban_pk: int):
    program = get_program_for_user(request.user, pk)
    ban = get_object_or_404(
        PairBan.objects.select_related("program", "mentor", "mentee"), program=program, pk=ban_pk
    )
    services_pairs.ban_lift(ban=ban, actor=request.user)
    messages.success(
        request,
        _("%(mentor)s and %(mentee)s may be paired again: the next run can propose them.")
        % {"mentor": ban.mentor.full_name, "mentee": ban.mentee.full_name},
    )
    return redirect("matching:pairs", pk=pk)


PART_NAMES = {
    "language": gettext_lazy("shared language"),
    "availability": gettext_lazy("shared availability"),
    "department": gettext_lazy("another department"),
}


def explanation_text(parts: list[dict]) -> str:
    """A pair's explanation on one line: each part of its score with its points."""
    return "; ".join(
        f"{part['skill']} ({part['mentor']}→{part['mentee']}) +{part['points']}"
        if "skill" in part
        else f"{PART_NAMES.get(part['kind'], part['kind'])} +{part['points']}"
        for part in parts
    )


@coordinator_required
def pairs_export(request, pk: int, file_format: str):
    program = get_program_for_user(request.user, pk)
    pairs = list(
        program.pairs.exclude(status=Pair.Status.ENDED)
        .select_related("mentor", "mentee")
        .order_by("mentor__full_name", "id")
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
                explanation_text(pair.explanation),
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


@require_POST
@coordinator_required
def request_extend(request, pk: int, request_pk: int):
    """Give a mentor more days to answer a mentee's request."""
    program = get_program_for_user(request.user, pk)
    asked = get_object_or_404(
        MentorRequest.objects.select_related("mentor", "mentee"), program=program, pk=request_pk
    )
    form = RequestExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give from 1 to 30 more days."))
        return redirect("matching:pairs", pk=program.pk)
    try:
        asked = services_pairs.mentor_request_extend(
            request=asked, days=form.cleaned_data["days"], actor=request.user
        )
    except services_pairs.RequestClosed:
        messages.error(request, _("This request is closed already: nothing changed."))
    else:
        messages.success(
            request,
            _("%(mentor)s can answer %(mentee)s until %(date)s.")
            % {
                "mentor": asked.mentor.full_name,
                "mentee": asked.mentee.full_name,
                "date": formats.date_format(timezone.localtime(asked.answer_by), "DATETIME_FORMAT"),
            },
        )
    return redirect("matching:pairs", pk=program.pk)
