"""From the database to the engine and back: a program's accepted candidates as arrays,
the optimal pairs for the chosen criteria, each with the skills that explain it."""

import time
from dataclasses import dataclass, field

import numpy as np
from django.db.models.functions import Lower

from directory.models import Person
from programs.models import Program

from ..models import (
    Candidate,
    CandidateLanguage,
    MatchingCriteria,
    MentorPreference,
    PairBan,
    PairingMode,
    SkillRating,
)
from . import engine

LANGUAGE_BITS = {code: 1 << n for n, code in enumerate(CandidateLanguage.Code.values)}
AVAILABILITY_BITS = {slot: 1 << n for n, slot in enumerate(Candidate.Availability.values)}
EXPLAINED_SKILLS = 3


@dataclass
class Side:
    """The candidates of one side, in the engine's row order."""

    candidates: list[dict]
    people: engine.People


@dataclass
class MatchingData:
    skills: list[tuple[int, str]]  # (id, name) in column order
    mentors: Side
    mentees: Side
    weights: np.ndarray
    # The HR directory's chains among these candidates: (candidate id, id of a candidate
    # anywhere above them, how many levels above) rows.
    lines: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), dtype=np.int64))

    def mentor_index(self, candidate_id: int) -> int | None:
        return self._index(self.mentors, candidate_id)

    def mentee_index(self, candidate_id: int) -> int | None:
        return self._index(self.mentees, candidate_id)

    @staticmethod
    def _index(side: Side, candidate_id: int) -> int | None:
        for index, candidate in enumerate(side.candidates):
            if candidate["id"] == candidate_id:
                return index
        return None


def _codes(values: list[str]) -> np.ndarray:
    """Equal strings get equal integer codes; empty strings get -1."""
    table: dict[str, int] = {}
    return np.array(
        [table.setdefault(v.lower(), len(table)) if v else -1 for v in values], dtype=np.int64
    )


def matching_data(program: Program, criteria: MatchingCriteria) -> MatchingData:
    """Load the accepted candidates in a fixed number of queries and shape them for the
    engine: the candidates, their ratings, their languages, what the HR directory says."""
    skills = list(program.skills.order_by("kind", "id").values_list("id", "name"))
    accepted = _accepted(program)
    known = _directory(accepted)
    for candidate in accepted:
        if person := known.get(candidate["id"]):
            candidate["department"] = person["department"] or candidate["department"]
    everyone = _people(program, accepted, skills, known)
    mentor_rows = [n for n, c in enumerate(accepted) if c["desired_role"] != Candidate.Role.MENTEE]
    mentee_rows = [n for n, c in enumerate(accepted) if c["desired_role"] != Candidate.Role.MENTOR]
    weights = np.array([criteria.skill_weight(skill_id) for skill_id, _ in skills], dtype=float)
    return MatchingData(
        skills=skills,
        mentors=_side(accepted, everyone, mentor_rows),
        mentees=_side(accepted, everyone, mentee_rows),
        weights=weights,
        lines=_lines(known),
    )


def _accepted(program: Program) -> list[dict]:
    return list(
        program.candidates.filter(status=Candidate.Status.ACCEPTED)
        .order_by("created_at", "id")
        .values(
            "id",
            "full_name",
            "desired_role",
            "department",
            "email",
            "manager_email",
            "years_in_organisation",
            "level",
            "availability",
        )
    )


def _ratings(
    program: Program, row: dict[int, int], skills: list[tuple[int, str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Every accepted candidate's level of every skill (1 when not rated) and what they
    want to learn, as (candidates x skills) arrays, from one query."""
    column = {skill_id: s for s, (skill_id, _name) in enumerate(skills)}
    levels = np.ones((len(row), len(skills)), dtype=np.int16)
    wants = np.zeros((len(row), len(skills)), dtype=bool)
    ratings = SkillRating.objects.filter(
        candidate__program=program, candidate__status=Candidate.Status.ACCEPTED
    ).values_list("candidate_id", "skill_id", "level", "wants_to_learn")
    if ratings_array := list(ratings):
        data = np.array(ratings_array, dtype=np.int64)
        rows = np.array([row[c] for c in data[:, 0]])
        cols = np.array([column[s] for s in data[:, 1]])
        levels[rows, cols] = data[:, 2]
        wants[rows, cols] = data[:, 3].astype(bool)
    return levels, wants


def _languages(program: Program, row: dict[int, int]) -> np.ndarray:
    """Each accepted candidate's languages as a bit set, from one query."""
    languages = np.zeros(len(row), dtype=np.int64)
    for candidate_id, code in CandidateLanguage.objects.filter(
        candidate__program=program, candidate__status=Candidate.Status.ACCEPTED
    ).values_list("candidate_id", "code"):
        languages[row[candidate_id]] |= LANGUAGE_BITS.get(code, 0)
    return languages


def _people(
    program: Program, accepted: list[dict], skills: list[tuple[int, str]], known: dict
) -> engine.People:
    row = {candidate["id"]: n for n, candidate in enumerate(accepted)}
    levels, wants = _ratings(program, row, skills)
    address_codes = _codes([c["email"] for c in accepted] + [c["manager_email"] for c in accepted])
    return engine.People(
        ids=np.array([c["id"] for c in accepted], dtype=np.int64),
        levels=levels,
        wants=wants,
        languages=_languages(program, row),
        availability=np.array(
            [sum(AVAILABILITY_BITS.get(slot, 0) for slot in c["availability"]) for c in accepted],
            dtype=np.int64,
        ),
        department=_codes([c["department"] for c in accepted]),
        email=address_codes[: len(accepted)],
        manager=address_codes[len(accepted) :],
        years=np.array([c["years_in_organisation"] for c in accepted], dtype=np.int64),
        level=np.array([c["level"] for c in accepted], dtype=np.int64),
        grade=np.array(
            [_or_unknown(known.get(c["id"], {}).get("grade")) for c in accepted], dtype=np.int64
        ),
        hired=np.array(
            [_or_unknown(known.get(c["id"], {}).get("hired")) for c in accepted], dtype=np.int64
        ),
    )


def _or_unknown(value: int | None) -> int:
    return -1 if value is None else value


def _directory(accepted: list[dict]) -> dict[int, dict]:
    """The HR directory's view of the candidates it lists (by email), in one query: their
    employee id, department, grade, date of hire and chain of managers."""
    by_email = {c["email"].lower(): c["id"] for c in accepted}
    if not by_email:
        return {}
    found = Person.objects.annotate(address=Lower("email")).filter(
        address__in=by_email, active=True
    )
    return {
        by_email[person["address"]]: {
            **person,
            "hired": person["hire_date"].toordinal() if person["hire_date"] else None,
        }
        for person in found.values(
            "address", "employee_id", "department", "grade", "hire_date", "chain"
        )
    }


def _lines(known: dict[int, dict]) -> np.ndarray:
    candidate_of = {person["employee_id"]: c for c, person in known.items()}
    rows = [
        (candidate_id, candidate_of[employee_id], depth)
        for candidate_id, person in known.items()
        for depth, employee_id in enumerate(person["chain"], start=1)
        if employee_id in candidate_of
    ]
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def _side(accepted: list[dict], everyone: engine.People, rows: list[int]) -> Side:
    return Side(
        candidates=[accepted[n] for n in rows],
        people=everyone.take(np.array(rows, dtype=np.int64)),
    )


def engine_criteria(criteria: MatchingCriteria, weights: np.ndarray) -> engine.Criteria:
    return engine.Criteria(
        skill_weights=weights,
        language_weight=criteria.language_weight,
        availability_weight=criteria.availability_weight,
        department_weight=criteria.department_weight,
        require_common_language=criteria.require_common_language,
        forbid_same_department=criteria.forbid_same_department,
        forbid_reporting_line=criteria.forbid_reporting_line,
        require_mentor_junior=criteria.require_mentor_junior,
        require_mentor_medium=criteria.require_mentor_medium,
        objective=criteria.objective,
    )


@dataclass
class ProposedPair:
    mentor_id: int
    mentee_id: int
    score: float
    explanation: list[dict]


@dataclass
class Proposal:
    pairs: list[ProposedPair]
    unpaired_mentees: list[dict]  # {"id", "name", "reason", "constraint"}
    unpaired_mentors: list[dict]
    total: float
    weakest: float
    greedy_total: float
    greedy_weakest: float
    greedy_pairs: int
    timings: dict[str, float] = field(default_factory=dict)


def explain(
    data: MatchingData, rules: engine.Criteria, i: np.ndarray, j: np.ndarray, scores: list[float]
) -> list[list[dict]]:
    """For each pair, every part of its score with its points, adding up to the score shown:
    each skill the mentee wants (mentor's level against the mentee's), then a shared
    language, shared availability and another department when their weight counts."""
    mentors, mentees = data.mentors.people, data.mentees.people
    parts, counts = engine.score_parts(mentors, mentees, rules, i, j)
    n_skills = len(data.skills)
    result = []
    for n in range(len(i)):
        columns = np.flatnonzero(counts[n])
        points = engine.rounded_parts(parts[n, columns], scores[n])
        skills, others = [], []
        for column, value in zip(columns.tolist(), points, strict=True):
            if column < n_skills:
                skills.append(
                    {
                        "kind": engine.PART_SKILL,
                        "skill": data.skills[column][1],
                        "mentor": int(mentors.levels[i[n], column]),
                        "mentee": int(mentees.levels[j[n], column]),
                        "points": value,
                    }
                )
            else:
                kind = (engine.PART_LANGUAGE, engine.PART_AVAILABILITY, engine.PART_DEPARTMENT)[
                    column - n_skills
                ]
                others.append({"kind": kind, "points": value})
        skills.sort(key=lambda part: -part["points"])
        result.append(skills + others)
    return result


def propose(
    program: Program,
    criteria: MatchingCriteria,
    locked: list[tuple[int, int]] = (),
    banned: list[tuple[int, int]] = (),
) -> Proposal:
    """The optimal new pairs for the accepted candidates around the fixed ones: `locked`
    (mentor id, mentee id) pairs stay as they are (locked by hand, or published), their
    mentees are taken and their mentors' capacity counts them. `banned` pairs are never
    proposed, besides the forbidden ones (pairs that ended, for instance)."""
    started = time.perf_counter()
    data = matching_data(program, criteria)
    loaded = time.perf_counter()
    mentors, mentees = data.mentors.people, data.mentees.people
    rules = engine_criteria(criteria, data.weights)
    base = engine.scores(mentors, mentees, rules)
    bonus, ranks = preference_bonus(program, criteria, data)
    score = base + bonus if bonus is not None else base
    bans = PairBan.objects.filter(program=program).values_list("mentor_id", "mentee_id")
    bans = list(bans) + list(banned)
    forbidden = None
    if bans:
        forbidden = np.zeros(score.shape, dtype=bool)
        _mark(data, forbidden, bans)
    allowed, ruled_out = engine.feasible_counted(
        engine.constraints(mentors, mentees, rules, forbidden, data.lines[:, :2]), score.shape
    )
    del forbidden
    capacity = np.full(len(mentors), program.mentor_capacity, dtype=np.int64)
    fixed = _rows(data, locked)
    scored = time.perf_counter()
    i, j = engine.assign_around(score, allowed, capacity, fixed, rules.objective)
    assigned = time.perf_counter()
    # Pairing by hand, for comparison: the same fixed pairs, then mentee after mentee.
    left = capacity - np.bincount(fixed[0], minlength=len(capacity))
    free = allowed.copy()
    free[:, fixed[1]] = False
    gi, gj = engine.assign_greedy(score, free, np.maximum(left, 0), np.arange(len(mentees)))
    pairs_ij = list(zip(i.tolist(), j.tolist(), strict=True))
    rounded_base = [round(float(base[a, b]), 1) for a, b in pairs_ij]
    explanations = explain(data, rules, i, j, rounded_base)
    rounded = list(rounded_base)
    if bonus is not None:
        for n, (a, b) in enumerate(pairs_ij):
            if rank := ranks.get((a, b)):
                points = round(float(bonus[a, b]), 1)
                explanations[n].append({"kind": PART_PREFERENCE, "rank": rank, "points": points})
                rounded[n] = round(rounded_base[n] + points, 1)
    pairs = [
        ProposedPair(
            mentor_id=data.mentors.candidates[a]["id"],
            mentee_id=data.mentees.candidates[b]["id"],
            score=value,
            explanation=explanation,
        )
        for a, b, value, explanation in zip(
            i.tolist(), j.tolist(), rounded, explanations, strict=True
        )
    ]
    locked_mentees = {mentee_id for _mentor, mentee_id in locked}
    paired = set(j.tolist())
    unpaired_mentees = [
        _mentee_reason(data, ruled_out, allowed, b)
        for b in range(len(mentees))
        if b not in paired and data.mentees.candidates[b]["id"] not in locked_mentees
    ]
    load = np.bincount(i, minlength=len(mentors))
    unpaired_mentors = [
        {
            "id": candidate["id"],
            "name": candidate["full_name"],
            "reason": "no_mentee_left" if allowed[a].any() else "no_feasible_mentee",
        }
        for a, candidate in enumerate(data.mentors.candidates)
        if load[a] == 0 and capacity[a] > 0
    ]
    finished = time.perf_counter()
    return Proposal(
        pairs=pairs,
        unpaired_mentees=unpaired_mentees,
        unpaired_mentors=unpaired_mentors,
        total=round(sum(rounded), 1),
        weakest=min(rounded, default=0.0),
        greedy_total=round(float(score[gi, gj].sum()), 1),
        greedy_weakest=round(float(score[gi, gj].min()), 1) if len(gi) else 0.0,
        greedy_pairs=len(gi),
        timings={
            "load": loaded - started,
            "score": scored - loaded,
            "assign": assigned - scored,
            "explain": finished - assigned,
        },
    )


PART_PREFERENCE = "preference"


def preference_bonus(
    program: Program, criteria: MatchingCriteria, data: MatchingData
) -> tuple[np.ndarray | None, dict[tuple[int, int], int]]:
    """The points each mentee's ranked choices add to a score (the criteria's points for a
    first choice, two thirds for a second, one third for a third), as a matrix of the
    engine's rows and columns, with the rank of each chosen cell; None outside the
    preferences mode. One query."""
    if criteria.pairing_mode != PairingMode.PREFERENCES or not criteria.preference_points:
        return None, {}
    bonus = np.zeros((len(data.mentors.candidates), len(data.mentees.candidates)))
    ranks = {}
    for mentor_id, mentee_id, rank in MentorPreference.objects.filter(
        program=program, rank__in=MentorPreference.RANKS
    ).values_list("mentor_id", "mentee_id", "rank"):
        a, b = data.mentor_index(mentor_id), data.mentee_index(mentee_id)
        if a is not None and b is not None:
            bonus[a, b] = criteria.preference_points * (4 - rank) / 3
            ranks[(a, b)] = rank
    return bonus, ranks


def _rows(data: MatchingData, pairs) -> tuple[np.ndarray, np.ndarray]:
    """The engine's (mentor rows, mentee rows) of the given (mentor id, mentee id) pairs;
    pairs whose people are not in the data are left out."""
    mentor_rows = {c["id"]: n for n, c in enumerate(data.mentors.candidates)}
    mentee_rows = {c["id"]: n for n, c in enumerate(data.mentees.candidates)}
    found = [
        (mentor_rows[mentor_id], mentee_rows[mentee_id])
        for mentor_id, mentee_id in pairs
        if mentor_id in mentor_rows and mentee_id in mentee_rows
    ]
    return (
        np.array([a for a, _b in found], dtype=np.int64),
        np.array([b for _a, b in found], dtype=np.int64),
    )


def _mark(data: MatchingData, matrix: np.ndarray, pairs) -> None:
    mentor_rows = {c["id"]: n for n, c in enumerate(data.mentors.candidates)}
    mentee_rows = {c["id"]: n for n, c in enumerate(data.mentees.candidates)}
    for mentor_id, mentee_id in pairs:
        if mentor_id in mentor_rows and mentee_id in mentee_rows:
            matrix[mentor_rows[mentor_id], mentee_rows[mentee_id]] = True


def _mentee_reason(data: MatchingData, ruled_out: dict, allowed: np.ndarray, j: int) -> dict:
    candidate = data.mentees.candidates[j]
    if allowed[:, j].any():
        return {"id": candidate["id"], "name": candidate["full_name"], "reason": "mentors_full"}
    # The constraint that alone rules out the most mentors is the one to relax first.
    counts = {name: int(count[j]) for name, count in ruled_out.items() if name != "same_person"}
    constraint = max(counts, key=counts.get) if counts else ""
    if not data.mentees.people.wants[j].any():
        constraint = "wants_nothing"
    return {
        "id": candidate["id"],
        "name": candidate["full_name"],
        "reason": "no_feasible_mentor" if len(data.mentors.candidates) else "no_mentors",
        "constraint": constraint,
    }


def alternatives(program: Program, criteria: MatchingCriteria, mentee_id: int) -> list[dict]:
    """Every mentor for one mentee, best first, with the constraints each would break."""
    data = matching_data(program, criteria)
    j = data.mentee_index(mentee_id)
    if j is None:
        return []
    mentors = data.mentors.people
    mentee = data.mentees.people.take([j])
    rules = engine_criteria(criteria, data.weights)
    score = engine.scores(mentors, mentee, rules)[:, 0]
    forbidden = np.zeros((len(mentors), 1), dtype=bool)
    bans = PairBan.objects.filter(program=program, mentee_id=mentee_id).values_list(
        "mentor_id", "mentee_id"
    )
    rows = {c["id"]: n for n, c in enumerate(data.mentors.candidates)}
    for mentor_id, _ in bans:
        if mentor_id in rows:
            forbidden[rows[mentor_id], 0] = True
    excluded = engine.violations(mentors, mentee, rules, forbidden, data.lines[:, :2])
    levels_apart = _levels_apart(data.lines, mentee_id)
    i = np.arange(len(mentors))
    rounded = [round(float(value), 1) for value in score]
    explanations = explain(
        MatchingData(
            data.skills, data.mentors, Side([data.mentees.candidates[j]], mentee), data.weights
        ),
        rules,
        i,
        np.zeros(len(mentors), dtype=np.int64),
        rounded,
    )
    ranked = [
        {
            "id": candidate["id"],
            "name": candidate["full_name"],
            "department": candidate["department"],
            "score": rounded[n],
            "broken": [name for name, mask in excluded.items() if mask[n, 0]],
            "line": levels_apart.get(candidate["id"]),
            "explanation": explanations[n],
        }
        for n, candidate in enumerate(data.mentors.candidates)
        if candidate["id"] != mentee_id
    ]
    ranked.sort(key=lambda item: (bool(item["broken"]), -item["score"]))
    return ranked


def _levels_apart(lines: np.ndarray, candidate_id: int) -> dict[int, int]:
    """For the people in one reporting line with this candidate: how many levels they are
    above (positive) or below (negative) them in the HR directory."""
    apart = {int(over): int(depth) for below, over, depth in lines if below == candidate_id}
    apart.update({int(below): -int(depth) for below, over, depth in lines if over == candidate_id})
    return apart
