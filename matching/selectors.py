"""Reads of the selection phase: who may see which candidate or pair, the filtered list,
the call and criteria (their defaults shown unsaved), the published participants, the phase."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from directory.models import Person
from programs.models import Program
from programs.phases import Action, PhaseStatus, counts_by_program
from programs.selectors import get_program_for_user, programs_for_user
from programs.translations import with_defaults

from .models import Call, Candidate, MatchingCriteria, Pair

# How the candidates' list sorts (its ?sort= values, offered by CandidateFilterForm).
SORTS = {
    "name": ("full_name", "id"),
    "-applied": ("-created_at", "-id"),
    "applied": ("created_at", "id"),
    "department": ("department", "full_name", "id"),
    "-years": ("-years_in_organisation", "full_name", "id"),
    "years": ("years_in_organisation", "full_name", "id"),
    "status": ("status", "full_name", "id"),
}


def call_for_program(program: Program) -> Call:
    """The program's call; until the coordinator saves or opens it, an unsaved one with the
    default texts in the program's language (a page that only shows it writes nothing)."""
    call = Call.objects.filter(program=program).first()
    if call is not None:
        return call
    return with_defaults(
        Call,
        program,
        lambda language: _default_call_texts(program, language),
        deadline=max(program.start_date, timezone.localdate() + datetime.timedelta(days=14)),
    )


def _default_call_texts(program: Program, language: str) -> dict[str, str]:
    with translation.override(language):
        context = {"program": program}
        return {
            "invitation_text": render_to_string(
                "matching/defaults/invitation.txt", context
            ).strip(),
            "privacy_notice": render_to_string("matching/defaults/privacy.txt", context).strip(),
        }


def criteria_for(program: Program) -> MatchingCriteria:
    """The program's matching criteria; the defaults, unsaved, until they are first saved."""
    return MatchingCriteria.objects.filter(program=program).first() or MatchingCriteria(
        program=program
    )


def get_pair_for_user(user: User, pk: int) -> tuple[Pair, bool]:
    """A published pair and whether this person may edit it: its members edit while the
    pair is active (a paused or ended pair is read-only), the program's coordinators read,
    anyone else gets 404."""
    pair = (
        Pair.objects.select_related("program", "mentor", "mentee", "mentor_user", "mentee_user")
        .filter(published_at__isnull=False, pk=pk)
        .first()
    )
    if pair is None or not user.is_authenticated:
        raise Http404
    if user.pk in (pair.mentor_user_id, pair.mentee_user_id):
        return pair, pair.is_open
    if programs_for_user(user).filter(pk=pair.program_id).exists():
        return pair, False
    raise Http404


def is_member(user: User, pair: Pair) -> bool:
    return user.pk in (pair.mentor_user_id, pair.mentee_user_id)


@dataclass(frozen=True, slots=True)
class PairFigures:
    """A current pair as the matching page's figures need it: no people, no explanation."""

    pk: int
    mentor_id: int
    mentee_id: int
    score: float
    published_at: datetime.datetime | None
    status: str
    locked: bool
    created_at: datetime.datetime
    status_changed_at: datetime.datetime | None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_ended(self) -> bool:
        return self.status == Pair.Status.ENDED


@dataclass
class PairingSummary:
    """Every figure of the matching page, from one list: the program's current pairs
    (published and proposed, locked and hand-made ones included), best score first. The
    table shows a page of them at a time, read in full with `pairs_shown`."""

    pairs: list[PairFigures]
    ended: list[Pair]
    unpaired: list[dict]  # {"id", "name", "role", "reason", "constraint"}
    by_hand: dict | None  # {"pairs", "total", "weakest"}; None if the list changed since
    changed_since_run: bool

    @property
    def total(self) -> float:
        return round(sum(pair.score for pair in self.pairs), 1)

    @property
    def weakest(self) -> float | None:
        return min((pair.score for pair in self.pairs), default=None)

    @property
    def published(self) -> list[PairFigures]:
        return [pair for pair in self.pairs if pair.is_published]

    @property
    def proposed(self) -> list[PairFigures]:
        return [pair for pair in self.pairs if not pair.is_published]


def pairing_summary(program: Program, criteria: MatchingCriteria) -> PairingSummary:
    """The matching page's list and figures, in three queries whatever the cohort's size:
    the figures of every pair (a few columns each), the pairs that ended early with their
    people, and the accepted candidates."""
    every = [
        PairFigures(*row)
        for row in program.pairs.order_by("-score", "id").values_list(
            *(field.name for field in dataclasses.fields(PairFigures))
        )
    ]
    pairs = [pair for pair in every if not pair.is_ended]
    ended = list(
        program.pairs.filter(status=Pair.Status.ENDED)
        .select_related("mentor", "mentee")
        .order_by("-score", "id")
    )
    run = criteria.last_run or {}
    reasons = {
        item["id"]: item
        for item in run.get("unpaired_mentees", []) + run.get("unpaired_mentors", [])
    }
    in_pairs = {pair.mentor_id for pair in pairs} | {pair.mentee_id for pair in pairs}
    # Whose pair ended since the last run (or ever, before any run), and when.
    pair_ended: dict[int, datetime.datetime] = {}
    for pair in ended:
        end = pair.status_changed_at or pair.created_at
        if criteria.last_run_at is None or end > criteria.last_run_at:
            for person in (pair.mentor_id, pair.mentee_id):
                pair_ended[person] = max(pair_ended.get(person, end), end)

    def why(candidate_id: int) -> dict:
        if candidate_id in pair_ended:
            return {"reason": "pair_ended", "since": pair_ended[candidate_id]}
        if candidate_id in reasons:
            found = reasons[candidate_id]
            return {"reason": found["reason"], "constraint": found.get("constraint", "")}
        return {"reason": "not_run" if criteria.last_run_at else "never_run"}

    unpaired = [
        {
            "id": candidate["id"],
            "name": candidate["full_name"],
            "role": candidate["desired_role"],
            "constraint": "",
            **why(candidate["id"]),
        }
        for candidate in program.candidates.filter(status=Candidate.Status.ACCEPTED)
        .order_by("full_name", "id")
        .values("id", "full_name", "desired_role")
        if candidate["id"] not in in_pairs
    ]
    by_hand, changed = _by_hand(criteria, run, pairs, ended)
    return PairingSummary(
        pairs=pairs, ended=ended, unpaired=unpaired, by_hand=by_hand, changed_since_run=changed
    )


def pairs_shown(program: Program, shown: list[PairFigures]) -> list[Pair]:
    """These pairs in full, in the same order, with their people's names and departments:
    the page of the table the coordinator is looking at."""
    by_pk = (
        program.pairs.filter(pk__in=[pair.pk for pair in shown])
        .select_related("mentor", "mentee")
        .only(
            *(field.name for field in dataclasses.fields(PairFigures) if field.name != "pk"),
            "program",
            "explanation",
            "warnings",
            "mentor__full_name",
            "mentor__department",
            "mentee__full_name",
            "mentee__department",
        )
        .in_bulk()
    )
    pairs = [by_pk[pair.pk] for pair in shown]
    for pair in pairs:
        pair.program = program  # its lifecycle reads the program's end date
    return pairs


def _by_hand(
    criteria: MatchingCriteria, run: dict, pairs: list[PairFigures], ended: list[Pair]
) -> tuple[dict | None, bool]:
    """What pairing by hand would give, for the list as the last run left it: the same
    fixed pairs (published or locked before the run) plus the greedy additions. Once the
    list changed by hand, there is nothing honest to compare with until the next run."""
    if "proposed" not in run or criteria.last_run_at is None:
        return None, False
    proposed = {tuple(item) for item in run["proposed"]}
    current = {(pair.mentor_id, pair.mentee_id) for pair in pairs}
    since = criteria.last_run_at
    changed = (
        not proposed <= current
        or any(
            (pair.mentor_id, pair.mentee_id) not in proposed and pair.created_at > since
            for pair in pairs
        )
        or any(pair.status_changed_at and pair.status_changed_at > since for pair in ended)
    )
    if changed:
        return None, True
    fixed = [pair.score for pair in pairs if (pair.mentor_id, pair.mentee_id) not in proposed]
    added = [run["greedy_weakest"]] if run["greedy_pairs"] else []
    return {
        "pairs": len(fixed) + run["greedy_pairs"],
        "total": round(sum(fixed) + run["greedy_total"], 1),
        "weakest": min(fixed + added, default=None),
    }, False


def programs_as_participant(user: User) -> QuerySet[Program]:
    """The programs in which this person is in a published pair."""
    return Program.objects.filter(
        Q(pairs__mentor_user=user) | Q(pairs__mentee_user=user), pairs__published_at__isnull=False
    ).distinct()


def pairs_of_participant(user: User) -> list[tuple[Pair, str, Candidate]]:
    """This person's published pairs: (pair, their role, their partner's application)."""
    published = Pair.objects.filter(published_at__isnull=False).select_related(
        "program", "mentor", "mentee"
    )
    return [
        (pair, "mentor" if pair.mentor_user_id == user.pk else "mentee", partner)
        for pair in published.filter(Q(mentor_user=user) | Q(mentee_user=user)).order_by("pk")
        for partner in [pair.mentee if pair.mentor_user_id == user.pk else pair.mentor]
    ]


@dataclass(frozen=True)
class Participant:
    user: User
    audience: str  # "mentor", "mentee" or "both"
    partners: list[str]
    application: Candidate  # their own application (the first one, for someone in two pairs)


def participants(
    program: Program, only: User | None = None, current_only: bool = False
) -> list[Participant]:
    """Everyone in the program's published pairs (or just `only`), once, with their role
    and partners; with `current_only`, the pairs that ended early are left out."""
    roles: dict[int, tuple[User, set[str], list[str], Candidate]] = {}
    pairs = program.pairs.filter(published_at__isnull=False).select_related(
        "mentor_user", "mentee_user", "mentor", "mentee"
    )
    if current_only:
        pairs = pairs.exclude(status=Pair.Status.ENDED)
    if only is not None:
        pairs = pairs.filter(Q(mentor_user=only) | Q(mentee_user=only))
    for pair in pairs.order_by("pk"):
        for member, role, own, partner in (
            (pair.mentor_user, "mentor", pair.mentor, pair.mentee),
            (pair.mentee_user, "mentee", pair.mentee, pair.mentor),
        ):
            if member is None or (only is not None and member.pk != only.pk):
                continue
            entry = roles.setdefault(member.pk, (member, set(), [], own))
            entry[1].add(role)
            entry[2].append(partner.full_name)
    result = [
        Participant(
            user=user,
            audience="both" if len(kinds) == 2 else next(iter(kinds)),
            partners=partners,
            application=application,
        )
        for user, kinds, partners, application in roles.values()
    ]
    return sorted(result, key=lambda p: (p.user.last_name, p.user.first_name, p.user.pk))


def with_pair_flag(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Each candidate with `in_a_pair`: in a pair that has not ended (published or not).
    An accepted candidate who is in none is waiting for a pair."""
    current = Pair.objects.exclude(status=Pair.Status.ENDED)
    return candidates.annotate(
        in_a_pair=Exists(current.filter(mentor=OuterRef("pk")))
        | Exists(current.filter(mentee=OuterRef("pk")))
    )


def pair_to_preview(program: Program, running: bool = False) -> Pair | None:
    """The program's first published pair with a mentee's account (not ended; with
    `running`, only active): whose mentee a preview of a journey step's text shows."""
    pairs = Pair.objects.filter(program=program, published_at__isnull=False)
    pairs = (
        pairs.filter(status=Pair.Status.ACTIVE)
        if running
        else pairs.exclude(status=Pair.Status.ENDED)
    )
    pair = pairs.select_related("mentee_user", "mentor").order_by("pk").first()
    return pair if pair is not None and pair.mentee_user is not None else None


def waiting(program: Program) -> QuerySet[Candidate]:
    """Accepted candidates in no current pair (published or proposed): waiting for a pair."""
    current = program.pairs.exclude(status=Pair.Status.ENDED)
    return (
        program.candidates.filter(status=Candidate.Status.ACCEPTED)
        .exclude(pk__in=current.values("mentor_id"))
        .exclude(pk__in=current.values("mentee_id"))
    )


def get_candidate_for_user(user: User, program_pk: int, candidate_pk: int) -> Candidate:
    """A candidate of a program this person coordinates; 404 for anyone else."""
    program = get_program_for_user(user, program_pk)
    return get_object_or_404(
        with_pair_flag(Candidate.objects.select_related("program").prefetch_related("languages")),
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
    return with_pair_flag(candidates).order_by(
        *SORTS.get(filters.get("sort") or "name", SORTS["name"])
    )


def departments(program: Program) -> list[str]:
    return list(
        program.candidates.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def phase_facts(programs: list[Program]) -> dict[int, dict]:
    """What phase 2 reports, for many programs in three queries."""
    # Someone is in a pair of their own program: its ids, hashed once by PostgreSQL, rather
    # than a correlated subquery per candidate (five times faster at 500 candidates).
    current = Pair.objects.filter(program__in=programs).exclude(status=Pair.Status.ENDED)
    in_a_pair = Q(pk__in=current.values("mentor")) | Q(pk__in=current.values("mentee"))
    candidates = counts_by_program(
        Candidate.objects.all(),
        programs,
        total=Count("id"),
        shortlisted=Count("id", filter=Q(status=Candidate.Status.SHORTLISTED)),
        accepted=Count("id", filter=Q(status=Candidate.Status.ACCEPTED)),
        waiting=Count("id", filter=Q(status=Candidate.Status.ACCEPTED) & ~in_a_pair),
    )
    pairs = counts_by_program(
        Pair.objects.all(),
        programs,
        current=Count("id", filter=~Q(status=Pair.Status.ENDED)),
        published=Count("id", filter=Q(published_at__isnull=False)),
        proposed=Count("id", filter=Q(published_at__isnull=True)),
        ended=Count("id", filter=Q(status=Pair.Status.ENDED)),
    )
    calls = {call.program_id: call for call in Call.objects.filter(program__in=programs)}
    return {
        pk: {"call": calls.get(pk), "candidates": candidates[pk], "pairs": pairs[pk]}
        for pk in candidates
    }


def phase_status(program: Program, facts: dict | None = None) -> PhaseStatus:
    """Phase 2, "Selecciona los participantes": done once the list of pairs is published
    (the matching step); until then its figures follow the open call and the candidates."""
    facts = facts if facts is not None else phase_facts([program])[program.pk]
    call, counts, pairs = facts["call"], facts["candidates"], facts["pairs"]
    call_url = reverse("matching:call", args=[program.pk])
    candidates_url = reverse("matching:candidates", args=[program.pk])
    pairs_url = reverse("matching:pairs", args=[program.pk])
    if pairs["published"] and pairs["proposed"]:
        action = Action(_("Publish the new pairs"), pairs_url)
    elif pairs["published"] and counts["waiting"]:
        action = Action(_("Find a pair for the people waiting"), pairs_url)
    elif pairs["published"]:
        action = Action(_("See the final list of pairs"), pairs_url)
    elif pairs["proposed"]:
        action = Action(_("Publish the final list of pairs"), pairs_url)
    elif counts["accepted"]:
        action = Action(_("Pair each mentor with a mentee"), pairs_url)
    elif call is None or call.status == Call.Status.DRAFT:
        action = Action(_("Open the call for candidates"), call_url)
    elif counts["total"] == 0:
        action = Action(_("Share the application link"), call_url)
    else:
        action = Action(_("Review the candidates"), candidates_url)
    call_state = call.get_effective_status_display() if call else Call.Status.DRAFT.label
    return PhaseStatus(
        number=2,
        is_done=bool(pairs["published"]),
        summary=_("Open call, intake questionnaire with skill self-ratings, pairing."),
        counts=[
            (_("Call"), call_state),
            (_("Candidates"), counts["total"]),
            (pgettext("candidates", "Shortlisted"), counts["shortlisted"]),
            (pgettext("candidates", "Accepted"), counts["accepted"]),
            (_("Pairs"), pairs["current"]),
            (_("Waiting for a pair"), counts["waiting"]),
            *([(_("Pairs ended early"), pairs["ended"])] if pairs["ended"] else []),
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


def people_to_invite(program: Program, filters: dict) -> QuerySet:
    """People of the HR directory who match the filters and have neither applied to this
    program nor been invited to it."""
    today = timezone.localdate()
    found = Person.objects.filter(active=True)
    if department := filters.get("department"):
        found = found.filter(department=department)
    if (grade_min := filters.get("grade_min")) is not None:
        found = found.filter(grade__gte=grade_min)
    if (grade_max := filters.get("grade_max")) is not None:
        found = found.filter(grade__lte=grade_max)
    if (years_min := filters.get("years_min")) is not None:
        found = found.filter(hire_date__lte=_years_ago(today, years_min))
    if (years_max := filters.get("years_max")) is not None:
        found = found.filter(hire_date__gt=_years_ago(today, years_max + 1))
    applied = Candidate.objects.filter(program=program).annotate(address=Lower("email"))
    return (
        found.annotate(address=Lower("email"))
        .exclude(address__in=applied.values("address"))
        .exclude(pk__in=program.invitations.values("person_id"))
    )


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def directory_departments() -> list[str]:
    return list(
        Person.objects.filter(active=True)
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def candidate_by_link(token: str) -> Candidate:
    """The application behind a private link (not erased); 404 otherwise."""
    return get_object_or_404(
        Candidate.objects.select_related("program__call").prefetch_related("languages"),
        access_token=token,
        anonymised_at__isnull=True,
    )
