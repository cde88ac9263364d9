-- name: site_compliance_summary
-- kind: report
-- description: Per site: documents on file and the open compliance tags from the last refresh, worst first.
-- row: one site with at least one ingested document
-- key: site_id
-- columns: site_id, zone, documents, tags, high, medium, low, tag_list, next_due, tags_as_of
-- boundary: reads compliance_tags as stored by the last 'towerkit tags' / ingest refresh (tags_as_of),
--   not a fresh evaluation; next_due is the earliest due_date among the site's tags.
-- param: zone VARCHAR = NULL   (restrict to one zone)
WITH docs AS (
    SELECT site_id, zone, documents FROM site_wide
),
t AS (
    SELECT site_id, count(*) AS tags,
           count(*) FILTER (WHERE severity = 'high') AS high,
           count(*) FILTER (WHERE severity = 'medium') AS medium,
           count(*) FILTER (WHERE severity = 'low') AS low,
           list(DISTINCT tag ORDER BY tag) AS tag_list,
           min(due_date) AS next_due,
           max(as_of) AS tags_as_of
    FROM compliance_tags GROUP BY site_id
)
SELECT d.site_id, d.zone, d.documents, coalesce(t.tags, 0) AS tags, coalesce(t.high, 0) AS high,
       coalesce(t.medium, 0) AS medium, coalesce(t.low, 0) AS low, coalesce(t.tag_list, []) AS tag_list,
       t.next_due, t.tags_as_of
FROM docs d LEFT JOIN t USING (site_id)
WHERE CAST($zone AS VARCHAR) IS NULL OR d.zone = CAST($zone AS VARCHAR)
ORDER BY high DESC, medium DESC, tags DESC, d.site_id;
