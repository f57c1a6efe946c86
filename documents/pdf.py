"""PDF documents from HTML templates with WeasyPrint, which may fetch nothing: every report
is self-contained (inline styles and SVG), so no URL can be used for server-side requests."""

from weasyprint import HTML


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"External resources are not allowed in reports: {url}")


def pdf_render(html: str) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    document = HTML(string=html, url_fetcher=_no_fetching).render()
    return document.write_pdf(), len(document.pages)


def pdf_from_html(html: str) -> bytes:
    return pdf_render(html)[0]
