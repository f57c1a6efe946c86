from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from notifications.models import Notification
from notifications.registry import kind_label

from . import services
from .forms import ProgramForm, SkillFormSet, object_id
from .models import Program
from .selectors import (
    get_program_for_user,
    program_emails,
    skills_in_use,
)
from .translations import other_languages

PROGRAMS_PER_PAGE = 20
EMAILS_PER_PAGE = 50


def _refuse_if_archived(request, program: Program):
    if program.is_archived:
        messages.error(request, _("This program is archived. Restore it to make changes."))
        return redirect("program_dashboard", pk=program.pk)
    return None


@coordinator_required
def program_create(request):
    form = ProgramForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        program = services.program_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _(
                "Program created with a default skill catalogue. "
                "Review the skills candidates will rate."
            ),
        )
        return redirect("program_dashboard", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form})


@coordinator_required
def program_edit(request, pk: int):
    program = get_program_for_user(request.user, pk)
    if refusal := _refuse_if_archived(request, program):
        return refusal
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.program_update(program=program, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The program's objective was saved."))
        return redirect("program_dashboard", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@coordinator_required
def program_skills(request, pk: int):
    program = get_program_for_user(request.user, pk)
    if refusal := _refuse_if_archived(request, program):
        return refusal
    formset = SkillFormSet(
        request.POST or None,
        queryset=program.skills.order_by("kind", "id"),
        prefix="skills",
        form_kwargs={"languages": other_languages(program.language)},
    )
    in_use = []
    if request.method == "POST" and formset.is_valid():
        skills = formset.save(commit=False)
        in_use = skills_in_use(formset.deleted_objects)
        if in_use and not request.POST.get("confirm_removal"):
            return render(
                request,
                "programs/program_skills.html",
                {"program": program, "formset": formset, "in_use": in_use},
            )
        services.skill_catalogue_save(
            program=program, actor=request.user, skills=skills, removed=formset.deleted_objects
        )
        messages.success(request, _("The skill catalogue was saved."))
        return redirect("program_dashboard", pk=program.pk)
    return render(request, "programs/program_skills.html", {"program": program, "formset": formset})


@coordinator_required
def program_archive(request, pk: int):
    program = get_program_for_user(request.user, pk)
    if refusal := _refuse_if_archived(request, program):
        return refusal
    if request.method == "POST":
        services.program_archive(program=program, actor=request.user)
        messages.success(request, _("“%(name)s” was archived.") % {"name": program.name})
        return redirect("programs:list")
    return render(request, "programs/program_archive.html", {"program": program})


@require_POST
@coordinator_required
def program_restore(request, pk: int):
    program = get_program_for_user(request.user, pk)
    services.program_restore(program=program, actor=request.user)
    messages.success(request, _("“%(name)s” is active again.") % {"name": program.name})
    return redirect("program_dashboard", pk=program.pk)


@coordinator_required
def emails(request, pk: int):
    """The program's emails: what went out, what waits for the mail server, what failed."""
    program = get_program_for_user(request.user, pk)
    status = request.GET.get("status", "")
    if status not in Notification.Status.values:
        status = ""
    page = Paginator(program_emails(program, status), EMAILS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for notification in page.object_list:
        notification.kind_label = kind_label(notification.kind)
    return render(
        request,
        "programs/emails.html",
        {
            "program": program,
            "page": page,
            "status": status,
            "statuses": Notification.Status.choices,
            "failed": program_emails(program, Notification.Status.FAILED).exists(),
        },
    )


@require_POST
@coordinator_required
def emails_retry(request, pk: int):
    program = get_program_for_user(request.user, pk)
    failed = program_emails(program, Notification.Status.FAILED)
    chosen = [object_id(value) for value in request.POST.getlist("notification")]
    if chosen:
        failed = failed.filter(pk__in=chosen)
    retried = services.program_emails_retry(
        program=program, actor=request.user, notifications=list(failed)
    )
    if retried:
        messages.success(
            request,
            ngettext(
                "%(count)d email will be sent again shortly.",
                "%(count)d emails will be sent again shortly.",
                retried,
            )
            % {"count": retried},
        )
    else:
        messages.info(request, _("There was no failed email to send again."))
    return redirect("programs:emails", pk=program.pk)
