"""Emails are template sets: templates/emails/<name>_subject.txt, _body.txt and _body.html."""

import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# Mail-server failures worth retrying with backoff: the server may recover.
TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def email_render(name: str, context: dict) -> tuple[str, str, str]:
    """Render an email's subject (one line), plain-text body and HTML body."""
    subject = "".join(render_to_string(f"emails/{name}_subject.txt", context).splitlines())
    body = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    return subject, body, html


def email_message(name: str, context: dict, to: str) -> EmailMultiAlternatives:
    subject, body, html = email_render(name, context)
    message = EmailMultiAlternatives(subject, body, to=[to])
    message.attach_alternative(html, "text/html")
    return message
