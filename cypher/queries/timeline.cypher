// name: timeline
// summary: What changed, oldest first: every dated event with its evidence, or with node the events involving that organisation or product (for an alliance, its membership over time with the member count after each event). Events: founded (an alliance's earliest founder membership), joined and left (member-of since/until), partnership and competition began or ended (partners-with, competes-with since/until), launched (a product), figure or forecast (a claim with a year).
// summary: date: as the sources give it (YYYY, YYYY-MM or YYYY-MM-DD; a partial date sorts before the days it covers), null for an end at an unknown date (detail says "ended, date unknown"; listed last). members: for membership events, how many members the alliance has right after it. sources and evidence: the sources giving the date and their quotes (all the fact's quotes if none does). A timeline covers every date at once: it ignores $asOf.
// param: node (node, optional): the organisation or product whose events to list; every event when left out
// columns: date, event, subject_id, subject, object_id, object, detail, members, sources, evidence
// page: date, rank int, subject, subject_id, object, object_id
// example: agraph timeline
// example: agraph timeline "AI Alliance" --data alliance_graph/data/ai-alliance-roster.yaml
// Each kind of event starts from $node's own facts when it is given; without it (the gate: UNWIND of
// one row or none), the relationships' events come from the since / until indexes in date order (the
// stored 'unknown' after every date, as a null date sorts), each branch cut to a page before the union
// is ordered and cut again.
// The expensive columns (members, sources, evidence) are computed for the page's rows only.
CALL () {
  CALL () {
    MATCH (:Organisation {id: $node})-[r:{{span_types}}]-(:Organisation)
    UNWIND [f IN ['since', 'until'] WHERE r[f] IS NOT NULL] AS f
    RETURN r, f
    UNION ALL
    UNWIND CASE WHEN $node IS NULL THEN [1] ELSE [] END AS whole
    CALL (whole) {
      {{union_each_span_type T F}}
      MATCH (a:Organisation)-[r:T]->(b:Organisation)
      WHERE r.F >= {{page_start date null=unknown}}
        AND r.F <= {{until_unknown}}
      WITH r, 'F' AS f, r.F AS stored, CASE r.F WHEN {{until_unknown}} THEN null ELSE r.F END AS date,
           a.name AS subject, a.id AS subject_id, b.name AS object, b.id AS object_id
      WITH r, f, stored, date, {{span_event r f}} AS event, subject, subject_id, object, object_id
      WITH r, f, stored, date, {{event_rank event}} AS rank, subject, subject_id, object, object_id
      WHERE {{after}}
      WITH r, f ORDER BY stored, rank, subject, subject_id, object, object_id LIMIT {{limit}}
      RETURN r, f
      {{end}}
    }
    RETURN r, f
  }
  WITH startNode(r) AS a, r, endNode(r) AS b, f, r[f] = {{until_unknown}} AS unknown
  RETURN CASE WHEN unknown THEN null ELSE r[f] END AS date,
         {{span_event r f}} AS event,
         a.id AS subject_id, a.name AS subject, b.id AS object_id, b.name AS object,
         CASE WHEN unknown THEN coalesce(r.role + '; ', r.kind + '; ', '') + 'ended, date unknown'
              ELSE coalesce(r.role, r.kind) END AS detail,
         CASE WHEN type(r) <> 'MEMBER_OF' OR unknown THEN null WHEN f = 'since' THEN r.valid_from
              ELSE toString(date(r.valid_to) + duration('P1D')) END AS day, b AS alliance,
         r AS x, f AS field, null AS said, null AS ev, null AS supporting, [a.id, b.id] AS involved
  UNION ALL
  CALL () {
    MATCH (al:Organisation {id: $node}) RETURN al
    UNION
    MATCH (:Organisation {id: $node})-[:MEMBER_OF {role: 'founder'}]->(al:Organisation) RETURN al
    UNION
    UNWIND CASE WHEN $node IS NULL THEN [1] ELSE [] END AS whole
    CALL (whole) {
      MATCH (:Organisation)-[r:MEMBER_OF]->(al:Organisation) WHERE r.since IS NOT NULL AND r.role = 'founder'
      RETURN DISTINCT al
    }
    RETURN al
  }
  MATCH (:Organisation)-[r:MEMBER_OF {role: 'founder'}]->(al)
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
         first AS day, al AS alliance, null AS x, null AS field,
         reduce(acc = [], l IN saids | acc + l) AS said,
         reduce(acc = [], l IN evs | acc + [e IN l WHERE NOT e IN acc]) AS ev,
         reduce(acc = [], l IN sups | acc + [s IN l WHERE NOT s IN acc]) AS supporting,
         [al.id] + ids AS involved
  UNION ALL
  CALL () {
    MATCH (p:Product {id: $node}) RETURN p
    UNION
    MATCH (:Organisation {id: $node})-[:DEVELOPS]->(p:Product) RETURN p
    UNION
    UNWIND CASE WHEN $node IS NULL THEN [1] ELSE [] END AS whole
    CALL (whole) {
      MATCH (p:Product) RETURN p
    }
    RETURN p
  }
  WITH p
  WHERE p.launched IS NOT NULL
  OPTIONAL MATCH (d:Organisation)-[:DEVELOPS]->(p)
  WITH p, d
  ORDER BY d.id
  WITH p, collect(d) AS devs
  RETURN p.launched AS date, 'launched' AS event, p.id AS subject_id, p.name AS subject,
         devs[0].id AS object_id, devs[0].name AS object, p.kind AS detail, null AS day, null AS alliance,
         p AS x, 'launched' AS field, null AS said, null AS ev, null AS supporting, [p.id] + [d IN devs | d.id] AS involved
  UNION ALL
  CALL () {
    {{match_node n node}}
    MATCH (n)<-[:ABOUT]-(c:Claim) RETURN c
    UNION
    {{match_node n node}}
    MATCH (n)-[:STATES]->(c:Claim) RETURN c
    UNION
    UNWIND CASE WHEN $node IS NULL THEN [1] ELSE [] END AS whole
    CALL (whole) {
      MATCH (c:Claim) RETURN c
    }
    RETURN c
  }
  WITH c
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
         null AS day, null AS alliance, c AS x, 'year' AS field, null AS said, null AS ev, null AS supporting,
         [n IN [about, by] WHERE n IS NOT NULL | n.id] AS involved
}
WITH date, event, subject_id, subject, object_id, object, detail, day, alliance, x, field, said, ev, supporting, involved,
     {{event_rank event}} AS rank
WHERE ($node IS NULL OR $node IN involved) AND {{after}}
WITH date, event, subject_id, subject, object_id, object, detail, day, alliance, x, field, said, ev, supporting, rank
ORDER BY date, rank, subject, subject_id, object, object_id
LIMIT {{limit}}
WITH date, event, subject_id, subject, object_id, object, detail, rank,
     CASE WHEN day IS NULL THEN null ELSE size([(:Organisation)-[m:MEMBER_OF]->(alliance) WHERE {{holds m day}} | m]) END
       AS members,
     coalesce(ev, {{evidence x}}) AS ev, coalesce(supporting, x.sources) AS supporting,
     reduce(acc = [], s IN coalesce(said, [st IN {{statements x}} WHERE st.field = field AND st.value = toString(x[field])
                                             | st.source])
            | CASE WHEN s IN acc THEN acc ELSE acc + [s] END) AS said
WITH date, event, subject_id, subject, object_id, object, detail, rank, members, ev, supporting, said,
     [e IN ev WHERE e.source IN said] AS dated
RETURN date, event, subject_id, subject, object_id, object, detail, members,
       CASE WHEN size(said) = 0 THEN size(coalesce(supporting, [])) ELSE size(said) END AS sources,
       CASE WHEN size(dated) = 0 THEN ev ELSE dated END AS evidence, {{page_key}} AS page_key
ORDER BY date, rank, subject, subject_id, object, object_id
