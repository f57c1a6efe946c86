import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Call
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_the_call_page_shows_the_defaults_without_saving_them(coordinator_client, program):
    response = coordinator_client.get(reverse("matching:call", args=[program.pk]))
    html = response.content.decode()
    assert not Call.objects.exists()
    assert "Participa en nuestro programa de reverse mentoring «Transformación digital»" in html
    assert "El enlace y su código QR se crean al guardar o abrir la convocatoria." in html
    assert "<svg" not in html


def test_the_call_page_prepares_link_qr_and_invitation(coordinator_client, program):
    from tests.factories import call_open

    call_open(program, status=Call.Status.DRAFT)
    response = coordinator_client.get(reverse("matching:call", args=[program.pk]))
    call = Call.objects.get(program=program)
    html = response.content.decode()
    link = f"http://testserver/apply/{call.token}/"
    assert call.status == Call.Status.DRAFT
    assert len(call.token) >= 20
    assert link in html
    assert "<svg" in html and "<path" in html  # the QR code
    assert "Participa en nuestro programa de reverse mentoring «Transformación digital»" in html
    assert response.context["invitation"].count(link) == 1
    assert call.deadline.strftime("%Y") in response.context["invitation"]


def test_open_then_close_the_call(coordinator_client, coordinator, program):
    coordinator_client.get(reverse("matching:call", args=[program.pk]))
    coordinator_client.post(reverse("matching:call_open", args=[program.pk]))
    call = Call.objects.get(program=program)
    assert call.status == Call.Status.OPEN and call.accepts_applications()
    coordinator_client.post(reverse("matching:call_close", args=[program.pk]))
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED and not call.accepts_applications()
    assert list(program.log_entries.values_list("action", flat=True)[:2]) == [
        "matching.call_closed",
        "matching.call_opened",
    ]


def test_a_call_with_a_past_deadline_cannot_open(coordinator_client, program):
    from tests.factories import call_open

    call_open(
        program,
        status=Call.Status.DRAFT,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = coordinator_client.post(
        reverse("matching:call_open", args=[program.pk]), follow=True
    )
    assert "Fije una fecha límite que no haya pasado" in response.content.decode()
    assert Call.objects.get(program=program).status == Call.Status.DRAFT


def test_edit_deadline_and_texts(coordinator_client, program):
    url = reverse("matching:call", args=[program.pk])
    coordinator_client.get(url)
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "deadline": deadline.isoformat(),
        "invitation_text": "Apúntate: {link} antes del {deadline}",
        "privacy_notice": "Tus datos los trata RR. HH.",
    }
    assert coordinator_client.post(url, data).status_code == 302
    call = Call.objects.get(program=program)
    assert call.deadline == deadline and call.privacy_notice == "Tus datos los trata RR. HH."
    invitation = coordinator_client.get(url).context["invitation"]
    assert invitation.startswith("Apúntate: http://testserver/apply/")

    data["deadline"] = "2020-01-01"
    response = coordinator_client.post(url, data)
    assert "La fecha límite no puede estar en el pasado." in response.content.decode()


def test_the_dashboard_follows_the_selection(coordinator_client, program):
    url = reverse("program_dashboard", args=[program.pk])

    def phase_two():
        return coordinator_client.get(url).context["phases"]()[1].status

    assert phase_two().action.label == "Abrir la convocatoria"
    coordinator_client.get(reverse("matching:call", args=[program.pk]))
    coordinator_client.post(reverse("matching:call_open", args=[program.pk]))
    assert phase_two().action.label == "Compartir el enlace de la candidatura"
    CandidateFactory(program=program, status="accepted")
    CandidateFactory(program=program)
    status = phase_two()
    assert status.action.url == reverse("matching:pairs", args=[program.pk])  # someone accepted
    assert dict(status.counts)["Candidatos"] == 2
    assert dict(status.counts)["Aceptados"] == 1
