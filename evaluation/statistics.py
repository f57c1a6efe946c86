"""Whether people changed, as evidence rather than averages: the mean change of paired
before/after values with its 95 % confidence interval (Student's t on the paired
differences) and its effect size (Cohen's d for paired samples, d_z: the mean difference
over the standard deviation of the differences). Plain Python with NumPy and SciPy, no
Django.

Groups of fewer than MIN_PEOPLE get the mean change only: an interval on three people says
little, and a small group is easy to recognise."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_PEOPLE = 5
CONFIDENCE = 0.95


@dataclass(frozen=True)
class PairedChange:
    people: int
    before: float  # mean
    after: float  # mean
    change: float  # mean of the differences (after - before)
    low: float | None  # the confidence interval of the change; None for a small group
    high: float | None
    effect: float | None  # d_z; None for a small group or when every change is the same

    @property
    def too_few(self) -> bool:
        return self.people < MIN_PEOPLE

    @property
    def clear(self) -> bool:
        """The interval leaves out zero: a change that chance alone hardly explains."""
        return self.low is not None and (self.low > 0 or self.high < 0)


def paired_change(
    before: Sequence[float], after: Sequence[float], confidence: float = CONFIDENCE
) -> PairedChange:
    """The change from `before` to `after` of the same people, in the same order."""
    if len(before) != len(after):
        raise ValueError("before and after must hold the same people")
    start = np.asarray(before, dtype=float)
    end = np.asarray(after, dtype=float)
    n = len(start)
    if n == 0:
        raise ValueError("no people")
    differences = end - start
    mean = float(differences.mean())
    low = high = effect = None
    if n >= MIN_PEOPLE:
        spread = float(differences.std(ddof=1))
        margin = float(stats.t.ppf((1 + confidence) / 2, n - 1)) * spread / math.sqrt(n)
        low, high = mean - margin, mean + margin
        effect = mean / spread if spread > 0 else None
    return PairedChange(
        people=n,
        before=float(start.mean()),
        after=float(end.mean()),
        change=mean,
        low=low,
        high=high,
        effect=effect,
    )


@dataclass(frozen=True)
class ChangeDifference:
    """How much more the paired people changed than a comparison group: the difference of
    the two mean changes with its confidence interval (Welch's t: the groups may differ in
    size and spread). None for the interval when either group is small."""

    people: int  # in the paired group
    others: int  # in the comparison group
    change: float  # mean change of the paired group
    other_change: float  # mean change of the comparison group
    difference: float
    low: float | None
    high: float | None

    @property
    def too_few(self) -> bool:
        return min(self.people, self.others) < MIN_PEOPLE

    @property
    def clear(self) -> bool:
        return self.low is not None and (self.low > 0 or self.high < 0)


def change_difference(
    changes: Sequence[float], other_changes: Sequence[float], confidence: float = CONFIDENCE
) -> ChangeDifference:
    """The mean of `changes` (each person's after - before) minus that of `other_changes`,
    with Welch's confidence interval."""
    mine = np.asarray(changes, dtype=float)
    theirs = np.asarray(other_changes, dtype=float)
    if len(mine) == 0 or len(theirs) == 0:
        raise ValueError("no people")
    difference = float(mine.mean() - theirs.mean())
    low = high = None
    if min(len(mine), len(theirs)) >= MIN_PEOPLE:
        var_mine = float(mine.var(ddof=1)) / len(mine)
        var_theirs = float(theirs.var(ddof=1)) / len(theirs)
        error = math.sqrt(var_mine + var_theirs)
        if error == 0:
            low = high = difference
        else:
            freedom = (var_mine + var_theirs) ** 2 / (
                var_mine**2 / (len(mine) - 1) + var_theirs**2 / (len(theirs) - 1)
            )
            margin = float(stats.t.ppf((1 + confidence) / 2, freedom)) * error
            low, high = difference - margin, difference + margin
    return ChangeDifference(
        people=len(mine),
        others=len(theirs),
        change=float(mine.mean()),
        other_change=float(theirs.mean()),
        difference=difference,
        low=low,
        high=high,
    )


def effect_words(effect: float | None) -> str:
    """Cohen's conventional reading of an effect size's magnitude: "negligible" below 0.2,
    "small", "medium" from 0.5, "large" from 0.8 (the caller translates the word)."""
    if effect is None:
        return ""
    size = abs(effect)
    if size < 0.2:
        return "negligible"
    if size < 0.5:
        return "small"
    if size < 0.8:
        return "medium"
    return "large"
