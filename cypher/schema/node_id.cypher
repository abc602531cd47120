// schema-node-id: the uniqueness constraint on the id of one node label. Idempotent (IF NOT EXISTS).
// Placeholders, replaced by the loader (alliance_graph/store/schema.py) once per label of LABELS in
// alliance_graph.model: __LABEL__ the label; __NAME__ the constraint's name, <label in lower case>_id.
// Parameters: none.
CREATE CONSTRAINT __NAME__ IF NOT EXISTS FOR (n:__LABEL__) REQUIRE n.id IS UNIQUE
