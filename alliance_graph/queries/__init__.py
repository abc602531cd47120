"""The canned queries: one registry (:mod:`.registry`) read from ``cypher/queries/*.cypher``,
and their embedded implementations (:mod:`.embedded`)."""
