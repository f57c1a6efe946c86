"""Template filters of the matching pages."""

from django import template

register = template.Library()


@register.filter
def skill_parts(explanation: list[dict]) -> list[dict]:
    """The parts of a score that come from skills (old explanations hold only these)."""
    return [part for part in explanation if part.get("kind", "skill") == "skill"]


@register.filter
def other_parts(explanation: list[dict]) -> list[dict]:
    """The parts of a score that come from the optional criteria."""
    return [part for part in explanation if part.get("kind", "skill") != "skill"]


@register.filter
def points_sum(parts: list[dict]) -> float:
    return round(sum(part["points"] for part in parts), 1)
