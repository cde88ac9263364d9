"""Field extraction on hand-built words (label right, below, grid table, prose) and on a generated corpus."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from towerkit.fields import extract_fields, load_catalog
from towerkit.fields.layout import build_lines
from towerkit.models import Classification, ExtractedDoc, PageRecord, Table, Word

CAT = load_catalog()


def _doc(words: list[Word], tables: tuple[Table, ...] = (), route: str = "text") -> ExtractedDoc:
    page = PageRecord(1, route, "pdfplumber" if route == "text" else "tesseract", 612, 792, 100, 1.0, 0.0, 0.0, "t")
    return ExtractedDoc("pdf", page.engine, "test", (page,), tuple(words), tables)


def _line(x: float, top: float, text: str, conf: float | None = None, page: int = 1) -> list[Word]:
    """Words of ``text`` starting at x, 5 pt per character and one 3 pt space."""
    out = []
    for tok in text.split():
        out.append(Word(tok, page, x, top, x + 5 * len(tok), top + 10, conf))
        x += 5 * len(tok) + 3
    return out


def _fields(doc: ExtractedDoc, doc_type: str, cat=CAT) -> dict:
    return {f.field: f for f in extract_fields(doc, Classification(doc_type, "x", 1.0), cat)}


def test_label_right_same_line_and_box() -> None:
    """Values right of their labels (with and without colon) are found, with boxes on the value."""
    words = (
        _line(72, 100, "Site ID:")
        + _line(220, 100, "TX-0147")
        + _line(72, 120, "Tower Ht. AGL (m)")
        + _line(220, 120, "60.8")
        + _line(72, 140, "Date of Inspection")
        + _line(220, 140, "14-Mar-2024")
        + _line(72, 160, "Structure Type:")
        + _line(220, 160, "SST")
    )
    f = _fields(_doc(words), "structural_inspection")
    assert f["site_id"].value == "TX-0147" and f["site_id"].x0 == 220 and f["site_id"].label == "Site ID:"
    assert f["structure_height_ft"].value == "199.5"
    assert f["inspection_date"].value == "2024-03-14" and f["inspection_date"].value_date is not None
    assert f["structure_type"].value == "self_supporting"


def test_a_name_leaves_the_street_address_printed_under_it() -> None:
    """The tenant's address on the line under its name wraps into the value; the name ends where the address begins."""
    words = _line(72, 100, "Lessee") + _line(180, 100, "Meridian Wireless Holdings, LLC")
    words += _line(180, 113, "1754 Industrial Pkwy, Danville, VA 42472")
    words += _line(72, 140, "Lessor") + _line(180, 140, "Harlan Family Trust")
    f = _fields(_doc(words), "lease_amendment")
    assert f["lessee"].value == "Meridian Wireless Holdings, LLC"
    assert f["lessor"].value == "Harlan Family Trust"


def test_a_value_wholly_an_id_beats_a_name_with_an_id_shaped_piece() -> None:
    """``Site: Hwy 31 II`` holds ``HWY 31`` only as part of a name; ``Asset ID: US-OK-4075`` is the id."""
    words = _line(72, 100, "Asset ID: US-OK-4075") + _line(72, 120, "Site: Hwy 31 II")
    assert _fields(_doc(words), "faa_determination")["site_id"].value == "US-OK-4075"
    alone = _line(72, 100, "Site: Hwy 31 II")
    assert _fields(_doc(alone), "faa_determination")["site_id"].value == "HWY 31"  # no whole id: the piece


def test_a_skewed_leader_boxed_as_two_glyphs_is_no_part_of_the_id_after_it() -> None:
    """``SITE # 2c KS-62943``: the leader's dots read as ``2c``, boxed 160 pt wide and rising 2.8 pt over it."""
    words = [Word("SITE", 1, 46.7, 85.4, 64.4, 91.9, 31.4), Word("#", 1, 67.7, 86.1, 71.9, 91.9, 31.4)]
    words += [Word("2c", 1, 77.7, 91.2, 237.3, 94.0, 0.0), Word("KS-62943", 1, 245.7, 88.2, 282.1, 95.0, 92.8)]
    words += _line(46.7, 100.8, "Aeronautical Study Number 2021-ANE-1246-OE", conf=95.0)
    assert _fields(_doc(words, route="ocr"), "faa_determination")["site_id"].value == "KS-62943"


def test_a_scan_s_ist_is_the_first_in_prose() -> None:
    """``the Ist of November`` in a sentence: OCR's 1st, read by the prose patterns' date too."""
    words = _line(72, 100, "Term. This permit expires on the Ist of November, 2022 unless renewed.", conf=90.0)
    f = _fields(_doc(words, route="ocr"), "municipal_permit")
    assert f["expiration_date"].value == "2022-11-01"


@pytest.mark.parametrize(("printed", "want"), [("01/ 19/2028", "2028-01-19"), ("May..29, 2028", "2028-05-29")])
def test_a_scan_s_spaced_or_dotted_date_is_the_date_in_prose(printed: str, want: str) -> None:
    """A space after a slash, a speck after the month: the prose patterns' date reads what the normaliser does."""
    words = _line(72, 100, f"3.3 Term. This permit expires on {printed} unless renewed.", conf=90.0)
    f = _fields(_doc(words, route="ocr"), "municipal_permit")
    assert f["expiration_date"].value == want


def test_a_label_that_says_whose_date_beats_a_bare_date_label() -> None:
    """``DT: Mar. 28, 2011`` (the lease's start) and ``AMEND. DT: 11/16/2023``: the amendment's date is the second."""
    words = _line(72, 100, "DT: Mar. 28, 2011") + _line(72, 120, "AMEND. DT: 11/16/2023")
    assert _fields(_doc(words), "lease_amendment")["amendment_date"].value == "2023-11-16"


def test_label_below_grid_and_ocr_typos() -> None:
    """Boxed forms put the value under its label; OCR typos in labels still match."""
    words = (
        _line(76, 80, "SITE ID")
        + _line(234, 80, "OVERALL HEIGHT ABOVE GROUND")
        + _line(420, 80, "RESULT")
        + _line(76, 92, "AZ-O244", 80)
        + _line(234, 92, "112 ft", 85)
        + _line(420, 92, "Passed", 90)
        + _line(76, 130, "Expiratlon Heiqht")
        + _line(76, 160, "Inspectlon Date", 70)
        + _line(76, 172, "O3/14/2O24", 60)
    )
    f = _fields(_doc(words, route="ocr"), "structural_inspection")
    assert f["site_id"].value == "AZ-0244"
    assert f["structure_height_ft"].value == "112.0"
    assert f["result"].value == "pass"
    assert f["inspection_date"].value == "2024-03-14" and f["inspection_date"].confidence < 0.95


def test_a_rule_under_a_label_is_no_part_of_the_text_below_it() -> None:
    """A line-printer section: ``REMARKS`` over ``-------`` over its text. The value starts under the rule."""
    words = _line(73, 100, "REMARKS") + _line(73, 112, "-------") + _line(73, 124, "All obstruction lights operating")
    f = _fields(_doc(words), "field_log")
    assert f["findings"].value == "All obstruction lights operating"


def test_a_numbered_item_table_s_unit_column_and_abbreviated_labels() -> None:
    """``14 | Height of Structure | m | 84.0``: the unit column converts; ``15 | Lat. (NAD 83) | ...`` is a row, no clause."""
    words = (
        _line(51, 160, "Ln") + _line(79, 160, "Item") + _line(310, 160, "Unit") + _line(360, 160, "Amount / Entry")
        + _line(51, 180, "13") + _line(79, 180, "Tower Name") + _line(360, 180, "Old Mill West")
        + _line(51, 196, "14") + _line(79, 196, "Height of Structure") + _line(310, 196, "m") + _line(523, 196, "84.0")
        + _line(51, 212, "15") + _line(79, 212, "Lat. (NAD 83)") + _line(490, 212, "28-06-14.22N")
        + _line(51, 228, "16") + _line(79, 228, "Analysis Result") + _line(360, 228, "Passed")
    )  # fmt: skip
    f = _fields(_doc(words), "structural_inspection")
    assert f["structure_height_ft"].value == "275.6"
    assert f["latitude"].value == "28.103950"


def test_ruled_table_and_column_max() -> None:
    """Key/value tables give values; the capacity table's largest % becomes max_capacity_pct."""
    kv = Table(1, 1, (("Lease ID", "OK0495-L02"), ("Monthly Rent", "$3,250.00"), ("Annual Escalator", "2%")))
    f = _fields(_doc(_line(72, 40, "Lease Abstract"), (kv,)), "lease_amendment")
    assert f["lease_id"].value == "OK0495-L02" and f["monthly_rent_usd"].value == "3250.00"
    assert f["escalator_pct"].value == "2"
    cap = Table(2, 1, (("Elev. (ft)", "Member", "Capacity (%)"), ("150", "Leg", "83.6"), ("120", "Brace", "95.90")))
    g = _fields(_doc(_line(72, 40, "Member Capacity"), (cap,)), "structural_inspection")
    assert g["max_capacity_pct"].value == "95.9"


def _paragraph(text: str, per_line: int) -> list[Word]:
    """``text`` set as a paragraph of ``per_line`` words a line, 14 pt apart."""
    toks = text.split()
    return [w for n, i in enumerate(range(0, len(toks), per_line)) for w in _line(72, 100 + 14 * n, " ".join(toks[i : i + per_line]))]


def test_prose_values() -> None:
    """Lease prose: rent in words and figures, renewal terms, notice days, expiry."""
    text = (
        "The current term shall expire on March 3, 2031. Lessee may extend for two (2) additional renewal "
        "terms of five (5) years each unless notice is given not less than ninety (90) days prior. Lessee "
        "shall pay a monthly rent of Two Thousand Three Hundred Fifty Dollars ($2,350.00)."
    )
    f = _fields(_doc(_paragraph(text, 12)), "lease_amendment")
    assert f["expiration_date"].value == "2031-03-03"
    assert f["renewal_term_years"].value == "5" and f["renewals_remaining"].value == "2"
    assert f["notice_days"].value == "90" and f["monthly_rent_usd"].value == "2350.00"
    assert f["expiration_date"].page == 1 and f["expiration_date"].x0 is not None
    scanned = "The monthly rent is Three Thousand Two Hundred Eighty-One and 37/100 Dollars ($3,281. 37), payable."
    assert _fields(_doc(_paragraph(scanned, 8)), "lease_amendment")["monthly_rent_usd"].value == "3281.37"


def test_lease_idioms_state_notice_and_renewals_left() -> None:
    """``on N days prior written notice`` and ``N renewal options remaining``: how leases say them."""
    text = (
        "Either party may terminate on one hundred eighty (180) days prior written notice. "
        "Lessee has three (3) extension terms remaining under the Agreement."
    )
    f = _fields(_doc(_paragraph(text, 10)), "lease_amendment")
    assert f["notice_days"].value == "180"
    assert f["renewals_remaining"].value == "3"


@pytest.mark.parametrize(
    ("header", "want"),
    [
        ("City of Salina Planning Department", "City of Salina"),
        ("Township of Upper Merion Board of Supervisors", "Township of Upper Merion"),
        ("Bexar County Development Services", "Bexar County"),
        ("Village of Oak Park, Illinois", "Village of Oak Park"),
    ],
)
def test_jurisdiction_from_how_it_names_itself(header: str, want: str) -> None:
    """A permit with no jurisdiction label still names its issuer in the letterhead; that is the value."""
    words = _line(72, 60, header) + _line(72, 100, "CONDITIONAL USE PERMIT") + _line(72, 130, "Permit No: CUP-2291")
    words += _line(72, 160, "The county engineer reviewed the application.")
    assert _fields(_doc(words), "municipal_permit")["jurisdiction"].value == want


def test_unparseable_value_is_kept_with_error() -> None:
    """A label with a value that cannot be normalized yields value None, raw text and an error."""
    f = _fields(_doc(_line(72, 100, "Inspection Date:") + _line(220, 100, "31/31/2024")), "structural_inspection")
    assert f["inspection_date"].value is None and f["inspection_date"].raw_text == "31/31/2024"
    assert "unparseable date" in f["inspection_date"].error


def test_user_catalog_wording_extracts_without_code_change(tmp_path: Path) -> None:
    """A wording added by --catalog is found in a document."""
    extra = tmp_path / "c.toml"
    extra.write_text('[fields.structure_height_ft]\nlabels = ["Altitude of Steel"]\n')
    doc = _doc(_line(72, 100, "Altitude of Steel:") + _line(220, 100, "150 ft"))
    assert "structure_height_ft" not in _fields(doc, "structural_inspection")
    assert _fields(doc, "structural_inspection", load_catalog(extra))["structure_height_ft"].value == "150.0"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=12), st.floats(-50, 900), st.floats(-50, 900)), max_size=40))
def test_garbage_never_raises(items: list) -> None:
    """Arbitrary words give some fields or none, never an exception; output is deterministic."""
    words = [Word(t, 1, x, y, x + 5 * len(t), y + 10, 50.0) for t, x, y in items]
    doc = _doc(words)
    for dt in ("structural_inspection", "lease_amendment", None):
        a = extract_fields(doc, Classification(dt, None), CAT)
        assert a == extract_fields(doc, Classification(dt, None), CAT)


def _bench():
    spec = importlib.util.spec_from_file_location(
        "field_accuracy", Path(__file__).parents[1] / "benchmarks" / "field_accuracy.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules["field_accuracy"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
@pytest.mark.ocr
def test_generated_corpus_meets_f1_targets() -> None:
    """On a generated corpus, text-layer F1 >= 0.98 and scanned F1 >= 0.92 (exact canonical match)."""
    bench = _bench()
    out = bench.run(docs=40, seed=3, workers=2)
    counts = out["counts"]
    text_f1 = bench.prf(counts[("route", "text")])[2]
    assert text_f1 >= 0.98, out["misses"][:20]
    ocr_f1 = bench.prf(counts[("route", "ocr")])[2]
    assert ocr_f1 >= 0.92, out["misses"][:20]


def test_skewed_scan_lines_group_by_slope() -> None:
    """Words of a scan rotated ~1.5 degrees still form label/value lines."""
    words = []
    for i, (label, value) in enumerate(
        [
            ("Site ID:", "TX-0147"),
            ("Latitude:", "32.770083"),
            ("Longitude:", "-97.123456"),
            ("Inspection Date:", "03/14/2024"),
            ("Overall Result:", "PASS"),
        ]
    ):
        for x, text in ((72, label), (300, value)):
            for w in _line(x, 100 + 14 * i, text, 90):
                dy = 0.026 * w.x0  # 1.5 degrees: 8 pt of drift across the page, more than half a line
                words.append(Word(w.text, 1, w.x0, w.top + dy, w.x1, w.bottom + dy, 90))
    lines = build_lines(words)
    assert len(lines) == 5
    f = _fields(_doc(words, route="ocr"), "structural_inspection")
    assert f["latitude"].value == "32.770083" and f["result"].value == "pass"


def test_ocr_garbled_labels_from_a_noisy_scan() -> None:
    """Noisy-scan words: 'Appheant Sie 1D' and 'monthly cent of' still lead to their values."""
    permit = (
        _line(82, 213, "Appheant Sie 1D", 56)
        + _line(318, 213, "Ste Naane", 25)
        + _line(82, 223, "NM-0029", 92)
        + _line(318, 223, "Buffalo Springs Rooftop", 90)
    )
    f = _fields(_doc(permit, route="ocr"), "municipal_permit")
    assert f["site_id"].value == "NM-0029" and f["site_id"].label == "Appheant Sie 1D" and f["site_id"].top == 223
    lease = _line(
        71, 323, "2. Rent: Commencing on the first day of the month following the Amendment Date,", 95
    ) + _line(71, 337, "monthly cent of One Thousand Twenty-Five and 00/100 Dollars ($1,025.00).", 94)
    g = _fields(_doc(lease, route="ocr"), "lease_amendment")
    assert g["monthly_rent_usd"].value == "1025.00" and g["monthly_rent_usd"].label == "monthly cent"
    # a text layer prints what it prints: no glyph folding, no near-exact label without a colon; the amount is
    # the sentence's, whose clause says "Rent:" (a sentence's value has no label)
    assert _fields(_doc(lease), "lease_amendment")["monthly_rent_usd"].label is None
    assert "site_id" not in _fields(_doc(permit), "municipal_permit")


def test_the_benchmark_scores_the_truths_fields_in_either_vocabulary() -> None:
    """Printed enumeration wording counts against the catalog's code only when asked; extra fields are not scored."""
    bench = _bench()
    rows = [{"file": "a.pdf", "doc_type": "faa_determination", "route": "text", "template": "t",
             "fields": {"marking_lighting": "l-864 red flashing", "asn": "2024-ASW-1-OE"}}]  # fmt: skip
    got = {"a.pdf": ("faa_determination", {"marking_lighting": "red", "asn": "2024-ASW-1-OE", "petitionable": "yes"})}
    printed = bench.score(rows, got)["counts"][("route", "text")]
    mapped = bench.score(rows, got, vocabulary=True)["counts"][("route", "text")]
    assert (printed, mapped) == ([1, 1, 1], [2, 0, 0])


def test_of_two_labels_naming_a_field_equally_the_one_listed_first_wins() -> None:
    """``Prepared By`` names the report's author as often as its firm; ``Inspection Company`` only the firm.

    Both are wordings of ``inspection_firm``, read with the same confidence; the catalog lists the
    firm's own wordings first, and that order breaks the tie, wherever each sits on the page.
    """
    words = _line(72, 100, "Prepared By: Maria Brennan") + _line(72, 120, "Inspection Company: Northstar Field Inc.")
    assert _fields(_doc(words), "structural_inspection")["inspection_firm"].value == "Northstar Field Inc."
    words = _line(72, 100, "Inspected By: Redline Inspection Co.") + _line(72, 120, "Prepared By: Michael Whitcomb")
    assert _fields(_doc(words), "structural_inspection")["inspection_firm"].value == "Redline Inspection Co."
