"""The geometry of the evaluation charts, drawn as SVG by one template
(`evaluation/_chart.html`) on the results page and in the PDF reports.

Plain Python, no Django: callers pass the labels already translated and a function that
formats numbers in the reader's language. Colours differ in lightness too, so a chart
still reads when printed in black and white.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WIDTH = 600
LABEL_WIDTH = 190
BAR_X = LABEL_WIDTH + 10
BAR_WIDTH = 300
VALUE_X = BAR_X + BAR_WIDTH + 8

# Levels 1..5, from "very low" (dark red) to "very high" (dark blue).
LEVEL_COLOURS = ("#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac")
LEVEL_TEXT = ("#ffffff", "#000000", "#000000", "#000000", "#ffffff")
BEFORE_COLOUR = "#b8bec4"
AFTER_COLOUR = "#1f3a5f"
BAR_COLOUR = "#1f3a5f"
TRACK_COLOUR = "#f1f3f5"

Number = Callable[[float], str]


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    fill: str = "#212529"
    anchor: str = "start"
    size: float = 10
    bold: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = "#ced4da"


@dataclass
class Chart:
    """Everything one SVG needs; `description` is its text alternative."""

    title: str
    description: str
    width: float = WIDTH
    height: float = 0
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rects


def _clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Distribution:
    """How many answers each level 1..5 got for one item."""

    label: str
    counts: Sequence[int]
    mean: float | None

    @property
    def answered(self) -> int:
        return sum(self.counts)


def distribution_chart(
    title: str,
    items: Sequence[Distribution],
    level_labels: Sequence[str],
    *,
    number: Number = _one_decimal,
    mean_label: str = "⌀",
) -> Chart:
    """One 100 % stacked bar per item, a segment per level with its count inside."""
    row = 24
    chart = Chart(
        title=title,
        description="; ".join(
            f"{item.label}: "
            + ", ".join(
                f"{level} {count}" for level, count in zip(level_labels, item.counts, strict=True)
            )
            for item in items
        ),
        legend=list(zip(LEVEL_COLOURS, level_labels, strict=True)),
    )
    if not any(item.answered for item in items):
        return chart
    for index, item in enumerate(items):
        y = index * row
        chart.texts.append(Text(0, y + 13, _clip(item.label)))
        chart.rects.append(Rect(BAR_X, y + 3, BAR_WIDTH, 14, TRACK_COLOUR))
        total = item.answered
        x = float(BAR_X)
        for level, count in enumerate(item.counts):
            if not count:
                continue
            width = BAR_WIDTH * count / total
            chart.rects.append(Rect(round(x, 2), y + 3, round(width, 2), 14, LEVEL_COLOURS[level]))
            if width >= 14:
                chart.texts.append(
                    Text(
                        round(x + width / 2, 2),
                        y + 14,
                        str(count),
                        fill=LEVEL_TEXT[level],
                        anchor="middle",
                        size=9,
                    )
                )
            x += width
        if item.mean is not None:
            chart.texts.append(
                Text(VALUE_X, y + 14, f"{mean_label} {number(item.mean)}", size=9.5, bold=True)
            )
    chart.height = max(len(items), 1) * row
    return chart


@dataclass(frozen=True)
class Change:
    """A skill's average level before and after, over the same `people`."""

    label: str
    before: float
    after: float
    people: int


def before_after_chart(
    title: str,
    changes: Sequence[Change],
    *,
    before_label: str,
    after_label: str,
    number: Number = _one_decimal,
) -> Chart:
    """Two bars per skill on a 0-5 scale: the intake level (light) and the final one (dark)."""
    row, top = 28, 14
    scale = BAR_WIDTH / 5
    chart = Chart(
        title=title,
        description="; ".join(
            f"{change.label}: {number(change.before)} → {number(change.after)}"
            for change in changes
        ),
        legend=[(BEFORE_COLOUR, before_label), (AFTER_COLOUR, after_label)],
    )
    for level in range(1, 6):
        x = BAR_X + level * scale
        chart.lines.append(Line(x, top - 2, x, top + len(changes) * row))
        chart.texts.append(Text(x, top - 4, str(level), anchor="middle", size=8, fill="#6c757d"))
    for index, change in enumerate(changes):
        y = top + index * row
        chart.texts.append(Text(0, y + 15, _clip(change.label)))
        chart.rects.append(Rect(BAR_X, y + 3, round(change.before * scale, 2), 10, BEFORE_COLOUR))
        chart.rects.append(Rect(BAR_X, y + 14, round(change.after * scale, 2), 10, AFTER_COLOUR))
        delta = change.after - change.before
        sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
        chart.texts.append(
            Text(
                VALUE_X,
                y + 17,
                f"{number(change.before)} → {number(change.after)} ({sign}{number(abs(delta))})",
                size=9.5,
            )
        )
    chart.height = top + max(len(changes), 1) * row
    return chart


def histogram_chart(
    title: str,
    counts: Sequence[float],
    *,
    x_label: str,
    y_label: str,
    labels: Sequence[str] | None = None,
    maximum: float | None = None,
    number: Callable[[float], str] = str,
) -> Chart:
    """Vertical bars: counts[i] things have the value i (e.g. pairs that held i meetings),
    or, with `labels`, counts[i] is the value of the slot labels[i] (a week, say), on a
    scale up to `maximum` (the tallest bar when not given)."""
    plot_height, bottom, left = 110, 30, 40
    slots = max(len(counts), 1)
    slot = (WIDTH - left) / slots
    tallest = maximum or max(counts, default=0) or 1
    names = list(labels) if labels is not None else [str(value) for value in range(len(counts))]
    chart = Chart(
        title=title,
        description="; ".join(
            f"{name}: {number(count)}" for name, count in zip(names, counts, strict=True)
        ),
        height=plot_height + bottom + 12,
    )
    # Many slots: only some are named, so that the names do not run into each other.
    every = max(1, round(len(counts) * 34 / (WIDTH - left)))
    base = plot_height + 12
    chart.lines.append(Line(left, base, WIDTH, base, stroke="#6c757d"))
    chart.texts.append(Text(0, 12, y_label, size=8.5, fill="#6c757d"))
    for value, count in enumerate(counts):
        x = left + value * slot
        height = plot_height * min(count, tallest) / tallest
        if count:
            chart.rects.append(
                Rect(
                    round(x + slot * 0.15, 2),
                    round(base - height, 2),
                    round(slot * 0.7, 2),
                    round(height, 2),
                    BAR_COLOUR,
                )
            )
            chart.texts.append(
                Text(
                    round(x + slot / 2, 2),
                    round(base - height - 3, 2),
                    number(count),
                    anchor="middle",
                    size=9 if slot >= 22 else 7,
                )
            )
        if value % every == 0:
            chart.texts.append(
                Text(round(x + slot / 2, 2), base + 12, names[value], anchor="middle", size=9)
            )
    chart.texts.append(
        Text(left + (WIDTH - left) / 2, base + 26, x_label, anchor="middle", size=9, fill="#6c757d")
    )
    return chart


def bar_chart(
    title: str,
    items: Sequence[tuple[str, float | None]],
    *,
    maximum: float | None = None,
    number: Number = _one_decimal,
    suffix: str = "",
    empty: str = "–",
) -> Chart:
    """One horizontal bar per item, on a scale from 0 to `maximum` (the largest value when
    not given), its value written after it; an item without a value gets no bar."""
    row = 22
    values = [value for _label, value in items if value is not None]
    top = maximum or max(values, default=0) or 1
    chart = Chart(
        title=title,
        description="; ".join(
            f"{label}: {empty if value is None else number(value) + suffix}"
            for label, value in items
        ),
    )
    if not values:
        return chart
    for index, (label, value) in enumerate(items):
        y = index * row
        chart.texts.append(Text(0, y + 13, _clip(label)))
        chart.rects.append(Rect(BAR_X, y + 3, BAR_WIDTH, 14, TRACK_COLOUR))
        if value is not None:
            width = round(BAR_WIDTH * min(value, top) / top, 2)
            chart.rects.append(Rect(BAR_X, y + 3, width, 14, BAR_COLOUR))
        text = empty if value is None else number(value) + suffix
        chart.texts.append(Text(VALUE_X, y + 14, text, size=9.5, bold=True))
    chart.height = len(items) * row
    return chart
