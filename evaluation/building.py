"""Building the PDF reports, as a worker does it: claim the report, render it (one PDF, or
every pair's in one ZIP) in the program's language, keep the file, and record a failure or
take back a dead worker's claim. The pages ask for a report through
services.report_request; the task (evaluation.tasks.report_build) calls these."""

import datetime
import io
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from documents.pdf import pdf_render
from jobs import leases
from jobs.leases import job_reset
from matching.models import Pair
from programs.models import Program

from .models import Report


def report_lease() -> datetime.timedelta:
    return leases.lease()


def report_claim(report_id: int) -> bool:
    """Take a waiting report to build it; False if another worker has it."""
    return leases.job_claim(Report, report_id)


def report_renew(report_id: int, **progress) -> None:
    """A long build says it is alive, step by step."""
    leases.job_renew(Report, report_id, **progress)


def report_render(report: Report) -> tuple[bytes, int]:
    """The PDF (or a bundle's ZIP) and its number of pages, in the program's language."""
    from . import reports

    with translation.override(report.program.language):
        if report.bundle:
            return _bundle_render(report)
        if report.pair_id:
            html = reports.pair_report_html(report.pair)
        else:
            html = reports.program_report_html(report.program)
        report_renew(report.pk)
        return pdf_render(html)


def _bundle_render(report: Report) -> tuple[bytes, int]:
    """Every published pair's report, one PDF each, in one ZIP; the progress is saved after
    each pair (with the claim renewed), for the page to show."""
    from . import reports

    pairs = list(
        Pair.objects.filter(program=report.program, published_at__isnull=False)
        .select_related("program", "mentor", "mentee")
        .order_by("mentor__full_name", "mentee__full_name", "pk")
    )
    Report.objects.filter(pk=report.pk).update(total=len(pairs), progress=0)
    buffer, pages = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, pair in enumerate(pairs, start=1):
            content, pair_pages = pdf_render(reports.pair_report_html(pair))
            archive.writestr(_file_stem(report.program, pair) + ".pdf", content)
            _pair_report_keep(report, pair, content, pair_pages)
            pages += pair_pages
            report_renew(report.pk, progress=done)
    return buffer.getvalue(), pages


@transaction.atomic
def _pair_report_keep(bundle: Report, pair: Pair, content: bytes, pages: int) -> None:
    """A pair's PDF built for the ZIP is that pair's own report too, so the pair's row
    offers it; unless that report is waiting for or being built by a worker of its own."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .filter(program=bundle.program, pair=pair, bundle=False)
        .first()
    )
    if report is not None and report.is_busy:
        return
    if report is None:
        report = Report(program=bundle.program, pair=pair)
    job_reset(report, bundle.requested_by)
    report.started_at = timezone.now()
    report.save()
    report_store(report, content, pages)


def _file_stem(program: Program, pair: Pair | None = None) -> str:
    name = slugify(program.name)[:60] or "program"
    if pair is not None:
        name += f"-{slugify(pair.mentor.full_name)[:30]}-{slugify(pair.mentee.full_name)[:30]}"
    return name


def report_file_name(report: Report) -> str:
    if report.bundle:
        return _file_stem(report.program) + f"-{slugify(_('pairs'))}.zip"
    return _file_stem(report.program, report.pair if report.pair_id else None) + ".pdf"


def report_store(report: Report, content: bytes, pages: int) -> None:
    """Keep the new file and delete the one it replaces; if the row cannot be saved, the
    new file is removed again (no orphan files)."""
    old = report.file.name if report.file else ""
    report.file.save(report_file_name(report), ContentFile(content), save=False)
    new = report.file.name
    report.status = Report.Status.READY
    report.pages = pages
    report.language = report.program.language
    report.finished_at = timezone.now()
    report.claimed_until = None
    report.attempts += 1
    try:
        report.save(
            update_fields=[
                "file",
                "status",
                "pages",
                "language",
                "finished_at",
                "claimed_until",
                "attempts",
            ]
        )
    except Exception:
        report.file.storage.delete(new)
        raise
    if old and old != new:
        report.file.storage.delete(old)


REPORT_ATTEMPTS = leases.ATTEMPTS


def report_failed(report_id: int, reason: str, *, transient: bool) -> None:
    """Record why a build failed (see jobs.leases.job_failed: a failure that may pass is
    tried again by the sweeper)."""
    leases.job_failed(Report, report_id, reason, transient=transient)


def reports_sweep(now: datetime.datetime | None = None) -> list[int]:
    """Beat's sweeper: take back the reports of workers that died (their claim expired)
    and wake the ones waiting too long. Returns the ids to enqueue."""
    return leases.jobs_sweep(
        Report, _("Interrupted: the worker stopped while building it."), now=now
    )
