import io

from django.http import FileResponse


def download(
    content: bytes | io.IOBase, filename: str, content_type: str | None = None
) -> FileResponse:
    """A file to save (never shown in the browser), from bytes or an open file: every
    download of the product goes through here. Without a content type, the file name's
    extension gives it."""
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    return FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
