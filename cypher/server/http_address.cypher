// http_address: the server's own HTTP and HTTPS connector settings and whether it asks for a
// password, so that `agraph browser` can give the Browser's address (the Bolt host it reached,
// with the port the server serves HTTP on) instead of guessing port 7474.
// Parameters: none. Returns: name, value (one row per setting the server declares).
// Needs Neo4j 5 or later (SHOW SETTINGS) and the privilege to see settings (admins have it).
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.http.enabled', 'server.http.listen_address', 'server.http.advertised_address',
               'server.https.enabled', 'server.https.listen_address', 'server.https.advertised_address',
               'dbms.security.auth_enabled']
RETURN name, value
