"""Template tags of the matching pages."""

from django import template
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def skill_parts(explanation: list[dict]) -> list[dict]:
    """The parts of a score that come from skills (old explanations hold only these)."""
    return [part for part in explanation if part.get("kind", "skill") == "skill"]


def other_parts(explanation: list[dict]) -> list[dict]:
    """The parts of a score that come from the optional criteria."""
    return [part for part in explanation if part.get("kind", "skill") != "skill"]


def _other_label(part: dict) -> str:
    kind, scored = part["kind"], bool(part["points"])
    if kind == "preference":
        return preference_label(part["rank"])
    if kind == "language":
        return _("Shared language") if scored else _("No shared language")
    if kind == "availability":
        return _("Shared availability") if scored else _("No shared availability")
    return _("Another department") if scored else _("Same department")


def preference_label(rank: int) -> str:
    """A mentee's ranked choice, as the score's explanation names it."""
    return {
        1: _("chosen in 1st place by the mentee"),
        2: _("chosen in 2nd place by the mentee"),
        3: _("chosen in 3rd place by the mentee"),
    }[rank]


@register.simple_tag
def score_parts(explanation: list[dict], expanded: bool = False) -> SafeString:
    """Every part of a pair's score with its points; the parts add up to the score. The
    skills fold into one line (their detail one click away) unless `expanded`.

    Drawn in Python, not in a template loop: a page of fifty pairs lists about five
    hundred parts. Points go from 0 to 100 with one decimal, in the language's format."""
    if not explanation:
        text = escape(_("No skill gap on what the mentee wants."))
        return mark_safe(f'<span class="text-body-secondary">{text}</span>')
    separator = get_format("DECIMAL_SEPARATOR")

    def points(value: float, plus: bool = True) -> str:
        shown = f"{value:.1f}".replace(".", separator)
        return f"+{shown}" if plus else shown

    def part(label: str, value: float) -> str:
        muted = "" if value else " text-body-secondary"
        return (
            f'<li class="d-flex justify-content-between gap-2{muted}"><span>{escape(label)}'
            f'</span><span class="text-nowrap">{points(value, bool(value))}</span></li>'
        )

    skills, others = skill_parts(explanation), other_parts(explanation)
    items = []
    if skills:
        line = _("%(skill)s: mentor %(mentor)s, mentee %(mentee)s")
        detail = "".join(
            part(
                line % {"skill": item["skill"], "mentor": item["mentor"], "mentee": item["mentee"]},
                item["points"],
            )
            for item in skills
        )
        detail = f'<ul class="list-unstyled ms-2 mb-1">{detail}</ul>'
        label = escape(_("Skills"))
        total = points(round(sum(item["points"] for item in skills), 1))
        if expanded:
            items.append(
                f'<li><div class="d-flex justify-content-between gap-2"><span>{label}</span>'
                f'<span class="text-nowrap">{total}</span></div>{detail}</li>'
            )
        else:
            items.append(
                f'<li><details><summary>{label} <span class="float-end text-nowrap">{total}'
                f"</span></summary>{detail}</details></li>"
            )
    items.extend(part(_other_label(item), item["points"]) for item in others)
    return mark_safe(f'<ul class="list-unstyled mb-0 score-parts">{"".join(items)}</ul>')
