import time

from celery.result import EagerResult
from django.core import mail

from accounts.tasks import account_email_send

EMAIL = {
    "subject": "Elija una contraseña nueva",
    "body": "Abra este enlace",
    "html_body": "<p>Abra este enlace</p>",
    "to": "laura@example.com",
}


def test_account_email_is_multipart():
    account_email_send.delay(**EMAIL)
    (message,) = mail.outbox
    assert message.to == ["laura@example.com"]
    assert message.alternatives[0][1] == "text/html"


def test_a_real_worker_on_redis_sends_the_email(celery_worker_on_redis):
    result = account_email_send.delay(**EMAIL)
    assert not isinstance(result, EagerResult)  # it went through the broker
    deadline = time.monotonic() + 15
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [message.subject for message in mail.outbox] == ["Elija una contraseña nueva"]
