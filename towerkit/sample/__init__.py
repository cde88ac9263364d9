"""``towerkit sample``: a deterministic, realistic corpus of tower documents with ground truth.

``generate(out_dir, docs=60, seed=7, era="all") -> list[dict]`` writes ``docs`` files under
``ROOT/<zone>/<site_id>/`` plus ``ROOT/ground_truth.jsonl`` (one row per file) and returns the rows.

Where things live:

* ``generate``: writing files, file names, the ground-truth row keys;
* ``plan``: corpus composition (broken ~6%, drifted ~12%, scans ~20%, eras);
* ``facts``: sites and typed field values with compliance-relevant variety (``REFERENCE_DATE``);
* ``canonical``: the ONE formatter of ground-truth values (and of printed dates/coordinates/money);
* ``templates`` + ``tpl_*``: the issuers' layouts and their revisions (minor/major drift);
* ``render_pdf`` (reportlab), ``scan`` (rasterize + degrade), ``textlog`` (legacy logs),
  ``broken`` (broken files; why a PNG named ``.pdf`` is not one of them).

Issuers (``template`` = ``<issuer>/<doc_type>``): structural_inspection: acme_eng (r2 minor, r3
major), summit_struct (metres, DMS; r2 major), ridgeline_tower (new issuer, later era only);
lease_amendment: harlan_price (prose; r2 minor), meridian_towers (grid; r2 minor, r3 major);
municipal_permit: permitworks (r2 minor, r3 major), civicplan (boxed value-below-label);
faa_determination: faa_oeaaa (letter, DMS dash form; r2 minor), skyclear_aero (grid; r2 major);
field_log: apex_maint (.log, Latin-1, fixed width), lonestar_svc (.txt, UTF-8, Key: value).

Imports: from towerkit only ``errors``, ``config`` and ``models`` (the ground floor); submodules
import each other directly, never this package's names, so the package has no import cycle. Its
third-party dependencies are reportlab, fontTools, numpy, Pillow, pypdfium2 and pypdf.
"""

from towerkit.sample.generate import TRUTH, generate

__all__ = ["TRUTH", "generate"]
