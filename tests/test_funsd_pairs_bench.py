# ruff: noqa: S101, PLR2004, INP001
"""The pair scorer of ``benchmarks/funsd_pairs.py``: when a found pair counts for an annotated one."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from funsd_pairs import KV, Tally, match, norm_text, similarity

DATE = KV("Date:", "9/ 3/ 92", (482, 268, 518, 282), (543, 264, 590, 279))
NAME = KV("Name / Phone Ext. :", "M. Hamann", (89, 272, 204, 289), (215, 271, 451, 287))
FAR = (0.0, 0.0, 5.0, 5.0)


def test_norm_text_drops_case_spacing_punctuation_and_the_trailing_colon() -> None:
    """Case, runs of spaces, surrounding punctuation and a trailing colon do not count."""
    assert norm_text("  Name /  Phone Ext. :") == "name / phone ext"
    assert norm_text("(Note:") == "note"
    assert similarity("DATE", "date:") == 1.0
    assert similarity("", "") == 0.0


def test_a_pair_matches_by_text_alone_when_its_boxes_are_elsewhere() -> None:
    """Label and value read alike (similarity >= 0.8) match even with boxes nowhere near."""
    found = [KV("Date", "9/3/92", FAR, FAR, "same_line")]
    assert match(found, [NAME, DATE]) == [1]


def test_a_pair_matches_by_boxes_alone_when_ocr_garbled_its_text() -> None:
    """A misread label and value still match when both boxes overlap the truth's (IoU >= 0.5)."""
    found = [KV("Nme/Pbone", "W. Harnan", (92, 274, 202, 289), (218, 272, 440, 287), "below")]
    assert match(found, [DATE, NAME]) == [1]


def test_each_side_may_match_its_own_way() -> None:
    """The label by its text and the value by its box make a match."""
    found = [KV("date", "#%@!", FAR, (545, 265, 589, 279))]
    assert match(found, [DATE]) == [0]


def test_one_truth_pair_is_matched_by_one_found_pair_the_closer_one() -> None:
    """Two found pairs for one truth pair: only one counts, the one closer to the truth."""
    rough = KV("Dale", "9/3/92", FAR, FAR)
    exact = KV("Date:", "9/ 3/ 92", DATE.label_box, DATE.value_box)
    assert match([rough, exact], [DATE]) == [None, 0]


def test_a_right_label_with_a_wrong_value_is_a_miss() -> None:
    """The label alone is not enough: a value that neither reads nor sits like the truth's misses."""
    found = [KV("Date:", "Licensee", DATE.label_box, (511, 309, 570, 323))]
    assert match(found, [DATE]) == [None]


def test_an_empty_label_matches_only_by_its_box() -> None:
    """Empty texts are never similar, so an unlabelled truth pair needs its label box found."""
    blank = KV("", "Yes", (211, 651, 217, 662), (220, 650, 240, 662))
    assert match([KV("", "Yes", FAR, blank.value_box)], [blank]) == [None]
    assert match([KV(":", "Yes", (211, 651, 218, 662), FAR)], [blank]) == [0]


def test_tally_pools_forms_and_counts_precision_per_kind() -> None:
    """Precision, recall and F1 pool every form; per-kind precision says which rule misfired."""
    t = Tally()
    t.add([KV("a", "b", FAR, FAR, "same_line"), KV("c", "d", FAR, FAR, "below")], [DATE, NAME], [0, None])
    t.add([KV("e", "f", FAR, FAR, "same_line")], [DATE], [0])
    p, r, f1 = t.prf()
    assert (t.found, t.truth, t.matched) == (3, 3, 2)
    assert (p, r) == (2 / 3, 2 / 3)
    assert abs(f1 - 2 / 3) < 1e-9
    assert t.kind_matched["same_line"] == 2
    assert t.kind_matched["below"] == 0
    assert t.kind_found["below"] == 1
