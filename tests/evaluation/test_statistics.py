"""The statistics of change, checked against SciPy's own paired t-test and a textbook
example, and by properties that any paired interval must have."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from evaluation.statistics import MIN_PEOPLE, change_difference, effect_words, paired_change


def test_the_interval_is_scipys_paired_t_interval():
    before = [2, 1, 3, 2, 2, 1, 3, 2]
    after = [4, 3, 3, 4, 3, 2, 5, 3]
    change = paired_change(before, after)
    expected = stats.ttest_rel(after, before).confidence_interval(0.95)
    assert change.people == 8
    assert change.change == pytest.approx(1.375)
    assert (change.low, change.high) == (
        pytest.approx(expected.low),
        pytest.approx(expected.high),
    )
    differences = np.subtract(after, before)
    assert change.effect == pytest.approx(differences.mean() / differences.std(ddof=1))
    assert change.clear


def test_a_textbook_example():
    # Ten people before and after a course: the differences 1 2 0 0 1 2 1 0 1 2 have mean 1
    # and standard deviation 0.8165; t(9) at 97.5 % is 2.2622, so the interval is
    # 1 ± 2.2622 × 0.8165 / √10 = 1 ± 0.584, and d_z = 1 / 0.8165 = 1.22 (large).
    before = [3, 2, 4, 3, 2, 3, 4, 2, 3, 3]
    after = [4, 4, 4, 3, 3, 5, 5, 2, 4, 5]
    change = paired_change(before, after)
    assert change.change == pytest.approx(1.0)
    assert (change.low, change.high) == (
        pytest.approx(0.416, abs=1e-3),
        pytest.approx(1.584, abs=1e-3),
    )
    assert change.effect == pytest.approx(1.2247, abs=1e-4)
    assert effect_words(change.effect) == "large"


def test_a_small_group_gets_no_interval():
    change = paired_change([1, 2, 3, 2], [3, 3, 4, 4])
    assert change.too_few and change.low is None and change.effect is None
    assert change.change == pytest.approx(1.5) and not change.clear


def test_everyone_changing_the_same_has_no_effect_size_and_a_point_interval():
    change = paired_change([1] * 6, [3] * 6)
    assert change.effect is None and change.low == change.high == 2


def test_mismatched_or_empty_groups_are_refused():
    with pytest.raises(ValueError):
        paired_change([1, 2], [1])
    with pytest.raises(ValueError):
        paired_change([], [])


levels = st.integers(min_value=1, max_value=5)
people = st.lists(st.tuples(levels, levels), min_size=MIN_PEOPLE, max_size=60)


@settings(max_examples=200, deadline=None)
@given(people)
def test_the_interval_holds_the_change_and_turns_with_it(answers):
    before, after = zip(*answers, strict=True)
    change = paired_change(before, after)
    assert change.low <= change.change + 1e-9 <= change.high + 2e-9
    assert change.change == pytest.approx(change.after - change.before)
    back = paired_change(after, before)  # the other way round
    assert back.change == pytest.approx(-change.change)
    assert (back.low, back.high) == (pytest.approx(-change.high), pytest.approx(-change.low))
    shifted = paired_change([b + 1 for b in before], [a + 1 for a in after])
    assert shifted.low == pytest.approx(change.low) and shifted.high == pytest.approx(change.high)


@settings(max_examples=100, deadline=None)
@given(people)
def test_a_wider_confidence_gives_a_wider_interval(answers):
    before, after = zip(*answers, strict=True)
    narrow = paired_change(before, after, confidence=0.90)
    wide = paired_change(before, after, confidence=0.99)
    assert wide.low <= narrow.low + 1e-12 and narrow.high <= wide.high + 1e-12


def test_the_difference_with_a_comparison_group_is_scipys_welch_interval():
    paired = [2, 1, 2, 3, 1, 2, 0, 2]  # each paired mentee's change
    waiting = [0, 1, 0, -1, 1, 0]  # each waiting person's change
    difference = change_difference(paired, waiting)
    expected = stats.ttest_ind(paired, waiting, equal_var=False).confidence_interval(0.95)
    assert difference.difference == pytest.approx(np.mean(paired) - np.mean(waiting))
    assert (difference.low, difference.high) == (
        pytest.approx(expected.low),
        pytest.approx(expected.high),
    )
    assert difference.clear and (difference.people, difference.others) == (8, 6)


def test_a_small_comparison_group_gets_no_interval():
    difference = change_difference([1, 2, 1, 2, 1], [0, 1, 0])
    assert difference.too_few and difference.low is None
    assert difference.difference == pytest.approx(1.4 - 1 / 3)
    with pytest.raises(ValueError):
        change_difference([1, 2], [])


changes = st.lists(st.integers(-4, 4), min_size=MIN_PEOPLE, max_size=40)


@settings(max_examples=200, deadline=None)
@given(changes, changes)
def test_the_difference_turns_with_the_groups_and_holds_in_its_interval(paired, waiting):
    difference = change_difference(paired, waiting)
    assert difference.low <= difference.difference + 1e-9 <= difference.high + 2e-9
    back = change_difference(waiting, paired)
    assert back.difference == pytest.approx(-difference.difference)
    assert (back.low, back.high) == (
        pytest.approx(-difference.high),
        pytest.approx(-difference.low),
    )
