// name: timeline
// summary: What changed, oldest first: every dated event with its evidence, or with node the events involving that organisation or product (for an alliance, its membership over time with the member count after each event). Events: founded (an alliance's earliest founder membership), joined and left (member-of since/until), partnership and competition began or ended (partners-with, competes-with since/until), launched (a product), figure or forecast (a claim with a year).
// summary: date: as the sources give it (YYYY, YYYY-MM or YYYY-MM-DD; a partial date sorts before the days it covers), null for an end at an unknown date (detail says "ended, date unknown"; listed last). members: for membership events, how many members the alliance has right after it. sources and evidence: the sources giving the date and their quotes (all the fact's quotes if none does). A timeline covers every date at once: it ignores $asOf.
// param: node (node, optional): the organisation or product whose events to list; every event when left out
// columns: date, event, subject_id, subject, object_id, object, detail, members, sources, evidence
// page: date, rank int, subject, subject_id, object, object_id
// example: agraph timeline
// example: agraph timeline "AI Alliance" --data alliance_graph/data/ai-alliance-roster.yaml
CALL {
  MATCH (a:Organisation)-[r:{{span_types}}]->(b:Organisation)
  UNWIND [f IN ['since', 'until'] WHERE r[f] IS NOT NULL] AS f
  WITH a, b, r, f, r[f] = {{until_unknown}} AS unknown
  WITH a, b, r, f, unknown,
       CASE WHEN type(r) <> 'MEMBER_OF' OR unknown THEN null WHEN f = 'since' THEN r.valid_from
            ELSE toString(date(r.valid_to) + duration('P1D')) END AS day
  RETURN CASE WHEN unknown THEN null ELSE r[f] END AS date,
         {{span_event r f}} AS event,
         a.id AS subject_id, a.name AS subject, b.id AS object_id, b.name AS object,
         CASE WHEN unknown THEN coalesce(r.role + '; ', r.kind + '; ', '') + 'ended, date unknown'
              ELSE coalesce(r.role, r.kind) END AS detail,
         CASE WHEN day IS NULL THEN null ELSE size([(:Organisation)-[m:MEMBER_OF]->(b) WHERE {{holds m day}} | m]) END AS members,
         [st IN {{statements r}} WHERE st.field = f AND st.value = r[f] | st.source] AS said,
         {{evidence r}} AS ev, r.sources AS supporting, [a.id, b.id] AS involved
  UNION ALL
  MATCH (:Organisation)-[r:MEMBER_OF {role: 'founder'}]->(al:Organisation)
  WHERE r.since IS NOT NULL
  WITH al, min(r.valid_from) AS first
  MATCH (o:Organisation)-[r:MEMBER_OF {role: 'founder'}]->(al)
  WHERE r.since IS NOT NULL AND r.valid_from = first
  WITH al, first, o, r, [st IN {{statements r}} WHERE st.field = 'since' AND st.value = r.since | st.source] AS said,
       {{evidence r}} AS ev
  ORDER BY o.name, o.id
  WITH al, first, collect(o.name) AS names, collect(o.id) AS ids, collect(r.since) AS dates,
       collect(said) AS saids, collect(ev) AS evs, collect(coalesce(r.sources, [])) AS sups
  RETURN dates[0] AS date, 'founded' AS event, al.id AS subject_id, al.name AS subject,
         null AS object_id, null AS object,
         'founders: ' + reduce(text = '', n IN names | text + CASE text WHEN '' THEN '' ELSE ', ' END + n) AS detail,
         size([(:Organisation)-[m:MEMBER_OF]->(al) WHERE {{holds m first}} | m]) AS members,
         reduce(acc = [], l IN saids | acc + l) AS said,
         reduce(acc = [], l IN evs | acc + [e IN l WHERE NOT e IN acc]) AS ev,
         reduce(acc = [], l IN sups | acc + [s IN l WHERE NOT s IN acc]) AS supporting,
         [al.id] + ids AS involved
  UNION ALL
  MATCH (p:Product)
  WHERE p.launched IS NOT NULL
  OPTIONAL MATCH (d:Organisation)-[:DEVELOPS]->(p)
  WITH p, d
  ORDER BY d.id
  WITH p, collect(d) AS devs
  RETURN p.launched AS date, 'launched' AS event, p.id AS subject_id, p.name AS subject,
         devs[0].id AS object_id, devs[0].name AS object, p.kind AS detail, null AS members,
         [st IN {{statements p}} WHERE st.field = 'launched' AND st.value = p.launched | st.source] AS said,
         {{evidence p}} AS ev, p.sources AS supporting, [p.id] + [d IN devs | d.id] AS involved
  UNION ALL
  MATCH (c:Claim)
  WHERE c.year IS NOT NULL
  OPTIONAL MATCH (c)-[:ABOUT]->(about)
  WITH c, about
  ORDER BY about.id
  WITH c, collect(about)[0] AS about
  OPTIONAL MATCH (by)-[:STATES]->(c)
  WITH c, about, by
  ORDER BY by.id
  WITH c, about, collect(by)[0] AS by
  RETURN toString(c.year) AS date, c.kind AS event, c.id AS subject_id, c.metric AS subject,
         about.id AS object_id, about.name AS object,
         CASE c.qualifier WHEN 'exact' THEN '' ELSE replace(c.qualifier, '-', ' ') + ' ' END
           + coalesce(head([st IN {{statements c}} WHERE st.field = 'value' AND toFloat(st.value) = c.value | st.value]),
                      toString(c.value))
           + ' ' + c.unit + coalesce(', stated by ' + coalesce(by.name, by.title, by.id), '') AS detail,
         null AS members,
         [st IN {{statements c}} WHERE st.field = 'year' AND st.value = toString(c.year) | st.source] AS said,
         {{evidence c}} AS ev, c.sources AS supporting, [n IN [about, by] WHERE n IS NOT NULL | n.id] AS involved
}
WITH date, event, subject_id, subject, object_id, object, detail, members, involved, ev, supporting,
     reduce(acc = [], s IN said | CASE WHEN s IN acc THEN acc ELSE acc + [s] END) AS said
WHERE $node IS NULL OR $node IN involved
WITH date, event, subject_id, subject, object_id, object, detail, members, ev, supporting, said,
     [e IN ev WHERE e.source IN said] AS dated
WITH date, event, subject_id, subject, object_id, object, detail, members, ev, supporting, said, dated,
     {{event_rank event}} AS rank
WHERE {{after}}
RETURN date, event, subject_id, subject, object_id, object, detail, members,
       CASE WHEN size(said) = 0 THEN size(coalesce(supporting, [])) ELSE size(said) END AS sources,
       CASE WHEN size(dated) = 0 THEN ev ELSE dated END AS evidence, {{page_key}} AS page_key
ORDER BY date, rank, subject, subject_id, object, object_id
LIMIT {{limit}}
