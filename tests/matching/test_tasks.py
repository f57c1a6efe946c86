import pytest
from django.core import mail

from matching.tasks import application_confirmation_send, application_link_send
from tests.factories import CandidateFactory, call_open

pytestmark = pytest.mark.django_db


def test_confirmation_is_sent_once_however_often_the_task_runs(program):
    call_open(program)
    candidate = CandidateFactory(program=program, language="es")
    application_confirmation_send(candidate.pk)
    application_confirmation_send(candidate.pk)
    (message,) = mail.outbox
    assert message.to == [candidate.email]
    assert candidate.access_token in message.body
    assert message.alternatives[0][1] == "text/html"
    candidate.refresh_from_db()
    assert candidate.confirmation_sent_at is not None


def test_a_failed_send_releases_the_claim_for_the_retry(program, monkeypatch):
    call_open(program)
    candidate = CandidateFactory(program=program)

    def refuse(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(ConnectionError):
        application_confirmation_send.run(candidate.pk)
    candidate.refresh_from_db()
    assert candidate.confirmation_sent_at is None


def test_link_reminder_is_in_the_candidates_language(program):
    call_open(program)
    candidate = CandidateFactory(program=program, language="en")
    application_link_send(candidate.pk)
    assert mail.outbox[0].subject.startswith("Your application to")
