"""Every free text has a limit: shown in the form (maxlength), checked by the form, and kept
by the database."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from matching.models import Candidate
from tests.factories import CandidateFactory, call_open
from tests.matching.test_views_apply import application_data

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000


def test_the_public_form_refuses_huge_answers_and_saves_nothing(client, program):
    call = call_open(program)
    url = reverse("matching:apply", args=[call.token])
    page = client.get(url).content.decode()
    assert 'maxlength="2000"' in page
    data = application_data(program)
    for field in ("strengths", "areas_to_deepen", "self_description", "mentoring_meaning"):
        data[field] = HUGE
    response = client.post(url, data)
    assert response.status_code == 200
    assert "tenga menos de 2000 caracteres (tiene 100000)" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_concern_and_a_meeting_log_have_limits(client, pair):
    client.force_login(pair.mentor_user)
    response = client.post(reverse("sessions:concern", args=[pair.pk]), {"text": HUGE})
    assert response.status_code == 200 and not pair.concerns.exists()


def test_the_database_keeps_the_limit_whatever_writes(program):
    candidate = CandidateFactory(program=program)
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(strengths="x" * 2001)
