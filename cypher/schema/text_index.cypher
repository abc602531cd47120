// schema-text-index: a TEXT index on one node property (CONTAINS / STARTS WITH look-ups). Idempotent.
// Placeholders, replaced by the loader (alliance_graph/store/schema.py) once per NODE_INDEXES entry of
// alliance_graph.model that is a text index: __NAME__ its name, __LABEL__ the label, __PROP__ the property.
// Parameters: none.
CREATE TEXT INDEX __NAME__ IF NOT EXISTS FOR (n:__LABEL__) ON (n.__PROP__)
