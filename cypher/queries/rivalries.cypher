// name: rivalries
// summary: Cross-camp rivalries on the date asked: competes-with pairs with one end in the open camp and the other in the closed camp, alliances included; sources: how many sources support the competes-with.
// columns: open_id, open_name, open_kind, closed_id, closed_name, closed_kind, sources, evidence
// page: open_name, closed_name, open_id, closed_id, rel_id
// dated: yes
// example: agraph rivalries
// Speed: the open ends are read in the order of the name index from the cursor's name (a.name >= ...),
// so a page stops after its rows.
MATCH (a:Organisation)
USING INDEX a:Organisation(name)
WHERE a.name >= {{page_start open_name}} AND {{camp_at a}} = 'open'
MATCH (a)-[r:COMPETES_WITH]-(b:Organisation)
WHERE {{valid r}} AND {{camp_at b}} = 'closed'
WITH a, b, r, a.name AS open_name, b.name AS closed_name, a.id AS open_id, b.id AS closed_id, r.id AS rel_id
WHERE {{after}}
RETURN open_id, open_name, a.kind AS open_kind,
       closed_id, closed_name, b.kind AS closed_kind,
       size(coalesce(r.sources, [])) AS sources, {{evidence r}} AS evidence, {{page_key}} AS page_key
ORDER BY open_name, closed_name, open_id, closed_id, rel_id
LIMIT {{limit}}
