import functools
import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from documents import tables
from documents.downloads import download, table_download
from documents.qr import qr_svg
from programs.selectors import get_program_for_user
from programs.translations import other_languages

from .. import selectors
from ..models import Candidate
from ..selectors import candidates_filter, departments, get_candidate_for_user
from . import services, tabular
from .directory_facts import directory_facts
from .forms import (
    BulkStatusForm,
    CallForm,
    CandidateFilterForm,
    ImportForm,
    InviteFilterForm,
    StatusForm,
)

CANDIDATES_PER_PAGE = 25


# The open call (coordinators)


@coordinator_required
def call_manage(request, pk: int):
    program = get_program_for_user(request.user, pk)
    call = selectors.call_for_program(program)
    form = CallForm(
        request.POST or None, instance=call, languages=other_languages(program.language)
    )
    if request.method == "POST" and form.is_valid():
        services.call_update(
            call=call,
            deadline=form.cleaned_data["deadline"],
            invitation_text=form.cleaned_data["invitation_text"],
            privacy_notice=form.cleaned_data["privacy_notice"],
            translations=form.translations(),
        )
        messages.success(request, _("The call was saved."))
        return redirect("matching:call", pk=program.pk)
    # An unsaved call (its defaults shown) has no link yet: its token is not kept.
    link = (
        request.build_absolute_uri(reverse("matching:apply", args=[call.token])) if call.pk else ""
    )
    return render(
        request,
        "matching/call.html",
        {
            "program": program,
            "call": call,
            "form": form,
            "link": link,
            "qr": qr_svg(link) if link else "",
            "invitation": call.invitation(link or _("(the link, once the call is saved)")),
        },
    )


@require_POST
@coordinator_required
def call_open(request, pk: int):
    program = get_program_for_user(request.user, pk)
    call = selectors.call_for_program(program)
    if call.deadline < timezone.localdate():
        messages.error(request, _("Set a deadline that has not passed before opening the call."))
    else:
        services.call_open(call=call, actor=request.user)
        messages.success(request, _("The call is open: share the link."))
    return redirect("matching:call", pk=program.pk)


@require_POST
@coordinator_required
def call_close(request, pk: int):
    program = get_program_for_user(request.user, pk)
    services.call_close(call=selectors.call_for_program(program), actor=request.user)
    messages.success(request, _("The call is closed: the form accepts no more applications."))
    return redirect("matching:call", pk=program.pk)


# Candidates (coordinators)


@coordinator_required
def candidate_list(request, pk: int):
    return candidate_list_draw(request, get_program_for_user(request.user, pk))


def candidate_list_draw(request, program):
    """Drawn once per change of the program's data and per query (`{% kept %}`): the
    filters, the list and its figures reach the template as functions called once, only
    while the kept page is out of date."""
    once = functools.cache

    @once
    def filters():
        skills = list(program.skills.order_by("kind", "id"))
        return CandidateFilterForm(
            request.GET or None, departments=departments(program), skills=skills
        )

    @once
    def page():
        cleaned = filters().cleaned_data if filters().is_valid() else {}
        candidates = candidates_filter(program, cleaned).prefetch_related("languages")
        return Paginator(candidates, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))

    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/candidate_list.html",
        {
            "program": program,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "statuses": Candidate.Status.choices,
            "total": once(lambda: program.candidates.count()),
        },
    )


@require_POST
@coordinator_required
def candidates_bulk_status(request, pk: int):
    program = get_program_for_user(request.user, pk)
    form = BulkStatusForm(request.POST, program=program)
    if form.is_valid():
        changed = services.candidates_status_set(
            candidates=form.cleaned_data["candidates"],
            status=form.cleaned_data["status"],
            actor=request.user,
        )
        label = Candidate.Status(form.cleaned_data["status"]).label
        messages.success(
            request,
            ngettext(
                "%(count)d candidate is now “%(status)s”.",
                "%(count)d candidates are now “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": label},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    # Back to the filtered list the coordinator came from, and never anywhere else.
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("matching:candidates", args=[pk])
    return redirect(back)


@coordinator_required
def candidate_detail(request, pk: int, candidate_pk: int):
    candidate = get_candidate_for_user(request.user, pk, candidate_pk)
    ratings = candidate.ratings.select_related("skill").order_by("skill__kind", "skill_id")
    return render(
        request,
        "matching/candidate_detail.html",
        {
            "program": candidate.program,
            "candidate": candidate,
            "ratings": ratings,
            "status_form": StatusForm(initial={"status": candidate.status}),
            "history": candidate.status_changes.select_related("actor"),
            "directory": None if candidate.is_anonymised else directory_facts(candidate.email),
        },
    )


@require_POST
@coordinator_required
def candidate_status(request, pk: int, candidate_pk: int):
    candidate = get_candidate_for_user(request.user, pk, candidate_pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.candidates_status_set(
            candidates=[candidate], status=form.cleaned_data["status"], actor=request.user
        )
        messages.success(
            request,
            _("%(name)s is now “%(status)s”.")
            % {"name": candidate.full_name, "status": candidate.get_status_display()},
        )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("matching:candidate", pk=pk, candidate_pk=candidate.pk)


@coordinator_required
def candidate_data_export(request, pk: int, candidate_pk: int):
    """Everything the program holds about one person (right of access), as JSON."""
    candidate = get_candidate_for_user(request.user, pk, candidate_pk)
    data = {
        "program": candidate.program.name,
        **{field: getattr(candidate, field) for field in services.CANDIDATE_FIELDS},
        "application_date": candidate.application_date,
        "status": candidate.status,
        "languages": [lang.code for lang in candidate.languages.all()],
        "consent_at": candidate.consent_at,
        "created_at": candidate.created_at,
        "updated_at": candidate.updated_at,
        "ratings": [
            {"skill": r.skill.name, "level": r.level, "wants_to_learn": r.wants_to_learn}
            for r in candidate.ratings.select_related("skill")
        ],
        "status_changes": [
            {"from": c.from_status, "to": c.to_status, "at": c.created_at}
            for c in candidate.status_changes.all()
        ],
    }
    services.personal_data_exported(
        program=candidate.program, actor=request.user, what="candidate_data", candidate=candidate.pk
    )
    return download(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode(),
        f"candidate-{candidate.pk}-{slugify(candidate.full_name)}.json",
        "application/json; charset=utf-8",
    )


@coordinator_required
def candidate_erase(request, pk: int, candidate_pk: int):
    candidate = get_candidate_for_user(request.user, pk, candidate_pk)
    if candidate.is_anonymised:
        messages.info(request, _("This person's data was already erased."))
        return redirect("matching:candidate", pk=pk, candidate_pk=candidate.pk)
    if request.method == "POST":
        services.candidate_erase(candidate=candidate, actor=request.user)
        messages.success(
            request,
            _("The personal data was erased; the program's figures keep the answers' counts."),
        )
        return redirect("matching:candidates", pk=pk)
    return render(
        request,
        "matching/candidate_erase.html",
        {"program": candidate.program, "candidate": candidate},
    )


# Import and export (coordinators)


def _check_format(file_format: str) -> None:
    if file_format not in ("csv", "xlsx"):
        raise Http404


@coordinator_required
def candidates_export(request, pk: int, file_format: str):
    _check_format(file_format)
    program = get_program_for_user(request.user, pk)
    skills = list(program.skills.order_by("kind", "id"))
    candidates = program.candidates.prefetch_related("languages", "ratings").order_by(
        "full_name", "id"
    )
    header = tabular.columns(skills)
    rows = (tabular.candidate_row(candidate, skills) for candidate in candidates)
    name = f"{slugify(program.name)}-candidates-{timezone.localdate():%Y%m%d}"
    services.personal_data_exported(
        program=program, actor=request.user, what="candidates", format=file_format
    )
    return table_download(header, rows, name=name, file_format=file_format, title=_("Candidates"))


@coordinator_required
def candidates_template(request, pk: int, file_format: str):
    program = get_program_for_user(request.user, pk)
    header = tabular.columns(list(program.skills.order_by("kind", "id")))
    name = f"{slugify(program.name)}-import-template"
    return table_download(header, [], name=name, file_format=file_format, title=_("Candidates"))


@coordinator_required
def candidates_import(request, pk: int):
    program = get_program_for_user(request.user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = tables.table_read(upload.name, upload.read(), max_rows=tabular.MAX_ROWS + 1)
        except tables.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            imported, errors = tabular.rows_validate(program, rows)
            if not errors:
                created = services.candidates_import(
                    program=program, actor=request.user, rows=imported
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d candidate imported.",
                        "%(count)d candidates imported.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect("matching:candidates", pk=program.pk)
    skills = list(program.skills.order_by("kind", "id"))
    return render(
        request,
        "matching/candidate_import.html",
        {
            "program": program,
            "form": form,
            "errors": errors,
            "skills": skills,
            "roles": Candidate.Role.choices,
            "levels": Candidate.Level.choices,
            "availability": Candidate.Availability.choices,
            "statuses": Candidate.Status.choices,
        },
    )


INVITE_LIST = 50


@coordinator_required
def invite(request, pk: int):
    """Invite people of the HR directory to apply, filtered by department, grade and years
    of service: the page lists who the filters find; sending writes to each once."""
    program = get_program_for_user(request.user, pk)
    call = selectors.call_for_program(program)
    data = request.POST if request.method == "POST" else request.GET
    filters = InviteFilterForm(data or None, departments=selectors.directory_departments())
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    people = selectors.people_to_invite(program, cleaned).order_by("full_name", "employee_id")
    if request.method == "POST":
        if not call.pk or not call.accepts_applications():
            messages.error(request, _("Open the call first: invitations link to its form."))
        elif filters.is_valid():
            sent = services.invitations_send(program=program, people=people, actor=request.user)
            messages.success(
                request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
                % {"count": sent},
            )
            return redirect("matching:call", pk=program.pk)
    return render(
        request,
        "matching/invite.html",
        {
            "program": program,
            "call": call,
            "filters": filters,
            "total": people.count() if not filters.errors else 0,
            "people": people[:INVITE_LIST] if not filters.errors else [],
            "invited": program.invitations.count(),
        },
    )
