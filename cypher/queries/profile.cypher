// name: profile
// summary: What one organisation or product is: kind, aliases, country, camp and why, a product's release date, openness grade and components, and the fields its sources disagree on (disputed; `agraph conflicts` lists the values).
// param: node (node): the organisation or product, by name, alias or id
// columns: id, label, name, kind, aliases, country, description, camp, basis, explanation, released, grade, components, disputed
// dated: yes
// example: agraph show IBM
{{match_node n node}}
RETURN n.id AS id, {{owned_label n}} AS label, n.name AS name,
       n.kind AS kind, coalesce(n.aliases, []) AS aliases, n.country AS country, n.description AS description,
       {{camp_at n}} AS camp, {{camp_at n camp_bases}} AS basis,
       {{camp_at n camp_explanations}} AS explanation, n.launched AS released, n.openness_grade AS grade,
       CASE WHEN n.openness_grade IS NULL THEN null ELSE {{openness n}} END AS components,
       coalesce(n.disputed, []) AS disputed
