import io
from collections.abc import Iterable

from django.http import FileResponse, Http404

from .tables import CSV, XLSX, csv_write, xlsx_write


def download(
    content: bytes | io.IOBase, filename: str, content_type: str | None = None
) -> FileResponse:
    """A file to save (never shown in the browser), from bytes or an open file: every
    download of the product goes through here. Without a content type, the file name's
    extension gives it."""
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    return FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)


def table_download(
    header: list[str], rows: Iterable[list], *, name: str, file_format: str, title: str
) -> FileResponse:
    """A table to save as `name`.csv or `name`.xlsx (its sheet called `title`); any other
    format is a page that does not exist."""
    if file_format == "xlsx":
        return download(xlsx_write(header, rows, title), f"{name}.xlsx", XLSX)
    if file_format == "csv":
        return download(csv_write(header, rows), f"{name}.csv", CSV)
    raise Http404("No such format.")
