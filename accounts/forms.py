import uuid

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from notifications.services import notify


class LoginForm(auth_forms.AuthenticationForm):
    def clean(self):
        from .sso import password_login_allowed

        if not password_login_allowed():
            # Only superusers keep a password; everyone gets the same answer.
            username = self.cleaned_data.get("username", "")
            user = self.user_model_lookup(username)
            if user is None or not password_login_allowed(user):
                raise forms.ValidationError(
                    _("Log in with your company account (single sign-on): passwords are off."),
                    code="password_login_off",
                )
        return super().clean()

    @staticmethod
    def user_model_lookup(username: str):
        from .models import User

        return User.objects.filter(username=username).first()


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email):
        """With passwords off (single sign-on only), only superusers may reset theirs."""
        from .sso import password_login_allowed

        for user in super().get_users(email):
            if password_login_allowed(user):
                yield user

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
