import pytest
from django.urls import reverse

from matching.models import Pair
from preparation import services
from preparation.models import ProgramGuide, TrainingCompletion
from preparation.selectors import guide_for, pair_may_plan_meetings
from preparation.training import MODULES

pytestmark = pytest.mark.django_db


def answers(module, right=True):
    return {
        f"q{n}": str(q.answer if right else (q.answer + 1) % len(q.options))
        for n, q in enumerate(module.questions)
    }


def test_a_participant_completes_a_module_with_the_right_answers(client, pair):
    client.force_login(pair.mentor_user)
    module = MODULES[0]
    url = reverse("preparation:training_module", args=[pair.program.pk, module.key])
    page = client.get(url)
    assert "¿Qué es el reverse mentoring?" in page.content.decode()
    wrong = client.post(url, answers(module, right=False))
    assert "piénsalo otra vez" in wrong.content.decode()
    assert not TrainingCompletion.objects.exists()
    client.post(url, answers(module))
    assert TrainingCompletion.objects.filter(user=pair.mentor_user, module=module.key).exists()


def test_the_coordinator_sees_who_completed_what(coordinator_client, program, pair):
    services.training_complete(program=program, user=pair.mentor_user, module="introduction")
    response = coordinator_client.get(reverse("preparation:overview", args=[program.pk]))
    marks = {p.user.pk: m for p, m in response.context["training"]}
    assert marks[pair.mentor_user.pk] == [True, False, False]
    assert marks[pair.mentee_user.pk] == [False, False, False]


def test_the_training_gate(program, pair, coordinator):
    guide = guide_for(program)
    assert pair_may_plan_meetings(pair)
    services.guide_save(
        program=program,
        actor=coordinator,
        principles=guide.principles,
        instructions=guide.instructions,
        training_required=True,
    )
    pair = Pair.objects.select_related("program").get(pk=pair.pk)
    assert not pair_may_plan_meetings(pair)
    for module in MODULES:
        services.training_complete(program=program, user=pair.mentor_user, module=module.key)
    assert pair_may_plan_meetings(pair)
    assert list(program.log_entries.values_list("action", "data")) == [
        ("preparation.training_gate_changed", {"required": True}),
        ("preparation.guide_changed", {}),
        ("programs.created", {}),
    ]


def test_outsiders_cannot_train_in_a_program(client, program, pair, participant, other_coordinator):
    url = reverse("preparation:training", args=[program.pk])
    client.force_login(participant)
    assert client.get(url).status_code in (403, 404)
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404


def test_the_guide_is_sanitised_and_shown_to_participants(
    coordinator_client, client, program, pair
):
    url = reverse("preparation:guide", args=[program.pk])
    coordinator_client.post(
        url,
        {
            "principles": "**Confianza**\n\n<script>alert(1)</script>",
            "instructions": "1. Leer\n2. Quedar",
        },
    )
    guide = ProgramGuide.objects.get(program=program)
    assert "<strong>Confianza</strong>" in guide.principles_html
    assert "<script>" not in guide.principles_html
    client.force_login(pair.mentee_user)
    home = client.get(reverse("home"), follow=True).content.decode()
    assert "<strong>Confianza</strong>" in home and "<script>alert" not in home
    assert "Tu mentor es Lucía Mentora" in home


def test_the_default_guide_follows_the_program_language(coordinator_client, program):
    guide = guide_for(program)
    assert "Confidencialidad" in guide.principles_html
    page = coordinator_client.get(reverse("preparation:guide", args=[program.pk]))
    assert "Confidencialidad" in page.content.decode()
    assert not ProgramGuide.objects.exists()  # shown, not saved, until the coordinator saves
