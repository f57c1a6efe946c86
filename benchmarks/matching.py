"""Time the whole matching proposal as the page runs it: load, score, assign, explain, save.

    python benchmarks/matching.py --mentors 1000 --mentees 1000 --skills 20

Builds the candidates in a scratch SQLite database (or DATABASE_URL if set), then prints
the phases and, as its last line: matching n=N seconds=T lsa_seconds=L, where L is
scipy's linear_sum_assignment alone on the same score matrix.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--skills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/benchmark.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    program, actor = build(args.mentors, args.mentees, args.skills, args.seed)
    measure(program, actor)
    scratch.cleanup()


def build(n_mentors: int, n_mentees: int, n_skills: int, seed: int):
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
    candidates = []
    for n in range(n_mentors + n_mentees):
        mentor = n < n_mentors
        candidates.append(
            Candidate(
                program=program,
                status=Candidate.Status.ACCEPTED,
                full_name=f"Person {n}",
                email=f"person{n}@example.com",
                manager_email=f"boss{rng.integers(0, 200)}@example.com",
                desired_role=Candidate.Role.MENTOR if mentor else Candidate.Role.MENTEE,
                current_role="-",
                strengths="-",
                areas_to_deepen="-",
                first_expectation="-",
                self_description="-",
                current_challenges="-",
                mentoring_meaning="-",
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


def measure(program, actor) -> None:
    from scipy.optimize import linear_sum_assignment

    from matching import engine, proposal, selectors, services_pairs

    started = time.perf_counter()
    result = services_pairs.pairs_propose(program=program, actor=actor)
    seconds = time.perf_counter() - started

    # The same matrix, and linear_sum_assignment alone on it, for scale.
    criteria = selectors.criteria_for(program)
    data = proposal.matching_data(program, criteria)
    rules = proposal.engine_criteria(criteria, data.weights)
    score = engine.scores(data.mentors.people, data.mentees.people, rules)
    allowed = engine.feasible(
        engine.violations(data.mentors.people, data.mentees.people, rules), score.shape
    )
    value = (score + engine.PAIR_BONUS) * allowed
    lsa_started = time.perf_counter()
    linear_sum_assignment(value, maximize=True)
    lsa_seconds = time.perf_counter() - lsa_started

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
    print(f"matching n={n} seconds={seconds:.3f} lsa_seconds={lsa_seconds:.3f}")


if __name__ == "__main__":
    main()
