from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from accounts.emails import TRANSIENT_EMAIL_ERRORS, email_message

from .models import Notification

MAX_ATTEMPTS = 5


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def notification_send(self, notification_id: int) -> None:
    """Send one notification. It is claimed first (pending or failed -> sending), so two runs
    of this task never send it twice; a failure is recorded with its reason and retried with
    backoff while the mail server may recover."""
    claimed = Notification.objects.filter(
        pk=notification_id, status__in=[Notification.Status.PENDING, Notification.Status.FAILED]
    ).update(status=Notification.Status.SENDING)
    if not claimed:
        return
    notification = Notification.objects.select_related("program", "recipient").get(
        pk=notification_id
    )
    try:
        message = _message(notification)
        message.send()
    except Exception as error:
        transient = isinstance(error, TRANSIENT_EMAIL_ERRORS)
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            attempts=notification.attempts + 1,
        )
        if transient and self.request.retries < self.max_retries:
            raise self.retry(countdown=60 * 2**self.request.retries) from error
        return
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:255],
        attempts=notification.attempts + 1,
        error="",
    )


def _message(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    with translation.override(recipient.language):
        # Later phases write their own messages; this app never imports them.
        builder = settings.NOTIFICATION_MESSAGES.get(notification.kind)
        if builder:
            return import_string(builder)(notification)
        if notification.kind == Notification.Kind.WELCOME:
            return _welcome(notification)
        return _pair_message(notification)


def _welcome(notification: Notification) -> EmailMultiAlternatives:
    from . import services  # services enqueue this task: import at call time

    recipient = notification.recipient
    (participant,) = services.participants(notification.program, only=recipient)
    subject, body = services.welcome_render(notification.program, participant)
    html = render_to_string(
        "emails/welcome_body.html", {"body": body, "program": notification.program}
    )
    message = EmailMultiAlternatives(subject, body, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def _pair_message(notification: Notification) -> EmailMultiAlternatives:
    """Invitations, cancellations and reminders about one thing of the pair."""
    from .ics import meeting_calendar
    from .models import GoalPhase, Meeting, Task

    kind = notification.kind
    pair = notification.pair
    recipient = notification.recipient
    context = {
        "kind": kind,
        "user": recipient,
        "pair": pair,
        "program": pair.program,
        "partner": pair.mentee if recipient.pk == pair.mentor_user_id else pair.mentor,
        "link": settings.SITE_URL + reverse("sessions:workspace", args=[pair.pk]),
    }
    calendar = None
    if kind in MEETING_KINDS:
        meeting = Meeting.objects.select_related(
            "pair__program", "pair__mentor", "pair__mentee"
        ).get(pk=notification.object_id)
        context["meeting"] = meeting
        if kind in (Notification.Kind.MEETING_INVITATION, Notification.Kind.MEETING_CANCELLED):
            calendar = meeting_calendar(
                meeting, cancelled=kind == Notification.Kind.MEETING_CANCELLED
            )
    elif kind in (Notification.Kind.TASK_DUE, Notification.Kind.TASK_OVERDUE):
        context["task"] = Task.objects.get(pk=notification.object_id)
    elif kind == Notification.Kind.PHASE_OVERDUE:
        context["phase"] = GoalPhase.objects.select_related("goal").get(pk=notification.object_id)
    message = email_message("pair_message", context, recipient.email)
    if calendar is not None:
        method = "CANCEL" if kind == Notification.Kind.MEETING_CANCELLED else "REQUEST"
        message.attach("meeting.ics", calendar, f"text/calendar; method={method}")
    return message


MEETING_KINDS = (
    Notification.Kind.MEETING_INVITATION,
    Notification.Kind.MEETING_CANCELLED,
    Notification.Kind.MEETING_TOMORROW,
    Notification.Kind.MEETING_NOT_LOGGED,
)


@shared_task
def reminders_scan() -> int:
    """The periodic scan (Celery beat): find in the database what is due and create each
    reminder once (a unique notification per kind, object, recipient and period), then
    send the new ones. Running it twice sends nothing twice."""
    from . import reminders

    return reminders.reminders_create()
