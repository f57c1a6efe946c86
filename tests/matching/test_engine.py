"""The matching mathematics, without a database: scores, constraints, optimality."""

import functools
import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.pairing import engine


def people(levels, wants=None, **overrides) -> engine.People:
    levels = np.asarray(levels, dtype=np.int16)
    n = len(levels)
    fields = {
        "ids": np.arange(n),
        "levels": levels,
        "wants": np.asarray(wants, dtype=bool) if wants is not None else np.ones_like(levels, bool),
        "languages": np.ones(n, dtype=np.int64),
        "availability": np.ones(n, dtype=np.int64),
        "department": np.arange(n),
        "email": np.arange(n) + 1000,
        "manager": np.full(n, -1),
        "years": np.full(n, 10),
        "level": np.full(n, 3),
        "grade": np.full(n, -1),
        "hired": np.full(n, -1),
    }
    for name, value in overrides.items():
        fields[name] = np.asarray(value)
    return engine.People(**fields)


def relaxed(**overrides) -> engine.Criteria:
    options = {
        "skill_weights": np.ones(2),
        "require_common_language": False,
        "forbid_reporting_line": False,
        "require_mentor_junior": False,
        "require_mentor_medium": False,
    }
    options.update(overrides)
    return engine.Criteria(**options)


def test_gap_score_counts_only_wanted_skills_and_is_bounded():
    mentors = people([[5, 5], [3, 1]], ids=[10, 11])
    mentees = people([[1, 5], [2, 2]], wants=[[True, False], [True, True]], ids=[20, 21])
    gap = engine.gap_scores(mentors, mentees, np.array([1.0, 1.0]))
    # Expert vs novice on the only wanted skill: the full score.
    assert gap[0, 0] == 1.0
    # Mentor 1 knows 3 vs 2 on skill 0 and less than the mentee on skill 1: 1 of 8 points.
    assert np.isclose(gap[1, 1], 1 / 8)
    assert gap.min() >= 0 and gap.max() <= 1


def test_skill_weights_steer_the_score():
    mentors = people([[5, 1], [1, 5]], ids=[1, 2])
    mentees = people([[1, 1]], ids=[3])
    heavy_first = engine.gap_scores(mentors, mentees, np.array([3.0, 1.0]))
    assert heavy_first[0, 0] > heavy_first[1, 0]


def test_optional_criteria_add_their_weight():
    mentors = people([[5, 5]], languages=[0b01], department=[1], availability=[0b0011])
    mentees = people([[1, 1]], ids=[9], languages=[0b11], department=[1], availability=[0b0110])
    base = engine.scores(mentors, mentees, relaxed())
    with_language = engine.scores(mentors, mentees, relaxed(language_weight=1.0))
    assert base[0, 0] == 100.0 and with_language[0, 0] == 100.0  # both parts full
    with_department = engine.scores(mentors, mentees, relaxed(department_weight=1.0))
    assert np.isclose(with_department[0, 0], 50.0)  # same department earns nothing
    with_time = engine.scores(mentors, mentees, relaxed(availability_weight=1.0))
    assert np.isclose(with_time[0, 0], 75.0)  # half of the mentee's slots shared


def test_each_hard_constraint_excludes_its_pairs():
    mentors = people(
        [[5, 5], [5, 5], [2, 2], [5, 5]],
        ids=[1, 2, 3, 4],
        languages=[0b01, 0b10, 0b01, 0b01],
        department=[7, 8, 8, 8],
        email=[101, 102, 103, 104],
        manager=[-1, -1, -1, 201],
        years=[2, 2, 2, 30],
        level=[2, 2, 2, 6],
    )
    mentees = people(
        [[1, 1]],
        ids=[1],
        languages=[0b01],
        department=[7],
        email=[201],
        manager=[101],
        years=[20],
        level=[5],
    )
    found = engine.violations(
        mentors,
        mentees,
        engine.Criteria(skill_weights=np.ones(2), forbid_same_department=True),
        forbidden=np.array([[False], [False], [False], [True]]),
    )
    assert found["same_person"][:, 0].tolist() == [True, False, False, False]
    assert found["common_language"][:, 0].tolist() == [False, True, False, False]
    assert found["same_department"][:, 0].tolist() == [True, False, False, False]
    assert found["reporting_line"][:, 0].tolist() == [True, False, False, True]
    assert found["mentor_junior"][:, 0].tolist() == [False, False, False, True]
    assert found["mentor_medium"][:, 0].tolist() == [False, False, True, False]
    assert found["forbidden"][:, 0].tolist() == [False, False, False, True]
    allowed = engine.feasible(found, (4, 1))
    assert allowed[:, 0].tolist() == [False, False, False, False]


def test_capacity_lets_a_mentor_take_several_mentees():
    score = np.array([[90.0, 80.0, 70.0], [10.0, 10.0, 10.0]])
    allowed = np.ones_like(score, dtype=bool)
    mentors, mentees = engine.assign(score, allowed, np.array([2, 1]))
    pairs = sorted(zip(mentors.tolist(), mentees.tolist(), strict=True))
    assert pairs == [(0, 0), (0, 1), (1, 2)]


def test_weakest_first_raises_the_weakest_pair():
    # Total: (0,0)+(1,1) = 100 + 0 = 100 beats (0,1)+(1,0) = 40 + 40 = 80.
    score = np.array([[100.0, 40.0], [40.0, 0.0]])
    allowed = np.ones_like(score, dtype=bool)
    total = engine.assign(score, allowed, np.array([1, 1]))
    weakest = engine.assign(score, allowed, np.array([1, 1]), engine.OBJECTIVE_WEAKEST)
    assert score[total].min() == 0.0
    assert score[weakest].min() == 40.0


def test_greedy_is_never_better_than_the_optimum():
    rng = np.random.default_rng(7)
    score = rng.uniform(0, 100, size=(30, 30))
    allowed = rng.random((30, 30)) < 0.6
    capacity = np.ones(30, dtype=int)
    best = engine.assign(score, allowed, capacity)
    greedy = engine.assign_greedy(score, allowed, capacity, np.arange(30))
    assert score[best].sum() >= score[greedy].sum()


def brute_force_best_total(score, allowed, capacity) -> float:
    """The best total score over every assignment, by exhaustive search with memo."""
    n_mentors, n_mentees = score.shape

    @functools.cache
    def best(j: int, left: tuple[int, ...]) -> float:
        if j == n_mentees:
            return 0.0
        result = best(j + 1, left)  # this mentee stays unpaired
        for i in range(n_mentors):
            if left[i] and allowed[i, j]:
                rest = left[:i] + (left[i] - 1,) + left[i + 1 :]
                result = max(result, score[i, j] + best(j + 1, rest))
        return result

    return best(0, tuple(int(c) for c in capacity))


def brute_force_weakest(score, allowed, capacity) -> tuple[int, float]:
    """The most pairs, then the best weakest pair, over every assignment."""
    n_mentors, n_mentees = score.shape
    best = (0, 0.0)
    options = [[None] + [i for i in range(n_mentors) if allowed[i, j]] for j in range(n_mentees)]
    for choice in itertools.product(*options):
        used = [i for i in choice if i is not None]
        if any(used.count(i) > capacity[i] for i in set(used)):
            continue
        pairs = [(i, j) for j, i in enumerate(choice) if i is not None]
        if pairs:
            best = max(best, (len(pairs), min(score[i, j] for i, j in pairs)))
    return best


@st.composite
def instances(draw, max_side=7):
    n_mentors = draw(st.integers(1, max_side))
    n_mentees = draw(st.integers(1, max_side))
    skills = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    mentors = people(
        rng.integers(1, 6, size=(n_mentors, skills)),
        ids=rng.integers(0, 4, size=n_mentors),
        languages=rng.integers(1, 4, size=n_mentors),
        years=rng.integers(0, 30, size=n_mentors),
        level=rng.integers(1, 7, size=n_mentors),
        department=rng.integers(0, 3, size=n_mentors),
    )
    mentees = people(
        rng.integers(1, 6, size=(n_mentees, skills)),
        wants=rng.random((n_mentees, skills)) < 0.6,
        ids=rng.integers(0, 4, size=n_mentees),
        languages=rng.integers(1, 4, size=n_mentees),
        years=rng.integers(0, 30, size=n_mentees),
        level=rng.integers(1, 7, size=n_mentees),
        department=rng.integers(0, 3, size=n_mentees),
    )
    criteria = engine.Criteria(
        skill_weights=rng.integers(0, 4, size=skills).astype(float),
        language_weight=float(rng.integers(0, 3)),
        department_weight=float(rng.integers(0, 2)),
        forbid_same_department=bool(rng.integers(0, 2)),
    )
    forbidden = rng.random((n_mentors, n_mentees)) < 0.2
    capacity = rng.integers(1, 4, size=n_mentors)
    return mentors, mentees, criteria, forbidden, capacity


def check_constraints(mentors, mentees, criteria, forbidden, capacity, pairs):
    i, j = pairs
    found = engine.violations(mentors, mentees, criteria, forbidden)
    for name, mask in found.items():
        assert not mask[i, j].any(), name
    assert len(set(j.tolist())) == len(j)  # a mentee has one mentor
    assert (np.bincount(i, minlength=len(capacity)) <= capacity).all()
    assert (mentors.ids[i] != mentees.ids[j]).all()


@settings(max_examples=60, deadline=None)
@given(instances())
def test_total_objective_equals_the_brute_force_optimum(instance):
    mentors, mentees, criteria, forbidden, capacity = instance
    score = engine.scores(mentors, mentees, criteria).astype(np.float64)
    allowed = engine.feasible(engine.violations(mentors, mentees, criteria, forbidden), score.shape)
    pairs = engine.assign(score, allowed, capacity)
    check_constraints(mentors, mentees, criteria, forbidden, capacity, pairs)
    assert score[pairs].sum() >= brute_force_best_total(score, allowed, capacity) - 1e-3
    assert score.min() >= 0 and score.max() <= 100 + 1e-4


@settings(max_examples=40, deadline=None)
@given(instances(max_side=4))
def test_weakest_objective_equals_the_brute_force_optimum(instance):
    mentors, mentees, criteria, forbidden, capacity = instance
    score = engine.scores(mentors, mentees, criteria).astype(np.float64)
    allowed = engine.feasible(engine.violations(mentors, mentees, criteria, forbidden), score.shape)
    pairs = engine.assign(score, allowed, capacity, engine.OBJECTIVE_WEAKEST)
    check_constraints(mentors, mentees, criteria, forbidden, capacity, pairs)
    count, weakest = brute_force_weakest(score, allowed, capacity)
    assert len(pairs[0]) == count
    if count:
        assert score[pairs].min() >= weakest - 1e-6


@st.composite
def instances_with_fixed_pairs(draw, max_side=6):
    """An instance plus some pairs that must stay (published or locked): each fixed pair's
    mentee once, within its mentor's capacity, allowed or not (a pair set by hand may
    break a constraint)."""
    mentors, mentees, criteria, forbidden, capacity = draw(instances(max_side=max_side))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    fixed_i, fixed_j = [], []
    left = capacity.copy()
    for j in rng.permutation(len(mentees))[: rng.integers(0, len(mentees) + 1)]:
        options = np.flatnonzero(left > 0)
        if len(options):
            i = int(rng.choice(options))
            fixed_i.append(i)
            fixed_j.append(int(j))
            left[i] -= 1
    fixed = (np.array(fixed_i, dtype=np.int64), np.array(fixed_j, dtype=np.int64))
    return mentors, mentees, criteria, forbidden, capacity, fixed


def brute_force_around(score, allowed, capacity, fixed) -> float:
    """The best total of new pairs over every assignment that keeps the fixed pairs."""
    fixed_i, fixed_j = fixed
    left = capacity - np.bincount(fixed_i, minlength=len(capacity))
    free = allowed.copy()
    free[:, fixed_j] = False
    return brute_force_best_total(score, free, left)


@settings(max_examples=60, deadline=None)
@given(instances_with_fixed_pairs())
def test_new_pairs_around_fixed_ones_are_optimal_and_respect_remaining_capacity(instance):
    mentors, mentees, criteria, forbidden, capacity, fixed = instance
    score = engine.scores(mentors, mentees, criteria).astype(np.float64)
    allowed = engine.feasible(engine.violations(mentors, mentees, criteria, forbidden), score.shape)
    i, j = engine.assign_around(score, allowed, capacity, fixed)
    # No fixed mentee is paired again, and fixed plus new pairs fit every capacity.
    assert not set(j.tolist()) & set(fixed[1].tolist())
    load = np.bincount(np.concatenate([fixed[0], i]), minlength=len(capacity))
    assert (load <= capacity).all()
    check_constraints(mentors, mentees, criteria, forbidden, capacity, (i, j))
    assert score[i, j].sum() >= brute_force_around(score, allowed, capacity, fixed) - 1e-3


@settings(max_examples=60, deadline=None)
@given(instances())
def test_the_parts_of_a_score_add_up_to_it(instance):
    mentors, mentees, criteria, _forbidden, _capacity = instance
    criteria = engine.Criteria(
        skill_weights=criteria.skill_weights,
        language_weight=criteria.language_weight,
        availability_weight=2.0,
        department_weight=criteria.department_weight,
    )
    score = engine.scores(mentors, mentees, criteria)
    i, j = (axis.ravel() for axis in np.indices(score.shape))
    parts, counts = engine.score_parts(mentors, mentees, criteria, i, j)
    np.testing.assert_allclose(parts.sum(axis=1), score[i, j], atol=1e-3)
    assert (parts[~counts] == 0).all()  # what does not count brings no points
    for n in range(len(i)):
        shown = round(float(score[i[n], j[n]]), 1)
        rounded = engine.rounded_parts(parts[n, counts[n]], shown)
        assert round(sum(rounded), 1) == shown
        assert all(value >= 0 for value in rounded)


def test_a_shared_language_can_outweigh_a_perfect_skill_match():
    """The defect a coordinator met: a mentor rated 5 on every wanted skill scored below
    one rated 4/4/5, because language and availability carry two thirds of the score; the
    explanation must show it."""
    mentors = people([[5, 5, 5], [4, 4, 5]], languages=[1, 1], availability=[0b0001, 0b0011])
    mentee = people([[1, 1, 1]], languages=[1], availability=[0b0011])
    criteria = relaxed(skill_weights=np.ones(3), language_weight=1.0, availability_weight=1.0)
    score = engine.scores(mentors, mentee, criteria)[:, 0]
    assert score[0] < score[1]
    parts, _counts = engine.score_parts(mentors, mentee, criteria, np.arange(2), np.zeros(2, int))
    assert parts[0, :3].sum() > parts[1, :3].sum()  # the skills favour the first mentor…
    assert parts[0, 4] < parts[1, 4]  # …the shared availability the second


def test_reporting_lines_at_any_depth_exclude_both_ways():
    mentors = people([[5, 5]] * 3, ids=[1, 2, 3])
    mentees = people([[1, 1]] * 3, ids=[4, 5, 6])
    # 2 is three levels below 4; 6 is one level below 3; 1 and 5 are in no line together.
    lines = np.array([[2, 4], [6, 3], [5, 9]])
    found = engine.violations(mentors, mentees, relaxed(forbid_reporting_line=True), lines=lines)
    assert found["reporting_line"].tolist() == [
        [False, False, False],
        [True, False, False],
        [False, False, True],
    ]


def test_the_directory_decides_who_is_junior_where_both_are_in_it():
    # Mentor 0 answered fewer years but the directory says hired earlier and graded higher.
    mentors = people(
        [[5, 5]] * 2, ids=[1, 2], years=[2, 2], level=[2, 2], hired=[100, -1], grade=[9, -1]
    )
    mentees = people([[1, 1]], ids=[3], years=[20], level=[5], hired=[500], grade=[4])
    assert engine.junior(mentors, mentees).tolist() == [[False], [True]]


@settings(max_examples=120, deadline=None)
@given(
    st.integers(1, 9),
    st.integers(1, 9),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
    st.floats(0.3, 1.0),
    st.sampled_from([1, 40]),
    st.booleans(),
)
def test_the_sparse_solver_reaches_the_dense_optimum(
    n_mentors, n_mentees, cap, seed, density, rounds, tied
):
    """The sparse graph starts with one option per person, so about a third of these
    instances need the prices to add arcs (or, with one round allowed, the whole matrix
    solved instead): the total must be the whole matrix's optimum either way. Half the
    instances are full of ties, as with people of equal ratings: each score is a skill gap
    over three skills rated 1 to 5."""
    rng = np.random.default_rng(seed)
    if tied:
        levels = rng.integers(1, 4, (n_mentors, 3))
        wants = rng.integers(1, 4, (n_mentees, 3))
        gap = np.clip(levels[:, None, :] - wants[None, :, :], 0, None).sum(axis=2)
        score = (gap * 12.5).astype(np.float32)
    else:
        score = np.round(rng.random((n_mentors, n_mentees)) * 100, 1).astype(np.float32)
    allowed = rng.random((n_mentors, n_mentees)) < density
    capacity = rng.integers(0, cap + 1, n_mentors)
    import matching.pairing.engine as module

    # The sparse graph even where ties would have the whole matrix solved (DENSE_UP_TO).
    options, most_rounds, dense = module.SPARSE_OPTIONS, module.SPARSE_ROUNDS, module.DENSE_UP_TO
    module.SPARSE_OPTIONS, module.SPARSE_ROUNDS, module.DENSE_UP_TO = 1, rounds, 0
    try:
        i, j = engine.assign_sparse(score, allowed, capacity)
    finally:
        module.SPARSE_OPTIONS, module.SPARSE_ROUNDS, module.DENSE_UP_TO = (
            options,
            most_rounds,
            dense,
        )
    slots = np.repeat(np.arange(n_mentors), capacity)
    value = np.where(allowed, score.astype(np.float64) + engine.PAIR_BONUS, 0.0)
    if len(slots):
        di, dj = engine._assign_max(value, slots)
        keep = allowed[di, dj]
        dense_total, dense_pairs = float(score[di[keep], dj[keep]].sum()), int(keep.sum())
    else:
        dense_total, dense_pairs = 0.0, 0
    assert np.isclose(float(score[i, j].sum()), dense_total, atol=1e-3)
    assert len(i) == dense_pairs
    assert allowed[i, j].all()
    assert len(set(j.tolist())) == len(j)  # a mentee once
    assert (np.bincount(i, minlength=n_mentors) <= capacity).all()


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 9),
    st.integers(1, 9),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
    st.floats(0.2, 1.0),
)
def test_the_sparse_weakest_first_reaches_the_dense_optimum(
    n_mentors, n_mentees, cap, seed, density
):
    """The sparse graph starts with one option per person, so the vertex covers must add
    arcs, and the search over thresholds must look past the graph's own scores: the most
    pairs, the weakest pair and the total must be the whole matrix's either way."""
    rng = np.random.default_rng(seed)
    score = np.round(rng.random((n_mentors, n_mentees)) * 20, 0).astype(np.float32)  # ties
    allowed = rng.random((n_mentors, n_mentees)) < density
    capacity = rng.integers(0, cap + 1, n_mentors)
    import matching.pairing.engine as module

    options = module.SPARSE_OPTIONS
    module.SPARSE_OPTIONS = 1
    try:
        i, j = engine.assign_weakest_sparse(score, allowed, capacity)
    finally:
        module.SPARSE_OPTIONS = options
    slots = np.repeat(np.arange(n_mentors), capacity)
    if len(slots):
        di, dj = engine._assign_weakest_first(score, allowed, slots)
        keep = allowed[di, dj]
        di, dj = di[keep], dj[keep]
    else:
        di = dj = np.array([], dtype=np.int64)
    assert len(i) == len(di)
    if len(di):
        assert score[i, j].min() == score[di, dj].min()
    assert np.isclose(float(score[i, j].sum()), float(score[di, dj].sum()), atol=1e-3)
    assert allowed[i, j].all()
    assert len(set(j.tolist())) == len(j)  # a mentee once
    assert (np.bincount(i, minlength=n_mentors) <= capacity).all()


def test_ties_spread_the_sparse_graph_over_interchangeable_people(monkeypatch):
    """Mentees with equal ratings have equal rows: ranked by score alone, each would get the
    same few mentors as first options and the prices the same few arcs to add, round after
    round (11 to 21 rounds here before the nudge, which ranks ties; the solve still uses
    the scores)."""
    solved = []
    solve = engine._solve_arcs
    monkeypatch.setattr(engine, "_solve_arcs", lambda *args: solved.append(1) or solve(*args))
    monkeypatch.setattr(engine, "DENSE_UP_TO", 0)  # the sparse graph, ties and all
    n = 400
    rng = np.random.default_rng(2)
    mentor_level, mentee_level = rng.integers(1, 6, n), rng.integers(1, 6, n)
    score = (np.clip(mentor_level[:, None] - mentee_level[None, :], 0, None) * 25).astype(
        np.float32
    )
    allowed = np.ones((n, n), bool)
    i, j = engine.assign_sparse(score, allowed, np.ones(n, np.int64))
    di, dj = engine._assign_max(score.astype(np.float64) + engine.PAIR_BONUS, np.arange(n))
    assert float(score[i, j].sum()) == float(score[di, dj].sum())
    assert len(solved) <= 3


def test_scores_of_few_values_are_solved_on_the_whole_matrix_where_it_fits(monkeypatch):
    """With few distinct scores (people of equal ratings) the sparse graph only adds arcs
    among equals, and was slower than the dense assignment: the whole matrix is solved
    instead, up to DENSE_UP_TO places by mentees. Scores of many values keep the graph."""
    solved = []
    solve = engine._solve_arcs
    monkeypatch.setattr(engine, "_solve_arcs", lambda *args: solved.append(1) or solve(*args))
    n = 300
    rng = np.random.default_rng(5)
    levels, wants = rng.integers(1, 6, (n, 3)), rng.integers(1, 6, (n, 3))
    tied = (np.clip(levels[:, None, :] - wants[None, :, :], 0, None).sum(axis=2) * 8.0).astype(
        np.float32
    )
    allowed = rng.random((n, n)) < 0.9
    capacity = np.ones(n, np.int64)
    i, j = engine.assign_sparse(tied, allowed, capacity)
    assert solved == []
    value = np.where(allowed, tied.astype(np.float64) + engine.PAIR_BONUS, 0.0)
    di, dj = engine._assign_max(value, np.arange(n))
    keep = allowed[di, dj]
    assert np.isclose(float(tied[i, j].sum()), float(tied[di[keep], dj[keep]].sum()))
    many = np.round(rng.random((n, n)) * 100, 2).astype(np.float32)
    engine.assign_sparse(many, allowed, capacity)
    assert solved  # many values: the sparse graph
    monkeypatch.setattr(engine, "DENSE_UP_TO", n * n - 1)  # too large to solve whole
    solved.clear()
    engine.assign_sparse(tied, allowed, capacity)
    assert solved
