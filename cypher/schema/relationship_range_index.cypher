// schema-relationship-range-index: an index on one relationship property. Idempotent (IF NOT EXISTS).
// Placeholders, replaced by the loader (alliance_graph/store/schema.py) once per REL_INDEXES entry of
// alliance_graph.model: __NAME__ its name, __TYPE__ the relationship type, __PROP__ the property.
// Parameters: none.
CREATE INDEX __NAME__ IF NOT EXISTS FOR ()-[r:__TYPE__]-() ON (r.__PROP__)
