"""`AllianceGraph`: one object over either store, answering the registry queries.

>>> with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
...     [m.name for m in g.members("AI Alliance") if m.role == "founder"]
['IBM', 'Meta']
>>> with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
...     [(hop.from_name, hop.type, hop.to_name) for hop in g.path("Meta", "OpenAI")]
[('Meta', 'MEMBER_OF', 'AI Alliance'), ('AI Alliance', 'COMPETES_WITH', 'OpenAI')]
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import ALL_TIME, AsOf, AsOfValue
from .errors import QueryError
from .model import BACKENDS
from .changes_over_time import DIFF_COLUMNS, diff
from .graph_writes import CheckedFiles, GraphWrites
from .paging import check_limit, encode_cursor
from .param_types import PARAM_TYPES, resolve_node, resolve_source, suggest_names
from .queries.registry import Query, get_query, registry
from .results import Picture, Rows, record, require_pandas
from .store.base import Store
from .store.connection import Settings, SettingsOverrides
from .store.read_only import DEFAULT_TIMEOUT

if TYPE_CHECKING:  # networkx and the driver are imported only by the store that needs them; pandas is optional
    import networkx as nx
    import pandas as pd
    from typing_extensions import Unpack

__all__ = ["AllianceGraph", "CheckedFiles", "BACKENDS", "ALL_TIME"]


def parse_as_of(as_of: AsOfValue) -> AsOf:
    """The :class:`~alliance_graph.dates.AsOf` of an ``as_of`` argument, parsed once per question.

    Raises
    ------
    QueryError
        For a value that is not a date.
    """
    try:
        return AsOf.parse(as_of)
    except ValueError as exc:
        raise QueryError(f"as of: {exc}") from None


class AllianceGraph(GraphWrites):
    """The graph, in Neo4j or in-process, with the canned queries as methods.

    Use :meth:`embedded`, :meth:`neo4j` or :meth:`open` to make one, or wrap any
    :class:`~alliance_graph.store.base.Store`. It is a context manager that closes
    the store on exit.
    """

    def __init__(self, store: Store):
        self.store = store

    # ----------------------------------------------------------------------- construction

    @classmethod
    def embedded(cls, data: Iterable[str | Path] = (), *, builtin: bool = True,
                 datasets: Iterable[str] | None = None, cache: bool = False) -> AllianceGraph:
        """The in-process graph of shipped datasets plus any ``data`` files.

        ``datasets``: names of shipped datasets (:func:`alliance_graph.dataset.bundled_datasets`);
        the graph holds exactly these, each loaded into the ones before it as ``agraph load``
        loads files into a database (see :func:`alliance_graph.merge.merge`). Default: every
        shipped dataset, the article first (or those the ``AGRAPH_DATASETS`` environment variable
        names, comma-separated), or nothing with ``builtin=False``. ``data`` files are loaded into
        them last.

        ``cache``: reopen the graph kept by an earlier build of the same inputs, or keep this one when
        it closes (see :mod:`alliance_graph.store.graph_cache`: the user's cache folder,
        ``AGRAPH_CACHE_DIR``; ``AGRAPH_NO_CACHE=1`` turns it off). ``agraph`` commands keep it unless
        given ``--no-cache``.

        >>> with AllianceGraph.embedded(datasets=["frontier-model-forum"]) as g:
        ...     len(g.members("Frontier Model Forum", as_of="2023-12-31"))
        4

        Raises
        ------
        DatasetError
            When a file is invalid (all problems listed).
        UnknownDatasetError
            When a name is not a shipped dataset's.
        """
        from .dataset import dataset_paths, default_datasets, read_dataset_files
        from .merge import merge
        from .store.embedded import EmbeddedStore

        steps: list[list[str | Path]]
        if datasets is not None:
            steps = [[path] for path in dataset_paths(list(datasets))]
        else:
            # every shipped dataset (or those AGRAPH_DATASETS names), each loaded into the ones before it
            steps = [[path] for path in dataset_paths(default_datasets())] if builtin else []
        data = list(data)
        if data:
            steps.append(data)
        if not steps:
            raise QueryError("no dataset to build the graph of: name datasets or files")
        kept = None
        if cache:
            from .store.graph_cache import KeptGraph, disabled_by_env

            kept = None if disabled_by_env() else KeptGraph.of(steps)
            store = kept.load() if kept is not None else None
            if store is not None:
                return cls(store)
        with kept.noting() if kept is not None else nullcontext():
            dataset = read_dataset_files(steps[0])
            for paths in steps[1:]:  # loaded into what is there, as `agraph load` loads files into a database
                dataset = merge(dataset, read_dataset_files(paths, base=dataset))
        store = EmbeddedStore.from_dataset(dataset, consume=True)  # (the dataset is not used afterwards)
        if kept is not None:
            kept.keep(store)  # written when the store closes, with the indexes its queries built
        return cls(store)

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph, *, name: str = "networkx") -> AllianceGraph:
        """The embedded graph of a networkx graph in the shape :meth:`to_networkx` gives, possibly
        changed by analysis code, after the checks a dataset file gets (see
        :mod:`alliance_graph.from_graph` for how changes are read). To load it into Neo4j
        instead: ``db.load(read_networkx(graph))`` with
        :func:`alliance_graph.from_graph.read_networkx`.

        >>> graph = AllianceGraph.embedded(datasets=["ai-alliance-article"]).to_networkx()
        >>> _ = graph.add_edge("meta", "openai", type="PARTNERS_WITH", kind="research",
        ...                    evidence_sources=["article-ai-alliance-fr"], evidence_quotes=["Meta et IBM"])
        >>> [p.name for p in AllianceGraph.from_networkx(graph).partners("OpenAI")]
        ['Meta', 'Microsoft']

        Raises
        ------
        DatasetError
            Every problem of the changed graph (unknown ids, kinds not allowed, no quote, ...).
        """
        from .from_graph import read_networkx
        from .store.embedded import EmbeddedStore

        return cls(EmbeddedStore.from_dataset(read_networkx(graph, name=name)))

    @classmethod
    def neo4j(cls, settings: Settings | None = None, *, verify: bool = True,
              **kwargs: Unpack[SettingsOverrides]) -> AllianceGraph:
        """A graph in Neo4j. ``settings`` or keyword values override ``NEO4J_*`` variables.

        Raises
        ------
        ConnectionFailed
            No URI configured, server unreachable, or credentials refused.
        """
        from .errors import ConnectionFailed
        from .store.neo4j_store import Neo4jStore

        settings = settings or Settings.from_env(**kwargs)
        if settings is None:
            error = ConnectionFailed("no Neo4j server configured: set NEO4J_URI (and NEO4J_PASSWORD) or pass --uri")
            error.hint = "`python3 scripts/neo4j_local.py start` starts a local Neo4j; see the README's Neo4j section"
            raise error
        store = Neo4jStore(settings)
        if verify:
            try:
                store.verify()
            except Exception:
                store.close()
                raise
        return cls(store)

    @classmethod
    def open(cls, backend: str | None = None, data: Iterable[str | Path] = (), *,
             datasets: Iterable[str] | None = None, cache: bool = False,
             **settings: Unpack[SettingsOverrides]) -> AllianceGraph:
        """Neo4j when a URI is configured (or ``backend='neo4j'``), else embedded (of ``datasets``
        and ``data`` files, as :meth:`embedded` builds it, kept between processes with ``cache``); a Neo4j
        graph holds what was loaded into it."""
        if backend is None:
            backend = "neo4j" if Settings.from_env(**settings) is not None else "embedded"
        if backend not in BACKENDS:
            raise QueryError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
        if backend == "embedded":
            return cls.embedded(data, datasets=None if datasets is None else list(datasets), cache=cache)
        if data:
            raise QueryError("--data adds files to the embedded graph only; load them into Neo4j with `agraph load`")
        if datasets is not None:
            names = " ".join(f"--dataset {name}" for name in datasets)
            raise QueryError(f"--dataset picks the datasets of the embedded graph only; Neo4j holds what was loaded "
                             f"into it: load them with `agraph load {names}`")
        return cls.neo4j(**settings)

    @property
    def backend(self) -> str:
        """``"embedded"`` or ``"neo4j"``."""
        return self.store.backend

    @property
    def location(self) -> str:
        """Where the graph lives, for messages."""
        return self.store.location

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> AllianceGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------- running queries

    @staticmethod
    def queries() -> dict[str, Query]:
        """The registry: every canned query by name."""
        return registry()

    def rows(self, name: str, as_of: AsOfValue = None, *, limit: int | None = None, after: str | None = None,
             **params: str | None) -> Rows:
        """Run a registry query and return its rows as dicts (parameters resolved first), in a
        :class:`~alliance_graph.results.Rows` list.

        ``as_of``: the date the answer is about (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, a
        ``datetime.date``; default today), or :data:`~alliance_graph.dates.ALL_TIME` for every
        fact whenever it held (see :mod:`alliance_graph.dates`).

        ``limit`` / ``after``: one page of a query that pages (its header has ``// page:``; see
        :mod:`alliance_graph.paging`): at most ``limit`` rows (None, the default: every row),
        after the row named by the cursor ``after`` (None: from the first row). The answer's
        :attr:`~alliance_graph.results.Rows.next_cursor` names its last row when more rows follow
        (None on the last page), so code can walk every page:

        >>> with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
        ...     page, seen = g.rows("names", limit=10), []
        ...     while True:
        ...         seen += page
        ...         if page.next_cursor is None:
        ...             break
        ...         page = g.rows("names", limit=10, after=page.next_cursor)
        ...     seen == g.rows("names")
        True

        Raises
        ------
        QueryError
            Unknown or missing parameters; ``limit``/``after`` for a query that does not page, a
            ``limit`` below 1, or ``after`` that is not a cursor of this query.
        """
        query = get_query(name)
        rows, cursor = self._page(query, self.prepare(query, params), parse_as_of(as_of), limit, after)
        return Rows(rows, query.columns, name, next_cursor=cursor)

    def run(self, name: str, as_of: AsOfValue = None, *, limit: int | None = None, after: str | None = None,
            **params: str | None) -> Rows:
        """Run a registry query and return typed rows (named tuples of its columns); ``as_of``,
        ``limit`` and ``after`` as in :meth:`rows`.

        The answer is a :class:`~alliance_graph.results.Rows` list: ``.to_df()`` makes it a pandas
        DataFrame, and Jupyter shows it as a table.
        """
        query = get_query(name)
        rows, cursor = self._page(query, self.prepare(query, params), parse_as_of(as_of), limit, after)
        return Rows([query.row(r) for r in rows], query.columns, name, next_cursor=cursor)

    def _page(self, query: Query, params: dict, as_of: AsOf, limit: int | None,
              after: str | None) -> tuple[list[dict], str | None]:
        """The rows of one page (every row without ``limit``) and the cursor of the next, if any: the
        one place that takes ``page_key`` off the rows."""
        limit = check_limit(limit)
        if not query.pages:
            if limit is not None or after is not None:
                raise QueryError(f"query {query.name!r} does not page: it answers at once; leave out limit and after "
                                 f"(the queries that page: {', '.join(q.name for q in registry().values() if q.pages)})")
            return self.store.run(query, params, as_of), None
        params["after"] = None if after is None else query.page.decode(query.name, after)
        params["limit"] = None if limit is None else limit + 1  # one more row says whether a next page exists
        rows = self.store.run(query, params, as_of)  # the columns, and each row's page_key
        cursor = None
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            cursor = encode_cursor(query.name, rows[-1]["page_key"])
        for row in rows:
            del row["page_key"]
        return rows, cursor

    def frame(self, name: str, as_of: AsOfValue = None, *, explode_evidence: bool = False, limit: int | None = None,
              after: str | None = None, **params: str | None) -> pd.DataFrame:
        """Run a registry query and return its answer as a pandas DataFrame with typed columns:
        dates as datetimes, counts as integers, ``evidence`` as a list column, or one row per
        evidence item with ``explode_evidence`` (see :mod:`alliance_graph.results`). ``as_of`` and
        ``params``, ``limit`` and ``after`` as in :meth:`rows`.

        >>> with AllianceGraph.embedded(datasets=["frontier-model-forum"]) as g:
        ...     df = g.frame("members", alliance="Frontier Model Forum", as_of="2023-12-31")
        >>> list(df.name), str(df.sources.dtype)
        (['Anthropic', 'Google', 'Microsoft', 'OpenAI'], 'Int64')

        Raises
        ------
        MissingExtraError
            pandas is not installed (the ``analysis`` extra; the message says how to install it).
        """
        require_pandas()  # before the query runs
        return self.run(name, as_of=as_of, limit=limit, after=after, **params).to_df(explode_evidence=explode_evidence)

    def prepare(self, query: Query, params: dict) -> dict:
        """Check and resolve parameters: names become ids, search text is normalised (the date is
        parsed apart, once, by :func:`parse_as_of`)."""
        expected = {p.name for p in query.params}
        unknown = set(params) - expected
        if unknown:
            raise QueryError(f"query {query.name!r} takes no parameter {', '.join(sorted(unknown))}; "
                             f"it takes: {', '.join(sorted(expected)) or 'none'}")
        out: dict[str, str | None] = {}
        for p in query.params:
            if params.get(p.name) is None and p.optional:
                out[p.name] = None
                continue
            if params.get(p.name) is None:
                raise QueryError(f"query {query.name!r} needs parameter {p.name!r} ({p.doc})")
            value = params[p.name]
            if not isinstance(value, str):
                raise QueryError(f"parameter {p.name!r} must be text, got {value!r}")
            value = PARAM_TYPES[p.type].resolve(self, value)
            out[p.name] = value
        return out

    def resolve(self, name: str, labels: tuple[str, ...] = ("Organisation", "Product")) -> str:
        """The id of the node called ``name`` (:func:`alliance_graph.param_types.resolve_node`)."""
        return resolve_node(self, name, labels)

    def resolve_source(self, source_id: str) -> str:
        """``source_id`` if the graph has that source (:func:`alliance_graph.param_types.resolve_source`)."""
        return resolve_source(self, source_id)

    def suggest(self, name: str, labels: tuple[str, ...] = ("Organisation", "Product"), n: int = 5) -> list[str]:
        """Names close to ``name`` (:func:`alliance_graph.param_types.suggest_names`)."""
        return suggest_names(self, name, labels, n)

    # ----------------------------------------------------------------------- the questions
    # The questions whose answers grow with the graph take ``limit`` and ``after`` (one page; see :meth:`rows`).

    def members(self, alliance: str, *, as_of: AsOfValue = None, limit: int | None = None,
               after: str | None = None) -> Rows:
        """Members of an alliance, founders first."""
        return self.run("members", alliance=alliance, as_of=as_of, limit=limit, after=after)

    def camp(self, camp: str, *, as_of: AsOfValue = None, limit: int | None = None, after: str | None = None) -> Rows:
        """Organisations of a camp (open, closed or none) with the basis of each."""
        return self.run("camp", camp=camp, as_of=as_of, limit=limit, after=after)

    def camp_of(self, org: str, *, as_of: AsOfValue = None) -> Any:
        """The camp of one organisation, with its explanation."""
        return record(self.run("camp-of", org=org, as_of=as_of)[0], "camp-of")

    def competitors(self, org: str, *, as_of: AsOfValue = None) -> Rows:
        return self.run("competitors", org=org, as_of=as_of)

    def openness(self, org: str | None = None, *, as_of: AsOfValue = None) -> Rows:
        """The models ``org`` develops (every organisation's when None), released by ``as_of``, with
        their openness grade, components and the quote behind each component."""
        return self.run("openness", org=org, as_of=as_of)

    def partners(self, org: str, *, as_of: AsOfValue = None) -> Rows:
        return self.run("partners", org=org, as_of=as_of)

    def rivalries(self, *, as_of: AsOfValue = None, limit: int | None = None, after: str | None = None) -> Rows:
        """Competes-with pairs with one end open and the other closed."""
        return self.run("rivalries", as_of=as_of, limit=limit, after=after)

    def path(self, a: str, b: str, *, as_of: AsOfValue = None) -> Rows:
        """The hops of the shortest connection between two organisations (empty if none)."""
        ends: dict[str, Any] = {"from": a, "to": b}  # "from" is a Python keyword
        return self.run("path", as_of, **ends)

    def why(self, a: str, b: str, *, as_of: AsOfValue = None) -> Rows:
        return self.run("why", a=a, b=b, as_of=as_of)

    def profile(self, node: str, *, as_of: AsOfValue = None) -> Any:
        """What is known about one organisation or product (one named tuple; a card in Jupyter)."""
        return record(self.run("profile", node=node, as_of=as_of)[0], "profile")

    def relationships(self, node: str, *, as_of: AsOfValue = None, limit: int | None = None,
                     after: str | None = None) -> Rows:
        return self.run("relationships", node=node, as_of=as_of, limit=limit, after=after)

    def search(self, text: str, *, as_of: AsOfValue = None, limit: int | None = None, after: str | None = None) -> Rows:
        return self.run("search", text=text, as_of=as_of, limit=limit, after=after)

    def stats(self, *, as_of: AsOfValue = None) -> Rows:
        return self.run("stats", as_of=as_of)

    def sources(self, *, as_of: AsOfValue = None, limit: int | None = None, after: str | None = None) -> Rows:
        """Every source, newest first, with how many facts it supports and how many alone."""
        return self.run("sources", as_of=as_of, limit=limit, after=after)

    def source(self, source_id: str, *, as_of: AsOfValue = None, limit: int | None = None,
              after: str | None = None) -> Rows:
        """Everything one source asserts: one row per node or relationship it supports."""
        return self.run("source", id=source_id, as_of=as_of, limit=limit, after=after)

    def conflicts(self, *, as_of: AsOfValue = None, limit: int | None = None, after: str | None = None) -> Rows:
        """Every disagreement between sources: one row per disputed field and value."""
        return self.run("conflicts", as_of=as_of, limit=limit, after=after)

    def timeline(self, name: str | None = None, *, limit: int | None = None, after: str | None = None) -> Rows:
        """What changed, oldest first: every dated event with its evidence, or with ``name`` the events
        involving that organisation or product (the ``timeline`` query, its ``node``). A timeline covers
        every date at once, so it takes no ``as_of``."""
        return self.run("timeline", node=name, limit=limit, after=after)

    #: The columns of :meth:`diff`'s rows, in order.
    DIFF_COLUMNS = DIFF_COLUMNS

    def diff(self, from_date: datetime.date | str | None, to_date: datetime.date | str | None) -> Rows:
        """What changed between two dates: :func:`alliance_graph.changes_over_time.diff` of this graph."""
        return diff(self, from_date, to_date)

    def cypher(self, text: str, params: dict | None = None, *, timeout: float | None = DEFAULT_TIMEOUT,
               max_rows: int | None = None, on_row: Callable[[dict], object] | None = None) -> Rows:
        """Raw Cypher, Neo4j only, refused unless the server plans it as reading the graph only (a
        query, or an allowed listing command such as SHOW INDEXES; SECURITY.md).

        ``timeout``: seconds the server lets it run (default 30; None or 0: the server's limit); a query
        stopped by it or by the memory limit raises QueryError (never retried). ``max_rows``: at most that
        many rows (the answer's ``truncated`` says if more followed). ``on_row``: called with each row (a
        dict) as it arrives instead of keeping it (the answer then holds no rows).
        """
        if max_rows is not None and (isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 0):
            raise QueryError(f"max_rows: give a whole number of rows (0 or more), or None for every row; not {max_rows!r}")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float)
                                    or not 0 <= timeout < float("inf")):
            raise QueryError(f"timeout: give seconds (0 or more), or None for the server's own limit; not {timeout!r}")
        rows = self.store.read_only(text, params, timeout=timeout, max_rows=max_rows, on_row=on_row)
        return rows if isinstance(rows, Rows) else Rows(rows)

    # ----------------------------------------------------------------------- whole graph

    def to_networkx(self, as_of: AsOfValue = ALL_TIME) -> nx.MultiDiGraph:
        """The whole graph as a networkx ``MultiDiGraph`` (same shape from either backend).

        ``as_of``: the graph as it stood on a date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, a
        ``datetime.date``; None or ``"today"`` for today), i.e. without the relationships that did
        not hold then (:func:`alliance_graph.dates.holds`); every node stays. Default
        :data:`~alliance_graph.dates.ALL_TIME`: every relationship, whenever it held.

        >>> g = AllianceGraph.embedded(datasets=["frontier-model-forum"])
        >>> g.to_networkx().number_of_edges(), g.to_networkx(as_of="2023").number_of_edges()
        (6, 4)
        """
        return self.store.to_networkx(as_of=parse_as_of(as_of).text)

    def draw(self, out: str | Path | None = None, format: str | None = None, *, focus: str | None = None,
             radius: int = 1, camp: str | None = None, title: str | None = None, include_claims: bool = False,
             as_of: datetime.date | str | None = None) -> Picture:
        """Draw the graph (:func:`alliance_graph.draw.draw`) and return the
        :class:`~alliance_graph.results.Picture`, which Jupyter shows inline: the SVG, or the
        interactive page (pan, zoom, and a date slider when relationships are dated) in a frame.

        ``out``: also write the picture to this file (by default nothing is kept). ``format``:
        ``"svg"`` (the default), ``"html"`` or ``"png"``; when ``out`` is given and ``format`` is
        not, the suffix of ``out`` decides. ``focus`` is a name, alias or id (the neighbourhood of
        ``radius`` hops around it); ``camp``, ``title`` and ``include_claims`` as in
        :func:`~alliance_graph.draw.draw`. ``as_of``: the graph as it stood on a date, as the
        question methods take it (default today; :data:`ALL_TIME` for every relationship).

        >>> with AllianceGraph.embedded(datasets=["ai-alliance-article"]) as g:
        ...     picture = g.draw(focus="OpenAI")
        >>> picture.format, picture.node_count, picture._repr_svg_().startswith("<svg")
        ('svg', 6, True)

        Raises
        ------
        DrawFormatError
            An unknown format, or a file suffix that names none.
        QueryError
            An unknown ``focus`` or ``camp``, a negative ``radius``, or an ``as_of`` that is not a date.
        """
        import tempfile

        from .draw import draw as draw_graph
        from .draw import picture_format

        fmt = picture_format(out if out is not None else "picture.svg", format)
        node = self.resolve(focus) if focus else None
        graph = self.to_networkx(as_of=ALL_TIME)  # an HTML page keeps every relationship behind its date slider
        with tempfile.TemporaryDirectory(prefix="agraph-draw-") as tmp:
            path = Path(out) if out is not None else Path(tmp) / f"picture.{fmt}"
            result = draw_graph(graph, path, fmt, focus=node, radius=radius, camp=camp, title=title,
                                include_claims=include_claims, as_of=as_of or "today")
            data = path.read_bytes() if fmt == "png" else path.read_text(encoding="utf-8")
        return Picture(fmt, data, result.node_count, result.edge_count, None if out is None else Path(out))
