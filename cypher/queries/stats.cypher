// name: stats
// summary: Counts of nodes by label, organisations by kind and by camp, and relationships by type.
// columns: category, value, count
// example: agraph stats
CALL {
  MATCH (n)
  WHERE n:{{owned_labels}}
  RETURN 'label' AS category, {{owned_label n}} AS value,
         count(*) AS count
  UNION ALL
  MATCH (n:Organisation) RETURN 'organisation-kind' AS category, n.kind AS value, count(*) AS count
  UNION ALL
  MATCH (n:Organisation) RETURN 'camp' AS category, {{camp_at n}} AS value, count(*) AS count
  UNION ALL
  MATCH (a)-[r]->(b)
  WHERE a:{{owned_labels}} AND b:{{owned_labels}} AND {{valid r}}
  RETURN 'relationship-type' AS category, type(r) AS value, count(*) AS count
}
RETURN category, value, count
ORDER BY category, value
