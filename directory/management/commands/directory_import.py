"""The nightly file drop from the HR system: check the file, say what it changes, and with
--apply apply it (all or nothing). Errors are printed by line and the exit status is 1."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import rows as directory_rows
from directory import services
from documents import tables


class Command(BaseCommand):
    help = "Import the organisation's people from the HR system's CSV or Excel file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--apply", action="store_true", help="Apply the changes (otherwise only show them)."
        )
        parser.add_argument(
            "--allow-mass-departure",
            action="store_true",
            help="Apply even a file that marks more than 10%% of the directory as leavers "
            "(a truncated export otherwise empties the organisation).",
        )

    def handle(self, *args, file: Path, apply: bool, allow_mass_departure: bool, **options):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            table = tables.table_read(file.name, content, max_rows=directory_rows.MAX_ROWS + 1)
        except tables.UnreadableFile as error:
            raise CommandError(f"{file}: {error}") from error
        preview, errors = services.directory_preview(file_name=file.name, table=table, actor=None)
        if errors:
            for error in errors:
                self.stderr.write(f"{file.name}:{error.line}: {error.column}: {error.message}")
            raise CommandError(f"{len(errors)} errors; nothing was imported.")
        counts = preview.counts
        self.stdout.write(
            "new={new} changed={changed} leavers={leavers} unchanged={unchanged}".format(**counts)
        )
        if not apply:
            services.directory_discard(preview=preview)
            self.stdout.write("Nothing was changed (use --apply).")
            return
        try:
            applied = services.directory_apply(
                preview=preview, allow_mass_departure=allow_mass_departure
            )
        except services.MassDeparture:
            services.directory_discard(preview=preview)
            raise CommandError(
                f"{counts['leavers']} leavers ({preview.leavers_share}% of the directory): "
                "refused, nothing was changed. Check the export; if they really left, "
                "run again with --allow-mass-departure."
            ) from None
        for flag in applied.flags:
            self.stdout.write(f"leaver in an active pair: {flag['person']}: {flag['what']}")
        self.stdout.write("applied")
