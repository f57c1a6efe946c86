import datetime

import pytest
from django.urls import reverse

from programs.models import LearningObjective, Program, Skill
from tests.factories import CoordinatorFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def program_form_data(**overrides):
    data = {
        "name": "Liderazgo digital",
        "focus": "Mandos intermedios y herramientas de IA.",
        "general_objective": "Que cada mando proponga una mejora con una herramienta digital.",
        "learning_objectives": "Usar la IA generativa con criterio\n\n  Coordinar equipos  \n",
        "start_date": "2027-01-11",
        "end_date": "2027-06-28",
        "meeting_cadence_days": "14",
        "mentor_capacity": "2",
        "language": "es",
    }
    data.update(overrides)
    return data


class TestProgramList:
    def test_lists_only_the_programs_the_coordinator_coordinates(
        self, coordinator_client, program, other_coordinator
    ):
        response = coordinator_client.get(reverse("programs:list"))
        assert response.status_code == 200
        assert [row.program for row in response.context["page"].object_list] == [program]
        assert "Planta de Zaragoza" not in response.content.decode()

    def test_superuser_sees_every_program(self, client, superuser, program, other_coordinator):
        client.force_login(superuser)
        response = client.get(reverse("programs:list"))
        assert {row.program.name for row in response.context["page"].object_list} == {
            "Transformación digital",
            "Planta de Zaragoza",
        }

    def test_participant_is_refused_and_anonymous_is_sent_to_login(self, client, participant):
        response = client.get(reverse("programs:list"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        client.force_login(participant)
        assert client.get(reverse("programs:list")).status_code == 403

    def test_archived_programs_have_their_own_tab(self, coordinator_client, coordinator, program):
        archived = ProgramFactory(actor=coordinator, name="Edición 2025")
        Program.objects.filter(pk=archived.pk).update(status=Program.Status.ARCHIVED)
        active = coordinator_client.get(reverse("programs:list"))
        assert [row.program for row in active.context["page"].object_list] == [program]
        tab = coordinator_client.get(reverse("programs:list"), {"status": "archived"})
        assert [row.program for row in tab.context["page"].object_list] == [archived]

    def test_search_and_empty_states(self, coordinator_client, program):
        found = coordinator_client.get(reverse("programs:list"), {"q": "digital"})
        assert [row.program for row in found.context["page"].object_list] == [program]
        none = coordinator_client.get(reverse("programs:list"), {"q": "inexistente"})
        assert "Ningún programa coincide con «inexistente»" in none.content.decode()

    def test_first_visit_invites_to_create_a_program(self, coordinator_client):
        response = coordinator_client.get(reverse("programs:list"))
        assert "Crear el primer programa" in response.content.decode()

    def test_paginates_twenty_per_page(self, coordinator_client, coordinator):
        for _ in range(23):
            ProgramFactory(actor=coordinator)
        page2 = coordinator_client.get(reverse("programs:list"), {"page": 2})
        assert len(page2.context["page"].object_list) == 3

    @pytest.mark.parametrize("count", [3, 25])
    def test_query_count_does_not_grow_with_programs(
        self, coordinator_client, coordinator, count, django_assert_num_queries
    ):
        for _ in range(count):
            ProgramFactory(actor=coordinator, coordinators=[CoordinatorFactory()])
        # session, user, programs, then what the five phases report for all of them at once
        with django_assert_num_queries(19):
            response = coordinator_client.get(reverse("programs:list"))
        assert response.status_code == 200


class TestProgramCreate:
    def test_creates_the_program_with_objectives_catalogue_and_creator(
        self, coordinator_client, coordinator
    ):
        colleague = CoordinatorFactory(username="javier")
        response = coordinator_client.post(
            reverse("programs:create"), program_form_data(coordinators=[colleague.pk])
        )
        program = Program.objects.get(name="Liderazgo digital")
        assert response.status_code == 302
        assert response.url == reverse("program_dashboard", args=[program.pk])
        assert set(program.coordinators.all()) == {coordinator, colleague}
        assert list(program.learning_objectives.values_list("text", flat=True)) == [
            "Usar la IA generativa con criterio",
            "Coordinar equipos",
        ]
        assert program.mentor_capacity == 2
        assert program.skills.filter(kind=Skill.Kind.COMPETENCE).count() == 5
        assert program.skills.filter(name="Alfabetización en información y datos").exists()
        assert program.log_entries.get().action == "programs.created"

    def test_english_program_gets_an_english_catalogue(self, coordinator_client):
        coordinator_client.post(reverse("programs:create"), program_form_data(language="en"))
        program = Program.objects.get()
        assert program.skills.filter(name="Information and data literacy").exists()

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            (
                {"end_date": "2027-01-11"},
                "end_date",
                "La fecha de fin debe ser posterior a la fecha de inicio.",
            ),
            (
                {"learning_objectives": "  \n "},
                "learning_objectives",
                "Escriba al menos un objetivo de aprendizaje.",
            ),
            ({"mentor_capacity": "0"}, "mentor_capacity", "mayor o igual a 1"),
            ({"name": ""}, "name", "Este campo es obligatorio."),
        ],
    )
    def test_bad_input_re_renders_with_errors_and_saves_nothing(
        self, coordinator_client, overrides, field, message
    ):
        data = program_form_data(**overrides)
        response = coordinator_client.post(reverse("programs:create"), data)
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors[field])
        assert message in errors
        # What was typed is kept.
        assert data["focus"] in response.content.decode()
        assert not Program.objects.exists()

    def test_too_many_learning_objectives_are_refused(self, coordinator_client):
        lines = "\n".join(f"Objetivo {n}" for n in range(13))
        response = coordinator_client.post(
            reverse("programs:create"), program_form_data(learning_objectives=lines)
        )
        assert "como máximo 12 objetivos" in response.content.decode()

    def test_participants_cannot_create_programs(self, client, participant):
        client.force_login(participant)
        response = client.post(reverse("programs:create"), program_form_data())
        assert response.status_code == 403
        assert not Program.objects.exists()


class TestProgramDashboard:
    def test_shows_the_five_phases_and_the_next_action(self, coordinator_client, program):
        response = coordinator_client.get(reverse("program_dashboard", args=[program.pk]))
        phases = response.context["phases"]()
        assert [phase.status.number for phase in phases] == [1, 2, 3, 4, 5]
        assert [phase.state for phase in phases] == [
            "current",
            "upcoming",
            "upcoming",
            "upcoming",
            "upcoming",
        ]
        html = response.content.decode()
        assert "Definición del objetivo" in html
        assert "Revisar el catálogo de habilidades" in html
        assert reverse("programs:skills", args=[program.pk]) in html

    def test_the_current_phase_follows_the_meetings_held(self, coordinator_client, program, pair):
        import datetime

        from django.utils import timezone

        from sessions.models import Meeting

        url = reverse("program_dashboard", args=[program.pk])
        states = [phase.state for phase in coordinator_client.get(url).context["phases"]()]
        assert states.index("current") < 3 and states[3:] == ["upcoming", "upcoming"]
        Meeting.objects.create(
            pair=pair, starts_at=timezone.now() - datetime.timedelta(days=1), status="held"
        )
        response = coordinator_client.get(url)
        states = [phase.state for phase in response.context["phases"]()]
        # The pairs meet: phase 4 is the current one, phase 3 still has goals to write.
        assert states[2:] == ["open", "current", "upcoming"]
        assert set(states[:2]) <= {"done", "open"}
        html = response.content.decode()
        assert 'aria-current="step"' in html and "Tareas pendientes" in html
        listed = coordinator_client.get(reverse("programs:list"))
        [row] = [row for row in listed.context["page"] if row.program == program]
        assert row.phase_number == 4

    @pytest.mark.parametrize("who", ["other_coordinator", "participant"])
    def test_outsiders_get_404(self, client, program, who, request):
        client.force_login(request.getfixturevalue(who))
        for url in program_urls(program):
            assert client.get(url).status_code in (403, 404)

    def test_other_coordinator_gets_404_not_403(self, client, program, other_coordinator):
        client.force_login(other_coordinator)
        for url in program_urls(program):
            assert client.get(url).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, program):
        response = client.get(reverse("program_dashboard", args=[program.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    def test_superuser_may_open_any_program(self, client, superuser, program):
        client.force_login(superuser)
        assert client.get(reverse("program_dashboard", args=[program.pk])).status_code == 200


class TestProgramEdit:
    def test_saves_the_objective_and_reorders_learning_objectives(
        self, coordinator_client, coordinator, program
    ):
        data = program_form_data(
            name="Transformación digital 2027",
            learning_objectives="Presentar datos con hojas de cálculo\nUsar el CRM con soltura",
            coordinators=[coordinator.pk],
        )
        response = coordinator_client.post(reverse("programs:edit", args=[program.pk]), data)
        assert response.status_code == 302
        program.refresh_from_db()
        assert program.name == "Transformación digital 2027"
        assert list(
            LearningObjective.objects.filter(program=program).values_list("position", "text")
        ) == [(1, "Presentar datos con hojas de cálculo"), (2, "Usar el CRM con soltura")]
        assert program.log_entries.first().action == "programs.updated"

    def test_form_shows_current_objectives(self, coordinator_client, program):
        response = coordinator_client.get(reverse("programs:edit", args=[program.pk]))
        assert "Usar el CRM con soltura\nPresentar datos" in response.content.decode()

    def test_a_coordinator_cannot_remove_themselves(self, coordinator_client, program):
        colleague = CoordinatorFactory()
        data = program_form_data(coordinators=[colleague.pk])
        response = coordinator_client.post(reverse("programs:edit", args=[program.pk]), data)
        assert response.status_code == 200
        assert "Manténgase entre los coordinadores" in response.content.decode()
        program.refresh_from_db()
        assert program.name == "Transformación digital"

    def test_archived_programs_are_read_only(self, coordinator_client, coordinator, program):
        Program.objects.filter(pk=program.pk).update(status=Program.Status.ARCHIVED)
        data = program_form_data(coordinators=[coordinator.pk])
        response = coordinator_client.post(reverse("programs:edit", args=[program.pk]), data)
        assert response.status_code == 302
        program.refresh_from_db()
        assert program.name == "Transformación digital"


class TestSkillCatalogue:
    def formset_data(self, program, changes=None, new=(), delete=()):
        skills = list(program.skills.order_by("kind", "id"))
        data = {
            "skills-TOTAL_FORMS": str(len(skills) + len(new)),
            "skills-INITIAL_FORMS": str(len(skills)),
            "skills-MIN_NUM_FORMS": "0",
            "skills-MAX_NUM_FORMS": "1000",
        }
        changes = changes or {}
        for index, skill in enumerate(skills):
            data[f"skills-{index}-id"] = str(skill.pk)
            data[f"skills-{index}-kind"] = skill.kind
            data[f"skills-{index}-name"] = changes.get(skill.name, skill.name)
            data[f"skills-{index}-description"] = skill.description
            if skill.name in delete:
                data[f"skills-{index}-DELETE"] = "on"
        for offset, (kind, name) in enumerate(new):
            index = len(skills) + offset
            data[f"skills-{index}-kind"] = kind
            data[f"skills-{index}-name"] = name
            data[f"skills-{index}-description"] = ""
        return data

    def test_add_rename_and_remove_skills(self, coordinator_client, program):
        data = self.formset_data(
            program,
            changes={"Seguridad": "Ciberseguridad"},
            new=[("tool", "SAP")],
            delete=["Resolución de problemas"],
        )
        response = coordinator_client.post(reverse("programs:skills", args=[program.pk]), data)
        assert response.status_code == 302
        names = set(program.skills.values_list("name", flat=True))
        assert {"Ciberseguridad", "SAP"} <= names
        assert "Seguridad" not in names and "Resolución de problemas" not in names
        program.refresh_from_db()
        assert program.catalogue_reviewed_at is not None

    def test_saving_the_catalogue_completes_phase_one(self, coordinator_client, program):
        coordinator_client.post(
            reverse("programs:skills", args=[program.pk]), self.formset_data(program)
        )
        response = coordinator_client.get(reverse("program_dashboard", args=[program.pk]))
        assert [phase.state for phase in response.context["phases"]()][:2] == [
            "done",
            "current",
        ]

    def test_duplicate_names_are_refused(self, coordinator_client, program):
        data = self.formset_data(program, new=[("tool", "seguridad")])
        response = coordinator_client.post(reverse("programs:skills", args=[program.pk]), data)
        assert response.status_code == 200
        assert "Este nombre aparece dos veces en el catálogo." in response.content.decode()
        assert not program.skills.filter(name="seguridad").exists()

    def test_an_empty_catalogue_is_refused(self, coordinator_client, program):
        names = list(program.skills.values_list("name", flat=True))
        data = self.formset_data(program, delete=names)
        response = coordinator_client.post(reverse("programs:skills", args=[program.pk]), data)
        assert response.status_code == 200
        assert "Mantenga al menos una habilidad" in response.content.decode()
        assert program.skills.count() == len(names)


class TestArchive:
    def test_asks_for_confirmation_then_archives(self, coordinator_client, program):
        url = reverse("programs:archive", args=[program.pk])
        confirm = coordinator_client.get(url)
        assert "¿Archivar «Transformación digital»?" in confirm.content.decode()
        program.refresh_from_db()
        assert program.status == Program.Status.ACTIVE

        response = coordinator_client.post(url)
        assert response.status_code == 302
        program.refresh_from_db()
        assert program.is_archived and program.archived_at is not None

    def test_restore_is_post_only(self, coordinator_client, program):
        Program.objects.filter(pk=program.pk).update(status=Program.Status.ARCHIVED)
        url = reverse("programs:restore", args=[program.pk])
        assert coordinator_client.get(url).status_code == 405
        coordinator_client.post(url)
        program.refresh_from_db()
        assert program.status == Program.Status.ACTIVE

    def test_other_coordinator_cannot_archive(self, client, program, other_coordinator):
        client.force_login(other_coordinator)
        assert client.post(reverse("programs:archive", args=[program.pk])).status_code == 404
        program.refresh_from_db()
        assert program.status == Program.Status.ACTIVE


def test_duration_is_shown_in_weeks_and_months(program):
    program.end_date = program.start_date + datetime.timedelta(days=7 * 26 + 3)
    assert program.duration_display == "26 semanas y 3 días (unos 6 meses)"


def program_urls(program) -> list[str]:
    return [reverse("program_dashboard", args=[program.pk])] + [
        reverse(f"programs:{name}", args=[program.pk]) for name in ("edit", "skills", "archive")
    ]
