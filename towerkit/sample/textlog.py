"""Legacy field logs: plain-text files from two maintenance vendors, in two encodings.

* ``apex_maint`` writes ``.log`` files from an old DOS-era system: Latin-1, CRLF line ends, a
  fixed-width header row and data row (site, name, date ``14-Mar-2024``, technician, ``Y``/``N``
  outage flag) followed by ``KEY : value`` lines, findings wrapped at 60 columns with a hanging
  indent. Accented technician names ("José Muñoz") are single Latin-1 bytes, so a reader that
  assumes UTF-8 garbles them.
* ``lonestar_svc`` writes ``.txt`` ``Key: value`` reports in UTF-8 with ISO dates.
"""

from __future__ import annotations

import textwrap

from towerkit.sample.model import Doc

YES_NO_FLAG = {"yes": "Y", "no": "N"}
YES_NO_WORD = {"yes": "Yes", "no": "No"}


def apex(d: Doc) -> bytes:
    """An ``apex_maint`` ``.log``: fixed-width, CRLF, Latin-1 (see the module docstring)."""
    site_id, name = d.txt("site_id"), d.txt("site_name")
    date, tech = d.date("log_date", "dmy"), d.txt("technician")
    flag = d.enum("light_outage", YES_NO_FLAG)
    activity = d.txt("activity", d.facts["activity"].upper())
    d.truth["activity"] = d.facts["activity"]
    findings = d.txt("findings")
    lines = [
        f"{'APEX TOWER MAINTENANCE':<34}{'SITE VISIT LOG':<36}RPT APX-2",
        "=" * 79,
        f"{'SITE':<9}{'NAME':<30}{'DATE':<13}{'TECHNICIAN':<22}OUTAGE",
        f"{site_id:<9}{name:<30}{date:<13}{tech:<22}{flag}",
        "-" * 79,
        f"ACTIVITY : {activity}",
    ]
    wrapped = textwrap.wrap(findings, 60)
    lines.append(f"FINDINGS : {wrapped[0]}")
    lines += [" " * 11 + w for w in wrapped[1:]]
    lines += ["-" * 79, "END OF RECORD", ""]
    return "\r\n".join(lines).encode("latin-1")


def lonestar(d: Doc) -> bytes:
    """A ``lonestar_svc`` ``.txt``: ``Key: value`` lines, UTF-8, ISO dates."""
    lines = [
        "Lone Star Site Services - Field Service Report",
        "",
        f"Site: {d.txt('site_id')}",
        f"Site Name: {d.txt('site_name')}",
        f"Service Date: {d.date('log_date', 'iso')}",
        f"Technician: {d.txt('technician')}",
        f"Activity: {d.txt('activity', d.facts['activity'].capitalize())}",
        f"Light Outage: {d.enum('light_outage', YES_NO_WORD)}",
        f"Findings: {d.txt('findings')}",
        "",
        "Report filed via LSS FieldNotes 3.1",
        "",
    ]
    d.truth["activity"] = d.facts["activity"]
    return "\n".join(lines).encode("utf-8")


def render(d: Doc) -> bytes:
    """The field log's bytes in its vendor's format; fills ``d.truth`` like the PDF templates do."""
    return apex(d) if d.issuer == "apex_maint" else lonestar(d)
