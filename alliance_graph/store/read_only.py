"""What raw Cypher may do: the checks behind ``agraph cypher`` and ``AllianceGraph.cypher``.

Statement kinds are an allow-list (see SECURITY.md): a statement is a **query** that
reads the graph (it begins with ``MATCH``, ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``,
``RETURN`` or ``CALL``: :data:`QUERY_KEYWORDS`), or one of the harmless **listing
commands** of :data:`ALLOWED_COMMANDS` (``SHOW INDEXES``, ``SHOW CONSTRAINTS``,
``SHOW FUNCTIONS``, ``SHOW PROCEDURES``). Anything else is refused before it is even
planned: ``TERMINATE TRANSACTIONS`` (which the server types as a read), ``SHOW
TRANSACTIONS`` (other sessions' queries and parameters), ``SHOW SETTINGS``, ``SHOW
DATABASES``, ``USE``, and every command to come.

Then the server plans the statement (``EXPLAIN``) and the plan decides, never the
text: a statement runs only if

* the server classifies it as read-only (query type ``r``), or it is a call of
  an allow-listed read-only procedure (Neo4j types DBMS procedures such as
  ``dbms.components()`` as ``s`` even though they only read);
* no operator reads a file or a URL (``LOAD CSV``, in any subquery);
* every procedure it calls is on :data:`READ_ONLY_PROCEDURES` (procedures can
  read files or the network, e.g. APOC's ``apoc.load.*``);
* every command operator in it (``Show...``, ``Terminate...``, administration
  commands) is one of :data:`ALLOWED_COMMANDS`.

The statement then runs in a READ transaction, which the server enforces too, with a
timeout (:data:`DEFAULT_TIMEOUT` seconds unless the caller says otherwise), as one
explicit transaction that the driver never retries: an error that cannot succeed
(a timeout, the server's memory limit) is reported once (:func:`failure_message`).

>>> check_plan("r", {"operatorType": "ProduceResults@neo4j", "args": {}, "children": [
...     {"operatorType": "LoadCSV@neo4j", "args": {"Details": "l"}, "children": []}]})
'reads a file or URL (LOAD CSV)'
>>> check_plan("s", {"operatorType": "ProduceResults@neo4j", "args": {}, "children": [
...     {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "dbms.components() :: (name :: STRING)"}}]}) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["READ_ONLY_PROCEDURES", "ALLOWED_COMMANDS", "QUERY_KEYWORDS", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS",
           "check_plan", "check_statement", "failure_message", "syntax_error_message"]

#: Seconds raw Cypher may run before the server stops it (0: no limit of ours, the server's own).
DEFAULT_TIMEOUT = 30.0
#: Rows `agraph cypher` prints before it says the answer was cut (--max-rows; the library keeps every row).
DEFAULT_MAX_ROWS = 10_000

#: The words a query that reads the graph begins with.
QUERY_KEYWORDS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
#: The commands raw Cypher may run, by the plan operator the server gives them: they list the
#: schema and what can be called, nothing about other sessions, the server or its settings.
ALLOWED_COMMANDS = {"ShowIndexes": "SHOW INDEXES", "ShowConstraints": "SHOW CONSTRAINTS",
                    "ShowFunctions": "SHOW FUNCTIONS", "ShowProcedures": "SHOW PROCEDURES"}
# Plan operators of commands rather than queries (writes and schema changes are refused by their query type).
_COMMAND_OPERATOR = re.compile(r"^(Show|Terminate|Administration)|Command$")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_CYPHER_OPTIONS = re.compile(r"^CYPHER(\s+(\d+(\.\d+)?|\w+\s*=\s*\w+))*\s+", re.I)

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


def _all_ops(plan: dict) -> Iterator[dict]:
    stack = [plan]
    while stack:
        op = stack.pop()
        yield op
        stack.extend(op.get("children") or [])


def _operators(plan: dict) -> Iterator[tuple[str, str]]:
    stack = [plan]
    while stack:
        op = stack.pop()
        yield op["operatorType"].split("@")[0], (op.get("args") or {}).get("Details", "")
        stack.extend(op.get("children") or [])


def _allowed_kinds() -> str:
    return (f"queries that read the graph (beginning with {', '.join(sorted(QUERY_KEYWORDS))}) and "
            + ", ".join(ALLOWED_COMMANDS.values()))


def check_statement(statement: str) -> str | None:
    """Why a statement's kind is not allowed (a phrase completing "this query ..."), or None:
    a query (:data:`QUERY_KEYWORDS`) or ``SHOW``, whose command the plan then checks.

    >>> check_statement("// who?\\nMATCH (n) RETURN n") is None, check_statement("CYPHER 5 show indexes") is None
    (True, True)
    >>> check_statement("TERMINATE TRANSACTIONS 'neo4j-transaction-1'")
    'is a TERMINATE statement; `agraph cypher` runs queries that read the graph (beginning with CALL, MATCH, OPTIONAL, RETURN, UNWIND, WITH) and SHOW INDEXES, SHOW CONSTRAINTS, SHOW FUNCTIONS, SHOW PROCEDURES'
    """
    text = _CYPHER_OPTIONS.sub("", _COMMENTS.sub(" ", statement).strip())
    word = text.split(None, 1)[0].upper() if text.split() else ""
    word = re.sub(r"\W.*", "", word)
    if word in QUERY_KEYWORDS:
        return None
    if word == "LOAD":
        return "reads a file or URL (LOAD CSV)"
    if word == "SHOW":
        rest = text[4:].split()
        if rest and rest[0].upper() in ("TRANSACTION", "TRANSACTIONS", "SETTING", "SETTINGS"):
            return f"is a SHOW {rest[0].upper()} command; `agraph cypher` runs {_allowed_kinds()}"
        return None  # the plan says which SHOW it is (check_plan)
    what = f"a {word[:20]} statement" if word else "not a query"
    return f"is {what}; `agraph cypher` runs {_allowed_kinds()}"


def check_plan(query_type: str, plan: dict) -> str | None:
    """Why a planned statement must not run (a phrase completing "this query ..."), or None if it may."""
    operators = list(_operators(plan))
    for name, _details in operators:
        if _COMMAND_OPERATOR.search(name) and name not in ALLOWED_COMMANDS:
            return f"is a command ({name}) that is not allowed; `agraph cypher` runs {_allowed_kinds()}"
    if any(op.get("operatorType", "").split("@", 1)[-1] == "system" for op in _all_ops(plan)):
        return f"is an administration command; `agraph cypher` runs {_allowed_kinds()}"
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


# Server codes of errors that running the same statement again cannot mend.
_TIMED_OUT = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")
_OUT_OF_MEMORY = ("MemoryPoolOutOfMemoryError", "OutOfMemoryError", "TransactionOutOfMemoryError",
                  "TransactionMemoryLimit")


def failure_message(code: str | None, timeout: float | None) -> str | None:
    """The one-line message for a raw query the server stopped (its error ``code``), or None
    when the code is not one of a timeout or the server's memory limit.

    >>> failure_message("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", 30.0)
    'the query ran for longer than its timeout of 30 s and was stopped; narrow it (a LIMIT, a smaller MATCH) or give it more time with --timeout SECONDS'
    """
    name = (code or "").rsplit(".", 1)[-1]
    if name in _TIMED_OUT:
        limit = f"its timeout of {timeout:g} s" if timeout else "the server's transaction timeout"
        return (f"the query ran for longer than {limit} and was stopped; narrow it (a LIMIT, a smaller MATCH) "
                "or give it more time with --timeout SECONDS")
    if name in _OUT_OF_MEMORY:
        return ("the query needs more memory than the server gives one transaction, and was stopped (running it "
                "again would fail the same way); narrow it: a LIMIT, an aggregation (count, collect) instead of "
                "every row, or a smaller MATCH")
    return None


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
