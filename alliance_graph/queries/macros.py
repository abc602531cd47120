"""The macros of the shipped Cypher, ``{{name}}`` or ``{{name arg ...}}``, filled in when a file is read.

What the Cypher shares with the embedded twins and the model is written once, here, from
:mod:`alliance_graph.model` and :mod:`alliance_graph.rows`. Every macro, with examples:
``docs/queries.md#macros``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from ..dates import ALL_TIME, UNKNOWN_END
from ..errors import QueryError
from ..paging import PageKey
from ..model import (ALLIANCE_LABEL, CAMP_ANSWERS, CAMP_LABELS, DATED_NEO4J_TYPES, LABELS, MAX_PATH_HOPS, NEO4J_REL_TYPES,
                     OPENNESS_COMPONENTS, OWNED_LABELS, PATH_NEO4J_TYPES, REL_TYPES)
from ..rows import BASIS_FIELDS, EVIDENCE_FIELDS, STATEMENT_FIELDS

# --------------------------------------------------------------------------- macros

_MACRO_RE = re.compile(r"\{\{(?P<body>[^{}\n]*)\}\}")
_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _allowed(names: Collection[str], allow_list: Collection[str]) -> tuple[str, ...]:
    """Names for Cypher text: only from the allow-list, and plain identifiers (nothing to escape)."""
    for name in names:
        if name not in allow_list or not _IDENT_RE.match(name):
            raise QueryError(f"{name!r} is not in the allow-list of labels and relationship types (model.py)")
    return tuple(names)


def _match_node(node: str, param: str) -> str:
    """The organisation or product whose id is ``$param``, bound to ``node`` (each label's id index)."""
    branches = [f"  MATCH ({node}:{label} {{id: ${param}}}) RETURN {node}"
                for label in _allowed(("Organisation", "Product"), OWNED_LABELS)]
    return "CALL {\n" + "\n  UNION ALL\n".join(branches) + "\n}"


def _owned_label(node: str) -> str:
    labels = ", ".join(f"'{label}'" for label in _allowed(OWNED_LABELS, LABELS.values()))
    return f"[lbl IN labels({node}) WHERE lbl IN [{labels}]][0]"


def _evidence(var: str, prefix: str = "evidence") -> str:
    (_, first_suffix), *_ = EVIDENCE_FIELDS  # the first field is in every item
    fields = ", ".join(f"{field}: {var}.{prefix}_{suffix}[ev_i]" for field, suffix in EVIDENCE_FIELDS)
    return f"[ev_i IN range(0, size(coalesce({var}.{prefix}_{first_suffix}, [])) - 1) |\n{{{fields}}}]"


def _statements(var: str) -> str:
    (_, first_prop), *_ = STATEMENT_FIELDS
    fields = ", ".join(f"{key}: {var}.{prop}[st_i]" for key, prop in STATEMENT_FIELDS)
    return f"[st_i IN range(0, size(coalesce({var}.{first_prop}, [])) - 1) |\n{{{fields}}}]"


def _valid(var: str) -> str:
    """The as-of test, written once: does ``var`` hold on ``$asOf`` (null: all time)? See alliance_graph/dates.py."""
    return f"($asOf = '{ALL_TIME}' OR {_holds(var, 'coalesce($asOf, toString(date()))')})"


_CAMP_FALLBACK = {"camp_values": "camp", "camp_bases": "camp_basis", "camp_explanations": "camp_explanation"}


def _camp_index(var: str) -> str:
    day = f"CASE WHEN $asOf IS NULL OR $asOf = '{ALL_TIME}' THEN toString(date()) ELSE $asOf END"
    return f"size([cf_s IN coalesce({var}.camp_from, ['']) WHERE cf_s <= {day}]) - 1"


def _camp_at(var: str, prop: str = "camp_values") -> str:
    """An organisation's camp (or, with ``camp_bases`` / ``camp_explanations``, its basis or
    explanation) in the period holding ``$asOf`` (today for null and all time)."""
    if prop not in _CAMP_FALLBACK:
        raise QueryError(f"camp_at takes one of {', '.join(_CAMP_FALLBACK)}, not {prop!r}")
    return f"coalesce({var}.{prop}[{_camp_index(var)}], {var}.{_CAMP_FALLBACK[prop]})"


def _bases_at(var: str) -> str:
    """Every basis of an organisation's camp in the period holding ``$asOf``, as maps."""
    (_, first), *_ = BASIS_FIELDS
    fields = ", ".join(f"{key}: {var}.{prop}[cb_i]" for key, prop in BASIS_FIELDS if key != "period")
    return (f"[cb_i IN range(0, size(coalesce({var}.{first}, [])) - 1) WHERE {var}.{first}[cb_i] = {_camp_index(var)} |\n"
            f"{{{fields}}}]")


def _holds(var: str, day: str) -> str:
    """Does ``var`` hold on the date in variable ``day``? The rule of :func:`alliance_graph.dates.holds`."""
    return (f"(({var}.valid_from IS NULL OR {var}.valid_from <= {day}) "
            f"AND ({var}.valid_to IS NULL OR {day} <= {var}.valid_to))")


def _label_counts() -> str:
    """One UNION ALL branch per owned label: its node count, from the counts the database keeps."""
    return "\nUNION ALL\n".join(f"MATCH (n:{label}) RETURN 'label' AS category, '{label}' AS value, count(n) AS count"
                                 for label in _allowed(OWNED_LABELS, LABELS.values()))


def _type_counts() -> str:
    """One UNION ALL branch per relationship type: its count from the counts the database keeps, less
    (for a type that can have dates) those that do not hold on ``$asOf``, found by the date indexes
    (``model.REL_INDEXES``): begun after it or ended before it (none for all time)."""
    day = f"CASE WHEN $asOf = '{ALL_TIME}' THEN null ELSE coalesce($asOf, toString(date())) END"
    out = []
    for t in _allowed(NEO4J_REL_TYPES, NEO4J_REL_TYPES):
        total = f"CALL {{ MATCH ()-[r:{t}]->() RETURN count(r) AS total }}\n"
        if t in DATED_NEO4J_TYPES:
            out.append(total + f"CALL {{ CALL {{ MATCH ()-[r:{t}]->() WHERE r.valid_from > {day} RETURN r\n"
                       f"         UNION MATCH ()-[r:{t}]->() WHERE r.valid_to < {day} RETURN r }}\n"
                       f"       RETURN count(r) AS gone }}\n"
                       f"RETURN 'relationship-type' AS category, '{t}' AS value, total - gone AS count")
        else:
            out.append(total + f"RETURN 'relationship-type' AS category, '{t}' AS value, total AS count")
    return "\nUNION ALL\n".join(out)


def _camp_counts() -> str:
    """UNION ALL branches (``category, value, count``, to be summed per value) counting organisations
    by their camp on ``$asOf``: an organisation whose camp never changes has it in ``camp`` and in
    its camp label, so the labels' counts the database keeps (and the camp index, for the camps
    without a label; ``none`` is what is left) count it; the few whose camp changes over time
    (``camp_changes``, see :mod:`alliance_graph.rows`) are taken off by their stored camp and
    counted by their camp on the date."""
    labelled = {camp: _allowed([label], CAMP_LABELS.values())[0] for camp, label in CAMP_LABELS.items()}
    unlabelled = [c for c in CAMP_ANSWERS if c not in labelled and c != "none"]
    out = ["MATCH (n:Organisation) WHERE n.camp_changes = true\n"
           f"RETURN 'camp' AS category, {_camp_at('n')} AS value, count(*) AS count",
           "MATCH (n:Organisation) WHERE n.camp_changes = true RETURN 'camp' AS category, n.camp AS value, -count(*) AS count"]
    out += [f"MATCH (n:{label}) RETURN 'camp' AS category, '{camp}' AS value, count(n) AS count" for camp, label in labelled.items()]
    out += [f"MATCH (n:Organisation) WHERE n.camp = '{camp}' RETURN 'camp' AS category, '{camp}' AS value, count(n) AS count"
            for camp in unlabelled]
    calls = ["CALL { MATCH (n:Organisation) RETURN count(n) AS c_all }"]
    calls += [f"CALL {{ MATCH (n:{label}) RETURN count(n) AS c_{camp} }}" for camp, label in labelled.items()]
    calls += [f"CALL {{ MATCH (n:Organisation) WHERE n.camp = '{camp}' RETURN count(n) AS c_{camp} }}" for camp in unlabelled]
    out.append("\n".join(calls) + "\nRETURN 'camp' AS category, 'none' AS value, c_all - "
               + " - ".join(f"c_{camp}" for camp in [*labelled, *unlabelled]) + " AS count")
    return "\nUNION ALL\n".join(out)


def _released(var: str) -> str:
    """Product ``var`` released by the camp's day (``$asOf``; today for null and all time): its
    ``launched`` date, partial or not, no later than the day (a partial date: its first day)."""
    day = f"CASE WHEN $asOf IS NULL OR $asOf = '{ALL_TIME}' THEN toString(date()) ELSE $asOf END"
    return f"({var}.launched IS NULL OR {var}.launched <= {day})"


#: The relationship types with timeline events (between organisations), each with (began, ended): ``RelType.events``.
SPAN_EVENTS = {t.neo4j_type: t.events for t in REL_TYPES.values() if t.events}
#: The date fields of a relationship with events, as given (the first: began; the second: ended).
SPAN_FIELDS = ("since", "until")
#: The timeline's events of one date, in this order: a founding, what began, a launch, figures and
#: forecasts, what ended (``{{event_rank event}}`` and the timeline twin).
EVENT_ORDER = ("founded", *(began for began, _ in SPAN_EVENTS.values()), "launched", "figure", "forecast",
               *(ended for _, ended in SPAN_EVENTS.values()))


def _text(value: str) -> str:
    """A Cypher string literal of a name declared in the model (no quote to escape)."""
    if "'" in value or "\\" in value:
        raise QueryError(f"{value!r}: a name for Cypher text holds no quote or backslash (model.py)")
    return f"'{value}'"


def _span_event(var: str, field: str) -> str:
    """The event name of relationship ``var``'s ``since`` (began) or ``until`` (ended), the name of the field
    in variable ``field`` (``RelType.events``)."""
    cases = " ".join(f"WHEN {_text(t)} THEN [{_text(began)}, {_text(ended)}]"
                     for t, (began, ended) in SPAN_EVENTS.items())
    return f"CASE type({var}) {cases} END[CASE {field} WHEN 'since' THEN 0 ELSE 1 END]"


def _event_rank(var: str) -> str:
    """The rank of event ``var`` among the events of one date (:data:`EVENT_ORDER`; others after them)."""
    cases = " ".join(f"WHEN {_text(e)} THEN {i}" for i, e in enumerate(EVENT_ORDER))
    return f"CASE {var} {cases} ELSE {len(EVENT_ORDER)} END"


def _extra_labels(node: str, row: str) -> str:
    """The loaders' extra labels: each of ``model.CAMP_LABELS`` and ``model.ALLIANCE_LABEL`` set on ``node``
    when the boolean of ``row`` named after it (``row.open``, ``row.closed``, ``row.alliance``) is true,
    removed otherwise."""
    pairs = [*CAMP_LABELS.items(), ("alliance", ALLIANCE_LABEL)]
    return "\n".join(f"FOREACH (_ IN CASE WHEN {row}.{key} THEN [1] ELSE [] END | SET {node}:{label})\n"
                     f"FOREACH (_ IN CASE WHEN {row}.{key} THEN [] ELSE [1] END | REMOVE {node}:{label})"
                     for key, label in pairs if _allowed([label], [*CAMP_LABELS.values(), ALLIANCE_LABEL]))


def _openness(var: str) -> str:
    """Product ``var``'s openness components shown, as a map (``model.OPENNESS_COMPONENTS``)."""
    return "{" + ", ".join(f"`{c.name}`: {var}.`{c.prop}`" for c in OPENNESS_COMPONENTS.values()) + "}"


# name -> (how many arguments: min, max; the expansion)
MACROS: dict[str, tuple[int, int, Callable[..., str]]] = {
    "camp_at": (1, 2, _camp_at),
    "bases_at": (1, 1, _bases_at),
    "valid": (1, 1, _valid),
    "holds": (2, 2, _holds),
    "until_unknown": (0, 0, lambda: "'" + UNKNOWN_END + "'"),
    "path_types": (0, 0, lambda: "|".join(_allowed(PATH_NEO4J_TYPES, NEO4J_REL_TYPES))),
    "max_hops": (0, 0, lambda: str(int(MAX_PATH_HOPS))),
    "owned_labels": (0, 0, lambda: "|".join(_allowed(OWNED_LABELS, LABELS.values()))),
    "owned_label": (1, 1, _owned_label),
    "evidence": (1, 2, _evidence),
    "released": (1, 1, _released),
    "openness": (1, 1, _openness),
    "statements": (1, 1, _statements),
    "extra_labels": (2, 2, _extra_labels),
    "match_node": (2, 2, _match_node),
    "span_types": (0, 0, lambda: "|".join(_allowed(SPAN_EVENTS, NEO4J_REL_TYPES))),
    "span_event": (2, 2, _span_event),
    "event_rank": (1, 1, _event_rank),
    "label_counts": (0, 0, _label_counts),
    "type_counts": (0, 0, _type_counts),
    "camp_counts": (0, 0, _camp_counts),
}


#: Macros of paged queries, written by the page key (:class:`alliance_graph.paging.PageKey`):
#: name -> (how many arguments: min, max; the expansion from the key and the arguments).
PAGE_MACROS: dict[str, tuple[int, int, Callable[..., str]]] = {
    "after": (0, 0, PageKey.condition),
    "page_key": (0, 0, PageKey.key_list),
    "page_start": (1, 9, PageKey.start),
    # toInteger: the Browser's :param map gives a number as a float (25.0), which LIMIT refuses
    "limit": (0, 0, lambda page: "toInteger(coalesce($limit, 9223372036854775807))"),
}


_BLOCK_RE = re.compile(r"^(?P<indent>[ \t]*)\{\{(?P<kind>union_each_label|union_each_type|union_each_span_type)(?P<args>[^{}\n]*)\}\}"
                       r"[ \t]*\n"
                       r"(?P<body>.*?)^[ \t]*\{\{end\}\}[ \t]*(?:\n|\Z)", re.M | re.S)


def expand_macros(text: str, file: str, page: PageKey = PageKey()) -> str:
    """``text`` with every ``{{union_each_label ...}}``, ``{{union_each_type T}}`` and ``{{union_each_span_type T F}}`` block written
    out and every ``{{macro ...}}`` filled in (``docs/queries.md#macros``); errors name the line of the
    file as written.

    Parameters
    ----------
    text : str
        Cypher text with macros.
    file : str
        Names the text in errors.
    page : PageKey
        The page key of a paged query (``// page:``), for the paging macros.

    Returns
    -------
    str
        The text, every macro expanded; a macro's continuation lines line up under it.

    Raises
    ------
    QueryError
        On an unknown macro, a wrong number of arguments, an argument that is not an
        identifier or not allow-listed, or a ``{{`` that starts no macro; the message names the
        file and line.

    >>> print(expand_macros(
    ...     "{{union_each_label L Organisation Product}}\\nMATCH (n:L) RETURN n\\n{{end}}\\n", "example.cypher"))
    MATCH (n:Organisation) RETURN n
    UNION ALL
    MATCH (n:Product) RETURN n
    <BLANKLINE>
    """
    out, pos = [], 0
    for m in _BLOCK_RE.finditer(text):
        out.append(_expand_part(text, pos, text[pos:m.start()], file, page))
        line = text.count("\n", 0, m.start()) + 1
        copies = []
        for names in _block_branches(m["kind"], m["args"].split() or [""], f"{file}, line {line}"):
            body = m["body"]
            for name, value in names.items():  # (in order: the type before the field)
                body = re.sub(rf"\b{name}\b", value, body)
            copies.append(_expand_part(text, m.start("body"), body, file, page))
        out.append((m["indent"] + "UNION ALL\n").join(copies))
        pos = m.end()
    out.append(_expand_part(text, pos, text[pos:], file, page))
    return "".join(out)


def _block_branches(kind: str, args: list[str], where: str) -> list[dict[str, str]]:
    """The branches of a ``{{union_each_...}}`` block: for each, its placeholder names and what they stand for."""
    variable, *rest = args
    if kind == "union_each_span_type":  # a branch per type with timeline events and per date field
        if not _IDENT_RE.match(variable) or len(rest) != 1 or not _IDENT_RE.match(rest[0]):
            raise QueryError(f"{where}: write '{{{{union_each_span_type T F}}}}', the branch with T for the "
                             "relationship type and F for since or until, then '{{end}}' on a line of its own")
        return [{variable: t, rest[0]: field} for t in _allowed(SPAN_EVENTS, NEO4J_REL_TYPES) for field in SPAN_FIELDS]
    if kind == "union_each_type":  # a branch per relationship type (each reads its type's indexes)
        if not _IDENT_RE.match(variable) or rest:
            raise QueryError(f"{where}: write '{{{{union_each_type T}}}}', the branch with T for the "
                             "relationship type, then '{{end}}' on a line of its own")
        return [{variable: t} for t in _allowed(NEO4J_REL_TYPES, NEO4J_REL_TYPES)]
    if not _IDENT_RE.match(variable) or not rest:
        raise QueryError(f"{where}: write '{{{{union_each_label L Organisation Product}}}}', the "
                         "branch with L for the label, then '{{end}}' on a line of its own")
    try:
        return [{variable: label} for label in _allowed(rest, OWNED_LABELS)]
    except QueryError as exc:
        raise QueryError(f"{where}: {exc}") from None


def _expand_part(text: str, start: int, part: str, file: str, page: PageKey) -> str:
    """``part`` (found at ``start`` of ``text``) with its macros filled in, its lines counted as in ``text``."""
    offset = text.count("\n", 0, start)
    return _expand_line_macros("\n" * offset + part, file, page)[offset:]


def _expand_line_macros(text: str, file: str, page: PageKey) -> str:
    """``text`` with every one-line ``{{macro ...}}`` filled in.

    Raises
    ------
    QueryError
        On an unknown macro, a wrong number of arguments, an argument that is not an
        identifier, or a ``{{`` that starts no macro; the message names the file and line.
    """
    out, pos = [], 0
    for m in [*_MACRO_RE.finditer(text), None]:
        start = len(text) if m is None else m.start()
        stray = text.find("{{", pos, start)
        if stray >= 0:
            raise QueryError(f"{file}, line {text.count(chr(10), 0, stray) + 1}: '{{{{' starts no macro "
                             "(write {{name}} or {{name argument ...}} on one line)")
        out.append(text[pos:start])
        if m is None:
            break
        line = text.count("\n", 0, m.start()) + 1
        name, *args = m["body"].split() or [""]
        if name in PAGE_MACROS:
            low, high, write = PAGE_MACROS[name]
            if not low <= len(args) <= high:
                wanted = str(low) if low == high else f"{low} or more"
                raise QueryError(f"{file}, line {line}: macro {m.group(0)!r} takes {wanted} argument(s), got {len(args)}")
            if not page:
                raise QueryError(f"{file}, line {line}: macro {m.group(0)!r} needs a page key: "
                                 "declare it in the header, e.g. '// page: name, id'")
            try:
                out.append(write(page, *args))
            except ValueError as exc:
                raise QueryError(f"{file}, line {line}: macro {m.group(0)!r}: {exc}") from None
            pos = m.end()
            continue
        if name not in MACROS:
            raise QueryError(f"{file}, line {line}: unknown macro {m.group(0)!r}; known macros: "
                             f"{', '.join([*MACROS, *PAGE_MACROS])} (see docs/queries.md)")
        low, high, expand = MACROS[name]
        if not low <= len(args) <= high:
            wanted = str(low) if low == high else f"{low} to {high}"
            raise QueryError(f"{file}, line {line}: macro {m.group(0)!r} takes {wanted} argument(s), got {len(args)}")
        bad = [a for a in args if not _IDENT_RE.match(a)]
        if bad:
            raise QueryError(f"{file}, line {line}: macro {m.group(0)!r}: {bad[0]!r} is not a variable or identifier")
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1)
        out.append(expand(*args).replace("\n", "\n" + " " * (column + 1)))  # continuation lines line up
        pos = m.end()
    return "".join(out)
