"""Compliance accuracy: findings the documents' true contents call for, against what the queries report.

    .venv/bin/python benchmarks/compliance_accuracy.py [--docs 120] [--seed 7] [--as-of YYYY-MM-DD ...]
    .venv/bin/python benchmarks/compliance_accuracy.py --corpus DIR   # any folder with ground_truth.jsonl

The expected findings come from an implementation of the rules written from COMPLIANCE_RULES.md alone
(not from queries/*.sql), applied to per-site facts built from ``ground_truth.jsonl`` using only the
documents dated on or before each as-of date. The actual findings are the rows of ``towerkit query``
on a database the real ``towerkit ingest`` built from the same files. The same rules run a third time
on the fields towerkit extracted, which sorts each disagreement into a class: ``extraction`` (the
extracted facts call for a different answer than the true ones) or ``rule`` (same facts, the SQL and
the rule text disagree). A rule input the truth lacks takes the regulation's default case and the
expected finding is marked ``assumed``.

Default as-of dates: the corpus's median document date, the day after its latest document, and two
years after that; the first sits inside the history, the last is past every 18-month FAA expiry and
past the stated end of every lease term that ends within two years of the latest amendment, so
auto-renewal and expiry are both crossed.
"""
# ruff: noqa: T201, INP001, S603

from __future__ import annotations

import argparse
import calendar
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TOWERKIT = [sys.executable, "-m", "towerkit"]

HEIGHT_NOTICE_FT = 200.0
"""FAA-NOTICE-200FT / FAA-ML-200FT: notice (so an ASR) and marking/lighting are required ABOVE 200 ft AGL."""
DNH_VALID_MONTHS = 18
"""FAA-DNH-18M: a Determination of No Hazard expires 18 months after it takes effect."""
PETITION_DAYS = 40
"""FAA-DNH-18M: a petitionable determination takes effect 40 days after issue."""
HORIZON_DAYS = 90
"""The look-ahead the queries default to; a deadline within it is 'expiring' / 'due' / 'closing'."""
INSPECTION_YEARS = {"guyed": 3, "self_supporting": 5, "monopole": 5}
"""TIA-INSP: at most every 3 years for guyed towers, 5 for self-supporting towers and monopoles."""
SA_ALLOWANCE_PCT = 105.0
"""TIA-SA-RATING: Rev H reports mark up to 105% as Pass; above 100% is marginal, above 105% fails."""
SUBST_PCT, SUBST_TOWER_FT = 0.10, 20.0
"""ZON-SUBST: a non-ROW tower changes substantially above +10% or +20 ft (one array), whichever is greater."""
HEIGHT_ROUNDING_FT = 0.5
"""FAA letters state whole feet: an inspected height up to half a foot above the letter is rounding."""
OUTAGE_LOOKBACK_DAYS = 730
"""FCC-REC-2Y: outage records are kept two years, so an outage older than that is no longer listed."""
NOTICE_DAYS_DEFAULT = 90
"""LEASE-TERM: the typical tenant notice (>= 90 days) when an amendment states none."""
RENEWAL_YEARS_DEFAULT = 5
"""LEASE-TERM: renewal options are typically 5 years; a lease with options left but no stated length takes it."""
ASR_RE = re.compile(r"^\d{7}$")
DATE_FIELD = {
    "structural_inspection": "inspection_date",
    "lease_amendment": "amendment_date",
    "municipal_permit": "issue_date",
    "faa_determination": "determination_date",
    "field_log": "log_date",
}
"""The field that dates each document type (DESIGN.md's document date)."""

QUERIES: dict[str, tuple[str, ...]] = {
    "asr_missing": ("ASR_MISSING",),
    "asr_format_invalid": ("ASR_FORMAT_INVALID",),
    "marking_lighting": ("MARK_LIGHT_EXPECTED", "MARKING_MISMATCH"),
    "faa_determination_expiring": ("DNH_EXPIRED", "DNH_EXPIRING"),
    "height_mismatch": ("HEIGHT_EXCEEDS_FAA", "HEIGHT_EXCEEDS_PERMIT"),
    "inspections_overdue": ("INSPECTION_OVERDUE", "INSPECTION_DUE"),
    "structural_capacity": ("SA_FAIL", "SA_MARGINAL"),
    "lease_notice_windows": ("NOTICE_WINDOW_CLOSING",),
    "lease_expirations": ("NEXT_TERM_END",),
    "permits_expiring": ("PERMIT_EXPIRING", "PERMIT_EXPIRED"),
    "light_outages": ("LIGHT_OUTAGE",),
}
"""Each rule query (queries/README.md) and the tags it reports; LEASE_CONFLICT is not a rule-text tag."""
AS_OF_QUERIES = set(QUERIES)
"""Every rule query takes ``as_of`` and reads only the documents dated on or before it (migration 070)."""


@dataclass(frozen=True)
class Doc:
    """One document's facts: where it sits, its type, its date and its fields (text, as normalized)."""

    site: str
    doc_type: str
    day: date | None
    fields: dict[str, str]
    ref: str


@dataclass(frozen=True)
class Finding:
    """One finding; ``key`` is (site, tag, sub) where sub names the lease, permit or log when a site has many."""

    site: str
    tag: str
    sub: str = ""
    due: date | None = None
    assumed: tuple[str, ...] = ()
    refs: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[str, str, str]:
        """The identity compared between expected and actual findings."""
        return (self.site, self.tag, self.sub)


def parse_date(text: str | None) -> date | None:
    """A ``YYYY-MM-DD`` value, or None when the value is missing or malformed."""
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def parse_num(text: str | None) -> float | None:
    """A number from a normalized value, or None."""
    try:
        return float(str(text).replace(",", "")) if text not in (None, "") else None
    except ValueError:
        return None


def add_months(d: date, months: int) -> date:
    """Calendar months later, the day clamped to the month's end (2024-08-31 + 6 -> 2025-02-28)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def dnh_expiry(issued: date, determination: str, *, petitionable: bool | None) -> tuple[date | None, tuple[str, ...]]:
    """FAA-DNH-18M: effective on issue (+40 days if petitionable), expiring 18 months later; a DOH never expires.

    The truth never says whether a letter can be petitioned; 77.33's default is that a determination
    becomes final 40 days after issue unless a petition is filed, so an unknown counts as petitionable.
    """
    if "hazard" in determination and "no" not in determination:
        return None, ()
    assumed: tuple[str, ...] = ()
    if petitionable is None:
        petitionable, assumed = True, ("petitionable (effective 40 days after issue)",)
    effective = issued + timedelta(days=PETITION_DAYS if petitionable else 0)
    return add_months(effective, DNH_VALID_MONTHS), assumed


def dnh_findings(site: str, expiry: date | None, as_of: date, horizon: int = HORIZON_DAYS) -> list[Finding]:
    """Expired from the expiry day on (18 months after taking effect it is no longer in effect); else expiring soon."""
    if expiry is None:
        return []
    if expiry <= as_of:
        return [Finding(site, "DNH_EXPIRED", due=expiry)]
    if expiry <= as_of + timedelta(days=horizon):
        return [Finding(site, "DNH_EXPIRING", due=expiry)]
    return []


def lease_term_end(stated_end: date, renewal_years: int, renewals: int, as_of: date) -> tuple[date, int]:
    """LEASE-TERM: the end of the term running on ``as_of`` and the renewals left after it.

    Renewals run on automatically unless the tenant gives notice, so a stated end in the past rolls
    forward one renewal term at a time while renewals remain; a term is still running on its last day.
    When none remain, the last end (in the past) is returned with 0 left: the lease has run out.
    """
    end, left = stated_end, renewals
    while end < as_of and left > 0 and renewal_years > 0:
        end = add_months(end, 12 * renewal_years)
        left -= 1
    return end, left


def lease_findings(
    site: str, lease_id: str, terms: dict[str, str], as_of: date, horizon: int = HORIZON_DAYS
) -> list[Finding]:
    """NEXT_TERM_END and NOTICE_WINDOW_CLOSING of one lease's effective terms.

    NEXT_TERM_END when the running term ends within the horizon (or the last term has ended);
    NOTICE_WINDOW_CLOSING when the tenant's last day to refuse the next renewal falls within it.
    """
    stated = parse_date(terms.get("expiration_date"))
    if stated is None:
        return []
    assumed: list[str] = []
    years = int(parse_num(terms.get("renewal_term_years")) or 0)
    renewals = int(parse_num(terms.get("renewals_remaining")) or 0)
    if terms.get("renewals_remaining") in (None, ""):
        assumed.append("renewals_remaining=0")
    elif renewals and not years:  # LEASE-TERM: "plus 5-year options", the typical case, when the term is not stated
        years = RENEWAL_YEARS_DEFAULT
        assumed.append(f"renewal_term_years={RENEWAL_YEARS_DEFAULT}")
    end, left = lease_term_end(stated, years, renewals, as_of)
    out: list[Finding] = []
    limit = as_of + timedelta(days=horizon)
    if end <= limit:
        out.append(Finding(site, "NEXT_TERM_END", lease_id, end, tuple(assumed)))
    notice = parse_num(terms.get("notice_days"))
    if notice is None:
        notice, assumed = NOTICE_DAYS_DEFAULT, [*assumed, f"notice_days={NOTICE_DAYS_DEFAULT}"]
    deadline = end - timedelta(days=int(notice))
    if left > 0 and as_of <= deadline <= limit:
        out.append(Finding(site, "NOTICE_WINDOW_CLOSING", lease_id, deadline, tuple(assumed)))
    return out


def inspection_findings(site: str, insp: dict[str, str], as_of: date, horizon: int = HORIZON_DAYS) -> list[Finding]:
    """TIA-INSP: due 3 (guyed) or 5 years after the last inspection, sooner when the report states a sooner date.

    Class III, coastal and corrosive sites shorten the interval; the truth carries none of them, so the
    default interval applies and the finding says so unless the report's own next date governs.
    """
    last = parse_date(insp.get("inspection_date"))
    years = INSPECTION_YEARS.get(insp.get("structure_type", ""))
    stated = parse_date(insp.get("next_inspection_date"))
    assumed: tuple[str, ...] = ("class/coastal/corrosive: default interval",)
    if (last is None or years is None) and stated is not None:
        due, assumed = stated, ()  # no interval can be counted (no date, or no type): the stated next date governs
    elif last is None:
        return []
    elif years is None:  # no type: overdue only once the longest interval any structure has (5 years) has passed
        due = add_months(last, 12 * max(INSPECTION_YEARS.values()))
        return [Finding(site, "INSPECTION_OVERDUE", due=due, assumed=assumed)] if due < as_of else []
    else:
        due = add_months(last, 12 * years)
        if stated is not None and stated < due:
            due, assumed = stated, ()
    if due < as_of:
        return [Finding(site, "INSPECTION_OVERDUE", due=due, assumed=assumed)]
    if due <= as_of + timedelta(days=horizon):
        return [Finding(site, "INSPECTION_DUE", due=due, assumed=assumed)]
    return []


def capacity_tag(pct: float | None) -> str | None:
    """TIA-SA-RATING: pass up to 100%, marginal above it up to the 105% allowance, fail above that."""
    if pct is None or pct <= 100.0:  # noqa: PLR2004 - the conservative pass line of the rule text
        return None
    return "SA_MARGINAL" if pct <= SA_ALLOWANCE_PCT else "SA_FAIL"


def substantial_change(approved_ft: float, built_ft: float, *, tower: bool = True) -> bool:
    """ZON-SUBST height test: tower +10% or +20 ft, whichever is greater; other structures 10% or 10 ft."""
    allowed = max(SUBST_PCT * approved_ft, SUBST_TOWER_FT) if tower else min(SUBST_PCT * approved_ft, 10.0)
    return built_ft - approved_ft > allowed


def latest(docs: Iterable[Doc], doc_type: str, name: str) -> tuple[str | None, str]:
    """The latest (by document date) non-empty value of a field among documents of a type, and its document."""
    best: tuple[date, str, str] | None = None
    for d in docs:
        value = d.fields.get(name)
        if d.doc_type == doc_type and value not in (None, "") and d.day is not None:
            cand = (d.day, d.ref, str(value))
            best = cand if best is None or cand[:2] > best[:2] else best
    return (best[2], best[1]) if best else (None, "")


def site_findings(  # noqa: C901, PLR0912, PLR0915
    site: str, docs: list[Doc], as_of: date, *, stated_dnh: bool = False
) -> list[Finding]:
    """Every rule of COMPLIANCE_RULES.md that has a query, for one site's documents dated on or before ``as_of``.

    ``stated_dnh``: a determination letter's printed expiration date governs when it has one (it may
    include an extension); otherwise the expiry is computed from the rule text alone.
    """
    docs = [d for d in docs if d.day is not None and d.day <= as_of]
    out: list[Finding] = []
    insp_h, insp_ref = latest(docs, "structural_inspection", "structure_height_ft")
    faa_h, faa_ref = latest(docs, "faa_determination", "structure_height_ft")
    height = parse_num(insp_h) if insp_h is not None else parse_num(faa_h)
    h_ref = insp_ref or faa_ref
    asrs = {d.fields["asr_number"] for d in docs if d.fields.get("asr_number")}
    if height is not None and height > HEIGHT_NOTICE_FT and not asrs:
        out.append(Finding(site, "ASR_MISSING", assumed=("77.9(b) slope test not evaluable",), refs=(h_ref,)))
    if any(not ASR_RE.match(a) for a in asrs):
        out.append(Finding(site, "ASR_FORMAT_INVALID"))
    faa_ml, faa_ml_ref = latest(docs, "faa_determination", "marking_lighting")
    insp_ml, _ = latest(docs, "structural_inspection", "lighting_type")
    faa_ml, insp_ml = lighting_system(faa_ml), lighting_system(insp_ml)
    if faa_ml not in (None, "none") and insp_ml is not None and insp_ml != faa_ml:
        out.append(Finding(site, "MARKING_MISMATCH", refs=(faa_ml_ref,)))
    elif height is not None and height > HEIGHT_NOTICE_FT and faa_ml is None and insp_ml in (None, "none"):
        out.append(Finding(site, "MARK_LIGHT_EXPECTED", assumed=() if insp_ml else ("unlit (no lighting on file)",)))
    issued_s, dnh_ref = latest(docs, "faa_determination", "determination_date")
    stated_s, stated_ref = latest(docs, "faa_determination", "expiration_date")
    stated_kind = next((d.fields.get("determination", "") for d in docs if d.ref == stated_ref), "")
    doh = "hazard" in stated_kind and "no" not in stated_kind  # a Determination of Hazard never expires
    if issued_s is None and stated_s is not None and not doh:  # undated letters: their stated expiry governs
        out += [
            Finding(f.site, f.tag, due=f.due, refs=(stated_ref,))
            for f in dnh_findings(site, parse_date(stated_s), as_of)
        ]
    if issued_s is not None:
        kind = next((d.fields.get("determination", "") for d in docs if d.ref == dnh_ref), "")
        petition = next((d.fields.get("petitionable") for d in docs if d.ref == dnh_ref), None)
        expiry, assumed = dnh_expiry(parse_date(issued_s) or as_of, kind, petitionable=_flag(petition))
        stated = next((parse_date(d.fields.get("expiration_date")) for d in docs if d.ref == dnh_ref), None)
        if stated_dnh and stated is not None and expiry is not None:
            expiry, assumed = stated, ()
        out += [
            Finding(f.site, f.tag, due=f.due, assumed=assumed, refs=(dnh_ref,))
            for f in dnh_findings(site, expiry, as_of)
        ]
    if (
        insp_h is not None
        and faa_h is not None
        and (parse_num(insp_h) or 0) - (parse_num(faa_h) or 0) > HEIGHT_ROUNDING_FT
    ):
        out.append(Finding(site, "HEIGHT_EXCEEDS_FAA", refs=(insp_ref, faa_ref)))
    permit_h, permit_ref = latest(docs, "municipal_permit", "approved_height_ft")
    if (
        insp_h is not None
        and permit_h is not None
        and substantial_change(parse_num(permit_h) or 0, parse_num(insp_h) or 0)
    ):
        out.append(Finding(site, "HEIGHT_EXCEEDS_PERMIT", assumed=("non-ROW tower",), refs=(insp_ref, permit_ref)))
    insp_docs = sorted((d for d in docs if d.doc_type == "structural_inspection"), key=lambda d: (d.day, d.ref))
    if insp_docs:
        info = {**_merged(insp_docs), "next_inspection_date": insp_docs[-1].fields.get("next_inspection_date", "")}
        out += inspection_findings(site, info, as_of)
        tag = capacity_tag(parse_num(_merged(insp_docs).get("max_capacity_pct")))
        if tag:
            out.append(Finding(site, tag, refs=(insp_docs[-1].ref,)))
    leases: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.doc_type == "lease_amendment":
            leases[d.fields.get("lease_id", "")].append(d)
    for lease_id, amendments in leases.items():
        out += lease_findings(site, lease_id, _merged(sorted(amendments, key=lambda d: (d.day, d.ref))), as_of)
    permits: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.doc_type == "municipal_permit" and d.fields.get("permit_number"):
            permits[d.fields["permit_number"]].append(d)
    for number, pdocs in permits.items():
        expires = parse_date(_merged(sorted(pdocs, key=lambda d: (d.day, d.ref))).get("expiration_date"))
        if expires is not None and expires < as_of:
            out.append(Finding(site, "PERMIT_EXPIRED", number, expires))
        elif expires is not None and expires <= as_of + timedelta(days=HORIZON_DAYS):
            out.append(Finding(site, "PERMIT_EXPIRING", number, expires))
    for d in docs:
        recent = d.day is not None and d.day >= as_of - timedelta(days=OUTAGE_LOOKBACK_DAYS)
        if d.doc_type == "field_log" and d.fields.get("light_outage") == "yes" and d.day is not None and recent:
            position = light_position(d.fields)
            if position != "side":
                assumed = () if position else ("top/flashing light (NOTAM needed)",)
                out.append(Finding(site, "LIGHT_OUTAGE", d.day.isoformat(), assumed=assumed, refs=(d.ref,)))
    return out


def lighting_system(text: str | None) -> str | None:
    """FAA-LIGHT-TYPES: the lighting system a description names, so that two wordings of one system agree.

    L-810 (steady red) and L-864 (flashing red) are red; L-865, L-856 and L-866 are white; L-864/865 or
    red and white together are dual; "none", unlit or not required is none. Anything else is kept as
    written (compared as text).
    """
    if text is None:
        return None
    t = text.lower()
    if re.search(r"\b(none|no lighting|unlit|not lit|not required|n/a)\b", t):
        return "none"
    red = bool(re.search(r"\b(red|l-?810|l-?864)\b", t))
    white = bool(re.search(r"\b(white|strobe|l-?865|l-?856|l-?866)\b|l-?864\s*/\s*(l-?)?865", t))
    if "dual" in t or (red and white):
        return "dual"
    return "white" if white else "red" if red else t


def light_position(fields: dict[str, str]) -> str | None:
    """FCC-NOTAM-30M: 'top' for a top or flashing light (NOTAM needed), 'side' for a steady side light, else None.

    A stated ``light_position`` wins; otherwise the log's own words: a beacon, a flash head or the top
    is a top/flashing light, a side marker (with none of those) a steady side light.
    """
    stated = (fields.get("light_position") or "").lower()
    if stated:
        return "side" if "side" in stated and "flash" not in (fields.get("light_mode") or "") else "top"
    text = f"{fields.get('findings') or ''} {fields.get('activity') or ''}".lower()
    if re.search(r"\b(beacon|flash\w*|top|l-864|l-865|strobe)\b", text):
        return "top"
    if re.search(r"\bside\b|\bl-810\b|\bmarker\b", text):
        return "side"
    return None


def _flag(value: str | None) -> bool | None:
    return None if value in (None, "") else str(value).lower() in {"yes", "true", "1"}


def _merged(docs: list[Doc]) -> dict[str, str]:
    """Each field's latest stated value across documents sorted oldest first (an amendment sets only some)."""
    out: dict[str, str] = {}
    for d in docs:
        out.update({k: v for k, v in d.fields.items() if v not in (None, "")})
    return out


def expected(docs: list[Doc], as_of: date, *, stated_dnh: bool = False) -> dict[tuple[str, str, str], Finding]:
    """Every site's findings as of a date, keyed for comparison."""
    by_site: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        by_site[d.site].append(d)
    return {
        f.key: f
        for site, sdocs in sorted(by_site.items())
        for f in site_findings(site, sdocs, as_of, stated_dnh=stated_dnh)
    }


def _site_folder(rel: str) -> str | None:
    """The site a file was filed under (``<zone>/<site_id>/<file>``, DESIGN.md's corpus layout).

    A document that prints no site id (an inspection grid without one) still belongs to the site whose
    folder holds it: towerkit reads the site from the folder, and so must the truth.
    """
    parts = Path(rel).parts
    return parts[-2] if len(parts) >= 3 else None  # noqa: PLR2004 - zone, site, file


def truth_docs(root: Path) -> list[Doc]:
    """The ground truth's typed documents; a broken file has no type and no facts."""
    out = []
    for line in (root / "ground_truth.jsonl").read_text().splitlines():
        row = json.loads(line)
        fields = {k: str(v) for k, v in (row.get("fields") or {}).items() if v is not None}
        site = row.get("site_id") or fields.get("site_id") or _site_folder(str(row.get("file", "")))
        if not row.get("doc_type") or not site:
            continue
        day = parse_date(fields.get(DATE_FIELD.get(row["doc_type"], ""))) or parse_date(row.get("doc_date"))
        out.append(Doc(site, row["doc_type"], day, fields, str(row.get("file", ""))))
    return out


def ingest_day(db: Path) -> date:
    """The day the corpus was ingested: when the operator is known to have held every file."""
    from towerkit.store.db import connect  # noqa: PLC0415 - deferred: duckdb

    conn = connect(db, read_only=True)
    try:
        row = conn.execute("SELECT CAST(max(ingested_at) AS DATE) FROM documents").fetchone()
    finally:
        conn.close()
    return row[0] if row and row[0] else datetime.now(tz=UTC).date()


def received_on(docs: list[Doc], received: date) -> list[Doc]:
    """Documents that print no date of their own, dated by the day they were received.

    COMPLIANCE_RULES.md reads a site's facts as of a date from the documents dated on or before it;
    a document that states no date was certainly held from the day it arrived (towerkit's
    ``doc_facts.doc_date`` falls back to the ingestion day for the same reason). Left out instead, an undated
    permit copy that states its own expiry could never raise PERMIT_EXPIRED.
    """
    return [d if d.day is not None else Doc(d.site, d.doc_type, received, d.fields, d.ref) for d in docs]


def extracted_docs(db: Path, root: Path) -> list[Doc]:
    """The facts towerkit stored for its ingested documents (same shape as the truth's)."""
    from towerkit.store.db import connect  # noqa: PLC0415 - deferred: duckdb

    conn = connect(db, read_only=True)
    try:
        meta = conn.execute(
            "SELECT doc_id, path, site_id, doc_type FROM documents WHERE status = 'ingested' AND doc_type IS NOT NULL"
        ).fetchall()
        values: dict[str, dict[str, str]] = defaultdict(dict)
        for doc_id, name, value in conn.execute("SELECT doc_id, field, value FROM fields").fetchall():
            if value is not None:
                values[doc_id][name] = str(value)
    finally:
        conn.close()
    out = []
    for doc_id, path, site, doc_type in meta:
        fields = values.get(doc_id, {})
        where = site or fields.get("site_id")
        if where:
            ref = str(Path(path).resolve().relative_to(root.resolve())) if path else doc_id
            out.append(Doc(where, doc_type, parse_date(fields.get(DATE_FIELD.get(doc_type, ""))), fields, ref))
    return out


def actual(db: Path, as_of: date) -> dict[tuple[str, str, str], Finding]:
    """The rows every rule query returns as of a date, keyed like the expected findings."""
    out: dict[tuple[str, str, str], Finding] = {}
    for name, tags in QUERIES.items():
        cmd = [*TOWERKIT, "query", name, "--db", str(db), "--format", "json"]
        if name in AS_OF_QUERIES:
            cmd += ["--param", f"as_of={as_of.isoformat()}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=REPO)
        if proc.returncode != 0:  # other work may be editing queries/ right now: say so, score the rest
            print(f"warning: {name} as of {as_of} failed: {proc.stderr.strip()[-300:]}", file=sys.stderr)
            continue
        for row in json.loads(proc.stdout or "[]"):
            if row.get("tag") not in tags:
                continue
            sub = str(row.get("lease_id") or row.get("permit_number") or row.get("log_date") or "")
            f = Finding(
                str(row["site_id"]),
                str(row["tag"]),
                sub[:10] if row.get("log_date") else sub,
                parse_date(row.get("due_date")),
                refs=tuple(row.get("doc_ids") or ()),
            )
            out[f.key] = f
    return out


def query_of(tag: str) -> str:
    """The query that reports a tag."""
    return next(name for name, tags in QUERIES.items() if tag in tags)


@dataclass
class Score:
    """Counts for one rule query: tp, fp, fn, due dates compared and agreeing, disagreement classes."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    dates: int = 0
    dates_ok: int = 0
    assumed: int = 0
    classes: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def line(self, name: str) -> str:
        """One table row."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        d = f"{self.dates_ok}/{self.dates}" if self.dates else "-"
        cls = " ".join(f"{k}={v}" for k, v in sorted(self.classes.items()))
        return f"{name:<28} {p:6.3f} {r:6.3f} {self.tp:4d} {self.fp:4d} {self.fn:4d} {self.assumed:4d} {d:>7}  {cls}"


def compare(
    exp: dict[Any, Finding],
    got: dict[Any, Finding],
    ext: dict[Any, Finding],
    scores: dict[str, Score],
    misses: list[str],
    label: str,
) -> None:
    """Score one as-of date into ``scores``, sorting each disagreement into a class.

    A disagreement is 'extraction' when the rules on the extracted facts reproduce towerkit's answer, else 'rule'.
    """
    for key in sorted(set(exp) | set(got)):
        e, g = exp.get(key), got.get(key)
        s = scores[query_of(key[1])]
        if e and g:
            s.tp += 1
            s.assumed += bool(e.assumed)
            if e.due and g.due:
                s.dates += 1
                s.dates_ok += e.due == g.due
                if e.due != g.due:
                    misses.append(f"{label} DATE {key} expected {e.due} reported {g.due} {list(e.assumed)}")
            continue
        cls = "extraction" if (key in ext) == (g is not None) else "rule"
        s.classes[f"{'fn' if e else 'fp'}_{cls}"] += 1
        if e:
            s.fn += 1
            s.assumed += bool(e.assumed)
            misses.append(f"{label} MISSING[{cls}] {key} due={e.due} {list(e.assumed)} from {list(e.refs)}")
        else:
            s.fp += 1
            misses.append(f"{label} UNEXPECTED[{cls}] {key} due={g.due if g else None}")


def default_dates(docs: list[Doc]) -> list[date]:
    """Median document date, the day after the latest, and two years after that (see the module docstring)."""
    days = sorted(d.day for d in docs if d.day is not None)
    if not days:
        return [date.today()]  # noqa: DTZ011 - an empty corpus: any date gives no findings
    last = days[-1] + timedelta(days=1)
    return [days[len(days) // 2], last, add_months(last, 24)]


def print_table(title: str, scores: dict[str, Score]) -> None:
    """A precision/recall table per rule query plus the total."""
    print(f"\n{title}")
    print(f"{'query':<28} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'asm':>4} {'dates':>7}  classes")
    total = Score()
    for name in QUERIES:
        s = scores.get(name, Score())
        print(s.line(name))
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        total.dates, total.dates_ok, total.assumed = (
            total.dates + s.dates,
            total.dates_ok + s.dates_ok,
            total.assumed + s.assumed,
        )
        for k, v in s.classes.items():
            total.classes[k] += v
    print(total.line("ALL"))


def main(argv: list[str] | None = None) -> int:
    """Generate or take a corpus, ingest it, score the rule queries against the independent rules."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--as-of", type=date.fromisoformat, action="append", default=None, help="repeatable")
    ap.add_argument("--corpus", type=Path, default=None, help="an existing corpus with ground_truth.jsonl")
    ap.add_argument("--misses", action="store_true", help="list every mismatch")
    ap.add_argument(
        "--dnh-computed",
        dest="dnh_stated",
        action="store_false",
        help="ignore an FAA letter's printed expiration date (which records any extension) and count 18 months "
        "from the effective date instead",
    )
    ap.add_argument("--db", type=Path, default=None, help="reuse this database if it exists (else ingest into it)")
    a = ap.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="compliance_acc_") as tmp:
        root = a.corpus or Path(tmp) / "corpus"
        if a.corpus is None:
            subprocess.run(
                [*TOWERKIT, "sample", "--out", str(root), "--docs", str(a.docs), "--seed", str(a.seed)],
                check=True,
                capture_output=True,
                cwd=REPO,
            )
        if not (root / "ground_truth.jsonl").is_file():
            print(f"error: no ground_truth.jsonl in {root}", file=sys.stderr)
            return 2
        db = a.db or Path(tmp) / "tmp.duckdb"
        if not db.exists():
            subprocess.run(
                [*TOWERKIT, "ingest", str(root), "--db", str(db), "--workers", str(a.workers)],
                check=False,
                capture_output=True,
                cwd=REPO,
            )
        truth = truth_docs(root)
        ext = extracted_docs(db, root)
        dates = a.as_of or default_dates(truth)
        received = ingest_day(db)
        truth, ext = received_on(truth, received), received_on(ext, received)
        overall: dict[str, Score] = defaultdict(Score)
        misses: list[str] = []
        for as_of in dates:
            scores: dict[str, Score] = defaultdict(Score)
            exp, ext_exp = (
                expected(truth, as_of, stated_dnh=a.dnh_stated),
                expected(ext, as_of, stated_dnh=a.dnh_stated),
            )
            compare(exp, actual(db, as_of), ext_exp, scores, misses, str(as_of))
            print_table(f"as of {as_of}", scores)
            for name, s in scores.items():
                o = overall[name]
                o.tp, o.fp, o.fn, o.dates, o.dates_ok = (
                    o.tp + s.tp,
                    o.fp + s.fp,
                    o.fn + s.fn,
                    o.dates + s.dates,
                    o.dates_ok + s.dates_ok,
                )
                o.assumed += s.assumed
                for k, v in s.classes.items():
                    o.classes[k] += v
        source = f"corpus={a.corpus}" if a.corpus else f"docs={a.docs} seed={a.seed}"
        print_table(
            f"overall ({source}; {len(truth)} typed docs, {len(ext)} ingested; {time.monotonic() - started:.0f} s)",
            overall,
        )
        if a.misses:
            print("\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
