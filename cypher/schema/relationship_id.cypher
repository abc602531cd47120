// schema-relationship-id: the uniqueness constraint on the id of one relationship type, which keeps
// two loaders running at once from creating the same relationship twice. Idempotent (IF NOT EXISTS).
// Placeholders, replaced by the loader (alliance_graph/store/schema.py) once per type of REL_TYPES in
// alliance_graph.model: __TYPE__ the stored type; __NAME__ its RelType.constraint_name (member_of_id).
// Parameters: none.
CREATE CONSTRAINT __NAME__ IF NOT EXISTS FOR ()-[r:__TYPE__]-() REQUIRE r.id IS UNIQUE
