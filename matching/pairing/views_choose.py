"""A mentee's and a mentor's private pages of the pairing modes where mentees take part:
ranking the suggested mentors, asking one, and answering the requests."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Candidate, MentorRequest, Pair, PairingMode
from . import services as services_pairs
from .forms import PreferencesForm, RequestAnswerForm
from .selectors import mentors_suggested


def application_mentors(request, token: str):
    """A mentee chooses among the mentors suggested to them, from the private link of their
    application: ranks up to three (preferences mode) or asks one, who accepts or declines
    (choose mode)."""
    candidate = selectors.candidate_by_link(token)
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
    mentors = [] if paired.exists() else mentors_suggested(candidate)
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
    candidate = selectors.candidate_by_link(token)
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
