"""Layout fingerprints from hand-built words: values ignored, layouts told apart, deterministic."""

from __future__ import annotations

import random
import subprocess
import sys

from layouts import form, values
from towerkit.fingerprint import (
    consensus, fingerprint, from_shingles, minhash, normalize_token, signature_similarity, similarity, static_words,
)
from towerkit.models import Word


def test_values_do_not_change_the_fingerprint() -> None:
    """Two documents of one template with different numbers, dates and names share one exact fingerprint."""
    a, b = fingerprint(*form(values(1))), fingerprint(*form(values(7)))
    assert a.exact == b.exact and similarity(a, b) == 1.0


def test_values_are_dropped_even_without_field_boxes() -> None:
    """Words after a label's colon (a name, a number) are values even when no field box marks them."""
    words, _ = form(values(3))
    kept = {w.text for w in static_words(words)}
    assert {"site", "name", "structure", "height", "max", "capacity"} <= kept
    assert not kept & {"marsh", "creek", "water", "ft", "pass", "fail"}


def test_word_order_does_not_matter() -> None:
    """The same words in any order give the same fingerprint."""
    words, fields = form(values(2))
    shuffled = list(words)
    random.Random(4).shuffle(shuffled)
    assert fingerprint(words, fields) == fingerprint(shuffled, fields)


def test_uniform_shift_is_not_a_new_layout() -> None:
    """A whole page offset by a scan margin keeps the exact fingerprint (positions are page-relative)."""
    assert fingerprint(*form(values(1))).exact == fingerprint(*form(values(1), dx=13, dy=9)).exact


def test_moved_and_renamed_fields_lower_similarity_but_stay_in_family() -> None:
    """A moved or renamed field changes the fingerprint but keeps it above a 0.55 match threshold."""
    base = fingerprint(*form(values(1)))
    moved = fingerprint(*form(values(1), moves={"structure_height_ft": (250, 60)}))
    renamed = fingerprint(*form(values(1), labels={"structure_height_ft": "Overall Height:"}))
    for other in (moved, renamed):
        assert other.exact != base.exact
        assert 0.55 <= similarity(base, other) < 1.0


def test_a_different_template_is_dissimilar() -> None:
    """Another vendor's form with other labels and headings scores far below the threshold."""
    layout = (("site_id", "Tower Number", 60, 100), ("structure_height_ft", "Overall AGL", 60, 130),
              ("inspection_date", "Visit", 60, 160))
    other = fingerprint(*form(values(1), layout=layout, headings=(("Northwind Engineering LLC", 200, 40),
                                                                   ("Climb report", 200, 60))))
    assert similarity(fingerprint(*form(values(1))), other) < 0.2


def test_low_confidence_ocr_words_are_ignored() -> None:
    """OCR garbage below the confidence floor does not change the fingerprint."""
    words, fields = form(values(1), conf=93.0)
    noise = [Word("Xq#k", 1, 400, 500, 420, 510, 12.0), Word("lll", 1, 20, 700, 30, 710, 30.0)]
    assert fingerprint(words, fields).exact == fingerprint(words + noise, fields).exact


def test_normalize_token_folds_case_accents_and_punctuation() -> None:
    """OCR and text-layer spellings of one label normalize to the same token."""
    assert normalize_token("Height:") == normalize_token("HEIGHT") == "height"
    assert normalize_token("Émission,") == "emission"


def test_minhash_estimates_jaccard() -> None:
    """The 64-value MinHash agrees with the exact Jaccard within sampling error."""
    a = from_shingles(f"s{i}" for i in range(200))
    b = from_shingles(f"s{i}" for i in range(100, 300))
    assert abs(signature_similarity(a.signature, b.signature) - 1 / 3) < 0.15
    assert similarity(a, b) == 100 / 300


def test_minhash_is_the_same_in_another_process() -> None:
    """Signatures use blake2b, not hash(): a fresh interpreter (new hash seed) computes the same values."""
    code = "from towerkit.fingerprint import minhash; print(list(minhash(['a|1', 'b|2', 'c|3'])))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "12345", "PATH": ""}).stdout
    assert out.strip() == str(list(minhash(["a|1", "b|2", "c|3"])))


def test_consensus_keeps_the_static_core() -> None:
    """Shingles in fewer than half of the documents (a stray name) leave the consensus."""
    fps = [fingerprint(*form(values(i), extra=((f"Note{'x' * i}", 72, 400),))) for i in range(4)]
    core = consensus(fps)
    assert not any("notex" in s for s in core.shingles)
    assert core.exact == fingerprint(*form(values(0))).exact
