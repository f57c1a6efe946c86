"""The participant's start page says what is next in each of their pairs, soonest first,
each one click away, and what happens next when nothing is waiting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from matching.models import Pair
from preparation.models import Goal, GoalPhase, TrainingCompletion
from preparation.training import MENTOR_MODULES
from programs.phases import NextStep
from sessions import services as sessions_services
from sessions.models import Meeting, Pulse, Task
from tests.factories import logged_in, published_pair

pytestmark = pytest.mark.django_db


def steps_of(response, pair):
    [steps] = [steps for p, _role, _partner, steps in response.context["pairs"] if p == pair]
    return steps


def test_a_new_pair_is_told_to_agree_plan_write_goals_and_train(pair):
    response = logged_in(pair.mentor_user).get(reverse("participant_home"))
    labels = [step.label for step in steps_of(response, pair)]
    assert sorted(labels) == sorted(
        [
            "Planifica vuestra próxima reunión",
            "Redactad vuestro acuerdo: roles, horario y lugar",
            "Escribe vuestros objetivos SMART con Rosa Mentee en la hoja de trabajo",
            f"Completa la formación de mentores: 0 de {len(MENTOR_MODULES)} módulos hechos",
        ]
    )
    page = response.content.decode()
    for step in steps_of(response, pair):
        assert f'href="{step.url}"' in page
    # The mentee is not asked to train as a mentor.
    mentee = logged_in(pair.mentee_user).get(reverse("participant_home"))
    assert not any("formación" in step.label for step in steps_of(mentee, pair))


def test_what_is_next_follows_the_pairs_life(pair):
    now = timezone.now()
    sessions_services.agreement_save(
        pair=pair,
        user=pair.mentor_user,
        roles="-",
        schedule="-",
        place="",
        video_link="",
        confidentiality="-",
    )
    TrainingCompletion.objects.bulk_create(
        TrainingCompletion(program=pair.program, user=pair.mentor_user, module=module)
        for module in MENTOR_MODULES
    )
    held = Meeting.objects.create(
        pair=pair, starts_at=now - datetime.timedelta(days=2), status="held"
    )
    unlogged = Meeting.objects.create(pair=pair, starts_at=now - datetime.timedelta(hours=3))
    upcoming = Meeting.objects.create(
        pair=pair, starts_at=now + datetime.timedelta(days=3), place="Sala 2"
    )
    goal = Goal.objects.create(
        pair=pair, owner="mentee", date=timezone.localdate(), text="Usar Excel", selected=True
    )
    today = timezone.localdate()
    GoalPhase.objects.create(
        goal=goal, number=1, description="-", due_date=today - datetime.timedelta(days=1)
    )
    GoalPhase.objects.create(
        goal=goal, number=2, description="-", due_date=today + datetime.timedelta(days=20)
    )
    Task.objects.create(
        pair=pair,
        title="Leer la guía",
        due_date=today + datetime.timedelta(days=5),
        created_by=pair.mentor_user,
    )

    mentee = logged_in(pair.mentee_user)
    steps = steps_of(mentee.get(reverse("participant_home")), pair)
    labels = [step.label for step in steps]
    local = timezone.localtime
    # Overdue first (the phase due yesterday, the meeting to log), then by date.
    assert labels[0].startswith("Usar Excel: ") and steps[0].overdue
    when = {
        "unlogged": date_format(local(unlogged.starts_at), "SHORT_DATETIME_FORMAT"),
        "held": date_format(local(held.starts_at), "DATE_FORMAT"),
        "upcoming": date_format(local(upcoming.starts_at), "DATETIME_FORMAT"),
        "task": date_format(today + datetime.timedelta(days=5), "DATE_FORMAT"),
    }
    assert labels[1] == f"Registra la reunión del {when['unlogged']}: ¿se celebró?"
    # Then what has no date (as soon as possible), then by date.
    assert labels[2:] == [
        "Lee y confirma vuestro acuerdo",  # the mentor wrote it: the mentee confirms
        f"¿Qué tal fue la reunión del {when['held']}? Da tu valoración (de 1 a 5)",
        f"Próxima reunión: {when['upcoming']} · Sala 2",
        f"Tarea: Leer la guía, para el {when['task']}",
    ]
    assert steps[4].extra_url == reverse("sessions:meeting_ics", args=[pair.pk, upcoming.pk])
    # Each is one click away, and the pulse's anchor is on the workspace.
    assert steps[3].url.endswith(f"#meeting-{held.pk}")
    workspace = mentee.get(steps[3].url.split("#")[0]).content.decode()
    assert f'id="meeting-{held.pk}"' in workspace

    # Done: the pulse given, the agreement confirmed, the phase ticked: they go.
    Pulse.objects.create(meeting=held, user=pair.mentee_user, rating=4)
    sessions_services.agreement_confirm(agreement=pair.agreement, user=pair.mentee_user)
    GoalPhase.objects.filter(number=1).update(done_at=timezone.now())
    steps = steps_of(mentee.get(reverse("participant_home")), pair)
    labels = [step.label for step in steps]
    assert not any(label.startswith(("¿Qué tal", "Lee y confirma")) for label in labels)
    [phase] = [step for step in steps if "Usar Excel" in step.label]
    assert not phase.overdue and phase.when == today + datetime.timedelta(days=20)


def test_an_ended_pair_asks_for_nothing(pair):
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ENDED)
    response = logged_in(pair.mentee_user).get(reverse("participant_home"))
    assert steps_of(response, pair) == []
    assert "Lo siguiente" not in response.content.decode()


def test_someone_in_two_pairs_sees_each_pairs_own_steps(pair, program):
    second = published_pair(program, "Hugo Mentor", "Pedro Mentee", mentor_user=pair.mentor_user)
    Meeting.objects.create(pair=second, starts_at=timezone.now() + datetime.timedelta(days=1))
    response = logged_in(pair.mentor_user).get(reverse("participant_home"))
    first_labels = [s.label for s in steps_of(response, pair)]
    second_labels = [s.label for s in steps_of(response, second)]
    assert "Planifica vuestra próxima reunión" in first_labels
    assert any(label.startswith("Próxima reunión") for label in second_labels)
    assert "Planifica vuestra próxima reunión" not in second_labels
    # The training is asked once per program, not once per pair.
    assert sum("formación" in label for label in first_labels + second_labels) == 1


def test_a_phase_due_yesterday_comes_before_a_meeting_late_yesterday_at_any_hour():
    # Soon after midnight both fall on yesterday: the phase's day starts before the
    # meeting, whatever the labels (the order once came from the labels).
    now = timezone.make_aware(datetime.datetime(2026, 12, 5, 0, 49))
    yesterday = now.date() - datetime.timedelta(days=1)
    phase = NextStep(pair_id=1, label="Usar Excel: fase 1", url="/", when=yesterday, overdue=True)
    meeting = NextStep(
        pair_id=1,
        label="Registra la reunión",
        url="/",
        when=now - datetime.timedelta(hours=2),
        overdue=True,
    )
    undated = NextStep(pair_id=1, label="Lee el acuerdo", url="/")
    later = NextStep(pair_id=1, label="A", url="/", when=now.date() + datetime.timedelta(days=1))
    ordered = sorted([later, undated, meeting, phase], key=lambda step: step.sort_key)
    assert ordered == [phase, meeting, undated, later]
