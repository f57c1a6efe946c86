import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from notifications.models import Notification
from notifications.registry import kind_label

from . import services
from .forms import (
    JourneyForm,
    JourneyTextForm,
    MessageForm,
    ObjectivesForm,
    ProgramForm,
    SkillFormSet,
    object_id,
)
from .journey import journey_of, journey_preview, writable
from .models import JourneyStep, Program
from .phases import PHASE_TITLES
from .selectors import (
    audience_people,
    audience_sizes,
    get_program_for_user,
    message_previews,
    message_recipients,
    message_suggested,
    program_emails,
    program_messages,
    skills_in_use,
)
from .translations import other_languages

PROGRAMS_PER_PAGE = 20
EMAILS_PER_PAGE = 50
MESSAGES_PER_PAGE = 20


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


@coordinator_required
def messages_sent(request, pk: int):
    """The sent log: every message written to the program's people, with its delivery."""
    program = get_program_for_user(request.user, pk)
    page = Paginator(program_messages(program), MESSAGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/messages.html", {"program": program, "page": page})


@coordinator_required
def message_detail(request, pk: int, message_pk: int):
    program = get_program_for_user(request.user, pk)
    message = get_object_or_404(program_messages(program), pk=message_pk)
    return render(
        request,
        "programs/message_detail.html",
        {"program": program, "message": message, "recipients": message_recipients(message)},
    )


def _audience_people(program: Program, name: str, target: str):
    """The group asked for and its people now; 404 for a group or target that is not one."""
    try:
        return audience_people(program, name, target)
    except LookupError:
        raise Http404("No such group, or no such target in this program.") from None


@coordinator_required
def message_new(request, pk: int):
    """Write to a group: choose it, write (its suggested text is there to edit), preview
    what each person will read with the recipients listed, then send."""
    program = get_program_for_user(request.user, pk)
    if refused := _refuse_if_archived(request, program):
        return refused
    data = request.POST if request.method == "POST" else request.GET
    name, target = data.get("audience", ""), data.get("target", "")
    if not name:
        return render(
            request,
            "programs/message_audience.html",
            {"program": program, "groups": audience_sizes(program)},
        )
    spec, people = _audience_people(program, name, target)
    languages = other_languages(program.language)
    if request.method == "POST":
        form = MessageForm(request.POST, languages=languages)
    else:
        form = MessageForm(
            instance=message_suggested(program, spec, target),
            initial={"audience": name, "target": target, "token": uuid.uuid4()},
            languages=languages,
        )
    context = {"program": program, "form": form, "audience": spec, "people": people}
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        if "send" in request.POST:
            try:
                message, new = services.message_send(
                    program=program,
                    actor=request.user,
                    audience=name,
                    target=target,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    translations=form.translations(),
                    token=form.cleaned_data["token"],
                )
            except services.NobodyToWrite:
                form.add_error(None, _("Nobody is in this group any more: nothing was sent."))
                return render(request, "programs/message_form.html", context)
            if new:
                count = message.recipients.count()
                messages.success(
                    request,
                    ngettext(
                        "The message is on its way to %(count)d person.",
                        "The message is on its way to %(count)d people.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("This message was already sent: nothing more was sent."))
            return redirect("programs:message", pk=program.pk, message_pk=message.pk)
        if not people:
            form.add_error(
                None, _("Nobody is in this group right now: there is nobody to write to.")
            )
            return render(request, "programs/message_form.html", context)
        draft = form.save(commit=False)
        draft.program = program
        form.translations_keep()
        context["previews"] = message_previews(draft, people)
        return render(request, "programs/message_preview.html", context)
    return render(request, "programs/message_form.html", context)


@coordinator_required
def journey(request, pk: int):
    """The program's automatic touchpoints on its timeline: each can be switched off or
    moved by some days; the scans follow."""
    program = get_program_for_user(request.user, pk)
    if request.method == "POST" and (refused := _refuse_if_archived(request, program)):
        return refused
    steps = list(journey_of([program])[program.pk].values())
    form = JourneyForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        services.journey_save(program=program, actor=request.user, steps=form.steps_chosen())
        messages.success(request, _("The journey is saved: the next reminders follow it."))
        return redirect("programs:journey", pk=program.pk)
    return render(
        request,
        "programs/journey.html",
        {
            "program": program,
            "form": form,
            "phase_titles": PHASE_TITLES,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@coordinator_required
def objectives(request, pk: int):
    """Which competences of the catalogue each learning objective develops: the results
    show, per objective, the change of those competences."""
    program = get_program_for_user(request.user, pk)
    if request.method == "POST" and (refused := _refuse_if_archived(request, program)):
        return refused
    form = ObjectivesForm(
        request.POST or None,
        objectives=program.learning_objectives.prefetch_related("skills"),
        skills=program.skills.all(),
    )
    if request.method == "POST" and form.is_valid():
        services.objectives_link(program=program, actor=request.user, skills=form.links())
        messages.success(request, _("Saved: the results show each objective's competences."))
        return redirect("program_dashboard", pk=program.pk)
    return render(
        request,
        "programs/objectives.html",
        {"program": program, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@coordinator_required
def journey_text(request, pk: int, key: str):
    """A touchpoint's own text, in every language, with a preview of what a person of one
    of the program's pairs would read."""
    program = get_program_for_user(request.user, pk)
    try:
        step = journey_of([program])[program.pk][key]
    except KeyError:
        raise Http404("No such touchpoint.") from None
    if not writable(key):
        raise Http404("This touchpoint's text is the product's.")
    if request.method == "POST" and (refused := _refuse_if_archived(request, program)):
        return refused
    stored = JourneyStep.objects.filter(program=program, key=key).first()
    instance = stored or JourneyStep(program=program, key=key, days=step.days)
    languages = other_languages(program.language)
    form = JourneyTextForm(request.POST or None, instance=instance, languages=languages)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            draft = form.save(commit=False)
            form.translations_keep()
            preview = journey_preview(program, draft)
        else:
            services.journey_text_save(
                program=program,
                actor=request.user,
                key=key,
                default_days=step.touchpoint.default_days,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                translations=form.translations(),
            )
            messages.success(request, _("The text is saved: the next messages use it."))
            return redirect("programs:journey", pk=program.pk)
    return render(
        request,
        "programs/journey_text.html",
        {"program": program, "step": step, "form": form, "preview": preview},
        status=400 if form.is_bound and form.errors else 200,
    )
