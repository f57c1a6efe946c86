"""Reads of the selection phase: who may see which candidate, the filtered list, the phase."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from programs.models import Program
from programs.phases import Action, PhaseStatus
from programs.selectors import get_program_for_user

from .forms import SORTS
from .models import Call, Candidate


def get_candidate_for_user(user: User, program_pk: int, candidate_pk: int) -> Candidate:
    """A candidate of a program this person coordinates; 404 for anyone else."""
    program = get_program_for_user(user, program_pk)
    return get_object_or_404(
        Candidate.objects.select_related("program").prefetch_related("languages"),
        program=program,
        pk=candidate_pk,
    )


def candidates_filter(program: Program, filters: dict) -> QuerySet[Candidate]:
    """The program's candidates narrowed by the list page's filters (already validated)."""
    candidates = program.candidates.all()
    if query := filters.get("q"):
        candidates = candidates.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if role := filters.get("role"):
        roles = [role, Candidate.Role.BOTH] if role != Candidate.Role.BOTH else [role]
        candidates = candidates.filter(desired_role__in=roles)
    if status := filters.get("status"):
        candidates = candidates.filter(status=status)
    if department := filters.get("department"):
        candidates = candidates.filter(department=department)
    if language := filters.get("language"):
        candidates = candidates.filter(languages__code=language)
    skill, min_level = filters.get("skill"), filters.get("min_level")
    if skill:
        candidates = candidates.filter(ratings__skill_id=skill, ratings__level__gte=min_level or 1)
    return candidates.order_by(*SORTS.get(filters.get("sort") or "name", SORTS["name"]))


def departments(program: Program) -> list[str]:
    return list(
        program.candidates.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def phase_status(program: Program) -> PhaseStatus:
    """Phase 2, "Selecciona los participantes": done once the list of pairs is published
    (the matching step); until then its figures follow the open call and the candidates."""
    call = Call.objects.filter(program=program).first()
    counts = program.candidates.aggregate(
        total=Count("id"),
        shortlisted=Count("id", filter=Q(status=Candidate.Status.SHORTLISTED)),
        accepted=Count("id", filter=Q(status=Candidate.Status.ACCEPTED)),
    )
    pairs = program.pairs.aggregate(
        total=Count("id"), published=Count("id", filter=Q(published_at__isnull=False))
    )
    call_url = reverse("matching:call", args=[program.pk])
    candidates_url = reverse("matching:candidates", args=[program.pk])
    pairs_url = reverse("matching:pairs", args=[program.pk])
    if pairs["published"]:
        action = Action(_("See the final list of pairs"), pairs_url)
    elif pairs["total"]:
        action = Action(_("Publish the final list of pairs"), pairs_url)
    elif counts["accepted"]:
        action = Action(_("Pair each mentor with a mentee"), pairs_url)
    elif call is None or call.status == Call.Status.DRAFT:
        action = Action(_("Open the call for candidates"), call_url)
    elif counts["total"] == 0:
        action = Action(_("Share the application link"), call_url)
    else:
        action = Action(_("Review the candidates"), candidates_url)
    call_state = call.get_status_display() if call else Call.Status.DRAFT.label
    return PhaseStatus(
        number=2,
        is_done=bool(pairs["published"]),
        summary=_("Open call, intake questionnaire with skill self-ratings, pairing."),
        counts=[
            (_("Call"), call_state),
            (_("Candidates"), counts["total"]),
            (pgettext("candidates", "Shortlisted"), counts["shortlisted"]),
            (pgettext("candidates", "Accepted"), counts["accepted"]),
            (_("Pairs"), pairs["total"]),
        ],
        steps=[
            _("Communicate the open process to take part"),
            _("List some potential candidates"),
            _("Collect information about the candidates"),
            _("Pair each mentor with a mentee"),
            _("Publish the final list of pairs"),
        ],
        action=action,
    )
