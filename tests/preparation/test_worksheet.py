import datetime
import subprocess

import pytest
from django.urls import reverse

from preparation.models import Goal, GoalPhase
from preparation.smart import smart_hints

pytestmark = pytest.mark.django_db


def smart_data(**overrides):
    data = {
        "text": "Preparar el informe mensual con tablas dinámicas",
        "specific": "Hacer yo sola el informe mensual de ventas en Excel.",
        "measurable": "El informe de marzo, sin ayuda, en menos de 2 horas.",
        "achievable": "Con una sesión semanal de práctica.",
        "relevant": "Es la tarea que más tiempo me lleva.",
        "time_bound": "Antes del 30/04/2027.",
        "phase1": "Descargar los datos de ventas del CRM",
        "due1": "2027-02-15",
        "phase2": "Montar la tabla dinámica con Lucía",
        "due2": "2027-03-15",
        "phase3": "Hacer el informe cada mes yo sola",
        "due3": "2027-04-30",
    }
    data.update(overrides)
    return data


def fill_worksheet(client, pair):
    worksheet = reverse("preparation:worksheet", args=[pair.pk])
    client.post(
        reverse("preparation:brainstorm", args=[pair.pk, "mentee"]),
        {
            "mentee-goals": "Preparar el informe mensual\nUsar LinkedIn para prospectar\nAprender Python"
        },
    )
    goals = {g.text: g for g in pair.goals.all()}
    client.post(
        reverse("preparation:prioritise", args=[pair.pk, "mentee"]),
        {
            f"pm-priority_{goals['Preparar el informe mensual'].pk}": "1",
            f"pm-priority_{goals['Usar LinkedIn para prospectar'].pk}": "2",
        },
    )
    client.post(
        reverse("preparation:goal", args=[pair.pk, goals["Preparar el informe mensual"].pk]),
        smart_data(),
    )
    client.post(
        reverse("preparation:goal", args=[pair.pk, goals["Usar LinkedIn para prospectar"].pk]),
        smart_data(
            text="Usar LinkedIn para prospectar", measurable="Cinco contactos nuevos al mes."
        ),
    )
    return worksheet


def test_the_mentee_fills_the_worksheet_with_two_smart_goals(client, pair):
    client.force_login(pair.mentee_user)
    fill_worksheet(client, pair)
    selected = list(pair.goals.filter(selected=True).order_by("priority"))
    assert [g.text for g in selected] == [
        "Preparar el informe mensual con tablas dinámicas",
        "Usar LinkedIn para prospectar",
    ]
    assert pair.goals.get(text="Aprender Python").selected is False
    first = selected[0]
    assert first.measurable.startswith("El informe de marzo")
    assert [(p.number, p.due_date) for p in first.phases.all()] == [
        (1, datetime.date(2027, 2, 15)),
        (2, datetime.date(2027, 3, 15)),
        (3, datetime.date(2027, 4, 30)),
    ]
    assert GoalPhase.objects.filter(goal__pair=pair).count() == 6


def test_the_pdf_holds_the_goals_and_phases(client, pair):
    client.force_login(pair.mentor_user)
    fill_worksheet(client, pair)
    response = client.get(reverse("preparation:worksheet_pdf", args=[pair.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.getvalue(), capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    assert "MARCO DE ESTABLECIMIENTO DE LOS OBJETIVOS DE LA TUTORÍA" in text.upper()
    assert "Preparar el informe mensual con tablas" in text
    assert "Usar LinkedIn para prospectar" in text
    assert "Montar la tabla dinámica con Lucía" in text
    assert pair.program.general_objective in text


def test_the_mentor_sets_goals_of_their_own(client, pair):
    client.force_login(pair.mentor_user)
    client.post(
        reverse("preparation:brainstorm", args=[pair.pk, "mentor"]),
        {"mentor-goals": "Hablar en público con seguridad", "mentor-mentor_area": "communication"},
    )
    goal = pair.goals.get(owner=Goal.Owner.MENTOR)
    assert goal.mentor_area == "communication"
    response = client.post(
        reverse("preparation:brainstorm", args=[pair.pk, "mentor"]),
        {"mentor-goals": "Otro"},
        follow=True,
    )
    assert "Elige lo que quieres ganar." in response.getvalue().decode()


def test_bad_input_is_explained_and_nothing_is_lost(client, pair):
    client.force_login(pair.mentee_user)
    client.post(
        reverse("preparation:brainstorm", args=[pair.pk, "mentee"]), {"mentee-goals": "Un objetivo"}
    )
    goal = pair.goals.get()
    response = client.post(
        reverse("preparation:goal", args=[pair.pk, goal.pk]),
        smart_data(due3="2027-01-01", relevant=""),
    )
    html = response.getvalue().decode()
    assert "Las fases van una tras otra" in html
    assert "Responde esta pregunta para que el objetivo sea SMART." in html
    assert "Montar la tabla dinámica con Lucía" in html
    assert not goal.phases.exists()
    empty = client.post(
        reverse("preparation:prioritise", args=[pair.pk, "mentee"]), {}, follow=True
    )
    assert "Da una prioridad (1, 2, …) al menos a un objetivo." in empty.content.decode()


def test_gentle_smart_checks():
    assert smart_hints(smart_data()) == {}
    hints = smart_hints(smart_data(measurable="Mejorar bastante", time_bound="Pronto"))
    assert set(hints) == {"measurable", "time_bound"}
    assert smart_hints(smart_data(time_bound="En junio de 2027")) == {}


def test_who_may_see_and_edit(client, pair, other_pair, coordinator, other_coordinator):
    url = reverse("preparation:worksheet", args=[pair.pk])
    assert client.get(url).url.startswith(reverse("accounts:login"))  # anonymous
    client.force_login(other_pair.mentor_user)
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("preparation:brainstorm", args=[pair.pk, "mentee"]), {"mentee-goals": "x"}
        ).status_code
        == 404
    )
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_edit"] is False
    assert (
        client.post(
            reverse("preparation:brainstorm", args=[pair.pk, "mentee"]), {"mentee-goals": "x"}
        ).status_code
        == 404
    )
    assert not pair.goals.exists()


def test_making_a_goal_smart_keeps_its_priority(pair):
    from preparation import services

    (goal,) = services.goals_brainstorm(pair=pair, owner="mentee", texts=["Usar Power BI"])
    services.goals_prioritise(pair=pair, choices={goal.pk: 1})
    data = smart_data()
    services.goal_make_smart(
        goal=goal,  # the stale copy from before the priorities were set
        text=goal.text,
        smart={
            k: data[k] for k in ("specific", "measurable", "achievable", "relevant", "time_bound")
        },
        phases=[services.PhasePlan(n, f"Fase {n}", datetime.date(2027, n, 1)) for n in (1, 2, 3)],
    )
    goal.refresh_from_db()
    assert goal.selected and goal.priority == 1
