// name: stats
// summary: Counts of nodes by label, organisations by kind and by camp, and relationships by type.
// columns: category, value, count
// example: agraph stats
CALL {
  MATCH (n)
  WHERE n:Organisation OR n:Product OR n:Claim OR n:Source
  RETURN 'label' AS category, [l IN labels(n) WHERE l IN ['Organisation', 'Product', 'Claim', 'Source']][0] AS value,
         count(*) AS count
  UNION ALL
  MATCH (n:Organisation) RETURN 'organisation-kind' AS category, n.kind AS value, count(*) AS count
  UNION ALL
  MATCH (n:Organisation) RETURN 'camp' AS category, n.camp AS value, count(*) AS count
  UNION ALL
  MATCH (a)-[r]->(b)
  WHERE (a:Organisation OR a:Product OR a:Claim OR a:Source) AND (b:Organisation OR b:Product OR b:Claim OR b:Source)
  RETURN 'relationship-type' AS category, type(r) AS value, count(*) AS count
}
RETURN category, value, count
ORDER BY category, value
