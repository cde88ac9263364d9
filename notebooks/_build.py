# ruff: noqa: INP001  a script run by its path (python notebooks/_build.py, runpy in the tests), not a package
"""Regenerate the notebooks from this one source: `python notebooks/_build.py`.

Writing the cells here keeps notebook diffs reviewable and guarantees the committed files have no
outputs and exactly one ``parameters`` cell. Logic belongs in ``towerkit.reports`` (the analyses by
concern: ``compliance_summary``, ``drift_timeline``, ``clustering``; ``tables``, ``plots``, and the
``loaders`` that read the database); cells only call them and display the results.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = """\
import polars as pl
from IPython.display import Markdown, display

from towerkit.reports import {modules}
from towerkit.reports.notebook import {names}

pl.Config.set_tbl_rows(60)
pl.Config.set_tbl_cols(16)
pl.Config.set_fmt_str_lengths(70)
pl.Config.set_tbl_hide_dataframe_shape(True)
pl.Config.set_tbl_hide_column_data_types(True)"""


def setup(modules: str, names: str = "glue") -> str:
    """The first code cell's imports (``modules`` of towerkit.reports, ``names`` from its notebook module)."""
    return SETUP.format(modules=modules, names=names)


def params(source: str) -> nbformat.NotebookNode:
    """The cell tagged ``parameters``: papermill injects its values after it."""
    return new_code_cell(source, metadata={"tags": ["parameters"]})


def md(source: str) -> nbformat.NotebookNode:
    """A Markdown cell."""
    return new_markdown_cell(source)


def code(source: str) -> nbformat.NotebookNode:
    """A code cell, committed without outputs."""
    return new_code_cell(source)


COMPLIANCE = [
    md(
        "# Compliance report\n\nOpen findings of every compliance rule in `queries/`, the deadlines "
        "coming up, the quarantine backlog and the audit chain. Run it as a job with "
        "`towerkit report compliance_report --db FILE -p as_of YYYY-MM-DD` (or papermill)."
    ),
    params(
        'db_path = "data/towerkit.duckdb"  # the towerkit database (opened read-only, briefly)\n'
        "as_of = None  # report date as YYYY-MM-DD; None means today\n"
        "horizon_days = 90  # list deadlines falling due within this many days\n"
        "zone = None  # one zone (region) only; None means every zone"
    ),
    code(
        setup("compliance_summary, plots, tables", "glue, resolve_as_of")
        + "\nfrom towerkit.reports.loaders import load_compliance\n\n"
        "report_date = resolve_as_of(as_of)\n"
        "data = load_compliance(db_path, report_date, int(horizon_days), zone)\n"
        "results = {r.info.name: r.frame for r in data.rules}\n"
        "infos = {r.info.name: r.info for r in data.rules}"
    ),
    md("## Summary"),
    code(
        "summary = compliance_summary.portfolio_summary(data.documents)\n"
        "findings = compliance_summary.findings_summary(results, infos)\n"
        "display(Markdown(\n"
        '    f"Report date **{report_date}**, deadline horizon **{horizon_days} days**, '
        "zone **{zone or 'all'}**.\\n\\n\"\n"
        "    f\"**{summary['sites']}** sites, **{summary['documents']}** documents \"\n"
        "    f\"({summary['ingested']} ingested, {summary['quarantined']} quarantined, "
        "{summary['failed']} failed); \"\n"
        "    f\"**{findings['findings'].sum()}** open findings over **{findings.height}** rules.\"))\n"
        "display(tables.Table(findings))"
    ),
    md(
        "## Rules\n\nEach section is one rule query in `queries/`; its text is the query's own header, "
        "the ids in brackets are the rules of COMPLIANCE_RULES.md it checks."
    ),
    code(
        "shown = {'as_of': report_date, 'horizon_days': horizon_days, 'zone': zone}\n"
        "for rule in data.rules:\n"
        "    display(Markdown(compliance_summary.rule_text(rule.info, rule.frame.height, shown)))\n"
        "    if rule.frame.height:\n"
        "        display(tables.Table(tables.display_frame(rule.frame)))\n"
        "if not data.rules:\n"
        "    display(Markdown('_No compliance rule queries found in queries/._'))"
    ),
    md("## Upcoming deadlines"),
    code(
        "deadlines = compliance_summary.upcoming_deadlines(results, report_date, int(horizon_days))\n"
        "plots.show(plots.deadline_chart(deadlines, report_date, int(horizon_days)))\n"
        "display(compliance_summary.deadline_buckets(deadlines) if deadlines.height "
        "else Markdown('_Nothing due._'))\n"
        "if deadlines.height:\n"
        "    display(tables.Table(deadlines))"
    ),
    md(
        "## Quarantine backlog\n\nDocuments held back because their layout drifted from the known "
        "templates; `towerkit quarantine list` reviews them."
    ),
    code(
        "backlog = compliance_summary.quarantine_backlog(data.quarantine, report_date)\n"
        "pending = int(backlog['pending'].sum()) if backlog.height else 0\n"
        "display(Markdown(f'**{pending}** documents waiting for review.'))\n"
        "if backlog.height:\n"
        "    display(tables.Table(backlog))\n"
        "    plots.show(plots.bar_counts(backlog, 'doc_type', 'pending', 'Pending quarantine by document type'))"
    ),
    md("## Audit chain"),
    code(
        "mark = {True: 'intact', False: 'BROKEN', None: 'not checked'}[data.audit.ok]\n"
        "display(Markdown(f'Audit chain **{mark}**: {data.audit.message}'))"
    ),
    code(
        "glue('summary', {\n"
        "    'as_of': report_date.isoformat(), 'horizon_days': int(horizon_days), 'zone': zone, **summary,\n"
        "    'findings': {name: frame.height for name, frame in results.items()},\n"
        "    'rules': {name: tables.frame_records(frame) for name, frame in results.items()},\n"
        "    'deadlines': deadlines.height, 'quarantine_pending': pending,\n"
        "    'audit': {'ok': data.audit.ok, 'entries': data.audit.entries, 'message': data.audit.message},\n"
        "})"
    ),
]

DRIFT = [
    md(
        "# Drift analysis\n\nHow document layouts drift from their registered templates: events over "
        "time by issuer, template and zone, and which fields move or vanish. Periods use each "
        "document's own date (inspection, amendment, issue, determination or log date)."
    ),
    params(
        'db_path = "data/towerkit.duckdb"  # the towerkit database (opened read-only, briefly)\n'
        "since = None  # only events detected on or after this YYYY-MM-DD; None means all\n"
        "issuer = None  # one issuer only; None means all\n"
        "template_id = None  # one template only; None means all\n"
        "zone = None  # one zone only; None means all\n"
        'every = "1y"  # period of the timelines: 1d, 1w, 1mo, 1q or 1y'
    ),
    code(
        setup("drift_timeline, plots, tables", "glue, resolve_as_of")
        + "\nfrom towerkit.reports.loaders import load_drift\n\n"
        "data = load_drift(db_path)\n"
        "since_date = resolve_as_of(since) if since else None\n"
        "events = drift_timeline.filter_events(data.events, issuer=issuer, template_id=template_id, zone=zone,\n"
        "                                      since=since_date)\n"
        "display(Markdown(f\"**{events.height}** drift events on **{events['doc_id'].n_unique()}** documents \"\n"
        '                 f"(of {data.events.height} events in the database); "\n'
        '                 f"**{data.templates.height}** registered template revisions."))'
    ),
    md("## Over time"),
    code(
        "for by, title in (('issuer', 'issuer'), ('template_id', 'template'), ('zone', 'zone')):\n"
        "    display(Markdown(f'### By {title}'))\n"
        "    plots.show(plots.stacked_timeline(drift_timeline.drift_over_time(events, by, every),\n"
        "                                      by, f'Drift events per {every} by {title}'))\n"
        "    display(drift_timeline.drift_totals(events, by))"
    ),
    md("## Fields that move or vanish"),
    code(
        "changes = drift_timeline.field_changes(events)\n"
        "plots.show(plots.field_changes_chart(changes))\n"
        "display(changes)"
    ),
    md("## Template registry"),
    code("display(data.templates)"),
    md(
        "## Explore\n\nIn a live Jupyter session the dropdowns below narrow the field table; the static "
        "tables above are what a batch run (papermill, `towerkit report`) keeps."
    ),
    code("display(plots.drift_explorer(data.events))"),
    code(
        "glue('summary', {\n"
        "    'events': events.height, 'documents': events['doc_id'].n_unique(),\n"
        "    'kinds': {k: n for k, n in events.group_by('kind').len().iter_rows()},\n"
        "    'fields': tables.frame_records(changes), 'templates': data.templates.height,\n"
        "})"
    ),
]

CLUSTERING = [
    md(
        "# Template clustering\n\nGroups documents by the similarity of their first-page layout, "
        "independently of the template registry, then compares the clusters with the registered "
        "templates: a cluster spanning two templates or a template split in two is worth a look, and "
        "documents nothing resembles are listed as outliers."
    ),
    params(
        'db_path = "data/towerkit.duckdb"  # the towerkit database (opened read-only, briefly)\n'
        "max_docs = 200  # compare at most this many documents (pairs grow with the square)\n"
        "threshold = 0.6  # cut the tree at this distance (1 - similarity) to form clusters\n"
        "shingle_k = 3  # words per shingle when the drift engine's similarity is not available\n"
        "outlier_below = 0.35  # a document whose best match is less similar than this is an outlier"
    ),
    code(
        setup("clustering, plots") + "\nfrom towerkit.reports.loaders import load_layouts\n\n"
        "data = load_layouts(db_path, int(max_docs))\n"
        "docs = data.documents\n"
        "doc_ids = docs['doc_id'].to_list()\n"
        "labels = [f\"{t or '?'}:{i or '?'}:{d[:6]}\" "
        "for d, t, i in docs.select('doc_id', 'doc_type', 'issuer').iter_rows()]\n"
        "similarity, method = clustering.layout_similarity(doc_ids, stored=data.stored, tokens=data.tokens,\n"
        "                                                  k=int(shingle_k))\n"
        "linkage = clustering.average_linkage(1.0 - similarity)\n"
        "clusters = clustering.cut_tree(linkage, len(doc_ids), float(threshold))\n"
        "display(Markdown(f'**{len(doc_ids)}** documents compared by {method}; '\n"
        "                 f'**{len(set(clusters))}** clusters at distance ≤ {threshold}.'))"
    ),
    md("## Dendrogram"),
    code("plots.show(plots.dendrogram(linkage, labels, float(threshold)))"),
    md("## Similarity heat map"),
    code("plots.show(plots.heatmap(similarity, labels, clustering.leaf_order(linkage, len(doc_ids))))"),
    md("## Clusters against registered templates"),
    code(
        "templates = docs['template_id'].to_list()\n"
        "table = clustering.cluster_table(labels, clusters, templates)\n"
        "purity = clustering.cluster_purity(templates, clusters)\n"
        "display(Markdown(f'Cluster purity against templates: **{purity:.2f}** "
        "(1.00: every cluster is one template).'))\n"
        "display(table)\n"
        "display(data.templates)"
    ),
    md("## Outliers"),
    code(
        "odd = clustering.outliers(similarity, labels, float(outlier_below))\n"
        "display(odd if odd.height else Markdown('_No outliers._'))"
    ),
    code(
        "glue('summary', {'documents': len(doc_ids), 'clusters': len(set(clusters)), 'method': method,\n"
        "                  'purity': round(purity, 4), 'outliers': odd.height,\n"
        "                  'templates': data.templates.height})"
    ),
]

INGEST = [
    md(
        "# Batch ingest\n\nIngests a folder (its first-level folders are zones) into a towerkit database "
        "and shows the run's summary. As a job: `towerkit report ingest_batch --db FILE -p input_dir DIR`."
    ),
    params(
        'input_dir = "data/sample"  # folder (or file) to ingest\n'
        'db_path = "data/towerkit.duckdb"  # database to write; created if missing\n'
        "workers = 2  # extraction processes; 0 runs everything in the kernel"
    ),
    code(
        setup("plots")
        + "\nfrom towerkit.pipeline.ingest import ingest\nfrom towerkit.reports.loaders import load_run\n\n"
        "summary = ingest([input_dir], db_path, workers=int(workers), progress=False)\n"
        "display(summary)"
    ),
    md("## Outcomes by zone"),
    code(
        "run = load_run(db_path, summary.run_id)\n"
        "display(run.outcomes)\n"
        "plots.show(plots.bar_counts(run.outcomes.group_by('outcome').agg(pl.col('files').sum()),\n"
        "                            'outcome', 'files', f'Files by outcome, run {summary.run_id}'))"
    ),
    md("## Failed and quarantined files"),
    code("display(run.problems if run.problems.height else Markdown('_None._'))"),
    code("glue('summary', summary.as_json())"),
]


NOTEBOOKS = {
    "compliance_report": COMPLIANCE,
    "drift_analysis": DRIFT,
    "template_clustering": CLUSTERING,
    "ingest_batch": INGEST,
}


def write(name: str, cells: list[nbformat.NotebookNode], folder: Path = HERE) -> None:
    """Write ``folder/NAME.ipynb`` with stable cell ids (``NAME-NN``), so rebuilding changes nothing."""
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:12].replace('_', '-')}-{i:02d}"
    nbformat.validate(nb)
    nbformat.write(nb, str(folder / f"{name}.ipynb"))


def build(folder: Path = HERE) -> None:
    """Write every notebook into ``folder``."""
    for name, cells in NOTEBOOKS.items():
        write(name, cells, folder)


if __name__ == "__main__":
    build()
