"""Each compliance rule on a small hand-built database, with the expected rows worked out by hand.

Boundary cases follow the rule text stated in each query's header: exactly 200.0 ft is not over
200, a date exactly at the horizon is inside it, a missing field is no finding, heights converted
from metres arrive already in feet, and of two documents of one site the later-dated one wins.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from towerkit.compliance import refresh_tags
from towerkit.queries import run_query
from towerkit.store.query_runner import refresh_facts

# ruff: noqa: S101, PLR2004, INP001  pytest asserts on literal expected values; tests/ is no package
# ruff: noqa: DTZ001  ingested_at is a naive UTC TIMESTAMP in DuckDB, as the writer stores it

AS_OF = date(2026, 6, 30)  # horizon 90 days ends 2026-09-28


def add_doc(
    conn: Any,
    doc_id: str,
    site_id: str | None,
    doc_type: str,
    *,
    zone: str = "north",
    status: str = "ingested",
    ingested_at: datetime = datetime(2026, 1, 1),
    **fields: Any,
) -> None:
    """Store one document and its canonical fields the way the ingest writer does."""
    conn.execute(
        "INSERT INTO documents (doc_id, sha256, path, zone, site_id, doc_type, status, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [doc_id, doc_id, f"/corpus/{zone}/{site_id}/{doc_id}.pdf", zone, site_id, doc_type, status, ingested_at],
    )
    for name, v in fields.items():
        if v is None:
            continue
        num = float(v) if isinstance(v, (int, float)) else None
        day = v if isinstance(v, date) else None
        text = v.isoformat() if isinstance(v, date) else (f"{v}" if num is None else f"{v:g}")
        conn.execute(
            "INSERT INTO fields (doc_id, field, value, value_num, value_date) VALUES (?, ?, ?, ?, ?)",
            [doc_id, name, text, num, day],
        )


def rows(conn: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    """Refresh the facts tables, run the query, and return its rows as dicts."""
    refresh_facts(conn)
    return run_query(conn, name, **params).to_dicts()


def insp(
    conn: Any, doc_id: str, site: str, height: float | None, *, when: date = date(2025, 3, 1), **more: Any
) -> None:
    """Store a structural inspection of ``site`` with its height and date (and any ``more`` fields)."""
    add_doc(conn, doc_id, site, "structural_inspection", structure_height_ft=height, inspection_date=when, **more)


# --- ASR ------------------------------------------------------------------------------------------


def test_asr_missing_boundaries(duck: Any) -> None:
    """Only sites strictly above 200 ft without any ASR on file are listed; latest-dated inspection wins."""
    insp(duck, "d1", "S1", 200.0)  # exactly 200: not over
    insp(duck, "d2", "S2", 200.1)  # over
    insp(duck, "d3", "S3", 200.0)  # 60.96 m converted at ingest: 200.0 ft
    insp(duck, "d3b", "S3B", 200.1)  # 61.0 m: 200.1 ft
    insp(duck, "d4", "S4", 250.0, asr_number="1234567")
    insp(duck, "d5", "S5", 150.0)
    add_doc(duck, "f5", "S5", "faa_determination", structure_height_ft=210.0, determination_date=date(2024, 1, 1))
    insp(duck, "d6", "S6", 300.0)
    duck.execute("UPDATE documents SET status = 'quarantined' WHERE doc_id = 'd6'")
    insp(duck, "d8a", "S8", 190.0, when=date(2024, 5, 1), ingested_at=datetime(2024, 6, 1))
    insp(duck, "d8b", "S8", 300.0, when=date(2019, 5, 1), ingested_at=datetime(2026, 2, 1))  # older, ingested later
    insp(duck, "d9", "S9", None)  # height missing
    got = {r["site_id"]: r for r in rows(duck, "asr_missing")}
    assert set(got) == {"S2", "S3B", "S5"}
    assert got["S5"]["height_ft"] == 210.0
    assert got["S5"]["doc_ids"] == ["d5", "f5"]
    assert got["S2"]["rule_id"] == "FCC-ASR-REQ"
    assert got["S2"]["tag"] == "ASR_MISSING"
    lower = {r["site_id"] for r in rows(duck, "asr_missing", height_threshold_ft=150)}
    assert lower == {"S1", "S2", "S3", "S3B", "S5", "S8"}


def test_asr_format_invalid(duck: Any) -> None:
    """ASR numbers must be exactly seven digits."""
    for i, asr in enumerate(("1234567", "123456", "12345678", "A234567")):
        insp(duck, f"d{i}", f"S{i}", 250.0, asr_number=asr)
    got = {r["site_id"]: r["asr_numbers"] for r in rows(duck, "asr_format_invalid")}
    assert got == {"S1": ["123456"], "S2": ["12345678"], "S3": ["A234567"]}


# --- marking and lighting -------------------------------------------------------------------------


def test_marking_lighting(duck: Any) -> None:
    """Unlit structures above 200 ft and inspection/FAA lighting contradictions are found; FAA 'none' waives."""
    insp(duck, "m1", "M1", 250.0, lighting_type="none")
    insp(duck, "m2", "M2", 200.0, lighting_type="none")
    insp(duck, "m3", "M3", 250.0, lighting_type="red")
    add_doc(duck, "f3", "M3", "faa_determination", marking_lighting="dual")
    insp(duck, "m4", "M4", 250.0)
    add_doc(duck, "f4", "M4", "faa_determination", marking_lighting="none")
    insp(duck, "m5", "M5", 250.0, lighting_type="red")
    add_doc(duck, "f5", "M5", "faa_determination", marking_lighting="red")
    insp(duck, "m6", "M6", 180.0, lighting_type="none")
    add_doc(duck, "f6", "M6", "faa_determination", marking_lighting="white")
    insp(duck, "m7", "M7", 250.0, lighting_type="dual")  # FCC-PAINT: the FAA required nothing, so nothing built contradicts it
    add_doc(duck, "f7", "M7", "faa_determination", marking_lighting="none")
    got = {(r["site_id"], r["rule_id"], r["tag"]) for r in rows(duck, "marking_lighting")}
    assert got == {
        ("M1", "FAA-ML-200FT", "MARK_LIGHT_EXPECTED"),
        ("M3", "FCC-PAINT", "MARKING_MISMATCH"),
        ("M6", "FCC-PAINT", "MARKING_MISMATCH"),
    }


# --- FAA determinations ---------------------------------------------------------------------------


def faa(
    conn: Any, doc_id: str, site: str, exp: date | None, det: date = date(2025, 1, 15), determination: str = "no_hazard"
) -> None:
    """Store an FAA determination of ``site`` expiring on ``exp``."""
    add_doc(
        conn,
        doc_id,
        site,
        "faa_determination",
        expiration_date=exp,
        determination_date=det,
        determination=determination,
        asn=f"2025-ASW-{doc_id}-OE",
    )


def test_faa_determination_expiring(duck: Any) -> None:
    """Expired before as_of, expiring through as_of + horizon inclusive, hazards never, latest letter wins."""
    faa(duck, "a", "F1", date(2026, 6, 29))
    faa(duck, "b", "F2", date(2026, 6, 30))
    faa(duck, "c", "F3", date(2026, 9, 28))
    faa(duck, "d", "F4", date(2026, 9, 29))
    faa(duck, "e", "F5", date(2020, 1, 1), determination="hazard")
    faa(duck, "f", "F6", None, det=date(2025, 1, 15))  # final 40 days after issue (2025-02-24), 18 months on
    faa(duck, "g1", "F7", date(2024, 1, 1), det=date(2023, 1, 1))
    faa(duck, "g2", "F7", date(2027, 7, 10), det=date(2026, 1, 10))
    got = {
        r["site_id"]: (r["tag"], r["due_date"], r["days_left"], r["expiration_derived"])
        for r in rows(duck, "faa_determination_expiring", as_of=AS_OF, horizon_days=90)
    }
    assert got == {
        "F1": ("DNH_EXPIRED", date(2026, 6, 29), -1, False),
        "F2": ("DNH_EXPIRING", date(2026, 6, 30), 0, False),
        "F3": ("DNH_EXPIRING", date(2026, 9, 28), 90, False),
        "F6": ("DNH_EXPIRING", date(2026, 8, 24), 55, True),
    }


# --- heights --------------------------------------------------------------------------------------


def test_height_mismatch(duck: Any) -> None:
    """Inspected height strictly above the FAA or permit height by more than the tolerance (0.5 ft) is a finding."""
    insp(duck, "h1", "H1", 210.0)
    add_doc(duck, "f1", "H1", "faa_determination", structure_height_ft=200.0)
    insp(duck, "h2", "H2", 200.0)  # metres-derived 200.0 ft against a stated 200
    add_doc(duck, "f2", "H2", "faa_determination", structure_height_ft=200.0)
    insp(duck, "h3", "H3", 205.0)
    add_doc(duck, "p3", "H3", "municipal_permit", approved_height_ft=199.0, issue_date=date(2020, 1, 1))
    add_doc(duck, "f3", "H3", "faa_determination", structure_height_ft=205.0)
    insp(duck, "h4", "H4", 300.0)
    insp(duck, "h5", "H5", 201.2)  # the FAA states whole feet: 0.2 ft is rounding
    add_doc(duck, "f5", "H5", "faa_determination", structure_height_ft=201.0)
    insp(duck, "h6", "H6", 201.6)
    add_doc(duck, "f6", "H6", "faa_determination", structure_height_ft=201.0)
    got = {(r["site_id"], r["tag"]): (r["excess_ft"], r["doc_ids"]) for r in rows(duck, "height_mismatch")}
    assert got == {
        ("H1", "HEIGHT_EXCEEDS_FAA"): (10.0, ["h1", "f1"]),
        # H3: +6 ft over a 199 ft permit is no substantial change (ZON-SUBST: more than 10% or 20 ft)
        ("H6", "HEIGHT_EXCEEDS_FAA"): (0.6, ["h6", "f6"]),
    }
    assert rows(duck, "height_mismatch", tolerance_ft=10) == []


# --- inspections and capacity ---------------------------------------------------------------------


def test_inspections_overdue(duck: Any) -> None:
    """Guyed every 3 years, monopole and self-supporting every 5; due on the due date itself is not overdue."""
    insp(duck, "i1", "I1", 300.0, when=date(2023, 6, 29), structure_type="guyed")
    insp(duck, "i2", "I2", 300.0, when=date(2023, 6, 30), structure_type="guyed")
    insp(duck, "i3", "I3", 150.0, when=date(2021, 9, 28), structure_type="monopole")
    insp(duck, "i4", "I4", 150.0, when=date(2021, 9, 29), structure_type="self_supporting")
    insp(duck, "i5", "I5", 150.0, when=date(2022, 1, 1), structure_type="monopole")
    insp(duck, "i6", "I6", 150.0, when=date(2023, 6, 1))  # type unknown: a missing input, dated by the guyed interval
    insp(duck, "i7a", "I7", 300.0, when=date(2020, 1, 1), structure_type="guyed")
    insp(duck, "i7b", "I7", 300.0, when=date(2025, 1, 1), structure_type="guyed")
    got = {r["site_id"]: (r["tag"], r["due_date"]) for r in rows(duck, "inspections_overdue", as_of=AS_OF)}
    assert got == {
        "I1": ("INSPECTION_OVERDUE", date(2026, 6, 29)),
        "I2": ("INSPECTION_DUE", date(2026, 6, 30)),
        "I3": ("INSPECTION_DUE", date(2026, 9, 28)),
        "I6": ("INPUT_MISSING", date(2026, 6, 1)),
    }
    longer = {r["site_id"] for r in rows(duck, "inspections_overdue", as_of=AS_OF, guyed_years=4)}
    assert longer == {"I3"}  # guyed and unknown types now fall due in 2027: only the monopole I3


def test_structural_capacity(duck: Any) -> None:
    """100.0 passes, 100.1 and exactly 105.0 are marginal, 105.1 fails; the allowance is a parameter."""
    for site, pct in (("C1", 100.0), ("C2", 100.1), ("C3", 105.0), ("C4", 105.1)):
        insp(duck, site.lower(), site, 150.0, max_capacity_pct=pct)
    insp(duck, "c5old", "C5", 150.0, when=date(2019, 1, 1), max_capacity_pct=120.0)
    insp(duck, "c5new", "C5", 150.0, when=date(2025, 1, 1), max_capacity_pct=80.0)
    got = {r["site_id"]: r["tag"] for r in rows(duck, "structural_capacity")}
    assert got == {"C2": "SA_MARGINAL", "C3": "SA_MARGINAL", "C4": "SA_FAIL"}
    every = {r["site_id"]: r["tag"] for r in rows(duck, "structural_capacity", include_pass="true", allowance_pct=110)}  # noqa: S106  not a password
    assert every == {"C1": "SA_PASS", "C2": "SA_MARGINAL", "C3": "SA_MARGINAL", "C4": "SA_MARGINAL", "C5": "SA_PASS"}


# --- leases ---------------------------------------------------------------------------------------


def lease(
    conn: Any,
    doc_id: str,
    site: str,
    lease_id: str | None,
    amended: date,
    *,
    ingested_at: datetime = datetime(2026, 1, 1),
    **terms: Any,
) -> None:
    """Store a lease amendment of ``lease_id`` at ``site`` amended on ``amended``, with its ``terms``."""
    add_doc(
        conn,
        doc_id,
        site,
        "lease_amendment",
        lease_id=lease_id,
        amendment_date=amended,
        ingested_at=ingested_at,
        **terms,
    )


def test_lease_terms_latest_wins_and_conflicts(duck: Any) -> None:
    """Latest amendment setting a term wins; same-day rent disagreements and pre-commencement amendments are flagged."""
    lease(
        duck,
        "a1",
        "T1",
        "L1",
        date(2020, 1, 1),
        commencement_date=date(2019, 1, 1),
        expiration_date=date(2029, 12, 31),
        monthly_rent_usd=1000.0,
        notice_days=90,
    )
    lease(duck, "a2", "T1", "L1", date(2022, 5, 1), monthly_rent_usd=1100.0, ingested_at=datetime(2026, 1, 2))
    lease(duck, "a3", "T1", "L1", date(2022, 5, 1), monthly_rent_usd=1200.0, ingested_at=datetime(2026, 1, 3))
    lease(duck, "b1", "T2", "L2", date(2018, 6, 1), monthly_rent_usd=500.0)
    lease(duck, "b2", "T2", "L2", date(2019, 1, 1), commencement_date=date(2019, 1, 1))
    lease(duck, "c1", "T3", "L3", date(2021, 1, 1), commencement_date=date(2021, 1, 1), monthly_rent_usd=700.0)
    got = {r["lease_id"]: r for r in rows(duck, "lease_terms")}
    assert got["L1"]["monthly_rent_usd"] == 1200.0
    assert got["L1"]["notice_days"] == 90
    assert got["L1"]["conflicts"] == ["rent_conflict 2022-05-01: 1100.00 vs 1200.00"]
    assert got["L1"]["tag"] == "LEASE_CONFLICT"
    assert got["L1"]["doc_ids"] == ["a1", "a2", "a3"]
    assert got["L2"]["conflicts"] == ["before_commencement 2018-06-01 b1"]
    assert got["L3"]["conflicts"] == []
    assert got["L3"]["tag"] is None


def test_a_lease_without_a_number_is_one_lease_of_its_site(duck: Any) -> None:
    """Amendments that print no lease number form the site's one unnumbered lease, beside its numbered ones.

    They used to be dropped, so such a lease never reached the renewal and notice rules.
    """
    lease(duck, "u1", "U1", None, date(2020, 1, 1), expiration_date=date(2030, 1, 1), monthly_rent_usd=900.0)
    lease(duck, "u2", "U1", None, date(2022, 5, 1), monthly_rent_usd=950.0, ingested_at=datetime(2026, 1, 2))
    lease(duck, "u3", "U1", None, date(2022, 5, 1), monthly_rent_usd=990.0, ingested_at=datetime(2026, 1, 3))
    lease(duck, "v1", "U1", "L9", date(2021, 1, 1), expiration_date=date(2035, 1, 1), monthly_rent_usd=400.0)
    got = {r["lease_id"]: r for r in rows(duck, "lease_terms") if r["site_id"] == "U1"}
    assert set(got) == {None, "L9"}
    assert (got[None]["doc_ids"], got[None]["monthly_rent_usd"]) == (["u1", "u2", "u3"], 990.0)
    assert got[None]["conflicts"] == ["rent_conflict 2022-05-01: 950.00 vs 990.00"]
    assert (got["L9"]["doc_ids"], got["L9"]["conflicts"]) == (["v1"], [])


def test_lease_notice_windows(duck: Any) -> None:
    """The last notice day (expiration - notice_days) is listed from as_of through as_of + horizon inclusive.

    Every lease here has a renewal left: in a last term there is no renewal to refuse, so no window.
    """
    lease(duck, "n1", "N1", "L1", date(2020, 1, 1), expiration_date=date(2026, 9, 28), notice_days=90, renewals_remaining=1)
    lease(duck, "n2", "N2", "L2", date(2020, 1, 1), expiration_date=date(2026, 12, 27), notice_days=90, renewals_remaining=1)
    lease(duck, "n3", "N3", "L3", date(2020, 1, 1), expiration_date=date(2026, 12, 28), notice_days=90, renewals_remaining=1)
    lease(duck, "n4", "N4", "L4", date(2020, 1, 1), expiration_date=date(2026, 9, 27), notice_days=90, renewals_remaining=1)
    lease(duck, "n5", "N5", "L5", date(2020, 1, 1), expiration_date=date(2026, 7, 1), renewals_remaining=1)
    lease(duck, "n6a", "N6", "L6", date(2020, 1, 1), expiration_date=date(2027, 1, 1), notice_days=60, renewals_remaining=1)
    lease(duck, "n6b", "N6", "L6", date(2024, 1, 1), notice_days=180)
    got = {
        r["site_id"]: (r["due_date"], r["days_left"], r["notice_days"])
        for r in rows(duck, "lease_notice_windows", as_of=AS_OF, horizon_days=90)
    }
    assert got == {
        "N1": (date(2026, 6, 30), 0, 90),
        "N2": (date(2026, 9, 28), 90, 90),
        "N6": (date(2026, 7, 5), 5, 180),
    }


def test_lease_expirations(duck: Any) -> None:
    """Expirations from as_of through the horizon inclusive; a lease that has already lapsed is listed, overdue."""
    for site, exp in (
        ("E1", date(2026, 6, 30)),
        ("E2", date(2026, 9, 28)),
        ("E3", date(2026, 9, 29)),
        ("E4", date(2026, 6, 29)),
    ):
        lease(duck, site.lower(), site, "L" + site, date(2020, 1, 1), expiration_date=exp, renewals_remaining=0)
    got = {r["site_id"]: (r["days_left"], r["severity"]) for r in rows(duck, "lease_expirations", as_of=AS_OF)}
    assert got == {"E1": (0, "high"), "E2": (90, "high"), "E4": (-1, "high")}


def test_rent_schedule(duck: Any) -> None:
    """3 % compounds on each commencement anniversary: 1000 -> 1159.27 after 5 years, 1194.05 on the 6th anniversary."""
    lease(
        duck,
        "r1",
        "R1",
        "L1",
        date(2023, 3, 1),
        commencement_date=date(2020, 7, 1),
        expiration_date=date(2030, 6, 30),
        monthly_rent_usd=1000.0,
        escalator_pct=3.0,
    )
    lease(duck, "r2", "R2", "L2", date(2020, 1, 1), commencement_date=date(2020, 1, 1), monthly_rent_usd=800.0)
    lease(duck, "r3", "R3", "L3", date(2020, 1, 1), commencement_date=date(2026, 7, 1), monthly_rent_usd=900.0)
    got = {r["site_id"]: (r["escalations"], r["rent_due_usd"]) for r in rows(duck, "rent_schedule", as_of=AS_OF)}
    assert got == {"R1": (5, 1159.27), "R2": (6, 800.0)}  # R3 has not commenced
    on_anniversary = {r["site_id"]: r["rent_due_usd"] for r in rows(duck, "rent_schedule", as_of=date(2026, 7, 1))}
    assert on_anniversary["R1"] == 1194.05
    # stated rent in force from its amendment (2023-03-01, after 2 anniversaries): 3 escalations -> 1092.73
    stated = {r["site_id"]: r["rent_due_usd"] for r in rows(duck, "rent_schedule", as_of=AS_OF, rent_is_base=False)}
    assert stated["R1"] == 1092.73


# --- permits and outages --------------------------------------------------------------------------


def test_permits_expiring(duck: Any) -> None:
    """Expiring within the horizon, or past expiry whatever the recorded status (the rule's input is the date)."""
    for site, exp, status in (
        ("P1", date(2026, 7, 15), "active"),
        ("P2", date(2026, 1, 1), "expired"),
        ("P3", date(2026, 1, 1), "active"),
        ("P4", date(2026, 9, 29), "issued"),
        ("P5", date(2026, 9, 28), "issued"),
        ("P6", date(2026, 1, 1), "denied"),
    ):
        add_doc(
            duck,
            site.lower(),
            site,
            "municipal_permit",
            permit_number=f"BP-{site}",
            issue_date=date(2020, 1, 1),
            expiration_date=exp,
            permit_status=status,
        )
    got = {r["site_id"]: r["tag"] for r in rows(duck, "permits_expiring", as_of=AS_OF)}
    assert got == {
        "P1": "PERMIT_EXPIRING",
        "P2": "PERMIT_EXPIRED",
        "P3": "PERMIT_EXPIRED",
        "P5": "PERMIT_EXPIRING",
        "P6": "PERMIT_EXPIRED",
    }


def test_light_outages(duck: Any) -> None:
    """Outage logs within the two-year record window up to as_of are listed with the site's ASR and height."""
    insp(duck, "i1", "O1", 250.0, asr_number="1234567")
    add_doc(duck, "o1", "O1", "field_log", log_date=date(2026, 6, 30), light_outage="yes", technician="J. Doe")
    add_doc(duck, "o2", "O2", "field_log", log_date=date(2024, 7, 1), light_outage="yes")
    add_doc(duck, "o2old", "O2", "field_log", log_date=date(2024, 6, 30), light_outage="yes")
    add_doc(duck, "o3", "O3", "field_log", log_date=date(2026, 7, 1), light_outage="yes")
    add_doc(duck, "o4", "O4", "field_log", log_date=date(2026, 6, 1), light_outage="no")
    add_doc(duck, "o5", "O5", "field_log", log_date=date(2026, 6, 1), light_outage="yes", status="quarantined")
    got = {
        r["doc_id"]: (r["site_id"], r["asr_number"], r["height_ft"]) for r in rows(duck, "light_outages", as_of=AS_OF)
    }
    assert got == {"o1": ("O1", "1234567", 250.0), "o2": ("O2", None, None)}


# --- facts and tags -------------------------------------------------------------------------------


def test_site_facts_latest_by_document_date(duck: Any) -> None:
    """site_facts picks the value of the document with the latest own date, not the latest ingested."""
    insp(duck, "new", "S1", 190.0, when=date(2024, 5, 1), ingested_at=datetime(2024, 6, 1))
    insp(duck, "old", "S1", 300.0, when=date(2019, 5, 1), ingested_at=datetime(2026, 2, 1))
    refresh_facts(duck)
    got = duck.execute(
        "SELECT value_num, doc_id FROM site_facts WHERE site_id = 'S1' AND field = 'structure_height_ft'"
    ).fetchall()
    assert got == [(190.0, "new")]


def test_refresh_tags_stores_every_rule_finding(duck: Any) -> None:
    """One unregistered, unlit, long-uninspected guyed tower gets exactly its three tags."""
    insp(duck, "t1", "X1", 250.0, when=date(2020, 1, 1), structure_type="guyed", lighting_type="none")
    n = refresh_tags(duck, as_of=AS_OF)
    got = set(
        duck.execute(
            "SELECT site_id, rule_id, tag, due_date, array_to_string(doc_ids, ','), as_of FROM compliance_tags"
        ).fetchall()
    )
    assert n == 3
    assert got == {
        ("X1", "FCC-ASR-REQ", "ASR_MISSING", None, "t1", AS_OF),
        ("X1", "FAA-ML-200FT", "MARK_LIGHT_EXPECTED", None, "t1", AS_OF),
        ("X1", "TIA-INSP", "INSPECTION_OVERDUE", date(2023, 1, 1), "t1", AS_OF),
    }
    assert refresh_tags(duck, as_of=AS_OF) == 3  # replaced, not appended
    assert duck.execute("SELECT count(*) FROM compliance_tags").fetchone() == (3,)


@pytest.mark.parametrize("status", ["quarantined", "failed", "pending"])
def test_only_ingested_documents_count(duck: Any, status: str) -> None:
    """Documents not (yet) ingested never produce findings."""
    insp(duck, "q1", "Q1", 400.0, when=date(2010, 1, 1), structure_type="guyed", lighting_type="none")
    duck.execute("UPDATE documents SET status = ? WHERE doc_id = 'q1'", [status])
    assert refresh_tags(duck, as_of=AS_OF) == 0
