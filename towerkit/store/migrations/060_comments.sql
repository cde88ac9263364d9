-- 060: the schema reference, kept in the database itself (issue 20): a comment on every table, view
-- and column, so `duckdb_tables()`, `duckdb_views()`, `duckdb_columns()` and any DuckDB client show
-- what a value means, its unit and which command writes it. docs/schema.md is generated from these
-- comments (python -m towerkit.reports.schema_page); tests/test_schema_doc.py fails when a column has
-- none or the page drifts. A later migration that recreates a view (CREATE OR REPLACE VIEW) drops its
-- comments and must repeat them.


-- runs
COMMENT ON TABLE runs IS 'One row per towerkit ingest run: when it ran, what it was given and the counts its summary printed. Written by towerkit ingest (the row at the start, the counts and finished_at at the end).';
COMMENT ON COLUMN runs.run_id IS 'Run identifier: UTC start time and a random suffix, e.g. 20261204T213643Z-e39a5b. document_paths, documents and audit_log rows carry it.';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC; DuckDB TIMESTAMP without a zone).';
COMMENT ON COLUMN runs.finished_at IS 'When the run ended (UTC); NULL while it runs or when it was killed before its end.';
COMMENT ON COLUMN runs.args IS 'The paths and options the run was given (JSON object, e.g. {"paths": [...], "workers": 2}).';
COMMENT ON COLUMN runs.files IS 'Files the run was given (found under its paths); equals ingested + quarantined + failed + duplicates.';
COMMENT ON COLUMN runs.ingested IS 'Files of this run stored with status ingested.';
COMMENT ON COLUMN runs.quarantined IS 'Files of this run stored but held back because their layout drifted (towerkit quarantine list).';
COMMENT ON COLUMN runs.failed IS 'Files of this run that could not be read; document_paths.reason says why.';
COMMENT ON COLUMN runs.duplicates IS 'Files of this run whose content was already stored (at this or another path).';
COMMENT ON COLUMN runs.version IS 'towerkit version that ran the ingest.';
COMMENT ON COLUMN runs.manifest IS 'The run manifest (JSON): versions of every engine (pdfplumber, pypdfium2, Tesseract, DuckDB...), the settings in force and the catalog sha256, so a result can be reproduced; also in the run_start audit entry.';
COMMENT ON COLUMN runs.status IS 'running (going now), finished, or interrupted (it was still running when the next run started: killed or crashed before its end).';

-- documents
COMMENT ON TABLE documents IS 'One row per distinct file content (doc_id is its sha256): what the document is, how it was read, and whether it was ingested, quarantined or failed. Written by towerkit ingest; status and template_id change with towerkit quarantine approve|reject, doc_type, issuer, site_id and extraction_revision with towerkit reextract, site_id with towerkit review set DOC site_id.';
COMMENT ON COLUMN documents.doc_id IS 'The content''s sha256 (64 hex digits); every per-document table joins on it.';
COMMENT ON COLUMN documents.sha256 IS 'sha256 of the file''s bytes (equal to doc_id); the audit chain records it.';
COMMENT ON COLUMN documents.path IS 'Path where this content was first seen; later copies are document_paths rows with outcome duplicate.';
COMMENT ON COLUMN documents.size_bytes IS 'File size in bytes.';
COMMENT ON COLUMN documents.zone IS 'Zone: the first folder under the root the file was given from (a corpus is laid out ROOT/zone/site_id/file); NULL for a file given on its own.';
COMMENT ON COLUMN documents.site_id IS 'Tower site the document belongs to: its site_id field, else the site folder it was found in.';
COMMENT ON COLUMN documents.doc_type IS 'Document type the classifier chose: structural_inspection, lease_amendment, municipal_permit, faa_determination or field_log; NULL when unknown (the document then waits in review_queue).';
COMMENT ON COLUMN documents.issuer IS 'Who printed the document (the firm or agency, as a lowercase slug), read from its content; with doc_type it names a template.';
COMMENT ON COLUMN documents.engine IS 'Engine that read most pages: pdfplumber (PDF text layer), tesseract (OCR) or text (plain-text logs and exports).';
COMMENT ON COLUMN documents.route IS 'text when every page was read from a text layer, ocr when any page was OCRed.';
COMMENT ON COLUMN documents.route_reason IS 'The per-page routing decisions in one line, e.g. ''pdf: 1 page ocr (image covers 100% and only 0 usable chars)''; pages has each page''s signals. NULL for a failed file.';
COMMENT ON COLUMN documents.page_count IS 'Pages read, including those past --analysis-pages (stored, not analysed).';
COMMENT ON COLUMN documents.template_id IS 'Layout template revision the document was matched to (templates.template_id); NULL for a failed file.';
COMMENT ON COLUMN documents.fingerprint IS 'Exact layout fingerprint (a hash of the layout''s static text and positions); doc_layouts keeps the shingles for similarity.';
COMMENT ON COLUMN documents.status IS 'ingested (counts in facts and compliance), quarantined (layout drifted: waits for towerkit quarantine approve|reject), failed (could not be read: see error) or pending (during a run, before drift is decided).';
COMMENT ON COLUMN documents.error_kind IS 'Short tag of why a failed file could not be read: empty, truncated, encrypted, not_a_pdf, corrupt, timeout... (each explained in docs/troubleshooting.md); NULL unless status is failed.';
COMMENT ON COLUMN documents.error IS 'The one-line reason a file failed, e.g. ''encrypted: password required''; NULL unless status is failed.';
COMMENT ON COLUMN documents.run_id IS 'Run that stored the document (runs.run_id).';
COMMENT ON COLUMN documents.ingested_at IS 'When the document was stored (UTC).';
COMMENT ON COLUMN documents.doc_type_confidence IS 'How sure the classifier is of doc_type, 0-1; NULL for documents stored before migration 040.';
COMMENT ON COLUMN documents.extraction_revision IS 'Extraction revision in force: 1 at ingest, +1 each time towerkit reextract reads the document again; the rows of older revisions are in field_history.';

-- document_paths
COMMENT ON TABLE document_paths IS 'Every path of every run, one row each, with its outcome: a run''s rows add up to the files it was given. Written by towerkit ingest.';
COMMENT ON COLUMN document_paths.run_id IS 'Run that saw the path (runs.run_id).';
COMMENT ON COLUMN document_paths.path IS 'The file''s path as the run found it.';
COMMENT ON COLUMN document_paths.doc_id IS 'Content sha256 (documents.doc_id); NULL only when the file could not even be read (unreadable, broken symlink, zone paused).';
COMMENT ON COLUMN document_paths.outcome IS 'ingested, quarantined, failed, or duplicate (content already stored, at this or another path).';
COMMENT ON COLUMN document_paths.reason IS 'Why the file failed or was skipped, e.g. ''empty: 0 bytes'', ''truncated: ...'', ''content already stored'', ''zone paused: ...'' (docs/troubleshooting.md lists every kind); NULL for an ingested file.';
COMMENT ON COLUMN document_paths.zone IS 'Zone of the path (first folder under its root); NULL for a file given on its own.';
COMMENT ON COLUMN document_paths.seen_at IS 'When the run recorded the path (UTC).';

-- pages
COMMENT ON TABLE pages IS 'One row per page read: the signals the router measured and the route it took, so every OCR decision can be explained and re-tuned. Written by towerkit ingest.';
COMMENT ON COLUMN pages.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN pages.page IS 'Page number, from 1.';
COMMENT ON COLUMN pages.route IS 'text (read from the text layer) or ocr (rendered and read by Tesseract).';
COMMENT ON COLUMN pages.engine IS 'pdfplumber, tesseract or text.';
COMMENT ON COLUMN pages.chars IS 'Usable characters in the page''s text layer, before any OCR (glyphs with a Unicode mapping).';
COMMENT ON COLUMN pages.char_density IS 'Usable characters per 100 square points of page area (a full typed page is about 0.1-0.3).';
COMMENT ON COLUMN pages.unmapped_ratio IS 'Share of the text layer''s glyphs with no Unicode mapping, 0-1 (high means the text layer is garbage and the page is OCRed).';
COMMENT ON COLUMN pages.image_coverage IS 'Share of the page area covered by images, 0-1.';
COMMENT ON COLUMN pages.width IS 'Page width in PDF points (1/72 inch).';
COMMENT ON COLUMN pages.height IS 'Page height in PDF points.';
COMMENT ON COLUMN pages.reason IS 'The routing decision in words, e.g. ''text layer: 1228 chars, density 0.25, unmapped 0.00''.';
COMMENT ON COLUMN pages.seconds IS 'Wall-clock seconds spent reading the page (probe plus text extraction or OCR).';

-- fields
COMMENT ON TABLE fields IS 'The field values in force, one row per (document, field): the rows of the document''s current extraction revision, except that a field an analyst corrected holds the correction''s row. Every row that leaves this table moves to field_history. Written by towerkit ingest, towerkit reextract and towerkit review set.';
COMMENT ON COLUMN fields.doc_id IS 'Document (documents.doc_id, the content''s sha256).';
COMMENT ON COLUMN fields.field IS 'Canonical field name from the catalog (towerkit/fields/catalog.toml), e.g. structure_height_ft, expiration_date.';
COMMENT ON COLUMN fields.value IS 'The normalized canonical text: dates YYYY-MM-DD, heights in feet (one decimal), money in dollars (two decimals), percentages as plain numbers, coordinates in decimal degrees, enumerations lowercase. NULL when the printed text did not normalise (see error).';
COMMENT ON COLUMN fields.value_num IS 'The value as a number when the field is numeric (feet, dollars, percent, degrees, days, years); NULL otherwise.';
COMMENT ON COLUMN fields.value_date IS 'The value as a date when the field is a date; NULL otherwise.';
COMMENT ON COLUMN fields.raw_text IS 'What the document printed, before normalisation (kept even when value is NULL).';
COMMENT ON COLUMN fields.page IS 'Page the value was read on, from 1; NULL for a value with no position (prose across pages).';
COMMENT ON COLUMN fields.x0 IS 'Left edge of the value''s box, in PDF points (1/72 inch) from the page''s left edge (OCR boxes converted from pixels).';
COMMENT ON COLUMN fields.top IS 'Top edge of the value''s box, in PDF points from the top of the page.';
COMMENT ON COLUMN fields.x1 IS 'Right edge of the value''s box, in PDF points from the page''s left edge.';
COMMENT ON COLUMN fields.bottom IS 'Bottom edge of the value''s box, in PDF points from the top of the page.';
COMMENT ON COLUMN fields.confidence IS 'How sure the reading is, 0-1 (1 for a text layer; OCR word confidence and label match combined); below Settings.review_min_confidence the document goes to review_queue.';
COMMENT ON COLUMN fields.value_sha256 IS 'sha256 of the canonical value (of the raw text when value is NULL); what the audit chain''s fields digest covers.';
COMMENT ON COLUMN fields.error IS 'Why the printed text did not normalise (e.g. an impossible date); NULL when it did.';
COMMENT ON COLUMN fields.label IS 'The printed label the value was found by (what drift checks compare); NULL for prose or table values and for corrections.';
COMMENT ON COLUMN fields.revision IS 'Extraction revision the row belongs to: 1 at ingest, +1 for each towerkit reextract (documents.extraction_revision is the one in force).';
COMMENT ON COLUMN fields.source IS 'extracted (read from the document) or correction (typed by an analyst with towerkit review set; corrections.correction_id has who and why).';

-- tokens
COMMENT ON TABLE tokens IS 'Every word read from every page with its box, kept so documents can be re-extracted (towerkit reextract) and layouts re-analysed without the source files or OCR. Written by towerkit ingest.';
COMMENT ON COLUMN tokens.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN tokens.page IS 'Page number, from 1.';
COMMENT ON COLUMN tokens.text IS 'The word as read.';
COMMENT ON COLUMN tokens.x0 IS 'Left edge, in PDF points from the page''s left edge (OCR boxes converted from pixels; a text log''s characters are 6 pt wide).';
COMMENT ON COLUMN tokens.top IS 'Top edge, in PDF points from the top of the page (a text log''s lines are 12 pt high).';
COMMENT ON COLUMN tokens.x1 IS 'Right edge, in PDF points from the page''s left edge.';
COMMENT ON COLUMN tokens.bottom IS 'Bottom edge, in PDF points from the top of the page.';
COMMENT ON COLUMN tokens.conf IS 'Tesseract''s word confidence, 0-100; NULL for words from a text layer or a text file.';

-- doc_tables
COMMENT ON TABLE doc_tables IS 'Ruled tables as pdfplumber found them, one row per table row. Written by towerkit ingest.';
COMMENT ON COLUMN doc_tables.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN doc_tables.page IS 'Page number, from 1.';
COMMENT ON COLUMN doc_tables.table_no IS 'Table number on the page, from 1.';
COMMENT ON COLUMN doc_tables.row_no IS 'Row number in the table, from 0 (row 0 is usually the header).';
COMMENT ON COLUMN doc_tables.cells IS 'The row''s cell texts, left to right (NULL for an empty cell).';

-- templates
COMMENT ON TABLE templates IS 'Layout templates: one row per revision of each (doc_type, issuer) layout, learned from the first documents seen or approved by an analyst. Written by towerkit ingest (enrolment at the end of a run) and towerkit quarantine approve (a new revision).';
COMMENT ON COLUMN templates.template_id IS 'Template revision identifier, e.g. tpl-64a92cb18dd4346b (documents.template_id points here).';
COMMENT ON COLUMN templates.doc_type IS 'Document type of the layout.';
COMMENT ON COLUMN templates.issuer IS 'Issuer slug of the layout.';
COMMENT ON COLUMN templates.fingerprint IS 'Exact layout fingerprint of the revision.';
COMMENT ON COLUMN templates.signature IS 'MinHash signature of the layout''s shingles (JSON array of integers), for similarity to new documents.';
COMMENT ON COLUMN templates.revision IS 'Revision number within the layout, from 1; an approved drift adds one.';
COMMENT ON COLUMN templates.parent_id IS 'The revision this one replaced (templates.template_id); NULL for a first revision.';
COMMENT ON COLUMN templates.status IS 'active: documents are matched against it.';
COMMENT ON COLUMN templates.first_seen IS 'When the revision was stored (UTC).';
COMMENT ON COLUMN templates.shingles IS 'The static shingles of the layout (JSON array of strings): text and positions every baseline document shares.';
COMMENT ON COLUMN templates.field_positions IS 'Expected position of each field (JSON object per field: label, page, x0, top in points, fixed); drift checks compare documents against it.';
COMMENT ON COLUMN templates.baseline_docs IS 'How many documents the revision was learned from.';
COMMENT ON COLUMN templates.approved_by IS 'Who approved the revision (towerkit quarantine approve --by); NULL for one enrolled automatically.';
COMMENT ON COLUMN templates.source_doc_id IS 'Document the revision was built from (documents.doc_id).';

-- doc_layouts
COMMENT ON TABLE doc_layouts IS 'The layout fingerprint of every resolved document, so review and notebooks need not recompute it. Written by towerkit ingest.';
COMMENT ON COLUMN doc_layouts.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN doc_layouts.fingerprint IS 'Exact layout fingerprint (documents.fingerprint).';
COMMENT ON COLUMN doc_layouts.shingles IS 'The document''s layout shingles (static text with coarse positions).';
COMMENT ON COLUMN doc_layouts.signature IS 'MinHash signature of the shingles (64 integers).';
COMMENT ON COLUMN doc_layouts.similarity IS 'Estimated Jaccard similarity, 0-1, to the template revision it was matched (or nearest) to.';
COMMENT ON COLUMN doc_layouts.template_id IS 'That template revision (templates.template_id).';

-- drift_events
COMMENT ON TABLE drift_events IS 'Each way a document differs from its template: a field moved or missing, a label reworded, a layout never seen. Major events quarantine the document. Written by towerkit ingest (drift is decided at the end of a run); cleared when a document is resolved again.';
COMMENT ON COLUMN drift_events.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN drift_events.template_id IS 'Template revision it was compared with; NULL for an unknown layout.';
COMMENT ON COLUMN drift_events.kind IS 'field_moved, field_missing, new_label or unknown_layout.';
COMMENT ON COLUMN drift_events.field IS 'Canonical field concerned; NULL for a whole-layout event.';
COMMENT ON COLUMN drift_events.expected IS 'What the template has (a label wording or a position).';
COMMENT ON COLUMN drift_events.observed IS 'What the document has.';
COMMENT ON COLUMN drift_events.delta_pt IS 'How far the field moved, in PDF points; NULL for other kinds.';
COMMENT ON COLUMN drift_events.severity IS 'minor (recorded, document ingested) or major (document quarantined, alert raised).';
COMMENT ON COLUMN drift_events.detected_at IS 'When the drift was decided (UTC).';

-- quarantine
COMMENT ON TABLE quarantine IS 'Documents held back because their layout drifted, until an analyst decides. Written by towerkit ingest; resolved by towerkit quarantine approve|reject.';
COMMENT ON COLUMN quarantine.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN quarantine.reasons IS 'The major drift events in words (JSON array of strings), e.g. ''field_moved: structure_height_ft moved 463 pt (tolerance 24)''.';
COMMENT ON COLUMN quarantine.status IS 'pending, approved (a new template revision was made from it), released (ingested under a revision approved from another document) or rejected (stays out of facts and compliance).';
COMMENT ON COLUMN quarantine.queued_at IS 'When it was quarantined (UTC).';
COMMENT ON COLUMN quarantine.resolved_at IS 'When it was approved, released or rejected (UTC); NULL while pending.';
COMMENT ON COLUMN quarantine.resolved_by IS 'Who resolved it (--by, else the login name).';
COMMENT ON COLUMN quarantine.template_id IS 'Template revision it was nearest to: the parent of the revision an approval makes.';

-- alerts
COMMENT ON TABLE alerts IS 'Alerts for a person: one per quarantined document (a major drift). Written by towerkit ingest; acknowledged by towerkit alerts --ack ID and by towerkit quarantine approve|reject.';
COMMENT ON COLUMN alerts.alert_id IS 'Alert number, from 1 (towerkit alerts --ack takes it).';
COMMENT ON COLUMN alerts.created_at IS 'When the alert was raised (UTC).';
COMMENT ON COLUMN alerts.severity IS 'major (a drift that quarantined the document).';
COMMENT ON COLUMN alerts.site_id IS 'Site of the document.';
COMMENT ON COLUMN alerts.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN alerts.kind IS 'The drift kind that raised it (drift_events.kind).';
COMMENT ON COLUMN alerts.message IS 'The alert text, as sent to the webhook if one is configured.';
COMMENT ON COLUMN alerts.acknowledged IS 'true once someone acknowledged it or the document was approved or rejected.';
COMMENT ON COLUMN alerts.acknowledged_at IS 'When it was acknowledged (UTC); NULL while open.';

-- audit_log
COMMENT ON TABLE audit_log IS 'A tamper-evident hash chain of everything written: entry_hash = sha256(prev_hash || canonical entry), so altering, deleting, inserting or reordering an entry fails towerkit audit verify. Appended by every command that writes (ingest, quarantine approve|reject, review set|accept, reextract).';
COMMENT ON COLUMN audit_log.seq IS 'Position in the chain, from 1, without gaps.';
COMMENT ON COLUMN audit_log.run_id IS 'Run the entry belongs to (runs.run_id), or ''review'' for analyst actions outside a run.';
COMMENT ON COLUMN audit_log.logged_at IS 'When the entry was written (UTC).';
COMMENT ON COLUMN audit_log.event IS 'run_start, document, duplicate, quarantined, run_end (ingest); approved, released, rejected (quarantine); corrected, review_accepted (review); reextracted (reextract).';
COMMENT ON COLUMN audit_log.doc_id IS 'Document concerned; NULL for run_start and run_end.';
COMMENT ON COLUMN audit_log.file_sha256 IS 'sha256 of the document''s file bytes.';
COMMENT ON COLUMN audit_log.fields_sha256 IS 'sha256 of the document''s canonical field values after the event (recomputable from the fields table).';
COMMENT ON COLUMN audit_log.detail IS 'Event details (JSON): a run''s arguments and manifest, a path and its outcome, who approved, a run''s counts and Merkle root...';
COMMENT ON COLUMN audit_log.prev_hash IS 'entry_hash of the previous entry (64 zeros for the first).';
COMMENT ON COLUMN audit_log.entry_hash IS 'sha256 (hex) of prev_hash followed by the canonical bytes of this entry.';

-- doc_facts
COMMENT ON TABLE doc_facts IS 'One row per ingested document with each fact the compliance queries read as its own column: the materialized doc_facts_live. Rebuilt by refresh_facts after towerkit ingest, towerkit tags, quarantine approve|reject, review set and reextract.';
COMMENT ON COLUMN doc_facts.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN doc_facts.site_id IS 'Site of the document (documents.site_id, else its site_id field).';
COMMENT ON COLUMN doc_facts.zone IS 'Zone of the document.';
COMMENT ON COLUMN doc_facts.doc_type IS 'Document type.';
COMMENT ON COLUMN doc_facts.doc_date IS 'The document''s own date: inspection_date, amendment_date, issue_date, determination_date or log_date by type, else the day it was ingested.';
COMMENT ON COLUMN doc_facts.ingested_at IS 'When the document was stored (UTC).';
COMMENT ON COLUMN doc_facts.asr_number IS 'FCC Antenna Structure Registration number (7 digits; structural inspections).';
COMMENT ON COLUMN doc_facts.structure_type IS 'monopole, self_supporting or guyed.';
COMMENT ON COLUMN doc_facts.structure_height_ft IS 'Structure height above ground, in feet (inspections and FAA determinations).';
COMMENT ON COLUMN doc_facts.inspection_date IS 'Date of the structural inspection.';
COMMENT ON COLUMN doc_facts.max_capacity_pct IS 'Highest member capacity the inspection found, in percent of the allowed load.';
COMMENT ON COLUMN doc_facts.result IS 'Inspection result: pass or fail.';
COMMENT ON COLUMN doc_facts.lighting_type IS 'Obstruction lighting the inspection found: none, red, white or dual.';
COMMENT ON COLUMN doc_facts.next_inspection_date IS 'Date the next inspection is due.';
COMMENT ON COLUMN doc_facts.lease_id IS 'Lease identifier (lease amendments).';
COMMENT ON COLUMN doc_facts.lessor IS 'Lessor (landlord) named by the amendment.';
COMMENT ON COLUMN doc_facts.lessee IS 'Lessee (tenant) named by the amendment.';
COMMENT ON COLUMN doc_facts.amendment_date IS 'Date of the lease amendment.';
COMMENT ON COLUMN doc_facts.commencement_date IS 'Lease commencement date.';
COMMENT ON COLUMN doc_facts.expiration_date IS 'Expiration date: of the lease term (amendments), the permit (permits) or the determination (FAA).';
COMMENT ON COLUMN doc_facts.monthly_rent_usd IS 'Monthly rent in US dollars.';
COMMENT ON COLUMN doc_facts.escalator_pct IS 'Annual rent escalator, in percent.';
COMMENT ON COLUMN doc_facts.renewal_term_years IS 'Length of one renewal term, in years.';
COMMENT ON COLUMN doc_facts.renewals_remaining IS 'Renewal terms left.';
COMMENT ON COLUMN doc_facts.notice_days IS 'Days of notice needed before expiration to renew or terminate.';
COMMENT ON COLUMN doc_facts.jurisdiction IS 'Authority that issued the permit (city or county).';
COMMENT ON COLUMN doc_facts.permit_number IS 'Permit number.';
COMMENT ON COLUMN doc_facts.permit_type IS 'Kind of permit (building, conditional use...).';
COMMENT ON COLUMN doc_facts.issue_date IS 'Date the permit was issued.';
COMMENT ON COLUMN doc_facts.approved_height_ft IS 'Height the permit approves, in feet.';
COMMENT ON COLUMN doc_facts.permit_status IS 'Permit status as printed (issued, active, expired...).';
COMMENT ON COLUMN doc_facts.asn IS 'FAA aeronautical study number, e.g. 2025-ASW-1234-OE.';
COMMENT ON COLUMN doc_facts.determination IS 'FAA determination (e.g. no hazard).';
COMMENT ON COLUMN doc_facts.marking_lighting IS 'Marking and lighting the FAA requires.';
COMMENT ON COLUMN doc_facts.determination_date IS 'Date of the FAA determination.';
COMMENT ON COLUMN doc_facts.log_date IS 'Date of the field visit (field logs).';
COMMENT ON COLUMN doc_facts.technician IS 'Technician who wrote the field log.';
COMMENT ON COLUMN doc_facts.activity IS 'What the visit did.';
COMMENT ON COLUMN doc_facts.light_outage IS 'yes when the log reports an obstruction light out, else no.';

-- doc_facts_live
COMMENT ON VIEW doc_facts_live IS 'doc_facts computed from documents and fields on every read: always current, too slow to scan per query at a million documents, so refresh_facts copies it into the doc_facts table.';
COMMENT ON COLUMN doc_facts_live.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN doc_facts_live.site_id IS 'Site of the document (documents.site_id, else its site_id field).';
COMMENT ON COLUMN doc_facts_live.zone IS 'Zone of the document.';
COMMENT ON COLUMN doc_facts_live.doc_type IS 'Document type.';
COMMENT ON COLUMN doc_facts_live.doc_date IS 'The document''s own date: inspection_date, amendment_date, issue_date, determination_date or log_date by type, else the day it was ingested.';
COMMENT ON COLUMN doc_facts_live.ingested_at IS 'When the document was stored (UTC).';
COMMENT ON COLUMN doc_facts_live.asr_number IS 'FCC Antenna Structure Registration number (7 digits; structural inspections).';
COMMENT ON COLUMN doc_facts_live.structure_type IS 'monopole, self_supporting or guyed.';
COMMENT ON COLUMN doc_facts_live.structure_height_ft IS 'Structure height above ground, in feet (inspections and FAA determinations).';
COMMENT ON COLUMN doc_facts_live.inspection_date IS 'Date of the structural inspection.';
COMMENT ON COLUMN doc_facts_live.max_capacity_pct IS 'Highest member capacity the inspection found, in percent of the allowed load.';
COMMENT ON COLUMN doc_facts_live.result IS 'Inspection result: pass or fail.';
COMMENT ON COLUMN doc_facts_live.lighting_type IS 'Obstruction lighting the inspection found: none, red, white or dual.';
COMMENT ON COLUMN doc_facts_live.next_inspection_date IS 'Date the next inspection is due.';
COMMENT ON COLUMN doc_facts_live.lease_id IS 'Lease identifier (lease amendments).';
COMMENT ON COLUMN doc_facts_live.lessor IS 'Lessor (landlord) named by the amendment.';
COMMENT ON COLUMN doc_facts_live.lessee IS 'Lessee (tenant) named by the amendment.';
COMMENT ON COLUMN doc_facts_live.amendment_date IS 'Date of the lease amendment.';
COMMENT ON COLUMN doc_facts_live.commencement_date IS 'Lease commencement date.';
COMMENT ON COLUMN doc_facts_live.expiration_date IS 'Expiration date: of the lease term (amendments), the permit (permits) or the determination (FAA).';
COMMENT ON COLUMN doc_facts_live.monthly_rent_usd IS 'Monthly rent in US dollars.';
COMMENT ON COLUMN doc_facts_live.escalator_pct IS 'Annual rent escalator, in percent.';
COMMENT ON COLUMN doc_facts_live.renewal_term_years IS 'Length of one renewal term, in years.';
COMMENT ON COLUMN doc_facts_live.renewals_remaining IS 'Renewal terms left.';
COMMENT ON COLUMN doc_facts_live.notice_days IS 'Days of notice needed before expiration to renew or terminate.';
COMMENT ON COLUMN doc_facts_live.jurisdiction IS 'Authority that issued the permit (city or county).';
COMMENT ON COLUMN doc_facts_live.permit_number IS 'Permit number.';
COMMENT ON COLUMN doc_facts_live.permit_type IS 'Kind of permit (building, conditional use...).';
COMMENT ON COLUMN doc_facts_live.issue_date IS 'Date the permit was issued.';
COMMENT ON COLUMN doc_facts_live.approved_height_ft IS 'Height the permit approves, in feet.';
COMMENT ON COLUMN doc_facts_live.permit_status IS 'Permit status as printed (issued, active, expired...).';
COMMENT ON COLUMN doc_facts_live.asn IS 'FAA aeronautical study number, e.g. 2025-ASW-1234-OE.';
COMMENT ON COLUMN doc_facts_live.determination IS 'FAA determination (e.g. no hazard).';
COMMENT ON COLUMN doc_facts_live.marking_lighting IS 'Marking and lighting the FAA requires.';
COMMENT ON COLUMN doc_facts_live.determination_date IS 'Date of the FAA determination.';
COMMENT ON COLUMN doc_facts_live.log_date IS 'Date of the field visit (field logs).';
COMMENT ON COLUMN doc_facts_live.technician IS 'Technician who wrote the field log.';
COMMENT ON COLUMN doc_facts_live.activity IS 'What the visit did.';
COMMENT ON COLUMN doc_facts_live.light_outage IS 'yes when the log reports an obstruction light out, else no.';

-- site_doc_facts
COMMENT ON TABLE site_doc_facts IS 'The latest value of each field per (site, document type): latest by the document''s own date, then ingestion time, then doc_id. The materialized site_doc_facts_live, rebuilt by refresh_facts (see doc_facts).';
COMMENT ON COLUMN site_doc_facts.site_id IS 'Site.';
COMMENT ON COLUMN site_doc_facts.doc_type IS 'Document type the value came from.';
COMMENT ON COLUMN site_doc_facts.field IS 'Canonical field name.';
COMMENT ON COLUMN site_doc_facts.zone IS 'Zone of the document the value came from.';
COMMENT ON COLUMN site_doc_facts.value IS 'Latest normalized value of the field for this site and document type (see fields.value for units).';
COMMENT ON COLUMN site_doc_facts.value_num IS 'The value as a number, when numeric.';
COMMENT ON COLUMN site_doc_facts.value_date IS 'The value as a date, when a date.';
COMMENT ON COLUMN site_doc_facts.doc_id IS 'Document the value came from.';
COMMENT ON COLUMN site_doc_facts.doc_date IS 'That document''s own date (doc_facts.doc_date).';
COMMENT ON COLUMN site_doc_facts.ingested_at IS 'When that document was stored (UTC).';

-- site_doc_facts_live
COMMENT ON VIEW site_doc_facts_live IS 'site_doc_facts computed from doc_facts and fields on every read; refresh_facts copies it into the site_doc_facts table.';
COMMENT ON COLUMN site_doc_facts_live.site_id IS 'Site.';
COMMENT ON COLUMN site_doc_facts_live.doc_type IS 'Document type the value came from.';
COMMENT ON COLUMN site_doc_facts_live.field IS 'Canonical field name.';
COMMENT ON COLUMN site_doc_facts_live.zone IS 'Zone of the document the value came from.';
COMMENT ON COLUMN site_doc_facts_live.value IS 'Latest normalized value of the field for this site and document type (see fields.value for units).';
COMMENT ON COLUMN site_doc_facts_live.value_num IS 'The value as a number, when numeric.';
COMMENT ON COLUMN site_doc_facts_live.value_date IS 'The value as a date, when a date.';
COMMENT ON COLUMN site_doc_facts_live.doc_id IS 'Document the value came from.';
COMMENT ON COLUMN site_doc_facts_live.doc_date IS 'That document''s own date (doc_facts.doc_date).';
COMMENT ON COLUMN site_doc_facts_live.ingested_at IS 'When that document was stored (UTC).';

-- site_facts
COMMENT ON VIEW site_facts IS 'The latest value of each field per site across document types (by doc_date, then ingested_at, then doc_id), read from site_doc_facts; the input of most compliance queries.';
COMMENT ON COLUMN site_facts.site_id IS 'Site.';
COMMENT ON COLUMN site_facts.field IS 'Canonical field name.';
COMMENT ON COLUMN site_facts.value IS 'Latest normalized value (see fields.value for units).';
COMMENT ON COLUMN site_facts.value_num IS 'The value as a number, when numeric.';
COMMENT ON COLUMN site_facts.value_date IS 'The value as a date, when a date.';
COMMENT ON COLUMN site_facts.doc_id IS 'Document the value came from.';
COMMENT ON COLUMN site_facts.doc_type IS 'Type of that document.';
COMMENT ON COLUMN site_facts.doc_date IS 'That document''s own date.';
COMMENT ON COLUMN site_facts.zone IS 'Zone of that document.';

-- facts_state
COMMENT ON TABLE facts_state IS 'What refresh_facts saw the last time it rebuilt the fact tables, so readers can tell stale facts from current ones (a query warns when they differ). One row, written by every command that refreshes facts.';
COMMENT ON COLUMN facts_state.id IS 'Always 1 (one row).';
COMMENT ON COLUMN facts_state.signature IS 'Digest of which documents were ingested (''count:hash''); compared with the current one to detect stale facts.';
COMMENT ON COLUMN facts_state.documents IS 'Ingested documents the facts were built from.';
COMMENT ON COLUMN facts_state.refreshed_at IS 'When the facts were rebuilt (UTC).';
COMMENT ON COLUMN facts_state.seconds IS 'How long the rebuild took, in seconds.';

-- compliance_tags
COMMENT ON TABLE compliance_tags IS 'The compliance findings in force: one row per (site, rule, tag) a rule query returned. Replaced as a whole by towerkit tags and at the end of every towerkit ingest (and after quarantine approve|reject, review set, reextract).';
COMMENT ON COLUMN compliance_tags.site_id IS 'Site the finding is about.';
COMMENT ON COLUMN compliance_tags.rule_id IS 'Rule id from docs/compliance_rules.md, e.g. FAA-DNH-18M (the query''s rules: header).';
COMMENT ON COLUMN compliance_tags.tag IS 'What was found, e.g. PERMIT_EXPIRING, DNH_EXPIRED.';
COMMENT ON COLUMN compliance_tags.severity IS 'high, medium or low, as the rule query sets it.';
COMMENT ON COLUMN compliance_tags.due_date IS 'Date the obligation falls due (or fell due); NULL when the finding has no deadline.';
COMMENT ON COLUMN compliance_tags.doc_ids IS 'Documents the finding rests on (documents.doc_id).';
COMMENT ON COLUMN compliance_tags.query IS 'Query that produced it (queries/NAME.sql).';
COMMENT ON COLUMN compliance_tags.as_of IS 'Evaluation date the query ran with (the $as_of parameter).';
COMMENT ON COLUMN compliance_tags.computed_at IS 'When the tags were computed (UTC).';
COMMENT ON COLUMN compliance_tags.under_review IS 'true when a document it rests on is waiting in review_queue: the finding rests on a value nobody has checked yet.';

-- lease_effective
COMMENT ON TABLE lease_effective IS 'Effective terms per lease: for each term, the latest amendment (by amendment_date, then ingestion time, then doc_id) that sets it wins; amendments that leave a term out keep the older value. The materialized lease_effective_live, rebuilt by refresh_facts (see doc_facts).';
COMMENT ON COLUMN lease_effective.site_id IS 'Site of the lease.';
COMMENT ON COLUMN lease_effective.lease_id IS 'Lease identifier.';
COMMENT ON COLUMN lease_effective.zone IS 'Zone, from the latest amendment.';
COMMENT ON COLUMN lease_effective.lessor IS 'Lessor in force (the latest amendment that names one).';
COMMENT ON COLUMN lease_effective.lessee IS 'Lessee in force.';
COMMENT ON COLUMN lease_effective.commencement_date IS 'Commencement date in force.';
COMMENT ON COLUMN lease_effective.expiration_date IS 'Expiration date in force.';
COMMENT ON COLUMN lease_effective.monthly_rent_usd IS 'Monthly rent in force, in US dollars.';
COMMENT ON COLUMN lease_effective.escalator_pct IS 'Annual escalator in force, in percent.';
COMMENT ON COLUMN lease_effective.renewal_term_years IS 'Renewal term length in force, in years.';
COMMENT ON COLUMN lease_effective.renewals_remaining IS 'Renewal terms left, as last stated.';
COMMENT ON COLUMN lease_effective.notice_days IS 'Notice period in force, in days.';
COMMENT ON COLUMN lease_effective.rent_set_date IS 'Amendment date of the amendment that set the rent in force.';
COMMENT ON COLUMN lease_effective.rent_doc_id IS 'Document that set the rent in force.';
COMMENT ON COLUMN lease_effective.expiration_doc_id IS 'Document that set the expiration date in force.';
COMMENT ON COLUMN lease_effective.notice_doc_id IS 'Document that set the notice period in force.';
COMMENT ON COLUMN lease_effective.commencement_doc_id IS 'Document that set the commencement date in force.';
COMMENT ON COLUMN lease_effective.amendments IS 'Number of amendments of the lease.';
COMMENT ON COLUMN lease_effective.latest_amendment_date IS 'Date of the latest amendment.';
COMMENT ON COLUMN lease_effective.doc_ids IS 'The lease''s amendments, oldest first.';
COMMENT ON COLUMN lease_effective.first_amendment_date IS 'Date of the earliest amendment (lease_terms looks for amendments dated before commencement).';

-- lease_effective_live
COMMENT ON VIEW lease_effective_live IS 'lease_effective computed from doc_facts on every read; refresh_facts copies it into the lease_effective table.';
COMMENT ON COLUMN lease_effective_live.site_id IS 'Site of the lease.';
COMMENT ON COLUMN lease_effective_live.lease_id IS 'Lease identifier.';
COMMENT ON COLUMN lease_effective_live.zone IS 'Zone, from the latest amendment.';
COMMENT ON COLUMN lease_effective_live.lessor IS 'Lessor in force (the latest amendment that names one).';
COMMENT ON COLUMN lease_effective_live.lessee IS 'Lessee in force.';
COMMENT ON COLUMN lease_effective_live.commencement_date IS 'Commencement date in force.';
COMMENT ON COLUMN lease_effective_live.expiration_date IS 'Expiration date in force.';
COMMENT ON COLUMN lease_effective_live.monthly_rent_usd IS 'Monthly rent in force, in US dollars.';
COMMENT ON COLUMN lease_effective_live.escalator_pct IS 'Annual escalator in force, in percent.';
COMMENT ON COLUMN lease_effective_live.renewal_term_years IS 'Renewal term length in force, in years.';
COMMENT ON COLUMN lease_effective_live.renewals_remaining IS 'Renewal terms left, as last stated.';
COMMENT ON COLUMN lease_effective_live.notice_days IS 'Notice period in force, in days.';
COMMENT ON COLUMN lease_effective_live.rent_set_date IS 'Amendment date of the amendment that set the rent in force.';
COMMENT ON COLUMN lease_effective_live.rent_doc_id IS 'Document that set the rent in force.';
COMMENT ON COLUMN lease_effective_live.expiration_doc_id IS 'Document that set the expiration date in force.';
COMMENT ON COLUMN lease_effective_live.notice_doc_id IS 'Document that set the notice period in force.';
COMMENT ON COLUMN lease_effective_live.commencement_doc_id IS 'Document that set the commencement date in force.';
COMMENT ON COLUMN lease_effective_live.amendments IS 'Number of amendments of the lease.';
COMMENT ON COLUMN lease_effective_live.latest_amendment_date IS 'Date of the latest amendment.';
COMMENT ON COLUMN lease_effective_live.doc_ids IS 'The lease''s amendments, oldest first.';
COMMENT ON COLUMN lease_effective_live.first_amendment_date IS 'Date of the earliest amendment (lease_terms looks for amendments dated before commencement).';

-- site_wide
COMMENT ON TABLE site_wide IS 'One row per site with the latest value of each fact the rules compare and the document it came from (latest per document type by doc_date, then ingested_at, then doc_id). The materialized site_wide_live, rebuilt by refresh_facts (see doc_facts).';
COMMENT ON COLUMN site_wide.site_id IS 'Site.';
COMMENT ON COLUMN site_wide.zone IS 'Zone of the site.';
COMMENT ON COLUMN site_wide.documents IS 'Ingested documents of the site.';
COMMENT ON COLUMN site_wide.insp_height_ft IS 'Structure height from the latest structural inspection that states one, in feet.';
COMMENT ON COLUMN site_wide.insp_height_doc IS 'Document insp_height_ft came from.';
COMMENT ON COLUMN site_wide.insp_lighting_type IS 'Lighting type from the latest inspection that states one.';
COMMENT ON COLUMN site_wide.insp_lighting_doc IS 'Document insp_lighting_type came from.';
COMMENT ON COLUMN site_wide.insp_asr_number IS 'ASR number from the latest inspection that states one.';
COMMENT ON COLUMN site_wide.insp_asr_doc IS 'Document insp_asr_number came from.';
COMMENT ON COLUMN site_wide.has_asr IS 'true when any inspection of the site states an ASR number with a digit.';
COMMENT ON COLUMN site_wide.structure_type IS 'Structure type from the latest inspection.';
COMMENT ON COLUMN site_wide.insp_last IS 'The latest inspection: {doc_id, date}.';
COMMENT ON COLUMN site_wide.insp_capacity IS 'The latest inspection stating a capacity: {doc_id, date, pct (percent of allowed load), result}.';
COMMENT ON COLUMN site_wide.faa_height_ft IS 'Structure height from the latest FAA determination, in feet.';
COMMENT ON COLUMN site_wide.faa_height_doc IS 'Document faa_height_ft came from.';
COMMENT ON COLUMN site_wide.faa_marking_lighting IS 'Marking/lighting from the latest FAA determination.';
COMMENT ON COLUMN site_wide.faa_ml_doc IS 'Document faa_marking_lighting came from.';
COMMENT ON COLUMN site_wide.faa_last IS 'The latest FAA determination: {doc_id, asn, determination, determination_date, expiration_date}.';
COMMENT ON COLUMN site_wide.permit_height_ft IS 'Approved height from the latest municipal permit, in feet.';
COMMENT ON COLUMN site_wide.permit_height_doc IS 'Document permit_height_ft came from.';

-- site_wide_live
COMMENT ON VIEW site_wide_live IS 'site_wide computed from doc_facts on every read; refresh_facts copies it into the site_wide table.';
COMMENT ON COLUMN site_wide_live.site_id IS 'Site.';
COMMENT ON COLUMN site_wide_live.zone IS 'Zone of the site.';
COMMENT ON COLUMN site_wide_live.documents IS 'Ingested documents of the site.';
COMMENT ON COLUMN site_wide_live.insp_height_ft IS 'Structure height from the latest structural inspection that states one, in feet.';
COMMENT ON COLUMN site_wide_live.insp_height_doc IS 'Document insp_height_ft came from.';
COMMENT ON COLUMN site_wide_live.insp_lighting_type IS 'Lighting type from the latest inspection that states one.';
COMMENT ON COLUMN site_wide_live.insp_lighting_doc IS 'Document insp_lighting_type came from.';
COMMENT ON COLUMN site_wide_live.insp_asr_number IS 'ASR number from the latest inspection that states one.';
COMMENT ON COLUMN site_wide_live.insp_asr_doc IS 'Document insp_asr_number came from.';
COMMENT ON COLUMN site_wide_live.has_asr IS 'true when any inspection of the site states an ASR number with a digit.';
COMMENT ON COLUMN site_wide_live.structure_type IS 'Structure type from the latest inspection.';
COMMENT ON COLUMN site_wide_live.insp_last IS 'The latest inspection: {doc_id, date}.';
COMMENT ON COLUMN site_wide_live.insp_capacity IS 'The latest inspection stating a capacity: {doc_id, date, pct (percent of allowed load), result}.';
COMMENT ON COLUMN site_wide_live.faa_height_ft IS 'Structure height from the latest FAA determination, in feet.';
COMMENT ON COLUMN site_wide_live.faa_height_doc IS 'Document faa_height_ft came from.';
COMMENT ON COLUMN site_wide_live.faa_marking_lighting IS 'Marking/lighting from the latest FAA determination.';
COMMENT ON COLUMN site_wide_live.faa_ml_doc IS 'Document faa_marking_lighting came from.';
COMMENT ON COLUMN site_wide_live.faa_last IS 'The latest FAA determination: {doc_id, asn, determination, determination_date, expiration_date}.';
COMMENT ON COLUMN site_wide_live.permit_height_ft IS 'Approved height from the latest municipal permit, in feet.';
COMMENT ON COLUMN site_wide_live.permit_height_doc IS 'Document permit_height_ft came from.';

-- kv_pairs
COMMENT ON TABLE kv_pairs IS 'Every label -> value pair the layout reader found in every stored document, whether or not a catalog field took it; the unmapped labels feed towerkit coverage and towerkit catalog suggest. Boxes in PDF points from the page''s top-left corner. Written by towerkit ingest; replaced by towerkit reextract.';
COMMENT ON COLUMN kv_pairs.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN kv_pairs.pair_no IS 'Order within the document (page, top, left), from 1.';
COMMENT ON COLUMN kv_pairs.page IS 'Page number, from 1.';
COMMENT ON COLUMN kv_pairs.label IS 'The label as printed (without its colon).';
COMMENT ON COLUMN kv_pairs.value IS 'The value the reader paired with it, as printed.';
COMMENT ON COLUMN kv_pairs.label_x0 IS 'Label box left edge, in PDF points.';
COMMENT ON COLUMN kv_pairs.label_top IS 'Label box top edge, in PDF points from the top of the page.';
COMMENT ON COLUMN kv_pairs.label_x1 IS 'Label box right edge, in PDF points.';
COMMENT ON COLUMN kv_pairs.label_bottom IS 'Label box bottom edge, in PDF points from the top of the page.';
COMMENT ON COLUMN kv_pairs.value_x0 IS 'Value box left edge, in PDF points.';
COMMENT ON COLUMN kv_pairs.value_top IS 'Value box top edge, in PDF points from the top of the page.';
COMMENT ON COLUMN kv_pairs.value_x1 IS 'Value box right edge, in PDF points.';
COMMENT ON COLUMN kv_pairs.value_bottom IS 'Value box bottom edge, in PDF points from the top of the page.';
COMMENT ON COLUMN kv_pairs.kind IS 'How label and value are laid out: same_line, leader (dots), below, boxed, table, header_row, clause (prose), checkbox or export (a CSV/TSV column).';
COMMENT ON COLUMN kv_pairs.confidence IS 'How sure the reader is of the pairing, 0-1.';
COMMENT ON COLUMN kv_pairs.field IS 'Catalog field the label maps to; NULL when none does (a candidate for towerkit catalog add-label).';
COMMENT ON COLUMN kv_pairs.field_score IS 'How well the label matched the field''s wordings, 0-1.';
COMMENT ON COLUMN kv_pairs.chosen IS 'true when the field''s value came from this pair; the other pairs mapped to the same field are its runners-up.';

-- field_history
COMMENT ON TABLE field_history IS 'Every fields row that is no longer in force (an older revision after towerkit reextract, an extracted value a correction replaced), with when and why, so nothing read is lost; towerkit lineage shows it. Same columns as fields plus superseded_at and superseded_by.';
COMMENT ON COLUMN field_history.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN field_history.field IS 'Canonical field name from the catalog (towerkit/fields/catalog.toml), e.g. structure_height_ft, expiration_date.';
COMMENT ON COLUMN field_history.value IS 'The normalized canonical text: dates YYYY-MM-DD, heights in feet (one decimal), money in dollars (two decimals), percentages as plain numbers, coordinates in decimal degrees, enumerations lowercase. NULL when the printed text did not normalise (see error).';
COMMENT ON COLUMN field_history.value_num IS 'The value as a number when the field is numeric (feet, dollars, percent, degrees, days, years); NULL otherwise.';
COMMENT ON COLUMN field_history.value_date IS 'The value as a date when the field is a date; NULL otherwise.';
COMMENT ON COLUMN field_history.raw_text IS 'What the document printed, before normalisation (kept even when value is NULL).';
COMMENT ON COLUMN field_history.page IS 'Page the value was read on, from 1; NULL for a value with no position (prose across pages).';
COMMENT ON COLUMN field_history.x0 IS 'Left edge of the value''s box, in PDF points (1/72 inch) from the page''s left edge (OCR boxes converted from pixels).';
COMMENT ON COLUMN field_history.top IS 'Top edge of the value''s box, in PDF points from the top of the page.';
COMMENT ON COLUMN field_history.x1 IS 'Right edge of the value''s box, in PDF points from the page''s left edge.';
COMMENT ON COLUMN field_history.bottom IS 'Bottom edge of the value''s box, in PDF points from the top of the page.';
COMMENT ON COLUMN field_history.confidence IS 'How sure the reading is, 0-1 (1 for a text layer; OCR word confidence and label match combined); below Settings.review_min_confidence the document goes to review_queue.';
COMMENT ON COLUMN field_history.value_sha256 IS 'sha256 of the canonical value (of the raw text when value is NULL); what the audit chain''s fields digest covers.';
COMMENT ON COLUMN field_history.error IS 'Why the printed text did not normalise (e.g. an impossible date); NULL when it did.';
COMMENT ON COLUMN field_history.label IS 'The printed label the value was found by (what drift checks compare); NULL for prose or table values and for corrections.';
COMMENT ON COLUMN field_history.revision IS 'Extraction revision the row belonged to.';
COMMENT ON COLUMN field_history.source IS 'extracted or correction, as it was in fields.';
COMMENT ON COLUMN field_history.superseded_at IS 'When the row left fields (UTC).';
COMMENT ON COLUMN field_history.superseded_by IS 'Why it left: ''reextract'' (a new extraction revision) or ''correction N'' (corrections.correction_id N replaced it).';

-- review_queue
COMMENT ON TABLE review_queue IS 'Documents that need a person: unknown type, a missing critical field, a value read with low confidence or that did not normalise. Apart from quarantine: the document stays ingested and queryable meanwhile. Written by towerkit ingest and towerkit reextract; towerkit review accept and review set resolve it.';
COMMENT ON COLUMN review_queue.doc_id IS 'Document (documents.doc_id).';
COMMENT ON COLUMN review_queue.reasons IS 'Why, one string each, e.g. ''missing critical field permit_number'', "approved_height_ft read with low confidence 0.58 (''201 feet'')".';
COMMENT ON COLUMN review_queue.status IS 'pending, accepted (towerkit review accept), or cleared (nothing left to review after a correction or re-extraction).';
COMMENT ON COLUMN review_queue.queued_at IS 'When it was queued (UTC).';
COMMENT ON COLUMN review_queue.resolved_at IS 'When it was accepted or cleared (UTC); NULL while pending.';
COMMENT ON COLUMN review_queue.resolved_by IS 'Who accepted it (--by, else the login name), or the command that cleared it.';

-- corrections
COMMENT ON TABLE corrections IS 'Human corrections made with towerkit review set: what was typed, what it normalised to, who, when, why, and the value it replaced. The extracted row is kept in field_history; the correction stays in force after towerkit reextract. The audit chain carries record_sha256, so an edited row fails towerkit audit verify.';
COMMENT ON COLUMN corrections.correction_id IS 'Correction number, from 1.';
COMMENT ON COLUMN corrections.doc_id IS 'Document corrected (documents.doc_id).';
COMMENT ON COLUMN corrections.field IS 'Canonical field corrected.';
COMMENT ON COLUMN corrections.typed IS 'What the analyst typed.';
COMMENT ON COLUMN corrections.value IS 'The typed text normalised like an extracted value (fields.value units).';
COMMENT ON COLUMN corrections.value_num IS 'The value as a number, when numeric.';
COMMENT ON COLUMN corrections.value_date IS 'The value as a date, when a date.';
COMMENT ON COLUMN corrections.previous_value IS 'The value in force before the correction; NULL when the field had none.';
COMMENT ON COLUMN corrections.reason IS 'Why, as given with --reason.';
COMMENT ON COLUMN corrections.corrected_by IS 'Who corrected it (--by).';
COMMENT ON COLUMN corrections.corrected_at IS 'When (UTC).';
COMMENT ON COLUMN corrections.record_sha256 IS 'sha256 of the row''s canonical JSON, recorded in the audit chain.';

-- catalog_fields
COMMENT ON TABLE catalog_fields IS 'The fields the catalog in force expects per document type, so coverage is plain SQL (queries/coverage.sql). Replaced by towerkit ingest, towerkit reextract and towerkit coverage.';
COMMENT ON COLUMN catalog_fields.doc_type IS 'Document type.';
COMMENT ON COLUMN catalog_fields.field IS 'Canonical field the catalog reads on that type (decoys left out).';
COMMENT ON COLUMN catalog_fields.critical IS 'true when a document of that type without it goes to review_queue.';
COMMENT ON COLUMN catalog_fields.catalog_sha256 IS 'sha256 of the catalog in force (packaged plus user catalog), as in the run manifest.';

-- user_catalogs
COMMENT ON TABLE user_catalogs IS 'Versions of the user catalog kept beside the database (<db stem>.catalog.toml, written by towerkit catalog add-label), by sha256: ingest and reextract use it by default, and the latest row tells which version was in force. Written by towerkit catalog add-label, ingest and reextract when the file changed.';
COMMENT ON COLUMN user_catalogs.path IS 'Absolute path of the user catalog file.';
COMMENT ON COLUMN user_catalogs.sha256 IS 'sha256 of the file''s bytes at that time.';
COMMENT ON COLUMN user_catalogs.recorded_at IS 'When this version was first used (UTC).';
COMMENT ON COLUMN user_catalogs.recorded_by IS 'Who was running the command (--by, else the login name).';

-- schema_migrations
COMMENT ON TABLE schema_migrations IS 'Which schema migrations (towerkit/store/migrations/NNN_*.sql) the database has; any command that opens the database for writing applies the missing ones in order, upgrading an older database in place.';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number (the NNN of its file name).';
COMMENT ON COLUMN schema_migrations.name IS 'Migration file name.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied (UTC).';
