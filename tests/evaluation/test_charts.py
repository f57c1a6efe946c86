"""The chart geometry, without Django."""

import pytest

from evaluation import charts


def test_distribution_segments_fill_the_bar_in_proportion():
    chart = charts.distribution_chart(
        "Satisfaction",
        [charts.Distribution("Meetings", [0, 1, 1, 0, 2], 3.75)],
        ["1", "2", "3", "4", "5"],
    )
    track, *segments = chart.rects
    assert track.width == charts.BAR_WIDTH
    assert [s.width for s in segments] == [75, 75, 150]
    assert [s.fill for s in segments] == [
        charts.LEVEL_COLOURS[1],
        charts.LEVEL_COLOURS[2],
        charts.LEVEL_COLOURS[4],
    ]
    # Segments follow each other without gaps.
    assert segments[1].x == pytest.approx(segments[0].x + segments[0].width)
    assert "⌀ 3.8" in [t.text for t in chart.texts]
    assert "Meetings: 1 0, 2 1, 3 1, 4 0, 5 2" in chart.description


def test_a_distribution_nobody_answered_is_empty():
    chart = charts.distribution_chart("S", [charts.Distribution("A", [0] * 5, None)], list("12345"))
    assert chart.is_empty


def test_before_after_bars_use_the_five_level_scale():
    chart = charts.before_after_chart(
        "Tools",
        [charts.Change("Excel", 2.0, 4.5, 3)],
        before_label="before",
        after_label="after",
    )
    before, after = chart.rects
    assert before.width == pytest.approx(charts.BAR_WIDTH * 2 / 5)
    assert after.width == pytest.approx(charts.BAR_WIDTH * 4.5 / 5)
    assert before.y < after.y
    assert "2.0 → 4.5 (+2.5)" in [t.text for t in chart.texts]
    assert chart.legend == [(charts.BEFORE_COLOUR, "before"), (charts.AFTER_COLOUR, "after")]


def test_a_skill_that_fell_shows_a_minus():
    chart = charts.before_after_chart(
        "T", [charts.Change("Excel", 4.0, 3.0, 1)], before_label="b", after_label="a"
    )
    assert "4.0 → 3.0 (−1.0)" in [t.text for t in chart.texts]


def test_histogram_bars_are_as_tall_as_their_count():
    chart = charts.histogram_chart("Meetings", [1, 0, 4, 2], x_label="m", y_label="p")
    heights = [r.height for r in chart.rects]
    assert len(heights) == 3  # no bar for a count of zero
    assert heights[1] == max(heights)
    assert heights[0] == pytest.approx(heights[1] / 4)
    assert heights[2] == pytest.approx(heights[1] / 2)


def test_bars_are_as_long_as_their_value_on_the_scale():
    chart = charts.bar_chart(
        "Satisfacción", [("2025", 4.0), ("2026", 2.0), ("2027", None)], maximum=5
    )
    bars = [r for r in chart.rects if r.fill == charts.BAR_COLOUR]
    assert [bar.width for bar in bars] == [charts.BAR_WIDTH * 4 / 5, charts.BAR_WIDTH * 2 / 5]
    assert [t.text for t in chart.texts if t.bold] == ["4.0", "2.0", "–"]
    assert chart.description == "2025: 4.0; 2026: 2.0; 2027: –"
    assert chart.height == 3 * 22


def test_bars_without_any_value_are_an_empty_chart():
    assert charts.bar_chart("Reuniones", [("2025", None)]).is_empty


def test_without_a_maximum_the_longest_bar_is_the_largest_value():
    chart = charts.bar_chart("Reuniones", [("a", 3.0), ("b", 6.0)], suffix=" %")
    bars = [r for r in chart.rects if r.fill == charts.BAR_COLOUR]
    assert bars[1].width == charts.BAR_WIDTH and bars[0].width == charts.BAR_WIDTH / 2
    assert "6.0 %" in chart.description
