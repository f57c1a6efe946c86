from django.core import mail
from playwright.sync_api import expect

from matching.models import Candidate
from tests.e2e.conftest import log_in
from tests.factories import CandidateFactory


def test_apply_through_the_public_link_then_the_coordinator_accepts(page, coordinator, call):
    program = call.program
    CandidateFactory(program=program, full_name="Otra Persona")  # the list is not empty

    # The applicant, on a phone-sized screen, without an account.
    page.set_viewport_size({"width": 400, "height": 860})
    page.goto(f"/apply/{call.token}/")
    page.get_by_label("Nombre y apellidos").fill("Rosa Delgado Marín")
    page.get_by_label("Correo electrónico").fill("rosa.delgado@example.com")
    page.get_by_label("¿Cuál es tu actual función en el trabajo?").fill("Directora comercial")
    page.get_by_label("Departamento").fill("Comercial")
    page.get_by_label("Años en la organización").fill("22")
    page.get_by_label("Nivel jerárquico").select_option("5")
    page.get_by_label("¿Cuál es tu URL de LinkedIn?").fill("linkedin.com/in/rosa-delgado")
    page.get_by_label("Mentee", exact=True).check()
    for question in [
        "¿Cuáles son tus mayores fortalezas?",
        "¿En qué áreas te gustaría profundizar?",
        "¿Qué es lo primero que deseas obtener de esta tutoría?",
        "Si tuvieras que describirte a ti mismo…",
        "¿Cuáles son algunos de los desafíos",
        "¿Qué significa la mentoría para ti?",
    ]:
        page.get_by_label(question).fill("Respuesta de Rosa.")
    page.get_by_label("Español").check()
    page.get_by_label("Mañana (10:00–13:00)").check()
    skills = list(program.skills.order_by("kind", "id"))
    for skill in skills[:-1]:
        page.locator(f"label[for='id_skill_{skill.pk}_1']").click()  # 2 · básico
    page.locator(f"#id_learn_{skills[0].pk}").check()
    page.get_by_label("Doy mi consentimiento").check()
    page.get_by_role("button", name="Enviar mi candidatura").click()

    # One skill left unrated: the error says so and nothing typed is lost.
    expect(page.get_by_text("Elige tu nivel en esta habilidad.")).to_be_visible()
    expect(page.get_by_label("Nombre y apellidos")).to_have_value("Rosa Delgado Marín")
    page.locator(f"label[for='id_skill_{skills[-1].pk}_4']").click()  # 5 · experto
    page.get_by_label("Doy mi consentimiento").check()
    page.get_by_role("button", name="Enviar mi candidatura").click()

    expect(page.get_by_text("Gracias: hemos recibido tu candidatura.")).to_be_visible()
    rosa = Candidate.objects.get(email="rosa.delgado@example.com")
    assert rosa.linkedin_url == "https://linkedin.com/in/rosa-delgado"
    assert rosa.ratings.get(skill=skills[-1]).level == 5
    assert any(rosa.access_token in message.body for message in mail.outbox)

    # The coordinator finds her, shortlists her from the list, then accepts her.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "laura")
    page.goto(f"/programs/{program.pk}/candidates/")
    page.get_by_label("Buscar por nombre o correo").fill("Rosa")
    page.get_by_role("button", name="Aplicar filtros").click()
    expect(page.get_by_role("link", name="Rosa Delgado Marín")).to_be_visible()
    expect(page.get_by_role("link", name="Otra Persona")).to_have_count(0)
    page.get_by_label("Seleccionar a Rosa Delgado Marín").check()
    page.get_by_label("Cambiar el estado de los candidatos marcados a").select_option("shortlisted")
    page.get_by_role("button", name="Cambiar el estado").click()
    expect(page.get_by_text("1 candidatura está ahora en «Preseleccionada».")).to_be_visible()

    page.get_by_role("link", name="Rosa Delgado Marín").click()
    page.get_by_label("Estado", exact=True).select_option("accepted")
    page.get_by_role("button", name="Cambiar", exact=True).click()
    expect(page.get_by_text("Rosa Delgado Marín está ahora en «Aceptada».")).to_be_visible()
    rosa.refresh_from_db()
    assert rosa.status == Candidate.Status.ACCEPTED
    assert list(rosa.status_changes.values_list("to_status", flat=True)) == [
        "accepted",
        "shortlisted",
        "applied",
    ]
