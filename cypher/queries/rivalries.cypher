// name: rivalries
// summary: Cross-camp rivalries: competes-with pairs with one end in the open camp and the other in the closed camp, alliances included; sources: how many sources support the competes-with.
// columns: open_id, open_name, open_kind, closed_id, closed_name, closed_kind, sources, evidence
// example: agraph rivalries
MATCH (a:OpenCamp)-[r:COMPETES_WITH]-(b:ClosedCamp)
WHERE {{valid r}}
RETURN a.id AS open_id, a.name AS open_name, a.kind AS open_kind,
       b.id AS closed_id, b.name AS closed_name, b.kind AS closed_kind,
       size(coalesce(r.sources, [])) AS sources, {{evidence r}} AS evidence
ORDER BY open_name, closed_name, open_id, closed_id, r.id
