// name: sources
// summary: Every source, newest first (by published date, undated last, then id), with how many nodes and relationships it supports (facts; Source nodes not counted) and how many of those it supports alone (only).
// columns: id, title, publisher, published, retrieved, url, facts, only
// page: published desc, id
// dated: yes
// example: agraph sources
CALL {
  MATCH (n:Organisation|Product|Claim) RETURN n.sources AS ids
  UNION ALL
  MATCH ()-[r]->() WHERE {{valid r}} RETURN r.sources AS ids
}
WITH collect(ids) AS supported
MATCH (s:Source)
WITH supported, s, s.published AS published, s.id AS id
WHERE {{after}}
WITH supported, s, published, id
ORDER BY published IS NULL, published DESC, id
LIMIT {{limit}}
RETURN id, s.title AS title, s.publisher AS publisher, published,
       s.retrieved AS retrieved, s.url AS url,
       size([ids IN supported WHERE s.id IN ids]) AS facts,
       size([ids IN supported WHERE ids = [s.id]]) AS only, {{page_key}} AS page_key
ORDER BY published IS NULL, published DESC, id
