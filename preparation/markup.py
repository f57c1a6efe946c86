"""The guide's texts are Markdown written by a coordinator and shown to every participant."""

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "a", "hr"}


def formatted(text: str) -> str:
    """Markdown as HTML safe to show to anyone (sanitised with nh3)."""
    html = markdown.markdown(text, extensions=["sane_lists"])
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener noreferrer"
    )
