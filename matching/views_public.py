"""The public pages of the selection phase, without an account: the call's application
form and privacy notice, and the applicant's private pages (see, edit, withdraw)."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import limits

from . import selectors, services, services_pairs
from .directory_facts import directory_facts
from .forms import ApplicationForm, PreferencesForm, RequestAnswerForm
from .models import Call, Candidate, Invitation, MentorRequest, Pair, PairingMode


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


def _application(token: str) -> Candidate:
    return get_object_or_404(
        Candidate.objects.select_related("program__call").prefetch_related("languages"),
        access_token=token,
        anonymised_at__isnull=True,
    )


def application_detail(request, token: str):
    candidate = _application(token)
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
    candidate = _application(token)
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
    candidate = _application(token)
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


def application_mentors(request, token: str):
    """A mentee chooses among the mentors suggested to them, from the private link of their
    application: ranks up to three (preferences mode) or asks one, who accepts or declines
    (choose mode)."""
    candidate = _application(token)
    mode = selectors.criteria_for(candidate.program).pairing_mode
    if (
        mode not in (PairingMode.PREFERENCES, PairingMode.CHOOSE)
        or candidate.status != Candidate.Status.ACCEPTED
        or candidate.desired_role == Candidate.Role.MENTOR
    ):
        raise Http404
    paired = candidate.as_mentee.exclude(status=Pair.Status.ENDED).filter(
        Q(published_at__isnull=False) | Q(locked=True)
    )
    mentors = [] if paired.exists() else selectors.mentors_suggested(candidate)
    if mode == PairingMode.CHOOSE:
        return _mentor_ask(request, candidate, mentors, paired.exists())
    current = list(candidate.preferences.order_by("rank").values_list("mentor_id", flat=True))
    initial = dict(zip(("first", "second", "third"), current, strict=False))
    form = PreferencesForm(request.POST or None, mentors=mentors, initial=initial)
    if request.method == "POST" and mentors and form.is_valid():
        try:
            services_pairs.preferences_save(
                mentee=candidate, mentor_ids=form.cleaned_data["mentor_ids"]
            )
        except services_pairs.PreferencesRefused:
            messages.error(
                request,
                _("The mentors suggested to you changed meanwhile: choose again among these."),
            )
            return redirect("matching:application_mentors", token=token)
        messages.success(
            request,
            _("Your choices are saved. The coordinator forms the pairs taking them into account."),
        )
        return redirect("matching:application_mentors", token=token)
    return render(
        request,
        "matching/application_mentors.html",
        {
            "candidate": candidate,
            "program": candidate.program,
            "mentors": mentors,
            "paired": paired.exists(),
            "form": form,
            "ranks": {pk: rank for rank, pk in enumerate(current, start=1)},
        },
    )


def _mentor_ask(request, candidate: Candidate, mentors: list[dict], paired: bool):
    """The choose mode of application_mentors: ask one mentor at a time."""
    requests = list(candidate.mentor_requests.select_related("mentor").order_by("-created_at"))
    pending = next((r for r in requests if r.status == MentorRequest.Status.PENDING), None)
    if request.method == "POST" and not paired:
        mentor_id = request.POST.get("mentor", "")
        try:
            services_pairs.mentor_request(
                mentee=candidate, mentor_id=int(mentor_id) if mentor_id.isdecimal() else 0
            )
        except services_pairs.MentorUnavailable:
            messages.error(
                request,
                _(
                    "That mentor has just been taken, or no longer has room: choose another "
                    "among those listed now."
                ),
            )
        except services_pairs.RequestRefused:
            messages.error(request, _("You have already asked a mentor: wait for their answer."))
        else:
            messages.success(
                request,
                _(
                    "Your request was sent. The mentor has %(days)d days to answer; we will write to you."
                )
                % {"days": selectors.criteria_for(candidate.program).answer_days},
            )
        return redirect("matching:application_mentors", token=candidate.access_token)
    return render(
        request,
        "matching/application_ask.html",
        {
            "candidate": candidate,
            "program": candidate.program,
            "mentors": mentors,
            "paired": paired,
            "pending": pending,
            "answered": [r for r in requests if r.status != MentorRequest.Status.PENDING],
        },
    )


def application_requests(request, token: str):
    """A mentor answers the requests of mentees who chose them, from the private link of
    their application: accept or decline, with an optional note."""
    candidate = _application(token)
    if (
        selectors.criteria_for(candidate.program).pairing_mode != PairingMode.CHOOSE
        or candidate.status != Candidate.Status.ACCEPTED
        or candidate.desired_role == Candidate.Role.MENTEE
    ):
        raise Http404
    received = candidate.requests_received.select_related("mentee").order_by("-created_at")
    if request.method == "POST":
        asked_pk = request.POST.get("request", "")
        asked = get_object_or_404(received, pk=int(asked_pk) if asked_pk.isdecimal() else 0)
        form = RequestAnswerForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                services_pairs.mentor_request_answer(
                    request=asked, accept=accept, note=form.cleaned_data["note"]
                )
            except services_pairs.RequestClosed:
                messages.error(request, _("This request is closed already: nothing changed."))
            else:
                done = (
                    _("You accepted %(name)s as your mentee.")
                    if accept
                    else _("You declined; %(name)s will choose another mentor.")
                )
                messages.success(request, done % {"name": asked.mentee.full_name})
        else:
            messages.error(request, _("Choose whether you accept or decline."))
        return redirect("matching:application_requests", token=token)
    now = timezone.now()
    return render(
        request,
        "matching/application_requests.html",
        {
            "candidate": candidate,
            "program": candidate.program,
            "pending": [
                r
                for r in received
                if r.status == MentorRequest.Status.PENDING and r.answer_by >= now
            ],
            "answered": [r for r in received if r.status != MentorRequest.Status.PENDING],
            "form": RequestAnswerForm(),
        },
    )
