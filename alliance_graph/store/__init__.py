"""The stores a graph can live in: Neo4j (:mod:`.neo4j_store`) or in-process (:mod:`.embedded`)."""
