"""Two-factor authentication for coordinators who log in with a password (django-otp): a
six-digit code from any authenticator app (TOTP), or one of ten recovery codes, each good
once. Setting it up keeps nothing until the first code is right: the key being set up
waits in the session, so a page that only shows the QR code writes nothing."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from documents.qr import qr_svg

from .models import User

SETUP_KEY = "two_factor_setup_key"
DEVICE_NAME = "authenticator"


# Services


@transaction.atomic
def two_factor_enable(*, user: User, key: str) -> list[str]:
    """Keep the authenticator app's key, confirmed, and make a fresh set of recovery codes
    (any earlier ones are forgotten). Returns the recovery codes, to show once."""
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)
    User.objects.filter(pk=user.pk).update(two_factor=True)
    user.two_factor = True
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    User.objects.filter(pk=user.pk).update(two_factor=False)
    user.two_factor = False


# Who must pass it


# Set by accounts.sso on a session that signed in through the company's provider.
SSO_SESSION_KEY = "signed_in_with_sso"


def needs_second_factor(request) -> str | None:
    """Where a signed-in coordinator must go before a coordinator page, if anywhere: to
    enter a code (they set one up and this session has not passed it), or to set one up
    (it is mandatory and they have none)."""
    user = request.user
    if not user.is_authenticated or not user.is_coordinator or request.user.is_verified():
        return None
    if request.session.get(SSO_SESSION_KEY):
        return None  # the company's provider asked for its own second factor
    if user.two_factor:
        return "accounts:two_factor_verify"
    if settings.TWO_FACTOR_REQUIRED:
        return "accounts:two_factor_setup"
    return None


def redirect_with_next(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def _next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target else resolve_url(default)


# Views


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").strip()


def _throttled(user: User) -> bool:
    """Whether the app's codes wait after wrong ones (each wrong code in a row doubles the
    wait before the next one counts, as django-otp throttles)."""
    device = TOTPDevice.objects.filter(user=user).first()
    return device is not None and not device.verify_is_allowed()[0]


@login_required
def two_factor_verify(request):
    """The second step of logging in: a code from the app, or a recovery code."""
    if request.user.is_verified() or not request.user.two_factor:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled(request.user)
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You used a recovery code: %(left)d left. Make new ones in your "
                        "preferences if you lost your phone."
                    )
                    % {"left": left},
                )
            return redirect(_next(request))
        form.add_error(
            "code",
            _("Too many wrong codes in a row: wait a few seconds and try again.")
            if throttled
            else _("This code is not valid. Check the time on your phone."),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@login_required
def two_factor_setup(request):
    """Show a new key (QR code and text) to add to an authenticator app, then check a first
    code from it before keeping it, and show the recovery codes once."""
    if not request.user.is_coordinator:
        raise PermissionDenied
    if request.user.two_factor and not request.user.is_verified():
        return redirect_with_next("accounts:two_factor_verify", request)
    key = request.session.get(SETUP_KEY)
    if key is None or request.method == "GET":
        key = request.session[SETUP_KEY] = random_hex(20)
    device = TOTPDevice(user=request.user, name=DEVICE_NAME, key=key)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        code = form.cleaned_data["code"]
        if code.isdigit() and totp.verify(int(code), tolerance=1):
            codes = two_factor_enable(user=request.user, key=key)
            del request.session[SETUP_KEY]
            otp_login(request, TOTPDevice.objects.get(user=request.user))
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": _next(request, "accounts:preferences")},
            )
        form.add_error(
            "code", _("This code is not the one the app shows. Check the time on your phone.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": _grouped(device.config_url.split("secret=")[1].split("&")[0]),
            "next": _next(request, "accounts:preferences"),
            "two_factor_required": settings.TWO_FACTOR_REQUIRED,
        },
        status=400 if form.errors else 200,
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_POST
@login_required
def recovery_codes_new(request):
    if needs_second_factor(request) or not request.user.two_factor:
        raise PermissionDenied
    codes = recovery_codes_renew(user=request.user)
    return render(
        request,
        "accounts/two_factor_codes.html",
        {"codes": codes, "next": reverse("accounts:preferences")},
    )


@require_POST
@login_required
def two_factor_off(request):
    """Turn it off, with a code from the app as the confirmation (never when mandatory)."""
    if needs_second_factor(request) or settings.TWO_FACTOR_REQUIRED:
        raise PermissionDenied
    form = CodeForm(request.POST)
    if form.is_valid() and match_token(request.user, form.cleaned_data["code"]) is not None:
        two_factor_disable(user=request.user)
        messages.success(request, _("Two-step verification is off."))
    else:
        messages.error(request, _("This code is not valid: two-step verification stays on."))
    return redirect("accounts:preferences")
