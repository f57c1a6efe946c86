"""Reads of the programs app: who may see which program, and the objective phase's status."""

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import Notification

from . import audiences
from .emails import message_for
from .models import LearningObjective, Message, MessageRecipient, Program, Skill
from .phases import Action, PhaseStatus, counts_by_program
from .translations import with_defaults


def programs_for_user(user: User) -> QuerySet[Program]:
    """The programs a person coordinates; superusers see every program."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(coordinators=user)


def get_program_for_user(user: User, pk: int) -> Program:
    """The program if this person coordinates it; 404 otherwise, so outsiders learn nothing."""
    return get_object_or_404(programs_for_user(user), pk=pk)


def coordinator_candidates() -> QuerySet[User]:
    """The people who may coordinate a program or be its HR contact: active HR staff."""
    return User.objects.filter(Q(role=User.Role.COORDINATOR) | Q(is_superuser=True), is_active=True)


def phase_facts(programs: list[Program]) -> dict[int, dict]:
    """What phase 1 reports, for many programs in two queries."""
    facts = counts_by_program(LearningObjective.objects.all(), programs, objectives=Count("id"))
    skills = counts_by_program(
        Skill.objects.all(),
        programs,
        competences=Count("id", filter=Q(kind=Skill.Kind.COMPETENCE)),
        tools=Count("id", filter=~Q(kind=Skill.Kind.COMPETENCE)),
    )
    return {pk: {**facts[pk], **skills[pk]} for pk in facts}


def phase_status(program: Program, facts: dict | None = None) -> PhaseStatus:
    """Phase 1, "Define el objetivo": done once the objective has learning objectives and
    the coordinator has reviewed the skill catalogue that candidates will rate."""
    facts = facts if facts is not None else phase_facts([program])[program.pk]
    objectives, competences, tools = facts["objectives"], facts["competences"], facts["tools"]
    reviewed = program.catalogue_reviewed_at is not None
    if not objectives:
        action = Action(
            _("Write the learning objectives"), reverse("programs:edit", args=[program.pk])
        )
    elif not reviewed or not (competences or tools):
        action = Action(
            _("Review the skill catalogue"), reverse("programs:skills", args=[program.pk])
        )
    else:
        action = None
    return PhaseStatus(
        number=1,
        is_done=action is None,
        summary=_("Focus, general objective, learning objectives, duration, coordinators and HR."),
        counts=[
            (_("Learning objectives"), objectives),
            (_("Digital competences"), competences),
            (_("Digital tools"), tools),
            (_("Duration"), program.duration_display),
        ],
        steps=[
            _("Decide the focus of the project"),
            _("Set the general objective and the learning objectives"),
            _("Set the duration of the reverse mentoring"),
            _("Name the coordinator and the Human Resources contacts"),
            _("Review the skills candidates will rate"),
        ],
        action=action,
    )


def skills_in_use(skills) -> list[Skill]:
    """The skills that something of a later phase refers to (candidates' ratings, for
    example), found through the model's reverse relations so this app names none of them.
    Removing one deletes what refers to it, so the page asks first."""
    skills = [skill for skill in skills if skill.pk]
    used: set[int] = set()
    for relation in Skill._meta.related_objects:
        if relation.one_to_many and skills:
            used |= set(
                relation.related_model.objects.filter(**{f"{relation.field.name}__in": skills})
                .values_list(relation.field.attname, flat=True)
                .distinct()
            )
    return [skill for skill in skills if skill.pk in used]


def program_emails(program: Program, status: str = "") -> QuerySet[Notification]:
    """The emails the product sent (or has to send) about this program: the failed first,
    then those waiting, then the sent; newest first in each."""
    emails = Notification.objects.filter(group=program.outbox_group).select_related("recipient")
    if status:
        emails = emails.filter(status=status)
    attention = Case(
        When(status=Notification.Status.FAILED, then=0),
        When(status=Notification.Status.SENT, then=2),
        default=1,
    )
    return emails.order_by(attention, "-created_at", "-pk")


def outbox_counts(program: Program) -> dict[str, int]:
    """How many of the program's emails are waiting (pending or being sent) or failed."""
    return Notification.objects.filter(group=program.outbox_group).aggregate(
        waiting=Count(
            "pk",
            filter=Q(status__in=[Notification.Status.PENDING, Notification.Status.SENDING]),
        ),
        failed=Count("pk", filter=Q(status=Notification.Status.FAILED)),
    )


def _delivery_count(status_filter: Q):
    emails = Notification.objects.filter(
        status_filter, kind="programs.message", about_id=OuterRef("pk")
    )
    return Coalesce(
        Subquery(emails.order_by().values("about_id").annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def program_messages(program: Program) -> QuerySet[Message]:
    """The messages written to the program's people, newest first, each with how many of its
    emails went out, wait or failed (the sent log), in one query."""
    return (
        Message.objects.filter(program=program)
        .select_related("sent_by")
        .annotate(
            recipients_count=Count("recipients", distinct=True),
            delivered=_delivery_count(Q(status=Notification.Status.SENT)),
            failed=_delivery_count(Q(status=Notification.Status.FAILED)),
        )
        .order_by("-sent_at", "-pk")
    )


def message_recipients(message: Message) -> list:
    """The people a message went to, each with the email the outbox holds for them."""
    emails = {
        email.recipient_id: email
        for email in Notification.objects.filter(kind="programs.message", about_id=message.pk)
    }
    recipients = list(message.recipients.select_related("user"))
    for recipient in recipients:
        recipient.email = emails.get(recipient.user_id)
    return recipients


def audience_people(program: Program, name: str, target: str):
    """A group of the program's people (see programs.audiences) and its people now:
    (the group, [Recipient]). A group that is not one, or a target that does not fit it,
    is a LookupError."""
    spec = audiences.audience(name)
    if spec.targeted != bool(target):
        raise LookupError("This group needs a target, and only this one.")
    return spec, spec.people(program, target)


def audience_sizes(program: Program) -> list[tuple]:
    """Each group a coordinator picks from, with how many people it holds now."""
    return [(spec, len(spec.people(program, ""))) for spec in audiences.audiences()]


def message_suggested(program: Program, spec, target: str) -> Message:
    """An unsaved message holding the group's suggested text in every language."""

    def texts(language: str) -> dict[str, str]:
        with translation.override(language):
            subject, body = spec.suggested(program, target)
        return {"subject": str(subject), "body": str(body)}

    return with_defaults(Message, program, texts)


def message_previews(draft: Message, people) -> list[tuple]:
    """What each person of the group would read, in their language: [(recipient, email)]."""
    return [
        (
            recipient,
            message_for(
                draft,
                MessageRecipient(
                    user=recipient.user, partner=recipient.partner, link=recipient.link
                ),
                recipient.user.language,
            ),
        )
        for recipient in people
    ]
