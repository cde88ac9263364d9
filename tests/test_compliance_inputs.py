# ruff: noqa: S101, INP001
"""The rule inputs the documents carry (issue 22): TIA edition, risk category, site exposure, petitionable.

Each is read from a label (value right, below, in a boxed form) and from running text, on words laid out
the way a page prints them: label columns, wrapped paragraphs, an OCR'd form with a glyph wrong. The
traps are the real ones: "corrosion" found on the steel is no corrosive environment, a negated sentence
says the opposite, "Class 1 Division 2" and "Site Class D" are other classes, the original design's
edition is not the analysis's, "not subject to review" is not "subject to review". Last, the generator's
real PDFs: their inspections print "TIA-222-H" and a "corrosion" finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.fields import extract_fields, load_catalog
from towerkit.models import Classification, ExtractedDoc, PageRecord, Word
from towerkit.sample import generate

CAT = load_catalog()
INPUTS = ("tia_revision", "risk_category", "site_environment", "petitionable")
INSPECTION = "structural_inspection"
FAA = "faa_determination"


def _doc(words: list[Word], route: str = "text") -> ExtractedDoc:
    page = PageRecord(1, route, "pdfplumber" if route == "text" else "tesseract", 612, 792, 100, 1.0, 0.0, 0.0, "t")
    return ExtractedDoc("pdf", page.engine, "test", (page,), tuple(words), ())


def _line(x: float, top: float, text: str, conf: float | None = None) -> list[Word]:
    """Words of ``text`` from x: 5 pt per character, one 3 pt space (a 10 pt font)."""
    out = []
    for tok in text.split():
        out.append(Word(tok, 1, x, top, x + 5 * len(tok), top + 10, conf))
        x += 5 * len(tok) + 3
    return out


def _form(*rows: tuple[str, str], top: float = 100, conf: float | None = None) -> list[Word]:
    """A label column at x=72 and a value column at x=240, one row every 20 pt."""
    words: list[Word] = []
    for i, (label, value) in enumerate(rows):
        words += _line(72, top + 20 * i, label, conf) + _line(240, top + 20 * i, value, conf)
    return words


def _para(text: str, top: float = 300, per_line: int = 12) -> list[Word]:
    """Running text wrapped ``per_line`` words a line, 14 pt apart, as a report's paragraph prints."""
    toks, words = text.split(), []
    for i in range(0, len(toks), per_line):
        words += _line(72, top + 14 * (i // per_line), " ".join(toks[i : i + per_line]))
    return words


def _read(
    words: list[Word], doc_type: str = INSPECTION, route: str = "text"
) -> dict[str, tuple[str | None, str | None]]:
    """The inputs found, as (value, error); fields not found are absent."""
    got = extract_fields(_doc(words, route), Classification(doc_type, "x", 1.0), CAT)
    return {f.field: (f.value, f.error) for f in got if f.field in (*INPUTS, "structure_type")}


def test_catalog_declares_the_inputs_as_extra_fields() -> None:
    """Four enum fields on their document types, none critical (they are not in DESIGN.md's contract)."""
    for name, doc_type, allowed in (
        ("tia_revision", INSPECTION, ("f", "g", "h")),
        ("risk_category", INSPECTION, ("i", "ii", "iii", "iv")),
        ("site_environment", INSPECTION, ("coastal", "corrosive", "vandalism", "normal")),
        ("petitionable", FAA, ("yes", "no")),
    ):
        spec = CAT.fields[name]
        assert spec.type == "enum"
        assert spec.allowed == allowed
        assert spec.doc_types == (doc_type,)
        assert name not in CAT.critical(doc_type)
        assert spec.patterns, f"{name} reads prose too"


# --- labels ---------------------------------------------------------------------------------------


def test_labels_right_of_their_values() -> None:
    """A report's summary block: edition, risk category and exposure beside the structure type."""
    words = _form(
        ("Structure Type:", "Monopole"),
        ("Design Standard:", "ANSI/TIA-222-H"),
        ("Risk Category:", "III"),
        ("Site Environment:", "Coastal"),
    )
    assert _read(words) == {
        "structure_type": ("monopole", None),
        "tia_revision": ("h", None),
        "risk_category": ("iii", None),
        "site_environment": ("coastal", None),
    }


@pytest.mark.parametrize(
    ("label", "value", "field", "want"),
    [
        ("TIA Standard:", "TIA 222 Rev. H", "tia_revision", "h"),
        ("Design Code:", "TIA/EIA-222-F", "tia_revision", "f"),
        ("TIA Revision:", "G", "tia_revision", "g"),
        ("Risk Category:", "2", "risk_category", "ii"),
        ("Risk Category:", "IV (Essential)", "risk_category", "iv"),
        ("Exposure Environment:", "Corrosive atmosphere", "site_environment", "corrosive"),
        ("Environment:", "Salt water", "site_environment", "coastal"),
        ("Environment:", "Non-corrosive", "site_environment", "normal"),
        ("Site Environment:", "Vandalism prone", "site_environment", "vandalism"),
    ],
)
def test_label_wordings_and_printed_values(label: str, value: str, field: str, want: str) -> None:
    """The printed forms of each value map onto the lowercase enum (DESIGN's enum rule)."""
    assert _read(_form((label, value)))[field] == (want, None)


def test_structure_class_is_rev_g_class_and_leaves_the_type_alone() -> None:
    """Rev G prints 'Structure Class: 2'; the structure type beside it is still read from its own label."""
    words = _form(("Structure Type:", "Self-Supporting Lattice"), ("Structure Class:", "2"))
    got = _read(words)
    assert got["risk_category"] == ("ii", None)
    assert got["structure_type"] == ("self_supporting", None)


def test_boxed_form_values_below_labels() -> None:
    """A boxed form prints each value under its label, three boxes a row."""
    words = (
        _line(72, 100, "TIA STANDARD")
        + _line(240, 100, "RISK CATEGORY")
        + _line(400, 100, "ENVIRONMENT")
        + _line(72, 112, "TIA-222-G")
        + _line(240, 112, "III")
        + _line(400, 112, "MARINE")
    )
    got = _read(words)
    assert (got["tia_revision"], got["risk_category"], got["site_environment"]) == (
        ("g", None),
        ("iii", None),
        ("coastal", None),
    )


def test_ocr_form_with_a_glyph_wrong() -> None:
    """A scan: 'Risk Categcry' and 'Site Envlronment' are read with one glyph wrong; values still map."""
    words = _form(("Risk Categcry:", "III"), ("Site Envlronment:", "Corrosive"), conf=71)
    got = _read(words, route="ocr")
    assert got["risk_category"] == ("iii", None)
    assert got["site_environment"] == ("corrosive", None)


def test_a_generic_code_line_neither_guesses_nor_errs() -> None:
    """'Code: ANSI/TIA-222-H' is read from the text; 'Code Compliance: Pass' is no edition and no error."""
    assert _read(_form(("Code:", "ANSI/TIA-222-H")))["tia_revision"] == ("h", None)
    assert "tia_revision" not in _read(_form(("Code Compliance:", "Pass"), ("Building Code:", "2018 IBC")))


# --- prose ----------------------------------------------------------------------------------------


def test_edition_the_analysis_follows_not_the_original_design() -> None:
    """Whichever order the report tells it in, the edition of the analysis wins over the original design's."""
    first = "This structural analysis was performed in accordance with ANSI/TIA-222-H. The tower was "
    first += "originally designed per TIA/EIA-222-F by the manufacturer in 1998."
    later = "The tower was originally designed per TIA/EIA-222-F by the manufacturer in 1998. "
    later += "This structural analysis was performed in accordance with ANSI/TIA-222-G-2."
    assert _read(_para(first))["tia_revision"] == ("h", None)
    assert _read(_para(later))["tia_revision"] == ("g", None)
    assert _read(_para("Capacities per TIA-222-H, 105% allowance not applied."))["tia_revision"] == ("h", None)
    assert "tia_revision" not in _read(_para("Performed in general accordance with ANSI/TIA-222 Annex J."))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The site is located in a coastal salt-water environment and was climbed on the date above.", "coastal"),
        ("The tower stands within a marine environment subject to salt spray.", "coastal"),
        ("Galvanizing loss is expected because the structure sits in a corrosive atmosphere.", "corrosive"),
        ("The compound has a history of vandalism; the shelter door was replaced.", "vandalism"),
        ("The equipment shelter was vandalized prior to the visit.", "vandalism"),
        ("Minor corrosion and missing hardware were noted and should be corrected.", None),
        ("Surface corrosion was observed at the base plate and anchor rods.", None),
        ("The site is not located in a coastal environment.", None),
        ("No evidence of vandalism was observed at the compound.", None),
        ("The structure is in a non-corrosive environment.", None),
    ],
)
def test_site_environment_in_prose(text: str, want: str | None) -> None:
    """An exposure the report states; a corrosion finding or a negated sentence is none."""
    got = _read(_para(text)).get("site_environment")
    assert got == ((want, None) if want else None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The structure was analyzed as Structure Class III per TIA-222-G.", "iii"),
        ("Design criteria: Risk Category 2, Exposure Category C, Topographic Category 1.", "ii"),
        ("The tower is a Class II structure.", "ii"),
        ("The monopole supports essential communications and is designed to Risk Category 4.", "iv"),
        ("Generator enclosure in a Class 1 Division 2 area. Site Class D soil.", None),
        ("The fuel tank area is Class I, Division 2 and was not inspected.", None),
    ],
)
def test_risk_category_in_prose(text: str, want: str | None) -> None:
    """Risk category or structure class in running text; electrical and soil classes are not it."""
    got = _read(_para(text)).get("risk_category")
    assert got == ((want, None) if want else None)


# --- FAA letters ----------------------------------------------------------------------------------

FINAL = (
    "This determination becomes final on March 16, 2025 unless a petition is timely filed on or before "
    "March 6, 2025. In the event a petition for review is filed, it must contain a full statement of the basis."
)
REVIEW = (
    "This determination is subject to review if an interested party files a petition that is received by "
    "the FAA on or before 02/24/2025."
)
NOT_SUBJECT = "This determination is not subject to review. It is effective on the date of issuance."


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (FINAL, "yes"),
        (REVIEW, "yes"),
        (NOT_SUBJECT, "no"),
        ("This determination is not subject to petition.", "no"),
        ("This determination expires on 07/24/2026 unless construction is started.", None),
    ],
)
def test_petitionable_in_an_faa_letter(text: str, want: str | None) -> None:
    """The letter's own sentence decides; a letter that says nothing about petitions leaves the field out."""
    words = _line(72, 80, "Federal Aviation Administration") + _line(72, 100, "Aeronautical Study No. 2025-ASW-123-OE")
    got = _read(words + _para(text, top=200), FAA).get("petitionable")
    assert got == ((want, None) if want else None)


def test_petitionable_from_a_summary_label() -> None:
    """A consultant's summary grid: 'Petitionable: No'."""
    assert _read(_form(("Petitionable:", "No"), ("Determination:", "No Hazard")), FAA)["petitionable"] == ("no", None)


# --- the generator's real PDFs --------------------------------------------------------------------


@pytest.fixture(name="inspections", scope="module")
def _inspections(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict, Path]]:
    """The structural inspections of a small generated corpus, with their ground-truth rows."""
    root = tmp_path_factory.mktemp("inputs")
    rows = generate(root, docs=20, seed=11)
    return [(r, root / r["file"]) for r in rows if r["doc_type"] == INSPECTION and r["expect_status"] == "ingested"]


def _check_real(row: dict, path: Path) -> bool:
    """Read one generated PDF; True when it printed 'TIA-222-H' (then the edition is h) — never an exposure."""
    doc = extract(path, Settings(workers=0))
    got = {f.field: f for f in extract_fields(doc, Classification(row["doc_type"], "x", 1.0), CAT)}
    printed = "TIA-222-H" in " ".join(w.text for w in doc.words)
    if printed:
        assert got["tia_revision"].value == "h", row["file"]
    assert "tia_revision" not in got or got["tia_revision"].value == "h", row["file"]
    assert "site_environment" not in got, f"{row['file']}: a corrosion finding is no corrosive environment"
    assert "risk_category" not in got, row["file"]
    assert "petitionable" not in got, row["file"]
    return printed


def test_generated_text_layer_inspections(inspections: list[tuple[dict, Path]]) -> None:
    """Inspections with a text layer that print 'TIA-222-H' give h; their corrosion findings give no exposure."""
    text = [(r, p) for r, p in inspections if r["route"] == "text"]
    assert text
    assert sum(_check_real(r, p) for r, p in text) >= 1


@pytest.mark.ocr
def test_generated_scanned_inspections(inspections: list[tuple[dict, Path]]) -> None:
    """Scanned inspections, read by the real Tesseract: the same, through OCR."""
    scans = [(r, p) for r, p in inspections if r["route"] == "ocr"]
    assert scans
    for r, p in scans:
        _check_real(r, p)
