"""Reads of pairing that rank mentors with the engine: the mentors a mentee is offered,
and how the mentees are choosing."""

from collections import Counter

from django.db.models import Count, Q

from programs.models import Program

from ..models import Candidate, MentorRequest, Pair
from ..selectors import criteria_for
from . import proposal

SUGGESTED_MENTORS = 5


def mentors_suggested(mentee: Candidate) -> list[dict]:
    """The few mentors who suit this mentee best, as the mentee reads them: every hard
    constraint holds (reporting line, seniority, language, bans, pairs that ended, mentors
    who declined them), only mentors with room left (a request waiting for its answer holds
    a place), best score first. Each with the skills they would help with
    (the parts of the score, never anyone's self-rated levels), their strengths, role,
    department and availability."""
    program = mentee.program
    taken = Counter(
        program.pairs.exclude(status=Pair.Status.ENDED)
        .filter(Q(published_at__isnull=False) | Q(locked=True))
        .exclude(mentee=mentee)
        .values_list("mentor_id", flat=True)
    )
    # A request waiting for its answer holds its place (see pairing.services.mentor_request).
    taken.update(
        MentorRequest.objects.filter(program=program, status=MentorRequest.Status.PENDING)
        .exclude(mentee=mentee)
        .values_list("mentor_id", flat=True)
    )
    ended = set(
        program.pairs.filter(status=Pair.Status.ENDED, mentee=mentee).values_list(
            "mentor_id", flat=True
        )
    )
    # A mentor who declined this mentee, or let their request run out, is not offered again.
    ended.update(
        mentee.mentor_requests.filter(
            status__in=(MentorRequest.Status.DECLINED, MentorRequest.Status.EXPIRED)
        ).values_list("mentor_id", flat=True)
    )
    fitting = [
        item
        for item in proposal.alternatives(program, criteria_for(program), mentee.pk)
        if not item["broken"]
        and taken[item["id"]] < program.mentor_capacity
        and item["id"] not in ended
    ][:SUGGESTED_MENTORS]
    people = Candidate.objects.in_bulk([item["id"] for item in fitting])
    return [
        {
            **item,
            "candidate": people[item["id"]],
            "helps_with": [
                part["skill"]
                for part in item["explanation"]
                if part.get("kind", "skill") == "skill" and part["points"] > 0
            ],
        }
        for item in fitting
    ]


def mentees_choosing(program: Program) -> dict:
    """While mentees choose: the accepted mentees without a pair yet, how many of them have
    ranked their mentors or asked one, the requests waiting for an answer and those
    declined or not answered in time (three queries)."""
    waiting = (
        program.candidates.filter(status=Candidate.Status.ACCEPTED)
        .exclude(desired_role=Candidate.Role.MENTOR)
        .exclude(
            pk__in=program.pairs.exclude(status=Pair.Status.ENDED)
            .filter(Q(published_at__isnull=False) | Q(locked=True))
            .values("mentee_id")
        )
        .annotate(
            choices=Count("preferences", distinct=True)
            + Count(
                "mentor_requests",
                filter=Q(mentor_requests__status=MentorRequest.Status.PENDING),
                distinct=True,
            )
        )
        .order_by("full_name", "id")
    )
    mentees = list(waiting.values("id", "full_name", "choices"))
    requests = list(
        MentorRequest.objects.filter(program=program)
        .exclude(status__in=(MentorRequest.Status.ACCEPTED, MentorRequest.Status.CANCELLED))
        .select_related("mentor", "mentee")
        .order_by("answer_by", "pk")
    )
    return {
        "waiting": len(mentees),
        "chosen": sum(1 for mentee in mentees if mentee["choices"]),
        "not_chosen": [mentee for mentee in mentees if not mentee["choices"]],
        "pending": [r for r in requests if r.status == MentorRequest.Status.PENDING],
        "refused": [r for r in requests if r.status != MentorRequest.Status.PENDING],
    }
