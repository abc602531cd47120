// schema-existing: the names of every index and constraint in the database, so that the loader
// runs the schema statements only when one of them is missing (each statement costs a planning
// round on the server even when it changes nothing).
// Parameters: none. Returns: names (list of strings).
SHOW INDEXES YIELD name
RETURN collect(name) AS names
