// schema: named constraints and indexes, created before any data. Idempotent (IF NOT EXISTS).
// Statements are separated by semicolons; each runs in its own auto-commit transaction.
// Parameters: none.
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT partners_with_id IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT competes_with_id IF NOT EXISTS FOR ()-[r:COMPETES_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT develops_id IF NOT EXISTS FOR ()-[r:DEVELOPS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT cites_id IF NOT EXISTS FOR ()-[r:CITES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT states_id IF NOT EXISTS FOR ()-[r:STATES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT about_id IF NOT EXISTS FOR ()-[r:ABOUT]-() REQUIRE r.id IS UNIQUE;
CREATE INDEX organisation_camp IF NOT EXISTS FOR (n:Organisation) ON (n.camp);
CREATE INDEX organisation_name IF NOT EXISTS FOR (n:Organisation) ON (n.name);
CREATE TEXT INDEX organisation_search IF NOT EXISTS FOR (n:Organisation) ON (n.search_text);
CREATE TEXT INDEX product_search IF NOT EXISTS FOR (n:Product) ON (n.search_text);
