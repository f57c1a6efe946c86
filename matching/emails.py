"""The selection phase's emails, written for the outbox in the recipient's language: the
application's confirmation and private link, and the notice of a published pair."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.emails import password_link, password_path
from notifications.registry import Message, templated
from programs.journey import written_email, written_text

from .models import Candidate, Invitation, MentorRequest, Pair


def _application(notification, name: str) -> Message:
    candidate = Candidate.objects.select_related("program__call").get(pk=notification.about_id)
    if candidate.is_anonymised:
        raise ValueError(_("The application was erased: there is nobody to write to."))
    return templated(
        name,
        {
            "candidate": candidate,
            "program": candidate.program,
            "call": candidate.program.call,
            "link": settings.SITE_URL
            + reverse("matching:application", args=[candidate.access_token]),
        },
    )


def application_confirmation_message(notification) -> Message:
    return _application(notification, "application_confirmation")


def application_link_message(notification) -> Message:
    return _application(notification, "application_link")


def _pair(notification, name: str, link) -> Message:
    """A message to one member of a pair about it: their role, their partner, a link."""
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=notification.about_id)
    user = notification.recipient
    role = "mentor" if user.pk == pair.mentor_user_id else "mentee"
    return templated(
        name,
        {
            "user": user,
            "pair": pair,
            "program": pair.program,
            "role": role,
            "partner": pair.mentee if role == "mentor" else pair.mentor,
            "link": link(user, pair),
        },
    )


def pair_published_message(notification) -> Message:
    """The welcome: who the partner is, with a link to choose a password; in the words the
    coordinator wrote for the program's journey, when they did."""
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=notification.about_id)
    if written := written_text(pair.program_id, notification.kind):
        user = notification.recipient
        partner = pair.mentee if user.pk == pair.mentor_user_id else pair.mentor
        return templated(
            "program_message",
            written_email(
                written, user, partner.full_name, password_path(user), notification.language
            ),
        )
    return _pair(notification, "pair_published", lambda user, _pair: password_link(user))


def pair_status_message(notification) -> Message:
    """The pair was paused, resumed or ended by the coordinator."""
    return _pair(
        notification,
        "pair_status",
        lambda _user, pair: settings.SITE_URL + reverse("sessions:workspace", args=[pair.pk]),
    )


def _to_candidate(notification, template: str, page: str) -> Message:
    """An email to a candidate (no account yet) with a link to one of their private pages."""
    candidate = Candidate.objects.select_related("program").get(pk=notification.about_id)
    if candidate.is_anonymised:
        raise ValueError(_("The application was erased: there is nobody to write to."))
    return templated(
        template,
        {
            "candidate": candidate,
            "program": candidate.program,
            "link": settings.SITE_URL + reverse(page, args=[candidate.access_token]),
        },
    )


def waiting_list_message(notification) -> Message:
    """An accepted candidate left without a pair when the list was published."""
    return _to_candidate(notification, "waiting_list", "matching:application")


def leaver_in_pair_message(notification) -> Message:
    """To a coordinator: someone in one of their pairs left the organisation."""
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=notification.about_id)
    return templated(
        "leaver_in_pair",
        {
            "user": notification.recipient,
            "pair": pair,
            "program": pair.program,
            "link": settings.SITE_URL + reverse("matching:pairs", args=[pair.program_id]),
        },
    )


def invitation_message(notification) -> Message:
    """A person of the HR directory invited to apply: the call's invitation (in their
    language where it was written in it), with their own link to the form."""
    invitation = Invitation.objects.select_related("program__call", "person").get(
        pk=notification.about_id
    )
    call = invitation.program.call
    link = (
        settings.SITE_URL
        + reverse("matching:apply", args=[call.token])
        + f"?invite={invitation.token}"
    )
    subject, body, has_link = call.invitation_email(link, notification.language)
    return templated(
        "invitation",
        {
            "person": invitation.person,
            "program": invitation.program,
            "call": call,
            "subject": subject,
            "body": body,
            "has_link": has_link,
            "link": link,
        },
    )


def choose_mentors_message(notification) -> Message:
    """An accepted mentee is invited to rank the mentors suggested to them."""
    return _to_candidate(notification, "choose_mentors", "matching:application_mentors")


def mentor_request_message(notification) -> Message:
    """To a mentor: a mentee asks them, and until when they can answer (also the reminder
    the day before)."""
    request = MentorRequest.objects.select_related("program", "mentor", "mentee").get(
        pk=notification.about_id
    )
    return templated(
        "mentor_request",
        {
            "reminder": notification.kind == "matching.request_reminder",
            "request": request,
            "program": request.program,
            "link": settings.SITE_URL
            + reverse("matching:application_requests", args=[request.mentor.access_token]),
        },
    )


def request_answered_message(notification) -> Message:
    """To a mentee: the mentor accepted, declined or did not answer in time."""
    request = MentorRequest.objects.select_related("program", "mentor", "mentee").get(
        pk=notification.about_id
    )
    accepted = request.status == MentorRequest.Status.ACCEPTED
    return templated(
        "request_answered",
        {
            "request": request,
            "program": request.program,
            "accepted": accepted,
            "published": request.mentee.as_mentee.filter(
                mentor=request.mentor, published_at__isnull=False
            ).exists(),
            "link": settings.SITE_URL
            + reverse("matching:application_mentors", args=[request.mentee.access_token]),
        },
    )
