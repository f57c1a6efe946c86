from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import coordinator_required
from documents import tables
from documents.downloads import table_download

from . import rows as directory_rows
from . import services
from .forms import DirectoryFileForm, PeopleFilterForm
from .models import DirectoryImport, Person

PEOPLE_PER_PAGE = 50
# A preview lists this many people of each kind; the counts say how many in all.
PREVIEW_LIMIT = 100


@coordinator_required
def people(request):
    filters = PeopleFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    found = Person.objects.filter(active=not cleaned.get("left"))
    if query := cleaned.get("q"):
        found = found.filter(
            Q(full_name__icontains=query) | Q(email__icontains=query) | Q(employee_id=query)
        )
    if department := cleaned.get("department"):
        found = found.filter(department__iexact=department)
    page = Paginator(found, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    managers = dict(
        Person.objects.filter(
            employee_id__in={p.manager_employee_id for p in page if p.manager_employee_id}
        ).values_list("employee_id", "full_name")
    )
    for person in page:
        person.manager_name = managers.get(person.manager_employee_id, "")
    return render(
        request,
        "directory/people.html",
        {
            "filters": filters,
            "page": page,
            "total": Person.objects.filter(active=True).count(),
            "imports": DirectoryImport.objects.select_related("created_by")[:5],
        },
    )


@coordinator_required
def directory_template(request, file_format: str):
    return table_download(
        directory_rows.COLUMNS,
        [],
        name="directory-template",
        file_format=file_format,
        title=_("Directory"),
    )


@coordinator_required
def directory_import(request):
    form = DirectoryFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = tables.table_read(
                upload.name, upload.read(), max_rows=directory_rows.MAX_ROWS + 1
            )
        except tables.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            preview, errors = services.directory_preview(
                file_name=upload.name, table=table, actor=request.user
            )
            if preview is not None:
                return redirect("directory:import_preview", pk=preview.pk)
    return render(
        request,
        "directory/import.html",
        {"form": form, "errors": errors, "columns": directory_rows.COLUMNS},
    )


def _people_named(employee_ids: list[str], rows: list[dict]) -> list[dict]:
    wanted = set(employee_ids[:PREVIEW_LIMIT])
    return [row for row in rows if row["employee_id"] in wanted]


@coordinator_required
def import_preview(request, pk: int):
    preview = get_object_or_404(DirectoryImport, pk=pk)
    changes = preview.changes
    changed_ids = list(changes.get("changed", {}))
    leavers = list(
        Person.objects.filter(employee_id__in=changes.get("leavers", [])[:PREVIEW_LIMIT]).values(
            "employee_id", "full_name", "email", "department"
        )
    )
    changed = _people_named(changed_ids, preview.rows)
    for row in changed:
        row["fields"] = [
            str(Person._meta.get_field(field).verbose_name)
            for field in changes["changed"][row["employee_id"]]
        ]
    return render(
        request,
        "directory/import_preview.html",
        {
            "preview": preview,
            "counts": preview.counts,
            "new": _people_named(changes.get("new", []), preview.rows),
            "changed": changed,
            "leavers": leavers,
            "limit": PREVIEW_LIMIT,
        },
    )


@coordinator_required
@require_POST
def import_apply(request, pk: int):
    preview = get_object_or_404(DirectoryImport, pk=pk)
    # Many leavers at once: the coordinator types how many, having read the number.
    confirmed = request.POST.get("leavers", "").strip() == str(preview.counts["leavers"])
    try:
        services.directory_apply(preview=preview, allow_mass_departure=confirmed)
    except services.MassDeparture:
        messages.error(
            request,
            _(
                "Nothing was applied: type the number of leavers, %(count)d, to confirm that "
                "they all left the organisation."
            )
            % {"count": preview.counts["leavers"]},
        )
        return redirect("directory:import_preview", pk=preview.pk)
    except services.StalePreview:
        messages.error(
            request,
            _(
                "The directory changed after this preview, or it was already applied: "
                "upload the file again to see what it changes now."
            ),
        )
        return redirect("directory:import")
    messages.success(request, _("The directory is up to date with %(file)s.") % {"file": preview})
    return redirect("directory:import_preview", pk=preview.pk)


@coordinator_required
@require_POST
def import_discard(request, pk: int):
    preview = get_object_or_404(DirectoryImport, pk=pk)
    services.directory_discard(preview=preview)
    messages.success(request, _("The file was discarded; the directory did not change."))
    return redirect("directory:people")
