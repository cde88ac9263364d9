"""Property-based tests: the router, sniffer, text engine and fingerprint never raise, and are stable.

Each takes arbitrary input; the same input always gives the same answer.
"""

from __future__ import annotations

import itertools
import random

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from towerkit.config import Settings
from towerkit.drift.fingerprint import fingerprint, similarity
from towerkit.engines.probe import PageSignals
from towerkit.engines.routing import decide
from towerkit.engines.sniff import sniff
from towerkit.engines.text import extract_text
from towerkit.errors import ExtractionError
from towerkit.models import Word

# ruff: noqa: S101, INP001  pytest asserts; tests/ is no package (pytest imports it by rootdir)

SETTINGS = Settings(workers=0)
finite = st.floats(min_value=0, max_value=1e6, allow_nan=False)
ratio = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def signals(draw: st.DrawFn) -> PageSignals:
    """Any page measurement a probe could report, consistent within itself (unmapped <= glyphs)."""
    glyphs = draw(st.integers(0, 100_000))
    unmapped = draw(st.integers(0, glyphs))
    return PageSignals(
        page=draw(st.integers(1, 10_000)),
        width=draw(finite),
        height=draw(finite),
        chars=glyphs - unmapped,
        glyphs=glyphs,
        unmapped=unmapped,
        char_density=draw(finite),
        unmapped_ratio=unmapped / glyphs if glyphs else 0.0,
        image_coverage=draw(ratio),
        images=draw(st.integers(0, 50)),
        vector_paths=draw(st.integers(0, 100_000)),
    )


@given(signals())
def test_router_always_decides_with_a_reason(sig: PageSignals) -> None:
    """Any measured signals give a route, text or ocr, and a one-line reason; the same input the same answer."""
    route, reason = decide(sig, SETTINGS)
    assert route in ("text", "ocr")
    assert reason
    assert "\n" not in reason
    assert decide(sig, SETTINGS) == (route, reason)


@given(signals())
def test_garbage_text_layer_never_routes_to_text(sig: PageSignals) -> None:
    """A page whose glyphs are mostly unmapped is never trusted as text, whatever else it shows."""
    if sig.unmapped_ratio > SETTINGS.text_max_unmapped:
        assert decide(sig, SETTINGS)[0] == "ocr"


@given(st.binary(max_size=4096), st.text(max_size=40))
def test_sniffer_names_any_bytes(head: bytes, name: str) -> None:
    """Arbitrary bytes under an arbitrary name are classified without raising."""
    got = sniff(head, name)
    assert got.kind
    assert got.mime_label


@hsettings(max_examples=200)
@given(st.binary(max_size=2048))
def test_text_engine_reads_or_refuses_any_bytes(data: bytes) -> None:
    """Arbitrary bytes are decoded into words or refused with a typed error, nothing else."""
    try:
        words, pages, encoding = extract_text(data)
    except ExtractionError as e:
        refused = e
    else:
        assert encoding
        assert pages
        assert all(w.page >= 1 and w.x1 >= w.x0 for w in words)
        return
    assert refused.reason
    assert "\n" not in refused.reason


words_st = st.lists(
    st.builds(
        Word,
        text=st.text(min_size=1, max_size=12),
        page=st.integers(1, 3),
        x0=st.floats(0, 600),
        top=st.floats(0, 780),
        x1=st.floats(600, 612),
        bottom=st.floats(780, 792),
        conf=st.one_of(st.none(), st.floats(0, 100)),
    ),
    max_size=60,
)


def test_words_on_one_spot_give_one_fingerprint_in_any_order() -> None:
    """Hypothesis found it: an ``=`` and another word with the same box made the order matter."""
    same = {"x0": 0.0, "top": 0.0, "x1": 600.0, "bottom": 780.0, "conf": None}
    words = [Word("0", 1, **same), Word("0", 1, **same), Word("=", 3, **same), Word("\ufb00", 3, **same)]
    assert len({fingerprint(list(p)).exact for p in itertools.permutations(words)}) == 1


@given(words_st, st.randoms(use_true_random=False))
def test_fingerprint_is_stable_and_order_free(words: list[Word], rnd: random.Random) -> None:
    """The same words in any order give the same fingerprint, fully similar to itself."""
    fp = fingerprint(words)
    shuffled = list(words)
    rnd.shuffle(shuffled)
    again = fingerprint(shuffled)
    assert again.exact == fp.exact
    assert again.signature == fp.signature
    if fp.shingles:
        assert similarity(fp, again) == 1.0
