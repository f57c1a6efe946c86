"""PDF documents from HTML templates with WeasyPrint, which may fetch nothing: every report
is self-contained (inline styles and SVG), so no URL can be used for server-side requests."""

from weasyprint import HTML


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"External resources are not allowed in reports: {url}")


def pdf_from_html(html: str) -> bytes:
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()
