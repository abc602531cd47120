// name: stats
// summary: Counts of nodes by label, organisations by kind and by camp, and relationships by type.
// columns: category, value, count
// dated: yes
// example: agraph stats
// Speed: label, type and camp counts come from the counts the database keeps (a dated relationship that
// does not hold on the date is taken off, found by its date index; an organisation whose camp changes over
// time is read as of the date); kinds from the kind index's values.
CALL {
  {{label_counts}}
  UNION ALL
  MATCH (n:Organisation) WHERE n.kind IS NOT NULL RETURN 'organisation-kind' AS category, n.kind AS value, count(*) AS count
  UNION ALL
  {{camp_counts}}
  UNION ALL
  {{type_counts}}
}
WITH category, value, sum(count) AS count
WHERE count > 0
RETURN category, value, count
ORDER BY category, value
