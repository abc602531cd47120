"""The Browser guide: an opening slide (see :mod:`.intro`), a slide on asking as of a date, then one
slide per canned query.

Each query slide has a runnable ``:param`` block with the query's own example, resolved to
ids on the dataset's graph, plus ``asOf: null`` (today), and a runnable block holding the
query's Cypher, verbatim.

>>> slides = guide_html().count("<slide ")
>>> slides == len(registry()) + 2  # the introduction and "as of a date", then one per query
True
"""

from __future__ import annotations

import html
import json
import shlex
from functools import lru_cache

from ..errors import AllianceGraphError
from ..model import Dataset
from ..param_types import PARAM_TYPES
from ..queries.registry import Query, registry
from .intro import intro_slide, runnable

#: Slide order after the introduction: the story first; queries not listed follow by name.
SLIDE_ORDER = ("members", "camp", "camp-of", "competitors", "partners", "rivalries", "path", "why",
               "sources", "source", "conflicts", "profile", "relationships", "search", "resolve", "names", "stats")

#: The relationships that count for "most connected" (not citations or claims).
_INDUSTRY_TYPES = ("member-of", "partners-with", "competes-with", "develops")


# ------------------------------------------------------------------------------- parameters


def _example_arguments(query: Query) -> dict[str, str]:
    """Raw parameter values read from the query's first ``example:`` line (names, not ids)."""
    if not query.examples:
        return {}
    try:
        words = shlex.split(query.examples[0])
    except ValueError:
        return {}
    if len(words) < 2 or words[0] != "agraph":
        return {}
    words = words[1:]
    if words[0] == "query":  # agraph query NAME -p key=value ...
        values = {}
        for flag, pair in zip(words[2:], words[3:], strict=False):
            if flag in ("-p", "--param") and "=" in pair:
                key, _, value = pair.partition("=")
                values[key] = value
        return values
    positional = [w for w in words[1:] if not w.startswith("-")]
    if len(positional) != len(query.params):
        return {}
    return {p.name: value for p, value in zip(query.params, positional, strict=True)}


@lru_cache(maxsize=1)
def _shipped() -> tuple[Dataset, object]:
    """The shipped dataset and its embedded graph (built once)."""
    from ..api import AllianceGraph
    from ..dataset import load_dataset
    from ..store.embedded import EmbeddedStore

    ds = load_dataset()
    return ds, AllianceGraph(EmbeddedStore.from_dataset(ds))


_LAST: list = []  # (dataset, graph) of the last other dataset: one guide asks once per slide


def _dataset_and_graph(dataset: Dataset | None):
    if dataset is None:
        return _shipped()
    if not (_LAST and _LAST[0] is dataset):
        from ..api import AllianceGraph
        from ..store.embedded import EmbeddedStore

        _LAST[:] = [dataset, AllianceGraph(EmbeddedStore.from_dataset(dataset))]
    return _LAST[0], _LAST[1]


def fallback_params(query: Query, dataset: Dataset) -> dict[str, str]:
    """Parameter values taken from the dataset itself, for a query whose example does not
    resolve there: the largest alliance for a parameter called ``alliance``, else the most
    connected organisations (a different one per parameter), the camp with most members.

    >>> from alliance_graph.dataset import load_dataset
    >>> fallback_params(registry()["path"], load_dataset())
    {'from': 'openai', 'to': 'microsoft'}
    """
    from ..camps import infer_camps
    from ..text import normalise

    degree: dict[str, int] = {}
    members: dict[str, int] = {}
    for rel in dataset.relationships.values():
        if rel.type not in _INDUSTRY_TYPES:
            continue
        for end in (rel.source, rel.target):
            degree[end] = degree.get(end, 0) + 1
        if rel.type == "member-of":
            members[rel.target] = members.get(rel.target, 0) + 1
    orgs = sorted(dataset.organisations, key=lambda i: (-degree.get(i, 0), i))
    plain = [i for i in orgs if dataset.organisations[i].kind != "alliance"] + \
            [i for i in orgs if dataset.organisations[i].kind == "alliance"]
    alliances = sorted((i for i in orgs if dataset.organisations[i].kind == "alliance"),
                       key=lambda i: (-members.get(i, 0), i)) + plain
    counts: dict[str, int] = {}
    for assignment in infer_camps(dataset).values():
        if assignment.camp != "none":
            counts[assignment.camp] = counts.get(assignment.camp, 0) + 1
    camp = min(counts, key=lambda c: (-counts[c], c)) if counts else "none"
    first = dataset.organisations.get(plain[0]) if plain else None
    # every type's values come from its ParamType, the most telling first
    telling = [camp, _main_source(dataset), normalise(first.name) if first else "", *plain,
               *sorted(dataset.products, key=lambda i: (-degree.get(i, 0), i))]
    used: set[str] = set()

    def pick(candidates: list[str]) -> str:
        choice = next((c for c in candidates if c not in used), candidates[0] if candidates else "")
        used.add(choice)
        return choice

    values = {}
    for p in query.params:
        rank: dict[str, int] = {}
        for v in alliances if p.name == "alliance" else telling:
            rank.setdefault(v, len(rank))
        values[p.name] = pick(sorted(PARAM_TYPES[p.type].examples(dataset), key=lambda v: rank.get(v, len(rank))))
    return values


def _main_source(dataset: Dataset) -> str:
    """The id of the source that supports the most nodes and relationships ("" without sources)."""
    from ..merge import SECTIONS, supporting_sources

    counts = dict.fromkeys(sorted(dataset.sources), 0)
    for section in SECTIONS:
        for entity in getattr(dataset, section).values():
            for sid in supporting_sources(entity):
                if sid in counts:
                    counts[sid] += 1
    return min(counts, key=lambda sid: (-counts[sid], sid)) if counts else ""


def example_params(query: Query, dataset: Dataset | None = None) -> dict[str, str]:
    """The parameter values the guide sets for ``query``, as the Cypher takes them (ids).

    They come from the query's ``example:`` header line, resolved on the dataset's graph
    (default: the shipped one) the way ``agraph`` resolves them (names and aliases become
    ids, search text is folded); when the example names something the dataset lacks,
    from :func:`fallback_params`.

    >>> example_params(registry()["members"])
    {'alliance': 'ai-alliance'}
    >>> example_params(registry()["path"])
    {'from': 'meta', 'to': 'openai'}
    >>> example_params(registry()["stats"])
    {}
    """
    if not query.params:
        return {}
    ds, graph = _dataset_and_graph(dataset)
    return {k: v for k, v in _example_values(query, ds, graph).items() if k != "asOf"}


def _example_values(query: Query, ds, graph) -> dict[str, str]:
    raw = _example_arguments(query)
    fallback = fallback_params(query, ds)
    try:
        values = graph.prepare(query, {p.name: raw.get(p.name) or fallback[p.name] for p in query.params})
    except AllianceGraphError:  # an example naming something this dataset lacks
        return fallback
    if any(PARAM_TYPES[p.type].free_text and not _finds(ds, values[p.name]) for p in query.params):
        return fallback
    return values


def _finds(dataset: Dataset, text: str) -> bool:
    """Whether some organisation's or product's name or alias contains ``text`` (folded)."""
    from ..text import normalise

    key = normalise(text)
    names = [n for o in dataset.organisations.values() for n in (o.name, *o.aliases)]
    names += [n for p in dataset.products.values() for n in (p.name, *p.aliases)]
    return any(key in normalise(name) for name in names)


def param_command(values: dict[str, str | int | None]) -> str:
    """The Browser command that sets exactly these parameters.

    >>> param_command({"from": "meta", "to": "openai", "asOf": None})
    ':param {from: "meta", to: "openai", asOf: null}'
    """
    body = ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items())
    return ":param {" + body + "}"


# ------------------------------------------------------------------------------- slides


def _ordered_queries() -> list[Query]:
    queries = registry()
    first = [queries[name] for name in SLIDE_ORDER if name in queries]
    rest = [q for name, q in queries.items() if name not in SLIDE_ORDER]
    return first + rest


AS_OF_NOTE = ("      <li><code>$asOf</code>: the date the answer is about (<code>YYYY-MM-DD</code>); "
              "<code>null</code> is today, <code>'all-time'</code> every fact whenever it held "
              "(see the <em>as of a date</em> slide). Here <code>null</code>.</li>")


#: Rows per page in the guide's :param blocks of the queries that page.
GUIDE_PAGE_SIZE = 25
PAGE_NOTE = ("      <li><code>$limit</code>, <code>$after</code>: one page (the query pages by {key}): at most "
             "<code>$limit</code> rows (<code>null</code>: every row), after the row whose page key (the "
             "<code>page_key</code> column) is <code>$after</code> (<code>null</code>: from the start). For the next "
             "page, set <code>$after</code> to the last row's <code>page_key</code>. Here {size} rows from the "
             "start.</li>")


def slide_params(query: Query, dataset: Dataset | None = None) -> dict[str, str | int | None]:
    """What the ``:param`` block of ``query``'s slide sets: its example values, ``asOf`` null
    (today), and for a paged query the first page (``limit``, ``after`` null)."""
    paging: dict[str, int | None] = {"limit": GUIDE_PAGE_SIZE, "after": None} if query.pages else {}
    return {**example_params(query, dataset), "asOf": None, **paging}


def _query_slide(query: Query, dataset: Dataset | None) -> str:
    values = example_params(query, dataset)
    items = "\n".join(
        f"      <li><code>${html.escape(p.name)}</code>: {html.escape(p.doc)}."
        f" {PARAM_TYPES[p.type].note + ', here' if PARAM_TYPES[p.type].note else 'Here'}"
        f" <code>{html.escape(values[p.name])}</code>.</li>" for p in query.params)
    items = f"{items}\n{AS_OF_NOTE}" if items else AS_OF_NOTE
    if query.pages:
        items += "\n" + PAGE_NOTE.format(key=html.escape(query.page_doc), size=GUIDE_PAGE_SIZE)
    params = (f"    <p>Parameters:</p>\n    <ul>\n{items}\n    </ul>\n"
              f"    {runnable(param_command(slide_params(query, dataset)))}\n")
    example = "".join(f"<br/><code>{html.escape(e)}</code>" for e in query.examples)
    return f"""<slide class="row-fluid" id="agraph-{html.escape(query.name)}">
  <div class="col-sm-3">
    <h3>{html.escape(query.name)}</h3>
    <p class="lead">{html.escape(query.summary)}</p>
    <p>From the command line:{example}</p>
  </div>
  <div class="col-sm-9">
{params}    <p>The query (<code>{html.escape(query.file)}</code>), columns
      {", ".join(f"<code>{html.escape(c)}</code>" for c in query.columns)}:</p>
    {runnable(query.cypher)}
  </div>
</slide>"""


def as_of_slide() -> str:
    """The slide on asking any question as of a date (the ``$asOf`` every canned query takes)."""
    blocks = "\n".join(f"    <p>{text}</p>\n    {runnable(command)}" for text, command in (
        ("Ask about the first day of 2024 (a partial date such as <code>'2024'</code> is not accepted here: "
         "give the day), e.g. the members of an alliance on that day, a first page of "
         f"{GUIDE_PAGE_SIZE}: any slide's <code>:param</code> block with its <code>asOf</code> set to the day",
         param_command({"alliance": "ai-alliance", "asOf": "2024-01-01", "limit": GUIDE_PAGE_SIZE, "after": None})),
        ("", registry()["members"].cypher.strip()),
        ("Back to today (every slide's <code>:param</code> block does this too), or every fact whenever it held:",
         ":param asOf => null"),
        ("", ":param asOf => 'all-time'"),
    ))
    return f"""<slide class="row-fluid" id="agraph-as-of">
  <div class="col-sm-3">
    <h3>As of a date</h3>
    <p class="lead">Every question can be asked as of a date: who was a member, a partner, a rival then.</p>
    <p>From the command line: <code>agraph members "AI Alliance" --as-of 2024-01-01</code>,
      <code>--all-time</code>.</p>
  </div>
  <div class="col-sm-9">
    <p>Facts carry <code>since</code> and <code>until</code> dates (<code>YYYY</code>, <code>YYYY-MM</code> or
      <code>YYYY-MM-DD</code>, a partial date covering its whole period), stored as <code>valid_from</code> and
      <code>valid_to</code>. Every canned query takes <code>$asOf</code> and keeps the relationships that held
      on that day: <code>null</code> means today, so a fact that ended is not shown as current.</p>
{blocks}
  </div>
</slide>"""


def guide_html(dataset: Dataset | None = None) -> str:
    """The Browser guide for ``dataset`` (default: the shipped one): an opening slide
    drawn from the dataset, then one slide per canned query.

    The text is ASCII (other characters as character references), so no charset can
    garble it.

    >>> text = guide_html()
    >>> text.startswith('<article class="guide">') and text.count('<slide ') == len(registry()) + 2
    True
    >>> ':param {alliance: "ai-alliance", asOf: null, limit: 25, after: null}' in text
    True
    """
    ds = dataset if dataset is not None else _shipped()[0]
    slides = [intro_slide(ds), as_of_slide(), *(_query_slide(q, dataset) for q in _ordered_queries())]
    # No re-indentation: it would change the text of the runnable blocks.
    text = (
        '<article class="guide">\n'
        "<title>alliance-graph: open vs closed AI</title>\n"
        '<carousel class="deck container-fluid">\n'
        + "\n".join(slides)
        + "\n</carousel>\n</article>\n"
    )
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")
