"""Lease amendment layouts: a law firm's prose amendment and a tower company's abstract grid.

* ``harlan_price``: two pages of prose; every value sits inside a sentence ("a monthly rent of
  Two Thousand Three Hundred Fifty and 00/100 Dollars ($2,350.00)", "five (5) years"), long dates.
  Rev 2 (minor) shifts the text block by 4/6 pt.
* ``meridian_towers``: a ruled two-column abstract grid, US dates. Rev 2 (minor) shifts the grid
  3/8 pt; rev 3 (major) drops "Monthly Rent" from the grid into a separate rent schedule table
  far below (renamed "Base Rent (Monthly)") and renames "Current Term Expires" to "Lease
  Expiration" with ISO dates.
"""

from __future__ import annotations

from towerkit.sample import canonical as cn
from towerkit.sample.draw import Sheet
from towerkit.sample.model import Doc

# Template revisions (``templates.TEMPLATES`` gives each its drift kind).
HARLAN_SHIFTED_REV = 2  # minor: the text block shifted -4/6 pt
MERIDIAN_SHIFTED_REV = 2  # minor: the grid shifted 3/8 pt
MERIDIAN_MAJOR_REV = 3  # major: rent moved to its own table, expiry renamed, ISO dates


def _pct_words(d: Doc) -> str:
    """The escalator as prose writes it: ``three percent (3%)``, or ``2.5 percent`` when not whole."""
    v = d.facts["escalator_pct"]
    return (
        d.pct("escalator_pct", "{} percent")
        if v != v.to_integral_value()
        else d.pct("escalator_pct", f"{cn.number_words(int(v)).lower()} percent ({{}}%)")
    )


def harlan(sh: Sheet, d: Doc) -> None:
    """``harlan_price``: two pages of prose with every value inside a sentence."""
    ordinal = d.facts["ordinal"]
    sh.text(306, 28, "HARLAN & PRICE LLP", size=12, bold=True, align="center")
    sh.text(306, 44, "Attorneys at Law  |  San Antonio, Texas", size=8, align="center")
    if d.revision == HARLAN_SHIFTED_REV:
        sh.dx, sh.dy = -4.0, 6.0
    sh.text(306, 70, f"{ordinal.upper()} AMENDMENT TO SITE LEASE AGREEMENT", size=13, bold=True, align="center")
    sh.label_value(72, 100, "Lease No.:", d.txt("lease_id"))
    sh.label_value(72, 116, "Site ID:", d.txt("site_id"))
    sh.label_value(72, 132, "Site Name:", d.txt("site_name"))
    renew = d.facts["renewals_remaining"]
    p1 = (
        f'THIS {ordinal.upper()} AMENDMENT TO SITE LEASE AGREEMENT (this "Amendment") is made and entered '
        f'into as of {d.date("amendment_date", "long")} (the "Amendment Date"), by and between '
        f'{d.txt("lessor")} ("Lessor"), and {d.txt("lessee")} ("Lessee").'
    )
    p2 = (
        "RECITALS. Lessor and Lessee are parties to that certain Site Lease Agreement with a commencement "
        f'date of {d.date("commencement_date", "long")} (the "Commencement Date"), as amended (the '
        '"Agreement"), for the premises described in Exhibit A. The parties desire to amend the '
        "Agreement as set forth below."
    )
    p3 = (
        f"1. Term. The current term of the Agreement shall expire on {d.date('expiration_date', 'long')}. "
        f"Lessee shall have the right to extend the Agreement for {d.count('renewals_remaining', words=True)} "
        f"additional renewal term{'s' if renew != 1 else ''} of {d.count('renewal_term_years', words=True)} "
        "years each. Each renewal shall occur automatically unless Lessee notifies Lessor in writing of its "
        f"intention not to renew at least {d.count('notice_days', words=True)} days prior to the end of the "
        "then-current term."
    )
    p4 = (
        "2. Rent. Commencing on the first day of the month following the Amendment Date, Lessee shall pay "
        f"Lessor a monthly rent of {d.money('monthly_rent_usd', words=True)}. Rent shall increase by "
        f"{_pct_words(d)} on each anniversary of the Commencement Date."
    )
    p5 = (
        "3. Ratification. Except as modified by this Amendment, the Agreement remains unmodified and in full "
        "force and effect. Capitalized terms not defined herein have the meanings given in the Agreement."
    )
    y = 160.0
    for p in (p1, p2, p3, p4, p5):
        y = sh.para(72, y, 468, p) + 10
    sh.dx = sh.dy = 0.0
    sh.text(306, 750, "Page 1 of 2", size=8, align="center")
    sh.new_page()
    sh.para(72, 72, 468, "IN WITNESS WHEREOF, the parties have executed this Amendment as of the Amendment Date.")
    for i, (role, who) in enumerate((("LESSOR", d.facts["lessor"]), ("LESSEE", d.facts["lessee"]))):
        y = 130 + i * 130
        sh.text(72, y, f"{role}:", bold=True)
        sh.text(72, y + 18, who)
        sh.hline(72, 300, y + 60)
        sh.text(72, y + 66, "By: Authorized Signatory", size=9)
    sh.text(72, 430, "EXHIBIT A - DESCRIPTION OF PREMISES", bold=True)
    sh.para(
        72,
        450,
        468,
        "A parcel of land of approximately 10,000 square feet together with non-exclusive "
        "easements for access and utilities, as shown on the survey attached to the Agreement.",
    )
    sh.text(306, 750, "Page 2 of 2", size=8, align="center")


def meridian(sh: Sheet, d: Doc) -> None:
    """``meridian_towers``: a ruled two-column abstract grid (see the module docstring)."""
    major = d.revision >= MERIDIAN_MAJOR_REV
    ds = "iso" if major else "us"
    sh.text(72, 40, "MERIDIAN TOWER PARTNERS", size=15, bold=True)
    sh.text(72, 60, "Lease Administration  -  Amendment Abstract", size=10)
    sh.hline(72, 540, 76)
    if d.revision == MERIDIAN_SHIFTED_REV:
        sh.dx, sh.dy = 3.0, 8.0
    rows = [
        ["Lease ID", d.txt("lease_id")],
        ["Site ID", d.txt("site_id")],
        ["Site Name", d.txt("site_name")],
        ["Landlord", d.txt("lessor")],
        ["Tenant", d.txt("lessee")],
        ["Amendment Effective", d.date("amendment_date", ds)],
        ["Original Commencement", d.date("commencement_date", ds)],
        ["Lease Expiration" if major else "Current Term Expires", d.date("expiration_date", ds)],
    ]
    if not major:
        rows.append(["Monthly Rent", d.money("monthly_rent_usd")])
    rows += [
        ["Annual Escalator", d.pct("escalator_pct")],
        ["Renewal Term (years)", d.count("renewal_term_years")],
        ["Renewal Options Remaining", d.count("renewals_remaining")],
        ["Notice Period (days)", d.count("notice_days")],
    ]
    bottom = sh.grid(72, 100, rows, [200, 268], row_h=20)
    sh.text(72, bottom + 24, "Summary of Changes", bold=True)
    y = sh.para(
        72,
        bottom + 42,
        468,
        f"This {d.facts['ordinal'].lower()} amendment extends the lease term and "
        "restates the rent. All other terms of the ground lease remain unchanged. This abstract is "
        "provided for administrative convenience; the executed amendment controls.",
    )
    if major:
        sh.text(72, y + 60, "Rent Schedule", bold=True)
        sh.grid(
            72,
            y + 80,
            [["Component", "Amount"], ["Base Rent (Monthly)", d.money("monthly_rent_usd")]],
            [200, 268],
            row_h=20,
            header=True,
        )
    sh.dx = sh.dy = 0.0
    sh.text(306, 750, "Meridian Tower Partners  -  Confidential", size=8, align="center")
