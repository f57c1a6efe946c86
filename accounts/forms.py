import uuid

from django.contrib.auth import forms as auth_forms

from notifications.services import notify


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Queue the reset email in the outbox instead of sending it from the request.

        This is Django's documented hook for sending the reset email another way; the
        outbox writes it (with a fresh link) in the person's language and retries it.
        """
        user = context["user"]
        # Every request is an email of its own.
        notify(
            kind="accounts.password_reset",
            recipients=[user],
            about=user.pk,
            period=uuid.uuid4().hex,
        )
