"""What the HR directory's leavers mean to the selection: pairs that lose a person (the
program's coordinators are written to once per pair, and the import lists them), and
candidates who leave the waiting list, as when a pair ends because someone left."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.leavers import Flag
from directory.models import Person
from notifications.services import notify
from programs.freshness import touch

from .intake.services import candidates_status_set
from .models import Candidate, Pair


def _running_pairs_of(emails):
    """Published pairs not ended with someone of these (lower-case) emails."""
    return (
        Pair.objects.filter(published_at__isnull=False)
        .exclude(status=Pair.Status.ENDED)
        .annotate(mentor_address=Lower("mentor__email"), mentee_address=Lower("mentee__email"))
        .filter(Q(mentor_address__in=emails) | Q(mentee_address__in=emails))
    )


def program_leavers(program) -> list[dict]:
    """The people of the program's running pairs who have left the organisation, as the
    HR directory says, in one query: shown on the pairs page until their pair is ended."""

    def left(address):
        return Exists(
            Person.objects.filter(active=False)
            .annotate(address=Lower("email"))
            .filter(address=Lower(OuterRef(address)))
        )

    pairs = (
        Pair.objects.filter(program=program, published_at__isnull=False)
        .exclude(status=Pair.Status.ENDED)
        .annotate(mentor_left=left("mentor__email"), mentee_left=left("mentee__email"))
        .filter(Q(mentor_left=True) | Q(mentee_left=True))
        .select_related("mentor", "mentee")
        .order_by("id")
    )
    return [
        {"person": person, "partner": partner, "is_mentor": is_mentor}
        for pair in pairs
        for person, partner, is_mentor, gone in (
            (pair.mentor, pair.mentee, True, pair.mentor_left),
            (pair.mentee, pair.mentor, False, pair.mentee_left),
        )
        if gone
    ]


def pairs_with_leavers(emails: set[str]) -> list[Flag]:
    pairs = (
        _running_pairs_of(emails)
        .select_related("program", "mentor", "mentee")
        .prefetch_related("program__coordinators")
        .order_by("program__name", "id")
    )
    flags = []
    pairs = list(pairs)
    # The pairs pages of their programs show who left: drawn again (programs.freshness).
    touch(*{pair.program_id for pair in pairs})
    for pair in pairs:
        notify(
            kind="matching.leaver_in_pair",
            recipients=pair.program.coordinators.all(),
            about=pair.pk,
        )
        for leaver, role, partner in (
            (pair.mentor, _("mentor"), pair.mentee),
            (pair.mentee, _("mentee"), pair.mentor),
        ):
            if leaver.email.lower() in emails:
                flags.append(
                    Flag(
                        person=leaver.full_name,
                        what=_("%(role)s of %(partner)s in “%(program)s”")
                        % {"role": role, "partner": partner.full_name, "program": pair.program},
                        link=reverse("matching:pairs", args=[pair.program_id]),
                    )
                )
    return flags


# Candidates in these statuses are still on their way into a pair.
STILL_IN = (Candidate.Status.APPLIED, Candidate.Status.SHORTLISTED, Candidate.Status.ACCEPTED)


def candidates_leave(emails: set[str]) -> list[Flag]:
    """Candidates the directory says left are marked so, in every program: never proposed
    again unless a coordinator accepts them again. The import lists those who were
    waiting for a pair (those in a running pair are listed with their pair)."""
    candidates = list(
        Candidate.objects.annotate(address=Lower("email"))
        .filter(address__in=emails, status__in=STILL_IN)
        .select_related("program")
        .order_by("program__name", "full_name", "id")
    )
    in_pairs = {
        person
        for pair in _running_pairs_of(emails).values_list("mentor_id", "mentee_id")
        for person in pair
    }
    flags = [
        Flag(
            person=candidate.full_name,
            what=_("taken off the candidates of “%(program)s”") % {"program": candidate.program},
            link=reverse("matching:candidates", args=[candidate.program_id]),
        )
        for candidate in candidates
        if candidate.pk not in in_pairs
    ]
    candidates_status_set(candidates=candidates, status=Candidate.Status.LEFT, actor=None)
    return flags
