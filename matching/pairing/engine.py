"""The matching mathematics: pair scores, hard constraints, the globally optimal assignment.

No Django here: NumPy arrays in, arrays out. Rows are mentors (index i), columns mentees
(index j), and skills are the catalogue's, in one fixed order (index s).

A pair's score, from 0 to 100:

    gap(i, j) = sum_s w_s * wants(j, s) * max(0, level(i, s) - level(j, s))
                / sum_s w_s * wants(j, s) * 4

that is, how far the mentor's level exceeds the mentee's on the skills the mentee wants to
learn, weighted per skill, as a share of the most it could be (an expert mentor and a mentee
who knows nothing, on every wanted skill). Optional criteria add their weight:

    score = 100 * (gap + a * same_language + b * availability_overlap + c * other_department)
                / (1 + a + b + c)
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

MAX_LEVEL_GAP = 4  # an expert (5) and someone who knows nothing (1)
MEDIUM = 3
# A tiny bonus per feasible pair: among assignments of equal total score, the one with the
# most pairs wins, and an infeasible pair (worth 0) is never preferred to a feasible one.
PAIR_BONUS = 1e-6

OBJECTIVE_TOTAL = "total"
OBJECTIVE_WEAKEST = "weakest"

CONSTRAINTS = (
    "same_person",
    "common_language",
    "same_department",
    "reporting_line",
    "mentor_junior",
    "mentor_medium",
    "forbidden",
)


@dataclass(frozen=True)
class People:
    """One side of the matching (the mentors or the mentees); row n is one person.

    `ids` identify people across both sides: a candidate who wants to be both mentor and
    mentee appears on each side with the same id. Languages and availability are bit sets;
    emails, managers and departments are integer codes (-1 for none).
    """

    ids: np.ndarray
    levels: np.ndarray  # (n, S) self-ratings 1-5
    wants: np.ndarray  # (n, S) bool: wants to learn the skill
    languages: np.ndarray
    availability: np.ndarray
    department: np.ndarray
    email: np.ndarray
    manager: np.ndarray
    years: np.ndarray
    level: np.ndarray  # hierarchical level, 1 (trainee) to 6 (executive)
    # From the HR directory where the person is in it, -1 where not: the organisation's
    # grade (higher is more senior) and the date of hire (days since year 1).
    grade: np.ndarray
    hired: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, index) -> "People":
        """The people at these rows, in this order."""
        return People(**{name: getattr(self, name)[index] for name in self.__dataclass_fields__})


@dataclass(frozen=True)
class Criteria:
    skill_weights: np.ndarray  # (S,), >= 0
    language_weight: float = 0.0
    availability_weight: float = 0.0
    department_weight: float = 0.0
    require_common_language: bool = True
    forbid_same_department: bool = False
    forbid_reporting_line: bool = True
    require_mentor_junior: bool = True
    require_mentor_medium: bool = True
    objective: str = OBJECTIVE_TOTAL


def gap_scores(mentors: People, mentees: People, weights: np.ndarray) -> np.ndarray:
    """The skill-gap part of every pair's score, in [0, 1], as an (n_mentors, n_mentees)
    matrix.

    Levels are whole numbers from 1 to 5, so max(0, a - b) counts the thresholds t in 1..4
    with b <= t < a. The sum over skills and thresholds is then one matrix product of an
    (n_mentors, 4S) matrix by an (4S, n_mentees) one: exact, fast, and never an array of
    pairs x skills.
    """
    wanted_weight = (mentees.wants * weights[None, :]).astype(np.float32)
    thresholds = range(1, MAX_LEVEL_GAP + 1)
    above = np.concatenate([mentors.levels > t for t in thresholds], axis=1).astype(np.float32)
    at_most = np.concatenate(
        [wanted_weight * (mentees.levels <= t) for t in thresholds], axis=1
    ).astype(np.float32)
    total = above @ at_most.T
    norm = wanted_weight.sum(axis=1) * MAX_LEVEL_GAP
    total /= np.where(norm > 0, norm, 1).astype(np.float32)[None, :]
    return total


def _bits(values: np.ndarray, width: int) -> np.ndarray:
    """Bit sets (languages, availability slots) as rows of 0/1 columns."""
    return ((np.asarray(values, dtype=np.int64)[:, None] >> np.arange(width)) & 1).astype(
        np.float32
    )


def _shared_bits(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """How many bits each pair of bit sets shares: one small matrix product."""
    width = max(int(max(left.max(initial=0), right.max(initial=0))).bit_length(), 1)
    return _bits(left, width) @ _bits(right, width).T


def scores(mentors: People, mentees: People, criteria: Criteria) -> np.ndarray:
    """Every pair's score from 0 to 100 (see the module's docstring)."""
    result = gap_scores(mentors, mentees, criteria.skill_weights)
    # Each criterion is added in place: at 10,000 x 10,000 a matrix is 400 MB, and at most
    # one more than the result is alive at a time.
    weight_sum = 1.0
    if criteria.language_weight:
        common = _shared_bits(mentors.languages, mentees.languages)
        np.minimum(common, 1, out=common)  # any language in common: 1
        common *= np.float32(criteria.language_weight)
        result += common
        del common
        weight_sum += criteria.language_weight
    if criteria.availability_weight:
        shared = _shared_bits(mentors.availability, mentees.availability)
        width = max(int(mentees.availability.max(initial=0)).bit_length(), 1)
        wanted = np.maximum(_bits(mentees.availability, width).sum(axis=1), 1)
        shared /= wanted[None, :].astype(np.float32)
        shared *= np.float32(criteria.availability_weight)
        result += shared
        del shared
        weight_sum += criteria.availability_weight
    if criteria.department_weight:
        other = mentors.department[:, None] != mentees.department[None, :]
        np.add(result, np.float32(criteria.department_weight), out=result, where=other)
        weight_sum += criteria.department_weight
    result *= np.float32(100.0 / weight_sum)
    return result


def _rows(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The row of each wanted id among `ids`, or -1 where it is not there."""
    if len(ids) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(ids)
    at = order[np.minimum(np.searchsorted(ids, wanted, sorter=order), len(ids) - 1)]
    return np.where(ids[at] == wanted, at, -1)


def above(mentors: People, mentees: People, lines: np.ndarray) -> np.ndarray:
    """Which pairs are in one reporting line, at any depth: `lines` holds (person id, id of
    someone anywhere above them) rows, the chains of the HR directory among the candidates,
    so this is one lookup per row, never a walk up the organisation per pair."""
    found = np.zeros((len(mentors), len(mentees)), dtype=bool)
    lines = np.asarray(lines, dtype=np.int64).reshape(-1, 2)
    below, over = lines[:, 0], lines[:, 1]
    for mentor_ids, mentee_ids in ((over, below), (below, over)):
        i, j = _rows(mentors.ids, mentor_ids), _rows(mentees.ids, mentee_ids)
        both = (i >= 0) & (j >= 0)
        found[i[both], j[both]] = True
    return found


# Masks of pairs are computed this many mentors at a time, so that their temporaries stay
# a block's size: at 10,000 x 10,000 a whole mask is 100 MB and a product 400 MB.
MASK_BLOCK = 1024


def _by_blocks(mentors: People, mentees: People, pairwise) -> np.ndarray:
    """pairwise(some mentors, mentees) -> bool (rows, n_mentees), for every mentor."""
    found = np.empty((len(mentors), len(mentees)), dtype=bool)
    for start in range(0, len(mentors), MASK_BLOCK):
        rows = slice(start, start + MASK_BLOCK)
        found[rows] = pairwise(mentors.take(rows), mentees)
    return found


def _reporting_line(mentors: People, mentees: People) -> np.ndarray:
    mentee_reports_to_mentor = (mentees.manager[None, :] == mentors.email[:, None]) & (
        mentees.manager[None, :] >= 0
    )
    mentor_reports_to_mentee = (mentors.manager[:, None] == mentees.email[None, :]) & (
        mentors.manager[:, None] >= 0
    )
    return mentee_reports_to_mentor | mentor_reports_to_mentee


def constraints(
    mentors: People,
    mentees: People,
    criteria: Criteria,
    forbidden: np.ndarray | None = None,
    lines: np.ndarray | None = None,
):
    """Each hard constraint that applies, as (name, the (n_mentors, n_mentees) pairs it
    excludes), one after the other: whoever folds them keeps one mask alive, not all.
    `lines` are the chains of command known from the HR directory (see `above`)."""
    yield "same_person", _by_blocks(mentors, mentees, lambda m, e: m.ids[:, None] == e.ids[None, :])
    if criteria.require_common_language:
        yield (
            "common_language",
            _by_blocks(mentors, mentees, lambda m, e: _shared_bits(m.languages, e.languages) == 0),
        )
    if criteria.forbid_same_department:
        yield (
            "same_department",
            _by_blocks(
                mentors,
                mentees,
                lambda m, e: (
                    (m.department[:, None] == e.department[None, :]) & (m.department[:, None] >= 0)
                ),
            ),
        )
    if criteria.forbid_reporting_line:
        line = _by_blocks(mentors, mentees, _reporting_line)
        if lines is not None:
            line |= above(mentors, mentees, lines)
        yield "reporting_line", line
    if criteria.require_mentor_junior:
        yield "mentor_junior", _by_blocks(mentors, mentees, lambda m, e: ~junior(m, e))
    if criteria.require_mentor_medium:
        wants = mentees.wants.T.astype(np.float32)
        yield (
            "mentor_medium",
            _by_blocks(
                mentors,
                mentees,
                lambda m, e: ((m.levels >= MEDIUM).astype(np.float32) @ wants) == 0,
            ),
        )
    if forbidden is not None and forbidden.any():
        yield "forbidden", forbidden


def violations(
    mentors: People,
    mentees: People,
    criteria: Criteria,
    forbidden: np.ndarray | None = None,
    lines: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """For each hard constraint that applies, the (n_mentors, n_mentees) pairs it excludes."""
    return dict(constraints(mentors, mentees, criteria, forbidden, lines))


def feasible_counted(found, shape: tuple[int, int]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The pairs no constraint excludes, folding (name, mask) one at a time, and for each
    constraint how many mentors it excludes for each mentee (what to relax first)."""
    allowed = np.ones(shape, dtype=bool)
    counts = {}
    for name, mask in found:
        counts[name] = mask.sum(axis=0)
        allowed &= ~mask
        del mask  # before the next one is computed
    return allowed, counts


def junior(mentors: People, mentees: People) -> np.ndarray:
    """Whether each mentor is junior to each mentee: hired later (or fewer years in the
    organisation), or of a lower grade (or hierarchical level). The HR directory's date of
    hire and grade count where both people have them; what they answered counts otherwise."""
    both_hired = (mentors.hired[:, None] >= 0) & (mentees.hired[None, :] >= 0)
    newer = np.where(
        both_hired,
        mentors.hired[:, None] > mentees.hired[None, :],
        mentors.years[:, None] < mentees.years[None, :],
    )
    both_graded = (mentors.grade[:, None] >= 0) & (mentees.grade[None, :] >= 0)
    lower = np.where(
        both_graded,
        mentors.grade[:, None] < mentees.grade[None, :],
        mentors.level[:, None] < mentees.level[None, :],
    )
    return newer | lower


def feasible(excluded: dict[str, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    return feasible_counted(excluded.items(), shape)[0]


def assign_around(
    score: np.ndarray,
    allowed: np.ndarray,
    capacity: np.ndarray,
    fixed: tuple[np.ndarray, np.ndarray],
    objective: str = OBJECTIVE_TOTAL,
) -> tuple[np.ndarray, np.ndarray]:
    """The optimal new pairs around pairs that must stay as they are (published or locked).

    A fixed pair's mentee is taken, and it uses one place of its mentor's capacity; the new
    pairs are then the optimum for the people and places left, so fixed pairs plus new pairs
    are the best assignment that keeps every fixed pair.
    """
    fixed_i, fixed_j = (np.asarray(side, dtype=np.int64) for side in fixed)
    left = np.asarray(capacity, dtype=np.int64) - np.bincount(fixed_i, minlength=len(capacity))
    free = allowed.copy()
    free[:, fixed_j] = False
    return assign(score, free, np.maximum(left, 0), objective)


def _assign_total(
    score: np.ndarray, allowed: np.ndarray, slots: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The highest total on the whole matrix, one row per slot (some may be not allowed)."""
    return _assign_max(np.where(allowed, score.astype(np.float64) + PAIR_BONUS, 0.0), slots)


def _assign_max(value: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = linear_sum_assignment(value[slots], maximize=True)
    return slots[rows], cols


def assign(
    score: np.ndarray,
    allowed: np.ndarray,
    capacity: np.ndarray,
    objective: str = OBJECTIVE_TOTAL,
) -> tuple[np.ndarray, np.ndarray]:
    """The globally optimal pairs as (mentor indices, mentee indices).

    Mentor i may take capacity[i] mentees: its row is repeated that many times, and one
    linear_sum_assignment solves the whole problem (from SPARSE_FROM pairs, the highest
    total is found on a sparse graph and proven on the whole matrix: assign_sparse). OBJECTIVE_TOTAL maximises the sum of
    the scores; OBJECTIVE_WEAKEST first pairs as many mentees as possible, then makes the
    weakest pair as strong as possible, then maximises the sum.
    """
    slots = np.repeat(np.arange(len(capacity)), np.asarray(capacity, dtype=np.int64))
    if len(slots) == 0 or score.shape[1] == 0:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    if score.size >= SPARSE_FROM:
        if objective == OBJECTIVE_TOTAL:
            return assign_sparse(score, allowed, capacity)
        return assign_weakest_sparse(score, allowed, capacity)
    if objective == OBJECTIVE_WEAKEST:
        mentors, mentees = _assign_weakest_first(score, allowed, slots)
    else:
        mentors, mentees = _assign_total(score, allowed, slots)
    keep = allowed[mentors, mentees]
    return mentors[keep], mentees[keep]


# From this many candidate pairs, the highest total is found on a sparse graph of each
# person's best options and proven optimal on the whole matrix (assign_sparse).
SPARSE_FROM = 4_000_000
SPARSE_OPTIONS = 24  # best mentors kept per mentee (and best mentees per mentor) at first
SPARSE_ADDED = 8  # arcs added per mentee that the prices show could do better, per round
SPARSE_ROUNDS = 40  # then, should the prices never settle, the whole matrix is solved
# Which arcs the sparse graph takes among equal scores: people with the same ratings are
# interchangeable, and ranking by score alone would give every mentee the same few mentors
# (and the prices the same few arcs to add, round after round). A deterministic nudge
# below this, in the ranking only, spreads them; the totals solved are the scores'.
SPARSE_SPREAD = 1e-3
SPARSE_BLOCK = 512  # rows of the matrix checked at a time (memory stays a few blocks)
# What a pair may gain over the prices and still count as priced out: the scores are
# float32, so a difference below this is rounding, not a better pair.
SPARSE_TOLERANCE = 1e-7
# Scores that take this few values or fewer (in a sample of this many pairs) are solved
# densely when the whole matrix of places by mentees is no larger than DENSE_UP_TO. At
# 3000 x 3000 the sparse graph took 1.2x the dense time with 13 values (three skills) and
# 1.35x with 269 (the benchmark's twenty skills), but 0.65-0.78x with 1,000 or more.
SPARSE_SAMPLE = 100_000
SPARSE_FEW_VALUES = 512
DENSE_UP_TO = 16_000_000


def assign_sparse(
    score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The highest total, exactly, without an assignment on the whole matrix.

    1. A sparse graph of arcs: each mentee's best allowed mentors and each mentor's best
       allowed mentees. A mentor of capacity c is c places ("slots"), and each mentee also
       has a place of its own that stands for staying unpaired.
    2. The optimal assignment on that graph: scipy's LAPJVsp
       (`min_weight_full_bipartite_matching`), costs `BIG - value`.
    3. Prices that prove it: shortest distances in the assignment's residual graph (Bellman-
       Ford, vectorised), which exist because the assignment is optimal on the graph.
    4. Every pair of the whole matrix is checked against the prices, a block of rows at a
       time. No pair worth more than its mentee's and its mentor's prices means no change
       can improve the total (no negative cycle): optimal for the whole matrix. Otherwise
       the most underpriced pairs are added as arcs and the graph solved again.
    """
    n_mentors, n_mentees = score.shape
    capacity = np.asarray(capacity, dtype=np.int64)
    slots = np.repeat(np.arange(n_mentors), capacity)
    if len(slots) * n_mentees <= DENSE_UP_TO and _few_values(score, allowed):
        return _assign_dense(score, allowed, slots)
    rows, cols = _best_arcs(score, allowed, capacity)
    if len(rows) == 0:  # nobody may be paired with anybody
        return rows, cols
    for _round in range(SPARSE_ROUNDS):
        pairs, mentee_price, mentor_price = _solve_arcs(score, rows, cols, capacity)
        more_rows, more_cols = _priced_in(score, allowed, mentor_price, mentee_price)
        new = ~np.isin(more_rows * n_mentees + more_cols, rows * n_mentees + cols)
        if not new.any():
            return pairs
        rows = np.concatenate([rows, more_rows[new]])
        cols = np.concatenate([cols, more_cols[new]])
    return _assign_dense(score, allowed, slots)


def _assign_dense(
    score: np.ndarray, allowed: np.ndarray, slots: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    mentors, mentees = _assign_total(score, allowed, slots)
    keep = allowed[mentors, mentees]
    return mentors[keep], mentees[keep]


def _few_values(score: np.ndarray, allowed: np.ndarray) -> bool:
    """Whether the allowed scores take only a few values (a sample of them says): then
    most people are interchangeable, and the dense assignment beats the sparse graph,
    which would add arcs among equals round after round."""
    sample = np.random.default_rng(0).integers(0, score.size, SPARSE_SAMPLE)
    values = score.ravel()[sample][allowed.ravel()[sample]]
    return len(values) > 0 and len(np.unique(values)) <= SPARSE_FEW_VALUES


def _solve_arcs(
    score: np.ndarray, rows: np.ndarray, cols: np.ndarray, capacity: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
    """The optimal pairs on these arcs, with the prices (distances) that prove it: of each
    mentee, and of each mentor (its dearest slot)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n_mentors, n_mentees = score.shape
    first_slot = np.concatenate([[0], np.cumsum(capacity)[:-1]])
    n_slots = int(capacity.sum())
    copies = capacity[rows]
    keep = copies > 0
    rows, cols, copies = rows[keep], cols[keep], copies[keep]
    mentee = np.repeat(cols, copies)
    slot = np.repeat(first_slot[rows], copies) + (
        np.arange(copies.sum()) - np.repeat(np.cumsum(copies) - copies, copies)
    )
    value = np.repeat(score[rows, cols].astype(np.float64) + PAIR_BONUS, copies)
    big = float(value.max(initial=0)) + 1.0
    # Columns: the slots, then one "unpaired" place per mentee.
    arc_mentee = np.concatenate([mentee, np.arange(n_mentees)])
    arc_column = np.concatenate([slot, n_slots + np.arange(n_mentees)])
    cost = np.concatenate([big - value, np.full(n_mentees, big)])
    n_columns = n_slots + n_mentees
    graph = csr_matrix((cost, (arc_mentee, arc_column)), shape=(n_mentees, n_columns))
    matched_mentee, matched_column = min_weight_full_bipartite_matching(graph)
    holder = np.full(n_columns, -1)
    holder[matched_column] = matched_mentee
    # The residual graph: nodes are mentees, then columns, then a sink. An arc not in the
    # assignment runs mentee -> column at its cost, one in it runs back at minus its cost;
    # a free column may end a path at the sink, and the sink may free a taken one.
    taken = holder[arc_column] == arc_mentee
    column_node = n_mentees + arc_column
    sink = n_mentees + n_columns
    all_columns = n_mentees + np.arange(n_columns)
    used = holder >= 0
    tail = np.concatenate(
        [np.where(taken, column_node, arc_mentee), np.where(used, sink, all_columns)]
    )
    head = np.concatenate(
        [np.where(taken, arc_mentee, column_node), np.where(used, all_columns, sink)]
    )
    length = np.concatenate([np.where(taken, -cost, cost), np.zeros(n_columns)])
    distance = _distances(tail, head, length, sink + 1)
    pairs_at = matched_column < n_slots
    slot_mentor = np.repeat(np.arange(n_mentors), capacity)
    pairs = (slot_mentor[matched_column[pairs_at]], matched_mentee[pairs_at].astype(np.int64))
    # In the whole matrix, pair (i, j) would be an arc j -> s for every slot s of i; it is
    # priced out when big - value + d[j] - d[s] >= 0 for all of them: value <= big + d[j]
    # - max_s d[s]. The prices below say that as value <= mentee price + mentor price.
    slot_distance = distance[n_mentees : n_mentees + n_slots]
    dearest = np.full(n_mentors, -np.inf)
    np.maximum.at(dearest, slot_mentor, slot_distance)
    mentee_price = big + distance[:n_mentees]
    mentor_price = -dearest  # a mentor without slots: -inf, never priced in
    return pairs, mentee_price, mentor_price


def _distances(tail: np.ndarray, head: np.ndarray, length: np.ndarray, nodes: int) -> np.ndarray:
    """Shortest distances from a source joined to every node at 0 (Bellman-Ford, each
    pass one vectorised relaxation of every arc), for a graph without negative cycles."""
    distance = np.zeros(nodes)
    for _pass in range(nodes):
        reached = np.full(nodes, np.inf)
        np.minimum.at(reached, head, distance[tail] + length)
        better = reached < distance - 1e-12
        if not better.any():
            return distance
        distance[better] = reached[better]
    raise ArithmeticError("The assignment's residual graph has a negative cycle.")


def _spread(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """A deterministic nudge in [0, SPARSE_SPREAD) for each pair of these rows and columns
    (indices), which differs between people with equal scores: it only ranks ties (see
    SPARSE_SPREAD)."""
    i, j = rows[:, None], cols[None, :]
    mixed = (i * 2_654_435_761 + j * 40_503 + (i ^ j) * 97) % 1021
    return mixed * (SPARSE_SPREAD / 1021)


def _best_arcs(
    score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The first arcs: each mentee's best allowed mentors and each mentor's best allowed
    mentees (as many as its capacity needs, and some), once each."""
    n_mentors, n_mentees = score.shape
    found = []
    per_mentee = min(SPARSE_OPTIONS, n_mentors)
    per_mentor = min(int(SPARSE_OPTIONS + capacity.max(initial=0)), n_mentees)
    for start in range(0, n_mentees, SPARSE_BLOCK):
        stop = min(start + SPARSE_BLOCK, n_mentees)
        block = np.where(
            allowed[:, start:stop],
            score[:, start:stop] + _spread(np.arange(n_mentors), np.arange(start, stop)),
            -1,
        )
        best = np.argpartition(-block, per_mentee - 1, axis=0)[:per_mentee]
        cols = np.broadcast_to(np.arange(block.shape[1]), best.shape)
        keep = block[best, cols] >= 0
        found.append((best[keep], cols[keep] + start))
    for start in range(0, n_mentors, SPARSE_BLOCK):
        stop = min(start + SPARSE_BLOCK, n_mentors)
        block = np.where(
            allowed[start:stop],
            score[start:stop] + _spread(np.arange(start, stop), np.arange(n_mentees)),
            -1,
        )
        best = np.argpartition(-block, per_mentor - 1, axis=1)[:, :per_mentor]
        rows = np.broadcast_to(np.arange(block.shape[0])[:, None], best.shape)
        keep = block[rows, best] >= 0
        found.append((rows[keep] + start, best[keep]))
    rows = np.concatenate([r for r, _c in found]).astype(np.int64)
    cols = np.concatenate([c for _r, c in found]).astype(np.int64)
    unique = np.unique(rows * n_mentees + cols)
    return unique // n_mentees, unique % n_mentees


def _priced_in(
    score: np.ndarray, allowed: np.ndarray, mentor_price: np.ndarray, mentee_price: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The allowed pairs worth more than their mentor's and mentee's prices together, the
    SPARSE_ADDED most underpriced of each mentee: none means the prices prove the
    assignment optimal for the whole matrix."""
    n_mentors, n_mentees = score.shape
    found_rows, found_cols, found_gains = [], [], []
    for start in range(0, n_mentors, SPARSE_BLOCK):
        stop = min(start + SPARSE_BLOCK, n_mentors)
        gain = (
            score[start:stop].astype(np.float64)
            + PAIR_BONUS
            - mentor_price[start:stop, None]
            - mentee_price[None, :]
        )
        gain[~allowed[start:stop]] = -np.inf
        # Most mentees are priced out in most blocks: sort only the columns that are not.
        open_cols = np.flatnonzero(gain.max(axis=0) > SPARSE_TOLERANCE)
        if len(open_cols) == 0:
            continue
        gain = gain[:, open_cols]
        most = min(SPARSE_ADDED, stop - start)
        ranked = gain + _spread(np.arange(start, stop), open_cols)
        top = np.argpartition(-ranked, most - 1, axis=0)[:most]
        cols = np.broadcast_to(open_cols, top.shape)
        gains = gain[top, np.broadcast_to(np.arange(len(open_cols)), top.shape)]
        over = gains > SPARSE_TOLERANCE
        found_rows.append(top[over] + start)
        found_cols.append(cols[over])
        found_gains.append(ranked[top, np.broadcast_to(np.arange(len(open_cols)), top.shape)][over])
    if not found_rows:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    rows, cols = np.concatenate(found_rows), np.concatenate(found_cols)
    order = np.lexsort((-np.concatenate(found_gains), cols))
    rows, cols = rows[order], cols[order]
    first = np.searchsorted(cols, cols, side="left")
    keep = (np.arange(len(cols)) - first) < SPARSE_ADDED
    return rows[keep].astype(np.int64), cols[keep].astype(np.int64)


def _assign_weakest_first(
    score: np.ndarray, allowed: np.ndarray, slots: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    def pairs_at_least(threshold: float) -> int:
        usable = allowed & (score >= threshold)
        mentors, mentees = _assign_max(usable.astype(np.float64), slots)
        return int(usable[mentors, mentees].sum())

    most = pairs_at_least(-np.inf)
    candidates = np.unique(score[allowed])
    low, high = 0, len(candidates) - 1
    while low < high:  # the highest threshold that still pairs `most` mentees
        middle = (low + high + 1) // 2
        if pairs_at_least(candidates[middle]) == most:
            low = middle
        else:
            high = middle - 1
    threshold = candidates[low] if len(candidates) else -np.inf
    usable = allowed & (score >= threshold)
    # A large bonus per pair keeps the number of pairs at its maximum; the scores decide the rest.
    bonus = float(score.max(initial=0)) * score.shape[1] + 1.0
    value = np.where(usable, score.astype(np.float64) + bonus, 0.0)
    return _assign_max(value, slots)


def assign_weakest_sparse(
    score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The most pairs, then the strongest weakest pair, then the highest total, exactly,
    without an assignment on the whole matrix at each step.

    1. The most pairs and the strongest weakest pair come from maximum matchings (Hopcroft-
       Karp, scipy) on a sparse graph of each person's best options, each proven maximum on
       the whole matrix by a vertex cover (König): the people reachable from an unpaired
       mentee by alternating paths. An allowed pair the cover misses could lengthen the
       matching: it is added to the graph, and the graph matched again. A search over the
       scores of the graph's arcs (then, if need be, of the whole matrix between the two
       last thresholds tried) finds the highest threshold at which the most pairs remain.
    2. The highest total among the pairs at or above that threshold: assign_sparse. When
       it pairs fewer people than the most (it may trade a pair for a higher total), the
       whole matrix is solved with a bonus per pair instead, as `assign` does below
       SPARSE_FROM.
    """
    capacity = np.asarray(capacity, dtype=np.int64)
    arcs = list(_best_arcs(score, allowed, capacity))

    def matching(threshold: float) -> tuple[np.ndarray, np.ndarray]:
        while True:
            rows, cols = arcs
            keep = score[rows, cols] >= threshold
            pairs, reached_mentors, reached_mentees = _max_matching(
                rows[keep], cols[keep], capacity, score.shape
            )
            more_rows, more_cols = _uncovered(
                score, allowed, threshold, reached_mentors, reached_mentees
            )
            new = ~np.isin(more_rows * score.shape[1] + more_cols, rows * score.shape[1] + cols)
            if not new.any():
                return pairs
            arcs[0] = np.concatenate([rows, more_rows[new]])
            arcs[1] = np.concatenate([cols, more_cols[new]])

    best = matching(-np.inf)
    most = len(best[0])
    if most == 0:
        return best
    low, high = float(score[best].min()), np.inf  # `low` keeps the most pairs, `high` not
    while True:
        rows, cols = arcs
        values = score[rows, cols]
        between = np.unique(values[(values > low) & (values < high)])
        if len(between) == 0:
            between = _values_between(score, allowed, low, high)
            if len(between) == 0:
                break
        threshold = float(between[len(between) // 2])
        found = matching(threshold)
        if len(found[0]) == most:
            best, low = found, float(score[found].min())
        else:
            high = threshold
    usable = allowed & (score >= low)
    mentors, mentees = assign_sparse(score, usable, capacity)
    if len(mentors) == most:
        return mentors, mentees
    mentors, mentees = _assign_weakest_dense(score, usable, capacity)
    keep = usable[mentors, mentees]
    return mentors[keep], mentees[keep]


def _assign_weakest_dense(
    score: np.ndarray, usable: np.ndarray, capacity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The most pairs among these, then the highest total: a bonus per pair on the whole
    matrix."""
    bonus = float(score.max(initial=0)) * score.shape[1] + 1.0
    value = np.where(usable, score.astype(np.float64) + bonus, 0.0)
    return _assign_max(value, np.repeat(np.arange(len(capacity)), capacity))


def _max_matching(
    rows: np.ndarray, cols: np.ndarray, capacity: np.ndarray, shape: tuple[int, int]
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
    """A maximum matching on these arcs (a mentor takes up to its capacity), and who is
    reachable from an unpaired mentee by alternating paths: mentors, mentees (booleans)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    n_mentors, n_mentees = shape
    first_slot = np.concatenate([[0], np.cumsum(capacity)[:-1]])
    copies = capacity[rows]
    keep = copies > 0
    rows, cols, copies = rows[keep], cols[keep], copies[keep]
    slot = np.repeat(first_slot[rows], copies) + (
        np.arange(copies.sum()) - np.repeat(np.cumsum(copies) - copies, copies)
    )
    n_slots = int(capacity.sum())
    graph = csr_matrix(
        (np.ones(len(slot), dtype=np.int8), (np.repeat(cols, copies), slot)),
        shape=(n_mentees, n_slots),
    )
    slot_of = maximum_bipartite_matching(graph, perm_type="column")  # per mentee, or -1
    slot_mentor = np.repeat(np.arange(n_mentors), capacity)
    paired = slot_of >= 0
    mentor_of = np.full(n_mentees, -1)
    mentor_of[paired] = slot_mentor[slot_of[paired]]
    # Alternating paths: an unpaired mentee reaches every mentor it has an arc to, and a
    # mentor reaches the mentees paired with it (the slots of a mentor are alike).
    adjacency = csr_matrix(
        (np.ones(len(rows), dtype=np.int8), (cols, rows)), shape=(n_mentees, n_mentors)
    ).T.tocsr()
    reached_mentees = ~paired
    reached_mentors = np.zeros(n_mentors, dtype=bool)
    frontier = reached_mentees.copy()
    while frontier.any():
        mentors = (adjacency @ frontier.astype(np.int8)) > 0
        new_mentors = mentors & ~reached_mentors
        reached_mentors |= new_mentors
        frontier = paired & new_mentors[np.maximum(mentor_of, 0)] & ~reached_mentees
        reached_mentees |= frontier
    mentees = np.flatnonzero(paired)
    return (mentor_of[mentees], mentees), reached_mentors, reached_mentees


def _uncovered(
    score: np.ndarray,
    allowed: np.ndarray,
    threshold: float,
    reached_mentors: np.ndarray,
    reached_mentees: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The allowed pairs at or above the threshold that the matching's vertex cover (the
    mentors reached, the mentees not reached) misses, the SPARSE_ADDED best of each mentee:
    none means the matching is maximum on the whole matrix."""
    columns = np.flatnonzero(reached_mentees)
    free_rows = np.flatnonzero(~reached_mentors)
    if len(columns) == 0 or len(free_rows) == 0:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    found_rows, found_cols = [], []
    for start in range(0, len(free_rows), SPARSE_BLOCK):
        block = free_rows[start : start + SPARSE_BLOCK]
        value = score[np.ix_(block, columns)]
        value = np.where(allowed[np.ix_(block, columns)] & (value >= threshold), value, -np.inf)
        most = min(SPARSE_ADDED, len(block))
        top = np.argpartition(-value, most - 1, axis=0)[:most]
        picked = value[top, np.arange(len(columns))[None, :]]
        over = np.isfinite(picked)
        found_rows.append(block[top[over]])
        found_cols.append(np.broadcast_to(columns, top.shape)[over])
    return (
        np.concatenate(found_rows).astype(np.int64),
        np.concatenate(found_cols).astype(np.int64),
    )


def _values_between(score: np.ndarray, allowed: np.ndarray, low: float, high: float) -> np.ndarray:
    """The distinct scores of allowed pairs strictly between two thresholds."""
    found = []
    for start in range(0, score.shape[0], SPARSE_BLOCK):
        block = score[start : start + SPARSE_BLOCK]
        found.append(
            np.unique(block[allowed[start : start + SPARSE_BLOCK] & (block > low) & (block < high)])
        )
    return np.unique(np.concatenate(found)) if found else np.array([])


def assign_greedy(
    score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray, order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs a person would form by hand, for comparison: mentees in order, each taking
    the best mentor still free."""
    left = np.asarray(capacity, dtype=np.int64).copy()
    mentors, mentees = [], []
    for j in order:
        options = np.where(allowed[:, j] & (left > 0), score[:, j], -1.0)
        best = int(options.argmax()) if len(options) else -1
        if best >= 0 and options[best] >= 0:
            mentors.append(best)
            mentees.append(int(j))
            left[best] -= 1
    return np.array(mentors, dtype=np.int64), np.array(mentees, dtype=np.int64)


PART_SKILL = "skill"
PART_LANGUAGE = "language"
PART_AVAILABILITY = "availability"
PART_DEPARTMENT = "department"


def score_parts(
    mentors: People, mentees: People, criteria: Criteria, i: np.ndarray, j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every part of the given pairs' scores, in score points: the columns are the skills
    (one each), then a shared language, shared availability and another department.

    The parts of a pair add up to its score. Returns (parts, weights), where weights says
    which columns count at all (a skill the mentee does not want, or a criterion of weight 0,
    is no part of the score).
    """
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    weight_sum = (
        1.0 + criteria.language_weight + criteria.availability_weight + criteria.department_weight
    )
    skills = contributions(mentors, mentees, criteria.skill_weights, i, j) / weight_sum
    language = (mentors.languages[i] & mentees.languages[j]) > 0
    width = max(int(max(mentees.availability.max(initial=0), 1)).bit_length(), 1)
    shared = _bits(mentors.availability[i] & mentees.availability[j], width).sum(axis=1)
    wanted = np.maximum(_bits(mentees.availability[j], width).sum(axis=1), 1)
    other = mentors.department[i] != mentees.department[j]
    extra = np.stack(
        [
            criteria.language_weight * language,
            criteria.availability_weight * shared / wanted,
            criteria.department_weight * other,
        ],
        axis=1,
    )
    parts = np.concatenate([skills, 100.0 * extra / weight_sum], axis=1)
    counts = np.concatenate(
        [
            (mentees.wants[j] & (criteria.skill_weights[None, :] > 0)),
            np.broadcast_to(
                np.array(
                    [
                        criteria.language_weight > 0,
                        criteria.availability_weight > 0,
                        criteria.department_weight > 0,
                    ]
                ),
                (len(i), 3),
            ),
        ],
        axis=1,
    )
    return parts, counts


def rounded_parts(parts: np.ndarray, total: float, digits: int = 1) -> list[float]:
    """Round the parts of one score so that they add up exactly to the score as shown
    (largest remainders get the last tenths), never below zero."""
    unit = 10.0**-digits
    target = int(round(total / unit))
    scaled = np.maximum(np.asarray(parts, dtype=np.float64), 0) / unit
    floors = np.floor(scaled).astype(np.int64)
    short = target - int(floors.sum())
    order = np.argsort(-(scaled - floors), kind="stable")
    if short > 0:
        floors[order[:short]] += 1
    elif short < 0:
        for n in order[::-1]:
            if short == 0:
                break
            if floors[n] > 0:
                floors[n] -= 1
                short += 1
    return [round(float(value) * unit, digits) for value in floors]


def contributions(
    mentors: People, mentees: People, weights: np.ndarray, i: np.ndarray, j: np.ndarray
) -> np.ndarray:
    """For the given pairs, each skill's part of the gap score: (pairs, S), in points of
    the gap's 0-100 scale; the largest parts explain why a pair was chosen."""
    wanted_weight = mentees.wants[j] * weights[None, :]
    gap = np.maximum(mentors.levels[i] - mentees.levels[j], 0) * wanted_weight
    norm = wanted_weight.sum(axis=1, keepdims=True) * MAX_LEVEL_GAP
    return 100.0 * gap / np.where(norm > 0, norm, 1)
