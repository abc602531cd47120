"""Typed access to one record's fields, collecting problems instead of raising."""

from __future__ import annotations

import builtins  # the method _Record.str hides the name str in the class's annotations
import datetime as _dt
import re
from collections.abc import Sequence
from typing import Any

from ..errors import Problem
from ..model import Evidence
from ..record_fields import MAX_NAME, MAX_TEXT, SIMPLE_KINDS, FieldSpec, specs
from ..text import shown, unsafe_char

#: What to do about a character a terminal would obey (ESC, BEL, RLO, a zero-width space...).
UNSAFE_HINT = ("control, bidirectional and zero-width characters are refused in names and quotes (they can rewrite "
               "a terminal or hide text); delete it (in a quote too: the check against the source's text skips them)")

ID_PATTERN = r"[a-z0-9][a-z0-9._-]{0,99}"
ID_RE = re.compile(f"^{ID_PATTERN}$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
__all__ = ["MAX_NAME", "MAX_TEXT", "ID_PATTERN", "read_declared", "text_problem", "date_problem", "quote_problem"]


# The rules of one value, shared by :class:`_Record` (which reports the problem) and the CSV fast
# path (which leaves a row with a problem to the careful path): each gives the problem, or None.

def text_problem(key: str, value: str, limit: int) -> str | None:
    """What is wrong with text ``value`` of field ``key``, or None."""
    if not value.strip():
        return f"field {key!r} is empty"
    if len(value) > limit:
        return f"field {key!r} is {len(value)} characters long, over the limit of {limit}"
    bad = unsafe_char(value)
    return f"field {key!r} holds {bad}; {UNSAFE_HINT}" if bad else None


def date_problem(key: str, value: str) -> str | None:
    """What is wrong with date ``value`` (text) of field ``key``, or None."""
    match = DATE_RE.match(value)
    if match is None:
        return f"field {key!r} = {shown(value)} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = match.groups()
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return f"field {key!r} = {value!r} is not a real calendar date"
    if not 1800 <= int(year) <= 2100:
        return f"field {key!r} = {value!r} is out of range (years 1800 to 2100)"
    return None


def quote_problem(quote: Any, source: str) -> str | None:
    """What is wrong with a quote from ``source`` (after the evidence item's name in a message), or None."""
    if not isinstance(quote, str) or not quote.strip():
        return f"needs a non-empty 'quote' copied verbatim from source {shown(source)}"
    if len(quote) > MAX_TEXT:
        return f"quote is {len(quote)} characters long, over the limit of {MAX_TEXT}; quote less"
    bad = unsafe_char(quote)
    return f"quote holds {bad}; {UNSAFE_HINT}" if bad else None


def read_declared(rec: "_Record", cls: type) -> dict[str, Any]:
    """The fields of record type ``cls`` of the simple kinds (``record_fields.SIMPLE_KINDS``), read
    from ``rec`` by their declarations in order (problems go to ``rec``), by field name."""
    return {name: rec.field(spec) for name, spec in specs(cls) if spec.kind in SIMPLE_KINDS and spec.key}


def _describe(raw: dict) -> str:
    """A short name for a record in messages: its id, or for a relationship 'type from -> to'."""
    if isinstance(raw.get("id"), str):
        return f" id={raw['id'][:100]}"
    parts = [raw.get(k) for k in ("type", "from", "to")]
    if all(isinstance(p, str) for p in parts):
        return f" {parts[0]} {parts[1]} -> {parts[2]}"
    return ""


def _type_name(value) -> str:
    """The YAML name of a value's type (the loader's list and dict subclasses are a list and a mapping)."""
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else type(value).__name__


class _Record:
    """Typed access to one record's fields, collecting problems instead of raising."""

    __slots__ = ("file", "problems", "ok", "line", "label", "mapping", "raw")

    def __init__(self, file: str, section: str, index: int, raw: Any, problems: list[Problem], known: Sequence[str],
                 label: str | None = None, line: int | None = None):
        self.file = file
        self.problems = problems
        self.ok = True
        self.line = line or getattr(raw, "line", None)
        self.label = label or f"{section}[{index}]" + (_describe(raw) if isinstance(raw, dict) else "")
        self.mapping = isinstance(raw, dict)
        if not self.mapping:
            self.raw: dict = {}
            if raw is None:
                self.error(f"is empty; a record must be a mapping of fields ({', '.join(known[:3])}...) or be removed")
            else:
                self.error(f"must be a mapping of fields ({', '.join(known[:3])}...), got {_type_name(raw)} {shown(raw, 60)}")
            return
        self.raw = raw
        for key in raw:
            if key not in known:
                what = "a field with no name" if key is None else f"unknown field {shown(key, 60)}"
                self.error(f"{what}; allowed fields: {', '.join(known)}")

    def error(self, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.file, self.label, message, self.line))

    def str(self, key: str, required: bool = True, limit: int = MAX_NAME) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.error(f"missing required field {key!r}")
            return None
        if not isinstance(value, str):
            self.error(f"field {key!r} must be text, got {_type_name(value)} {shown(value, 60)}; put it in quotes")
            return None
        problem = text_problem(key, value, limit)
        if problem:
            self.error(problem)
            return None
        return value.strip()

    def field(self, spec: FieldSpec) -> Any:
        """The value of a declared field of a simple kind, by its kind's rule."""
        key, kind = spec.key or "", spec.kind
        if self.raw.get(key) is None and kind in ("date", "list", "number", "year"):  # (the others say it themselves)
            if spec.required:
                self.error(f"missing required field {key!r}")
            return () if kind == "list" else None
        if kind == "id":
            return self.ident(key, spec.required)
        if kind in ("text", "url"):
            return self.str(key, spec.required, limit=spec.max_length)
        if kind == "choice":
            return self.choice(key, spec.values, spec.required, default=spec.default)
        if kind == "list":
            return self.strings(key)
        return getattr(self, kind)(key)  # date, number, year

    def ident(self, key: builtins.str = "id", required: bool = True) -> builtins.str | None:
        value = self.str(key, required)
        if value is not None and not ID_RE.match(value):
            self.error(f"field {key!r} = {shown(value)} is not a valid id: use lower-case letters, digits, '.', '_' or '-' (at most 100)")
            return None
        return value

    def choice(self, key: builtins.str, allowed: Sequence[builtins.str], required: bool = True, default: builtins.str | None = None) -> builtins.str | None:
        value = self.str(key, required and default is None)
        if value is None:
            return default
        if value not in allowed:
            self.error(f"field {key!r} = {shown(value)} is not allowed; use one of: {', '.join(allowed)}")
            return None
        return value

    def strings(self, key: builtins.str) -> tuple[builtins.str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(f"field {key!r} must be a list of non-empty texts")
            return ()
        too_long = [v for v in value if len(v) > MAX_NAME]
        if too_long:
            self.error(f"field {key!r} has an entry over {MAX_NAME} characters")
            return ()
        for i, v in enumerate(value):
            bad = unsafe_char(v)
            if bad:
                self.error(f"field {key!r} entry {i + 1} holds {bad}; {UNSAFE_HINT}")
                return ()
        return tuple(value)

    def date(self, key: builtins.str) -> builtins.str | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(f"field {key!r} must be a date YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        if isinstance(value, _dt.date):
            value = value.isoformat()[:10]
        elif isinstance(value, int):
            value = f"{value:04d}"
        problem = date_problem(key, value) if isinstance(value, str) else \
            f"field {key!r} = {shown(value)} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
        if problem:
            self.error(problem)
            return None
        return value

    def number(self, key: builtins.str) -> float | None:
        value = self.raw.get(key)
        if value is None:
            self.error(f"missing required field {key!r}")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(f"field {key!r} must be a number, got {shown(value, 60)}")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error(f"field {key!r} must be a finite number")
            return None
        return float(value)

    def year(self, key: builtins.str) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
            self.error(f"field {key!r} must be a year between 1800 and 2100, got {shown(value, 60)}")
            return None
        return value

    def evidence(self, key: builtins.str = "evidence", required: bool = True) -> tuple[Evidence, ...]:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.error(f"missing {key!r}: every fact needs at least one {{source, quote}} from a source")
            return ()
        if not isinstance(value, list) or not value:
            self.error(f"{key!r} must be a non-empty list of {{source, quote}} mappings")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.error(f"{key}[{i}] must be a mapping with 'source' and 'quote'")
                continue
            extra = set(item) - {"source", "quote", "via"}
            if extra:
                self.error(f"{key}[{i}] has unknown field(s) {shown(', '.join(sorted(map(str, extra))))}; allowed: source, quote, via")
            source, quote, via = item.get("source"), item.get("quote"), item.get("via")
            if not isinstance(source, str) or not source:
                self.error(f"{key}[{i}] needs 'source': the id of a source record")
                continue
            problem = quote_problem(quote, source)
            if problem or not isinstance(quote, str):
                self.error(f"{key}[{i}] {problem}")
                continue
            if via is not None and not isinstance(via, str):
                self.error(f"{key}[{i}] 'via' must be the id of an organisation")
                continue
            out.append(Evidence(source, quote, via))
        return tuple(out)


