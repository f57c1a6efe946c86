"""What coordinators write can be written in both languages: each reader gets theirs, and
falls back to the program's language with a visible note."""

import pytest
from django.test import Client
from django.urls import reverse

from preparation.models import ProgramGuide
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


def in_english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_an_applicant_choosing_english_sees_english_skill_names(call):
    page = in_english().get(reverse("matching:apply", args=[call.token])).content.decode()
    assert "Spreadsheets (Excel, Google Sheets)" in page
    assert "Hojas de cálculo" not in page
    assert "Not written in your language yet" not in page  # the default catalogue is bilingual
    spanish = Client().get(reverse("matching:apply", args=[call.token])).content.decode()
    assert "Hojas de cálculo (Excel, Google Sheets)" in spanish


def test_a_skill_written_in_one_language_falls_back_with_a_note(call, coordinator_client, program):
    rows = list(program.skills.order_by("kind", "id"))
    data = {
        "skills-TOTAL_FORMS": str(len(rows) + 1),
        "skills-INITIAL_FORMS": str(len(rows)),
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "1000",
    }
    for n, skill in enumerate(rows):
        data |= {
            f"skills-{n}-id": str(skill.pk),
            f"skills-{n}-kind": skill.kind,
            f"skills-{n}-name": skill.name,
            f"skills-{n}-description": skill.description,
            f"skills-{n}-name_en": skill.translations.get("en", {}).get("name", ""),
            f"skills-{n}-description_en": skill.translations.get("en", {}).get("description", ""),
        }
    new = len(rows)
    data |= {
        f"skills-{new}-kind": "tool",
        f"skills-{new}-name": "Firma electrónica",
        f"skills-{new}-description": "",
        f"skills-{new}-name_en": "",
        f"skills-{new}-description_en": "",
    }
    form = coordinator_client.get(reverse("programs:skills", args=[program.pk]))
    assert "Nombre (Inglés)" in form.content.decode()
    coordinator_client.post(reverse("programs:skills", args=[program.pk]), data)
    english = in_english().get(reverse("matching:apply", args=[call.token])).content.decode()
    assert "Firma electrónica" in english
    assert "Not written in your language yet: shown in Spanish, the program's language." in (
        english
    )

    data[f"skills-{new}-id"] = str(program.skills.get(name="Firma electrónica").pk)
    data["skills-INITIAL_FORMS"] = str(new + 1)
    data[f"skills-{new}-name_en"] = "Electronic signature"
    coordinator_client.post(reverse("programs:skills", args=[program.pk]), data)
    english = in_english().get(reverse("matching:apply", args=[call.token])).content.decode()
    assert "Electronic signature" in english and "Firma electrónica" not in english
    assert "Not written in your language yet" not in english


def test_the_guide_reaches_each_participant_in_their_language(coordinator_client, program):
    pair = published_pair(program)
    pair.mentee_user.language = "en"
    pair.mentee_user.save()
    url = reverse("preparation:guide", args=[program.pk])
    form = coordinator_client.get(url)
    # Unsaved, the guide offers its default text in English as well.
    default_english = form.context["form"]["principles_en"].value()
    assert "**Learning goes both ways.**" in default_english
    assert (
        "**El aprendizaje va en las dos direcciones.**"
        in form.context["form"]["principles"].value()
    )
    coordinator_client.post(
        url,
        {
            "principles": "**Escucha** antes de aconsejar.",
            "instructions": "Empezad por el acuerdo.",
            "principles_en": "**Listen** before you advise.",
            "instructions_en": "",
        },
    )
    guide = ProgramGuide.objects.get(program=program)
    assert (
        guide.translations["en"]["principles_html"]
        == "<p><strong>Listen</strong> before you advise.</p>"
    )

    mentee = Client()
    mentee.force_login(pair.mentee_user)
    mentee.cookies["django_language"] = "en"
    home = mentee.get(reverse("participant_home")).content.decode()
    assert "<strong>Listen</strong> before you advise." in home
    # The instructions were left in Spanish only: shown in Spanish, with a note.
    assert "Empezad por el acuerdo." in home and "Not written in your language yet" in home
    mentor = Client()
    mentor.force_login(pair.mentor_user)
    spanish = mentor.get(reverse("participant_home")).content.decode()
    assert "<strong>Escucha</strong> antes de aconsejar." in spanish
    assert "Todavía no está escrito en tu idioma" not in spanish


def test_the_privacy_notice_is_offered_in_english(call, coordinator_client, program):
    url = reverse("matching:call", args=[program.pk])
    form = coordinator_client.get(url).context["form"]
    data = {
        "deadline": call.deadline.isoformat(),
        "invitation_text": form["invitation_text"].value(),
        "invitation_text_en": form["invitation_text_en"].value(),
        "privacy_notice": "Tratamos tus datos para el programa.",
        "privacy_notice_en": "We process your data for the program.",
    }
    assert coordinator_client.post(url, data).status_code == 302
    page = in_english().get(reverse("matching:privacy", args=[call.token])).content.decode()
    assert "We process your data for the program." in page


def test_a_duplicated_program_keeps_the_skills_translations(coordinator, program):
    from mentoring.duplicate import program_copy

    copy = program_copy(
        program=program,
        actor=coordinator,
        name="Copia",
        start_date=program.start_date,
        end_date=program.end_date,
    )
    assert copy.skills.get(name="Seguridad").translations["en"]["name"] == "Safety"
