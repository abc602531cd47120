"""What raw Cypher may do: the checks behind ``agraph cypher`` and ``AllianceGraph.cypher``.

The server plans the statement (``EXPLAIN``) and the plan decides, never the
text: a statement runs only if

* the server classifies it as read-only (query type ``r``), or it is a call of
  an allow-listed read-only procedure (Neo4j types DBMS procedures such as
  ``dbms.components()`` as ``s`` even though they only read);
* no operator reads a file or a URL (``LOAD CSV``, in any subquery);
* every procedure it calls is on :data:`READ_ONLY_PROCEDURES` (procedures can
  read files or the network, e.g. APOC's ``apoc.load.*``).

The statement then runs in a READ transaction, which the server enforces too.

>>> check_plan("r", {"operatorType": "ProduceResults@neo4j", "args": {}, "children": [
...     {"operatorType": "LoadCSV@neo4j", "args": {"Details": "l"}, "children": []}]})
'reads a file or URL (LOAD CSV)'
>>> check_plan("s", {"operatorType": "ProduceResults@neo4j", "args": {}, "children": [
...     {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "dbms.components() :: (name :: STRING)"}}]}) is None
True
"""

from __future__ import annotations

import re

__all__ = ["READ_ONLY_PROCEDURES", "check_plan", "syntax_error_message"]

#: Procedures raw Cypher may call: they read the schema or the server's identity, nothing else.
READ_ONLY_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.info", "db.ping",
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.constraints", "db.indexes", "dbms.components",
})

# Operators that may appear in the plan of an allow-listed procedure call the server types as 's'.
_PROCEDURE_PLAN_OPERATORS = frozenset({
    "ProduceResults", "ProcedureCall", "Projection", "Filter", "Limit", "Skip", "Sort", "Top", "PartialSort",
    "PartialTop", "Distinct", "OrderedDistinct", "EagerAggregation", "OrderedAggregation", "Argument", "Eager",
    "Unwind", "CacheProperties",
})
_KINDS = {"w": "writes data", "rw": "reads and writes data", "s": "changes the schema or the server"}


def _operators(plan: dict):
    stack = [plan]
    while stack:
        op = stack.pop()
        yield op["operatorType"].split("@")[0], (op.get("args") or {}).get("Details", "")
        stack.extend(op.get("children") or [])


def check_plan(query_type: str, plan: dict) -> str | None:
    """Why a planned statement must not run (a phrase completing "this query ..."), or None if it may."""
    operators = list(_operators(plan))
    procedures = [details.split("(")[0].strip() for name, details in operators if name == "ProcedureCall"]
    if any(name == "LoadCSV" for name, _ in operators):
        return "reads a file or URL (LOAD CSV)"
    for proc in procedures:
        if proc not in READ_ONLY_PROCEDURES:
            return (f"calls procedure {proc}, which is not on the read-only allow-list "
                    f"({', '.join(sorted(READ_ONLY_PROCEDURES))})")
    if query_type == "r":
        return None
    if query_type == "s" and procedures and all(name in _PROCEDURE_PLAN_OPERATORS for name, _ in operators):
        return None
    return f"{_KINDS.get(query_type, 'is not read-only')} (server query type {query_type!r})"


_POSITION_RE = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


def syntax_error_message(message: str, statement: str, prefix_lines: int, prefix_chars: int, width: int = 100) -> str:
    """The server's complaint about ``statement``, positions as in the user's text, shown with a caret.

    The server saw ``prefix_lines`` extra lines (``prefix_chars`` characters) before it;
    its echo of the statement is replaced by the user's own line, shortened around the
    caret at word boundaries when it is long.

    >>> print(syntax_error_message("Invalid input 'RETURN' (line 2, column 10 (offset: 17))\\n\\"MATCH (n RETURN n\\"\\n ^",
    ...                            "MATCH (n RETURN n", 1, 8))
    Invalid input 'RETURN' (line 1, column 10 (offset: 9))
      MATCH (n RETURN n
               ^
    """
    first = message.strip().splitlines()[0] if message.strip() else "syntax error"
    match = _POSITION_RE.search(first)
    if not match:
        return first
    line, column, offset = (int(g) for g in match.groups())
    line, offset = line - prefix_lines, offset - prefix_chars
    first = first[:match.start()] + f"(line {line}, column {column} (offset: {offset}))" + first[match.end():]
    lines = statement.splitlines() or [""]
    if not 1 <= line <= len(lines):
        return first
    text, caret = lines[line - 1], column - 1
    if len(text) > width:
        start = max(0, caret - width // 2)
        end = min(len(text), start + width)
        if start > 0:  # begin and end on word boundaries
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < caret else start
        if end < len(text):
            space = text.rfind(" ", caret + 1, end)
            end = space if space > caret else end
        head, tail = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
        caret = caret - start + len(head)
        text = head + text[start:end] + tail
    return f"{first}\n  {text}\n  {' ' * caret}^"
