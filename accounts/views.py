from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import api_tokens, limits, sso
from .decorators import coordinator_required
from .forms import LoginForm
from .models import ApiToken, User


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with limits: a few emails per hour to an address and from a
    visitor, so nobody can flood a mailbox (or the outbox) through this form."""

    def form_valid(self, form):
        over = limits.limited(
            self.request, "password-reset", limits.PASSWORD_RESET_PER_ADDRESS
        ) | limits.limited(
            self.request,
            "password-reset-email",
            limits.PASSWORD_RESET_PER_EMAIL,
            key=lambda group, request: form.cleaned_data["email"].lower(),
        )
        if over:
            form.add_error(
                None,
                _("Too many requests for a new password. Wait an hour and try again."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = LoginForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso": sso.enabled(),
            "sso_name": settings.OIDC_PROVIDER_NAME,
            "passwords": sso.password_login_allowed(),
        }

    def get_success_url(self):
        """After the password, the second step for whoever set one up."""
        url = super().get_success_url()
        if self.request.user.two_factor:
            return f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': url})}"
        return url

    def form_valid(self, form):
        response = super().form_valid(form)
        # Pages follow the language the person chose last time, on any device.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


@require_POST
def language_set(request):
    """Switch the language of the pages, and remember it for signed-in people."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "receives_reminders"]


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        User.objects.filter(pk=request.user.pk).update(**form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("accounts:preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"], samesite="Lax"
        )
        return response
    return render(
        request,
        "accounts/preferences.html",
        {
            "form": form,
            "two_factor": request.user.two_factor,
            "two_factor_required": settings.TWO_FACTOR_REQUIRED,
        },
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What it is for"),
        max_length=100,
        help_text=_("For example: the HR system's nightly import."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=90,
        choices=[(days, _("%(days)s days") % {"days": days}) for days in api_tokens.LIFETIMES],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_superuser:
            # Only a superuser makes the identity provider's token: it creates and
            # deactivates people, and makes coordinators.
            self.fields["scope"] = forms.ChoiceField(
                label=_("Used for"),
                choices=ApiToken.Scope.choices,
                initial=ApiToken.Scope.API,
                widget=forms.RadioSelect,
            )


@coordinator_required
def api_token_list(request):
    """The coordinator's API tokens: make one (its secret shown once), revoke one."""
    form = ApiTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _token, secret = api_tokens.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            scope=form.cleaned_data.get("scope", ApiToken.Scope.API),
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        # Shown on the next page only: it is not kept anywhere the site could show it again.
        request.session["api_token_new"] = secret
        messages.success(request, _("Token made. Copy it now: it will not be shown again."))
        return redirect("accounts:api_tokens")
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_secret": request.session.pop("api_token_new", ""),
            "now": timezone.now(),
            "scim_url": request.build_absolute_uri(reverse("scim:root")),
        },
    )


@require_POST
@coordinator_required
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_tokens.api_token_revoke(
        token=token, actor=request.user, ip_address=request.META.get("REMOTE_ADDR")
    )
    messages.success(request, _("Token revoked: what used it is no longer let in."))
    return redirect("accounts:api_tokens")
