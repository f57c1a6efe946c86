"""The public pages of the selection phase, without an account: the call's application
form and privacy notice, and the applicant's private pages (see, edit, withdraw)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import limits

from .. import selectors
from ..models import Call, Candidate, Invitation, PairingMode
from . import services
from .directory_facts import directory_facts
from .forms import ApplicationForm


def apply(request, token: str):
    call = get_object_or_404(Call.objects.select_related("program"), token=token)
    program = call.program
    if not call.accepts_applications():
        return render(request, "matching/apply_closed.html", {"call": call, "program": program})
    skills = list(program.skills.order_by("kind", "id"))
    invitation = _invitation(program, request.GET.get("invite", ""))
    facts = directory_facts(invitation.person.email) if invitation else None
    form = ApplicationForm(request.POST or None, skills=skills, directory=facts)
    if invitation is not None:
        # Their own link: who they are comes from the directory, not typed.
        form.fields["email"].disabled = True
        form.initial.update(email=invitation.person.email, full_name=invitation.person.full_name)
    if request.method == "POST" and limits.limited(
        request, "apply", limits.APPLICATIONS_PER_ADDRESS
    ):
        form.is_valid()  # what was typed stays on the page
        form.add_error(None, _("Too many applications from this connection. Try again later."))
        return render(
            request,
            "matching/apply.html",
            {"call": call, "program": program, "form": form, "directory": facts},
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        existing = services.existing_application(program, form.cleaned_data["email"])
        if existing is not None:
            # The private link again, a few times a day at most; the page says the same
            # either way, so nobody learns whether an address has applied.
            email = existing.email.lower()
            if not limits.limited(
                request,
                "private-link",
                limits.PRIVATE_LINK_PER_EMAIL,
                key=lambda group, request: email,
            ):
                services.application_link_resend(candidate=existing)
            return render(
                request, "matching/apply_duplicate.html", {"call": call, "program": program}
            )
        candidate = services.candidate_apply(
            call=call,
            answers=form.cleaned_data,
            languages=form.cleaned_data["languages"],
            ratings=form.ratings(),
            language=get_language(),
        )
        messages.success(
            request,
            _(
                "Thank you: your application was received. We have emailed you a private link to this page."
            ),
        )
        return redirect("matching:application", token=candidate.access_token)
    return render(
        request,
        "matching/apply.html",
        {"call": call, "program": program, "form": form, "directory": facts},
    )


def _invitation(program, token: str) -> Invitation | None:
    """The invitation of this program's link, if the link carries a valid one."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("person")
        .filter(program=program, token=token, person__active=True)
        .first()
    )


def privacy_notice(request, token: str):
    call = get_object_or_404(Call.objects.select_related("program"), token=token)
    return render(request, "matching/privacy.html", {"call": call, "program": call.program})


def application_detail(request, token: str):
    candidate = selectors.candidate_by_link(token)
    accepted = candidate.status == Candidate.Status.ACCEPTED
    mode = selectors.criteria_for(candidate.program).pairing_mode
    ratings = candidate.ratings.select_related("skill").order_by("skill__kind", "skill_id")
    return render(
        request,
        "matching/application.html",
        {
            "candidate": candidate,
            "program": candidate.program,
            "call": candidate.program.call,
            "ratings": ratings,
            "editable": _editable(candidate),
            "can_choose": accepted
            and candidate.desired_role != Candidate.Role.MENTOR
            and mode != PairingMode.COORDINATOR,
            "can_answer": accepted
            and candidate.desired_role != Candidate.Role.MENTEE
            and mode == PairingMode.CHOOSE,
        },
    )


def _editable(candidate: Candidate) -> bool:
    return (
        candidate.status != Candidate.Status.WITHDRAWN
        and candidate.program.call.accepts_applications()
    )


def application_edit(request, token: str):
    candidate = selectors.candidate_by_link(token)
    if not _editable(candidate):
        messages.error(request, _("The call is closed: the application can no longer be changed."))
        return redirect("matching:application", token=token)
    skills = list(candidate.program.skills.order_by("kind", "id"))
    original_email = candidate.email
    facts = directory_facts(original_email)
    form = ApplicationForm(request.POST or None, instance=candidate, skills=skills, directory=facts)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["email"] != original_email and services.existing_application(
            candidate.program, form.cleaned_data["email"]
        ):
            form.add_error("email", _("This email has already applied to this program."))
        else:
            services.candidate_update(
                candidate=candidate,
                answers=form.cleaned_data,
                languages=form.cleaned_data["languages"],
                ratings=form.ratings(),
            )
            messages.success(request, _("Your application was updated."))
            return redirect("matching:application", token=token)
    return render(
        request,
        "matching/apply.html",
        {
            "call": candidate.program.call,
            "program": candidate.program,
            "form": form,
            "candidate": candidate,
            "directory": facts,
        },
    )


def application_withdraw(request, token: str):
    candidate = selectors.candidate_by_link(token)
    if candidate.status == Candidate.Status.WITHDRAWN:
        return redirect("matching:application", token=token)
    if request.method == "POST":
        services.candidate_withdraw(candidate=candidate)
        messages.success(request, _("Your application was withdrawn. Thank you for your interest."))
        return redirect("matching:application", token=token)
    return render(
        request,
        "matching/application_withdraw.html",
        {"candidate": candidate, "program": candidate.program},
    )
