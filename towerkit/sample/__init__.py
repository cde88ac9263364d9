"""``towerkit sample``: a deterministic, realistic corpus of tower documents with ground truth.

``generate(out_dir, docs=60, seed=7, era="all") -> list[dict]`` writes ``ROOT/<zone>/<site_id>/<file>``
and ``ROOT/ground_truth.jsonl``. See ``generate`` for the row keys, ``canonical`` for the value
forms, ``templates`` for the issuers and their revisions, ``plan`` for the corpus composition and
``broken`` for the broken-file kinds (and why a PNG named ``.pdf`` is *not* one of them).
"""

from towerkit.sample.generate import TRUTH, generate

__all__ = ["TRUTH", "generate"]
