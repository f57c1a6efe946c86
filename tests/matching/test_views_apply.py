"""The public call and the applicant's private pages: no account, a link."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching.models import Call, Candidate, CandidateStatusChange
from programs.models import Skill
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def application_data(program, **overrides):
    data = {
        "full_name": "Rosa Delgado Marín",
        "email": "rosa.delgado@example.com",
        "current_role": "Directora comercial",
        "department": "Comercial",
        "manager_email": "ceo@example.com",
        "years_in_organisation": "22",
        "level": "5",
        "linkedin_url": "https://www.linkedin.com/in/rosa-delgado",
        "desired_role": "mentee",
        "strengths": "Negociación y conocimiento del cliente.",
        "areas_to_deepen": "Cuadros de mando.",
        "first_expectation": "Preparar mis informes sin ayuda.",
        "self_description": "Tenaz y cercana.",
        "current_challenges": "Los clientes nos buscan en LinkedIn.",
        "mentoring_meaning": "Aprender de otra generación.",
        "languages": ["es", "en"],
        "availability": ["morning", "afternoon"],
        "consent": "on",
        "website": "",
    }
    for skill in program.skills.all():
        data[f"skill_{skill.pk}"] = "2"
    excel = program.skills.get(kind=Skill.Kind.TOOL, name__startswith="Hojas de cálculo")
    data[f"skill_{excel.pk}"] = "1"
    data[f"learn_{excel.pk}"] = "on"
    data.update(overrides)
    return data


def apply_url(call):
    return reverse("matching:apply", args=[call.token])


def test_the_form_asks_every_question_of_the_guide(client, call):
    html = client.get(apply_url(call)).content.decode()
    for question in [
        "Nombre y apellidos",
        "¿Cuál es tu URL de LinkedIn?",
        "¿Te gustaría ser mentor, mentee o ambos?",
        "¿Cuál es tu actual función en el trabajo?",
        "¿Cuáles son tus mayores fortalezas?",
        "¿En qué áreas te gustaría profundizar?",
        "¿Qué es lo primero que deseas obtener de esta tutoría?",
        "Si tuvieras que describirte a ti mismo…",
        "¿Cuáles son algunos de los desafíos que estás experimentando",
        "¿Qué significa la mentoría para ti?",
        "1 · ninguno",
        "5 · experto",
        "Alfabetización en información y datos",
    ]:
        assert question in html, question


def test_the_form_speaks_english_to_english_browsers(client, call):
    html = client.get(apply_url(call), headers={"accept-language": "en"}).content.decode()
    assert "What is your LinkedIn URL?" in html


def test_applying_saves_everything_and_emails_a_private_link(
    client, call, django_capture_on_commit_callbacks
):
    program = call.program
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(call), application_data(program))
    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("matching:application", args=[candidate.access_token])
    assert candidate.status == Candidate.Status.APPLIED
    assert candidate.desired_role == "mentee" and candidate.level == 5
    assert candidate.consent_at is not None
    assert sorted(lang.code for lang in candidate.languages.all()) == ["en", "es"]
    assert candidate.availability == ["morning", "afternoon"]
    assert candidate.ratings.count() == program.skills.count()
    wanted = candidate.ratings.get(wants_to_learn=True)
    assert wanted.level == 1 and wanted.skill.name.startswith("Hojas de cálculo")
    assert candidate.status_changes.get().actor is None

    (message,) = mail.outbox
    assert message.to == ["rosa.delgado@example.com"]
    assert "Hemos recibido tu candidatura" in message.subject
    link = re.search(r"https?://\S+/application/\S+/", message.body).group(0)
    assert candidate.access_token in link
    page = client.get(reverse("matching:application", args=[candidate.access_token]))
    assert "Rosa Delgado Marín" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"linkedin_url": "https://example.com/rosa"}, "linkedin_url", "perfil de LinkedIn"),
        ({"manager_email": "rosa.delgado@example.com"}, "manager_email", "no el tuyo"),
        ({"email": "no-es-un-correo"}, "email", "correo electrónico válida"),
        ({"consent": ""}, "consent", "tu consentimiento"),
        ({"languages": []}, "languages", "al menos un idioma"),
    ],
)
def test_bad_input_shows_the_error_beside_the_field_and_keeps_the_rest(
    client, call, overrides, field, message
):
    response = client.post(apply_url(call), application_data(call.program, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert "Negociación y conocimiento del cliente." in html  # what was typed stays
    assert not Candidate.objects.exists()


def test_every_skill_must_be_rated(client, call):
    skill = call.program.skills.first()
    data = application_data(call.program)
    del data[f"skill_{skill.pk}"]
    response = client.post(apply_url(call), data)
    assert response.context["form"].errors[f"skill_{skill.pk}"] == [
        "Elige tu nivel en esta habilidad."
    ]
    # The other ratings given are kept checked.
    other = call.program.skills.last()
    assert re.search(
        rf'name="skill_{other.pk}"[^>]*value="2"[^>]*checked', response.content.decode()
    )
    assert not Candidate.objects.exists()


def test_mentees_must_mark_a_skill_to_learn(client, call):
    data = {k: v for k, v in application_data(call.program).items() if not k.startswith("learn_")}
    response = client.post(apply_url(call), data)
    assert "marca al menos una habilidad que quieras aprender" in response.content.decode()
    data["desired_role"] = "mentor"
    assert client.post(apply_url(call), data).status_code == 302


def test_a_second_application_with_the_same_email_never_duplicates(
    client, call, django_capture_on_commit_callbacks
):
    first = CandidateFactory(
        program=call.program, email="rosa.delgado@example.com", full_name="Rosa D."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url(call), application_data(call.program, email="Rosa.Delgado@example.com")
        )
    assert response.status_code == 200
    assert "Ya has enviado tu candidatura" in response.content.decode()
    assert Candidate.objects.count() == 1
    first.refresh_from_db()
    assert first.full_name == "Rosa D."
    (message,) = mail.outbox
    assert first.access_token in message.body


def test_bots_filling_the_trap_are_refused(client, call):
    response = client.post(apply_url(call), application_data(call.program, website="http://spam"))
    assert response.status_code == 200
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Call.Status.CLOSED},
        {"status": Call.Status.DRAFT},
        {"deadline": timezone.localdate() - datetime.timedelta(days=1)},
    ],
)
def test_a_closed_call_says_so_and_accepts_nothing(client, call, changes):
    for name, value in changes.items():
        setattr(call, name, value)
    call.save()
    page = client.get(apply_url(call))
    assert "Nombre y apellidos" not in page.content.decode()
    client.post(apply_url(call), application_data(call.program))
    assert not Candidate.objects.exists()
    assert "convocatoria" in page.content.decode()


def test_the_deadline_day_itself_still_accepts(client, call):
    call.deadline = timezone.localdate()
    call.save()
    assert client.post(apply_url(call), application_data(call.program)).status_code == 302


def test_unknown_links_answer_404(client, call):
    assert client.get(reverse("matching:apply", args=["nope"])).status_code == 404
    assert client.get(reverse("matching:application", args=["nope"])).status_code == 404


def test_privacy_notice_is_public(client, call):
    response = client.get(reverse("matching:privacy", args=[call.token]))
    assert "Recursos Humanos" in response.content.decode()


class TestPrivatePages:
    def test_the_applicant_edits_until_the_deadline(self, client, call):
        candidate = CandidateFactory(program=call.program, email="rosa.delgado@example.com")
        url = reverse("matching:application_edit", args=[candidate.access_token])
        assert client.get(url).status_code == 200
        data = application_data(call.program, full_name="Rosa Delgado", desired_role="mentor")
        del data["consent"]
        response = client.post(url, data)
        assert response.status_code == 302
        candidate.refresh_from_db()
        assert candidate.full_name == "Rosa Delgado" and candidate.desired_role == "mentor"
        assert candidate.ratings.count() == call.program.skills.count()

    def test_an_edit_cannot_take_another_applicants_email(self, client, call):
        CandidateFactory(program=call.program, email="taken@example.com")
        candidate = CandidateFactory(program=call.program, email="rosa.delgado@example.com")
        data = application_data(call.program, email="taken@example.com")
        response = client.post(
            reverse("matching:application_edit", args=[candidate.access_token]), data
        )
        assert "Este correo ya ha presentado una candidatura" in response.content.decode()
        candidate.refresh_from_db()
        assert candidate.email == "rosa.delgado@example.com"

    def test_no_edits_after_the_deadline(self, client, call):
        candidate = CandidateFactory(program=call.program)
        call.status = Call.Status.CLOSED
        call.save()
        url = reverse("matching:application_edit", args=[candidate.access_token])
        assert client.get(url).status_code == 302
        page = client.get(reverse("matching:application", args=[candidate.access_token]))
        assert "ya no se pueden cambiar" in page.content.decode()

    def test_withdraw_asks_then_records_it(self, client, call):
        candidate = CandidateFactory(program=call.program)
        url = reverse("matching:application_withdraw", args=[candidate.access_token])
        assert "¿Retirar tu candidatura?" in client.get(url).content.decode()
        client.post(url)
        candidate.refresh_from_db()
        assert candidate.status == Candidate.Status.WITHDRAWN
        change = CandidateStatusChange.objects.get(candidate=candidate)
        assert change.to_status == Candidate.Status.WITHDRAWN and change.actor is None


def test_confirmation_is_in_the_applicants_language(
    client, call, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(call), application_data(call.program))
    assert Candidate.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("We received your application")
