"""Time the matching proposal as the worker computes it: load, score, assign, explain, save.

    python benchmarks/matching.py --mentors 1000 --mentees 1000 --skills 20 --repeat 5

Builds the candidates in a scratch PostgreSQL database (`--database sqlite` for a scratch
SQLite one; DATABASE_URL if set), then, for each objective (highest total, weakest pair
first) and mentor capacity (1 and 3), times the job as the worker runs it (claim, solve,
replace the proposals in one transaction, record the result) and its solve alone, on a
first run and on a re-run with 10 % of the pairs locked and 5 % forbidden; each figure is
the median of --repeat runs, one line per case:

    matching case=first objective=total capacity=1 n=MxN solve_s=… job_s=…

then the phases of the last run, a GET of the matching page, and, as its last line:
matching n=N seconds=T lsa_seconds=L, where T is the median job of the first case and L
scipy's linear_sum_assignment alone on the same score matrix.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from scratch import ANSWERS, django_database, organisation  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--skills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--directory",
        type=int,
        default=0,
        help="import an HR directory of this many people first; mentors are drawn from its "
        "lower levels, mentees from its upper ones, so the reporting-line rule comes from it",
    )
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help="skip linear_sum_assignment on the whole matrix afterwards (hours and GBs at 10,000)",
    )
    parser.add_argument(
        "--cases",
        default="first:total:1,first:weakest:1,first:total:3,first:weakest:3,rerun:total:1,"
        "preferences:total:1",
        help="comma-separated case:objective:capacity (preferences: every mentee ranks three "
        "mentors, the optimiser weighs their choices)",
    )
    args = parser.parse_args()

    with django_database("mentoring_matching", args.database):
        from django.db import connection

        program, actor = build(args.mentors, args.mentees, args.skills, args.seed, args.directory)
        print(f"  database {connection.vendor}, {os.cpu_count()} cores, median of {args.repeat}")
        built_peak = peak_reset()
        first = None
        jobs = {}
        for case in args.cases.split(","):
            name, objective, capacity = case.split(":")
            job = run_case(program, actor, name, objective, int(capacity), args.repeat)
            first = first if first is not None else job
            jobs[case] = job
        if "preferences:total:1" in jobs and "first:total:1" in jobs:
            ratio = jobs["preferences:total:1"] / jobs["first:total:1"]
            print(f"matching preferences_ratio={ratio:.2f} (job with preferences / highest total)")
        jobs_peak = resident_peak()
        print(
            f"matching peak_mb={jobs_peak:.0f} (resident, during the jobs; "
            f"{built_peak:.0f} MB while building the data)"
        )
        measure(program, actor, first, compare=not args.no_compare)


def resident_peak() -> float:
    """The process's peak resident memory in MB since start or the last reset (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_reset() -> float:
    """The peak so far, then a new start for it (Linux: clear_refs 5), so that the jobs'
    peak is theirs and not that of building 400,000 ratings; what Python kept of the
    building stays counted."""
    import contextlib
    import gc

    before = resident_peak()
    gc.collect()
    with contextlib.suppress(OSError):  # not Linux: the peak stays the process's
        Path("/proc/self/clear_refs").write_text("5")
    return before


def run_case(program, actor, case: str, objective: str, capacity: int, repeat: int) -> float:
    """The median job and solve of one case; returns the job's."""
    from django.utils import timezone

    from jobs import leases
    from matching import selectors
    from matching.models import MatchingRun, Pair, PairBan
    from matching.pairing import services as services_pairs

    Pair.objects.filter(program=program).delete()
    PairBan.objects.filter(program=program).delete()
    program.mentor_capacity = capacity
    program.save(update_fields=["mentor_capacity"])
    criteria = selectors.criteria_for(program)
    criteria.objective = objective
    criteria.pairing_mode = "preferences" if case == "preferences" else "coordinator"
    criteria.save()
    if case == "preferences":
        prefer(program)
    if case == "rerun":  # a first run, then 10 % locked and 5 % forbidden by hand
        services_pairs.pairs_propose(program=program, actor=actor)
        pairs = list(Pair.objects.filter(program=program).order_by("pk"))
        Pair.objects.filter(pk__in=[p.pk for p in pairs[::10]]).update(locked=True)
        PairBan.objects.bulk_create(
            PairBan(program=program, mentor_id=p.mentor_id, mentee_id=p.mentee_id, actor=actor)
            for p in pairs[5::20]
        )
    jobs, solves = [], []
    for _ in range(repeat):
        run, _created = MatchingRun.objects.get_or_create(
            program=program, defaults={"requested_at": timezone.now()}
        )
        leases.job_reset(run, actor)
        run.save()
        started = time.perf_counter()
        assert services_pairs.matching_run_execute(run.pk)
        jobs.append(time.perf_counter() - started)
        run.refresh_from_db()
        solves.append(run.result["seconds"]["assign"])
    n = f"{program.candidates.filter(desired_role='mentor').count()}x"
    n += f"{program.candidates.filter(desired_role='mentee').count()}"
    job, solve = statistics.median(jobs), statistics.median(solves)
    print(
        f"matching case={case} objective={objective} capacity={capacity} n={n} "
        f"solve_s={solve:.3f} job_s={job:.3f}"
    )
    return job


def prefer(program, seed: int = 7) -> None:
    """Every mentee ranks three mentors, drawn at random (once per program)."""
    import random

    from matching.models import Candidate, MentorPreference

    if MentorPreference.objects.filter(program=program).exists():
        return
    mentors = list(
        program.candidates.exclude(desired_role=Candidate.Role.MENTEE).values_list("pk", flat=True)
    )
    mentees = program.candidates.exclude(desired_role=Candidate.Role.MENTOR).values_list(
        "pk", flat=True
    )
    chance = random.Random(seed)
    MentorPreference.objects.bulk_create(
        (
            MentorPreference(program=program, mentee_id=mentee, mentor_id=mentor, rank=rank)
            for mentee in mentees
            for rank, mentor in enumerate(chance.sample(mentors, 3), start=1)
        ),
        batch_size=5000,
    )


def directory_emails(people: int, n_mentors: int, n_mentees: int, seed: int):
    """Import a generated organisation; the emails of mentors (from its lowest levels) and
    mentees (from the levels above), as many as asked."""
    import random

    from directory import services
    from directory.rows import COLUMNS, chains

    rows = organisation(people, seed)
    started = time.perf_counter()
    preview, errors = services.directory_preview(
        file_name="organisation.csv", table=[COLUMNS, *rows], actor=None
    )
    assert not errors, errors[:3]
    services.directory_apply(preview=preview)
    depth = {e: len(c) for e, c in chains({row[0]: row[3] for row in rows}).items()}
    deepest = max(depth.values())
    print(
        f"  directory of {people} people, {deepest + 1} levels, imported in "
        f"{time.perf_counter() - started:.2f} s"
    )
    rng = random.Random(seed)
    young = [row[2] for row in rows if depth[row[0]] >= deepest - 1]
    senior = [row[2] for row in rows if 1 <= depth[row[0]] < deepest - 1]
    return rng.sample(young, n_mentors), rng.sample(senior, n_mentees)


def build(n_mentors: int, n_mentees: int, n_skills: int, seed: int, directory: int = 0):
    import datetime

    import numpy as np
    from django.utils import timezone

    from accounts.models import User
    from matching.models import Candidate, CandidateLanguage, SkillRating
    from programs.models import Program, Skill

    rng = np.random.default_rng(seed)
    actor = User.objects.create(
        username=f"bench{seed}-{time.time_ns()}", role=User.Role.COORDINATOR, is_superuser=True
    )
    program = Program.objects.create(
        name="Benchmark",
        focus="-",
        general_objective="-",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=180),
    )
    skills = Skill.objects.bulk_create(
        Skill(program=program, kind=Skill.Kind.TOOL, name=f"Skill {s}") for s in range(n_skills)
    )
    departments = [f"Department {d}" for d in range(12)]
    emails = None
    if directory:
        mentor_emails, mentee_emails = directory_emails(directory, n_mentors, n_mentees, seed)
        emails = mentor_emails + mentee_emails
    candidates = []
    for n in range(n_mentors + n_mentees):
        mentor = n < n_mentors
        candidates.append(
            Candidate(
                program=program,
                status=Candidate.Status.ACCEPTED,
                full_name=f"Person {n}",
                email=emails[n] if emails else f"person{n}@example.com",
                manager_email=f"boss{rng.integers(0, 200)}@example.com",
                desired_role=Candidate.Role.MENTOR if mentor else Candidate.Role.MENTEE,
                current_role="-",
                **ANSWERS,
                department=departments[rng.integers(0, len(departments))],
                years_in_organisation=int(rng.integers(0, 5) if mentor else rng.integers(8, 35)),
                level=int(rng.integers(1, 3) if mentor else rng.integers(3, 7)),
                availability=["morning", "afternoon"][: int(rng.integers(1, 3))],
            )
        )
    candidates = Candidate.objects.bulk_create(candidates, batch_size=2000)
    CandidateLanguage.objects.bulk_create(
        (
            CandidateLanguage(candidate=c, code=code)
            for c in candidates
            for code in ("es", "en")[: 1 + c.pk % 2]
        ),
        batch_size=5000,
    )
    levels_mentors = rng.integers(2, 6, size=(n_mentors, n_skills))
    levels_mentees = rng.integers(1, 4, size=(n_mentees, n_skills))
    wants = rng.random((n_mentees, n_skills)) < 0.3
    ratings = []
    for n, candidate in enumerate(candidates):
        for s, skill in enumerate(skills):
            if n < n_mentors:
                ratings.append(
                    SkillRating(candidate=candidate, skill=skill, level=int(levels_mentors[n, s]))
                )
            else:
                m = n - n_mentors
                ratings.append(
                    SkillRating(
                        candidate=candidate,
                        skill=skill,
                        level=int(levels_mentees[m, s]),
                        wants_to_learn=bool(wants[m, s]),
                    )
                )
    SkillRating.objects.bulk_create(ratings, batch_size=10000)
    return program, actor


def solver_ratio(name: str, score, allowed, repeat: int = 3) -> None:
    """The sparse solve (highest total, capacity 1) against the dense assignment of the same
    matrix, interleaved, each the median of `repeat`; both must find the same total."""
    from matching.pairing import engine

    capacity = np.ones(score.shape[0], dtype=np.int64)
    sparse_times, dense_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        i, j = engine.assign_sparse(score, allowed, capacity)
        sparse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        di, dj = engine._assign_total(score, allowed, np.arange(score.shape[0]))
        dense_times.append(time.perf_counter() - started)
    keep = allowed[di, dj]
    assert np.isclose(float(score[i, j].sum()), float(score[di[keep], dj[keep]].sum()))
    sparse, dense = statistics.median(sparse_times), statistics.median(dense_times)
    print(
        f"matching solver={name} n={score.shape[0]}x{score.shape[1]} sparse_s={sparse:.3f} "
        f"dense_s={dense:.3f} sparse_dense_ratio={sparse / dense:.2f}"
    )


def measure(program, actor, job_seconds: float, compare: bool = True) -> None:
    from scipy.optimize import linear_sum_assignment

    from matching import selectors
    from matching.pairing import engine, proposal
    from matching.pairing import services as services_pairs

    result = services_pairs.pairs_propose(program=program, actor=actor)

    # The same matrix, and linear_sum_assignment alone on it, for scale.
    criteria = selectors.criteria_for(program)
    data = proposal.matching_data(program, criteria)
    rules = proposal.engine_criteria(criteria, data.weights)
    score = engine.scores(data.mentors.people, data.mentees.people, rules)
    allowed = engine.feasible(
        engine.violations(data.mentors.people, data.mentees.people, rules, lines=data.lines[:, :2]),
        score.shape,
    )
    if len(data.lines):
        line = engine.above(data.mentors.people, data.mentees.people, data.lines[:, :2])
        print(
            f"  directory: {len(data.lines)} reporting-line rows among the candidates, "
            f"{int(line.sum())} pairs excluded by them"
        )
    lsa_seconds = float("nan")
    if compare:
        value = (score + engine.PAIR_BONUS) * allowed
        lsa_started = time.perf_counter()
        linear_sum_assignment(value, maximize=True)
        lsa_seconds = time.perf_counter() - lsa_started
        solver_ratio("candidates", score, allowed)
        # The same size full of ties: three skills rated 1 to 5, so most people are
        # interchangeable with many others (the case that once made the sparse solve slow).
        rng = np.random.default_rng(3)
        levels = rng.integers(1, 6, (score.shape[0], 3))
        wants = rng.integers(1, 6, (score.shape[1], 3))
        tied = np.clip(levels[:, None, :] - wants[None, :, :], 0, None).sum(axis=2) * 8.0
        solver_ratio("ties", tied.astype(np.float32), allowed)

    # The matching page as a coordinator opens it after the run.
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    client = Client()
    client.force_login(actor)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        page_started = time.perf_counter()
        response = client.get(reverse("matching:pairs", args=[program.pk]))
        page_seconds = time.perf_counter() - page_started
    assert response.status_code == 200, response.status_code

    n = len(data.mentors.candidates)
    print(f"  page     {page_seconds:.3f} s (GET of the matching page, {len(result.pairs)} pairs)")
    for phase, spent in result.timings.items():
        print(f"  {phase:<8} {spent:.3f} s")
    print(
        f"  pairs {len(result.pairs)}, total {result.total}, weakest {result.weakest}, "
        f"greedy total {result.greedy_total}"
    )
    print(f"matching n={n} seconds={job_seconds:.3f} lsa_seconds={lsa_seconds:.3f}")


if __name__ == "__main__":
    main()
