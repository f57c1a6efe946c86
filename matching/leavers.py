"""Pairs that lose a person when the HR directory says they left the organisation: the
program's coordinators are written to once per pair, and the import lists them."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.leavers import Flag
from notifications.services import notify

from .models import Pair


def pairs_with_leavers(emails: set[str]) -> list[Flag]:
    pairs = (
        Pair.objects.filter(published_at__isnull=False)
        .exclude(status=Pair.Status.ENDED)
        .annotate(mentor_address=Lower("mentor__email"), mentee_address=Lower("mentee__email"))
        .filter(Q(mentor_address__in=emails) | Q(mentee_address__in=emails))
        .select_related("program", "mentor", "mentee")
        .prefetch_related("program__coordinators")
        .order_by("program__name", "id")
    )
    flags = []
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
