"""Time the program's final evaluation report as the Celery task builds it: read the
figures, render the HTML, lay it out and write the PDF with WeasyPrint.

    python benchmarks/report.py --pairs 200

Builds a program with P published pairs and full data (ratings, goals and phases,
meetings, every questionnaire answered with its skill reassessment, interviews) in a
scratch PostgreSQL database (`--database sqlite` for a scratch SQLite one; DATABASE_URL if
set), then renders it in a process of its own, as a worker would, and prints the phases
and, as its last line:
report pairs=P seconds=T pages=N peak_mb=M plain_seconds=B ratio=T/B, where T is the
whole render (the median of --repeat), M the peak resident memory of that process (Django,
the report's figures, WeasyPrint and the PDF) and B a plain document of the same page count
laid out by the same WeasyPrint in the same run, interleaved: the baseline.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import ANSWERS, django_database  # noqa: E402

SKILLS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--out", help="also write the PDF to this file")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--render", type=int, help=argparse.SUPPRESS)  # the program, built
    args = parser.parse_args()

    if args.render:  # the second process: the database is the first one's
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
        import django

        django.setup()
        from programs.models import Program

        measure(Program.objects.get(pk=args.render), args.pairs, args.out, args.repeat)
        return
    with django_database("mentoring_report", args.database):
        from django.db import connection

        started = time.perf_counter()
        program = build(args.pairs, args.seed)
        print(f"  build    {time.perf_counter() - started:.3f} s ({args.pairs} pairs of data)")
        print(f"  database {connection.vendor}, {os.cpu_count()} cores")
        connection.close()
        sys.stdout.flush()
        render = [
            sys.executable,
            __file__,
            "--pairs",
            str(args.pairs),
            "--repeat",
            str(args.repeat),
            "--render",
            str(program.pk),
        ]
        subprocess.run(render + (["--out", args.out] if args.out else []), check=True)


def build(n_pairs: int, seed: int):
    import datetime
    import random

    from django.utils import timezone

    from accounts.models import User
    from evaluation.models import (
        Evaluation,
        GoalProgress,
        Interview,
        Response,
        SkillReassessment,
    )
    from matching.models import Candidate, Pair, SkillRating
    from preparation.models import Goal, GoalPhase
    from programs.models import LearningObjective, Program, Skill
    from sessions.models import Meeting

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    tag = f"{seed}-{time.time_ns()}"
    coordinator = User.objects.create(
        username=f"coordinator-{tag}", first_name="Laura", last_name="Martín", role="coordinator"
    )
    program = Program.objects.create(
        name="Benchmark · Transformación digital",
        focus="Los profesionales veteranos aprenden herramientas digitales de compañeros jóvenes.",
        general_objective="Reducir la brecha digital: cada participante integra dos herramientas.",
        start_date=today - datetime.timedelta(days=190),
        end_date=today - datetime.timedelta(days=5),
        language="es",
    )
    program.coordinators.add(coordinator)
    LearningObjective.objects.bulk_create(
        LearningObjective(program=program, position=n, text=f"Objetivo de aprendizaje {n}")
        for n in range(1, 5)
    )
    skills = Skill.objects.bulk_create(
        Skill(
            program=program,
            kind=Skill.Kind.COMPETENCE if s < SKILLS // 2 else Skill.Kind.TOOL,
            name=f"Competencia o herramienta digital {s}",
        )
        for s in range(SKILLS)
    )
    users = User.objects.bulk_create(
        User(
            username=f"person-{tag}-{n}",
            first_name=f"Nombre{n}",
            last_name=f"Apellido{n}",
            email=f"person{n}@example.com",
        )
        for n in range(2 * n_pairs)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(
            program=program,
            status=Candidate.Status.ACCEPTED,
            full_name=f"Persona participante {n}",
            email=f"person{n}@example.com",
            desired_role=Candidate.Role.MENTOR if n % 2 == 0 else Candidate.Role.MENTEE,
            current_role="Técnico",
            **ANSWERS,
            department=f"Departamento {n % 12}",
            years_in_organisation=3,
            level=2,
        )
        for n in range(2 * n_pairs)
    )
    SkillRating.objects.bulk_create(
        (
            SkillRating(
                candidate=c, skill=s, level=rng.randint(3, 5) if n % 2 == 0 else rng.randint(1, 3)
            )
            for n, c in enumerate(candidates)
            for s in skills
        ),
        batch_size=5000,
    )
    pairs = Pair.objects.bulk_create(
        Pair(
            program=program,
            mentor=candidates[2 * p],
            mentee=candidates[2 * p + 1],
            mentor_user=users[2 * p],
            mentee_user=users[2 * p + 1],
            # As the proposal explains a pair: the skills the mentee wants, then the
            # optional criteria, adding up to the score.
            score=round(sum(points for _skill, points in parts) + 15, 1),
            explanation=[
                {"kind": "skill", "skill": skill.name, "mentor": 5, "mentee": 1, "points": points}
                for skill, points in parts
            ]
            + [
                {"kind": "language", "points": 10.0},
                {"kind": "availability", "points": 5.0},
                {"kind": "department", "points": 0.0},
            ],
            published_at=now - datetime.timedelta(days=180),
        )
        for p in range(n_pairs)
        for parts in [[(skill, rng.choice((6.5, 9.7, 12.9))) for skill in rng.sample(skills, 6)]]
    )
    goals = Goal.objects.bulk_create(
        Goal(
            pair=pair,
            owner=Goal.Owner.MENTEE if g < 2 else Goal.Owner.MENTOR,
            date=today,
            text=f"Objetivo {g + 1} de la pareja",
            selected=True,
            priority=g + 1,
        )
        for pair in pairs
        for g in range(3)
    )
    GoalPhase.objects.bulk_create(
        (
            GoalPhase(
                goal=goal,
                number=n,
                description="Fase",
                due_date=today,
                done_at=now if rng.random() < 0.7 else None,
            )
            for goal in goals
            for n in (1, 2, 3)
        ),
        batch_size=5000,
    )
    Meeting.objects.bulk_create(
        (
            Meeting(
                pair=pair,
                starts_at=now - datetime.timedelta(days=14 * m + 10),
                status=Meeting.Status.HELD,
                experiences="Compartimos experiencias.",
                next_steps="Practicar.",
                logged_at=now,
            )
            for pair in pairs
            for m in range(rng.randint(3, 12))
        ),
        batch_size=5000,
    )
    evaluation = Evaluation.objects.create(
        program=program, kind=Evaluation.Kind.FINAL, closes_on=today, launched_by=coordinator
    )
    responses = Response.objects.bulk_create(
        Response(
            evaluation=evaluation,
            respondent=users[n],
            candidate=candidates[n],
            role=Response.Role.MENTOR if n % 2 == 0 else Response.Role.MENTEE,
            relationship=rng.randint(2, 5),
            meetings=rng.randint(2, 5),
            organisation=rng.randint(1, 5),
            recommend=rng.randint(3, 5),
            objective_progress=rng.randint(2, 5),
            outcomes="He aprendido a usar las herramientas de colaboración en la nube.",
            needs="Me gustaría seguir aprendiendo análisis de datos.",
            comments="Muy buena experiencia, la recomiendo." if n % 10 == 0 else "",
            comment_selected=n % 20 == 0,
            submitted_at=now,
        )
        for n in range(2 * n_pairs)
        if n % 9 != 8  # some never answer
    )
    SkillReassessment.objects.bulk_create(
        (
            SkillReassessment(response=r, skill=s, level=rng.randint(2, 5))
            for r in responses
            for s in skills
        ),
        batch_size=5000,
    )
    by_user = {r.respondent_id: r for r in responses}
    GoalProgress.objects.bulk_create(
        (
            GoalProgress(response=by_user[user_id], goal=goal, progress=rng.randint(2, 5))
            for goal in goals
            for user_id in [
                goal.pair.mentee_user_id
                if goal.owner == Goal.Owner.MENTEE
                else goal.pair.mentor_user_id
            ]
            if user_id in by_user
        ),
        batch_size=5000,
    )
    Interview.objects.bulk_create(
        Interview(
            program=program,
            participant=users[n],
            held_on=today,
            notes="Notas de la entrevista.",
            highlight="«El programa me ha cambiado la forma de trabajar.»",
            interviewer=coordinator,
        )
        for n in range(0, 2 * n_pairs, 25)
    )
    return program


def plain_document(pages: int) -> str:
    """The baseline: a plain document of this many pages (a heading and paragraphs of text
    on each, nothing else), laid out by the same WeasyPrint with the same stylesheet."""
    text = (
        "Los profesionales con experiencia aprenden herramientas digitales de compañeros "
        "jóvenes, que a su vez conocen mejor la organización y sus maneras de trabajar. "
    ) * 3
    page = "<h2>Página {n}</h2>" + f"<p>{text}</p>" * 6
    body = "".join(
        f'<section style="break-after: page">{page.format(n=n)}</section>' for n in range(pages)
    )
    return (
        f"<!doctype html><html lang=es><head><meta charset=utf-8></head><body>{body}</body></html>"
    )


def measure(program, n_pairs: int, out: str | None, repeat: int = 3) -> None:
    """The report, rendered `repeat` times, interleaved with a plain document of the same
    page count: the medians, and the ratio of the two."""
    import statistics

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from documents.pdf import pdf_render
    from evaluation import reports

    report_times, html_times, plain_times = [], [], []
    plain_pages = 0
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        with translation.override(program.language), CaptureQueriesContext(connection) as queries:
            html = reports.program_report_html(program)
            html_times.append(time.perf_counter() - started)
            content, pages = pdf_render(html)
        report_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        _plain, plain_pages = pdf_render(plain_document(pages))
        plain_times.append(time.perf_counter() - started)
    seconds, plain = statistics.median(report_times), statistics.median(plain_times)
    html_seconds = statistics.median(html_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if out:
        Path(out).write_bytes(content)
        Path(out).with_suffix(".html").write_text(html)
    print(f"  html     {html_seconds:.3f} s ({len(queries)} queries, {len(html) // 1024} kB)")
    print(f"  pdf      {seconds - html_seconds:.3f} s ({len(content) // 1024} kB)")
    print(f"  plain    {plain:.3f} s (a plain document of {plain_pages} pages, the baseline)")
    print(
        f"report pairs={n_pairs} seconds={seconds:.3f} pages={pages} peak_mb={peak_mb:.0f} "
        f"plain_seconds={plain:.3f} ratio={seconds / plain:.1f} (median of {repeat})"
    )


if __name__ == "__main__":
    main()
