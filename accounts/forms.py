from django.contrib.auth import forms as auth_forms
from django.db import transaction
from django.template import loader

from .tasks import account_email_send


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Render the reset email now, in the page's language, and let a worker send it.

        This is Django's documented hook for sending the reset email another way.
        """
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        kwargs = {
            "subject": subject,
            "body": loader.render_to_string(email_template_name, context),
            "html_body": loader.render_to_string(html_email_template_name, context),
            "to": to_email,
        }
        transaction.on_commit(lambda: account_email_send.delay(**kwargs))
