"""A synthetic industry map, deterministic from a seed, for scale tests and benchmarks.

Its shape imitates the real thing: a few alliances with many members (the
sizes are skewed), a heavy-tailed number of competitors per organisation, a
sprinkling of investment partnerships, alliances split between the open and
closed camps (so most organisations get an inferred camp), and evidence on
every relationship. It is written in the bulk CSV form (a folder of
``sources.csv``, ``organisations.csv``, ``relationships.csv``) or as YAML.

>>> orgs, rels = generate(50, 200, seed=7)
>>> len(orgs), len(rels)
(50, 200)
>>> generate(50, 200, seed=7) == (orgs, rels)
True
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from .model import rel_prop_names


FORMS = ("csv", "yaml")  # the bulk CSV folder, or one YAML dataset file
SOURCE_ID = "synthetic"
_SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "tu", "vo", "zen", "qua", "ori", "bel", "dax", "syn", "tek", "vir"]
_KINDS = [("company", 70), ("university", 10), ("research-institute", 8), ("nonprofit", 5),
          ("government-agency", 4), ("media", 2), ("analyst-firm", 1)]
ORG_COLUMNS = ["id", "name", "kind", "aliases", "country", "camp", "camp_source", "camp_quote"]


def rel_columns() -> list[str]:
    """The columns of the relationships written: those of the bulk form but ``id`` (default ``type:from:to``)."""
    from .dataset.relationships import rel_columns as columns

    return [c for c in columns() if c != "id"]


_SUFFIXES = ["Labs", "AI", "Systems", "Robotics", "Research", "Analytics", "Dynamics", "Networks", "Computing",
             "Technologies", "Institute", "Foundation"]


def _words(rng: random.Random, n: int) -> list[str]:
    """``n`` different made-up words of as many syllables as give at least four times ``n`` words,
    drawn at random: the first word of every generated name, so that no two names share one and
    the near-name check (which compares names sharing their first word, or written without spaces:
    :mod:`alliance_graph.dataset.near_names`) finds no generated pair near.

    >>> _words(random.Random(1), 3)
    ['Mi', 'Ori', 'Syn']
    """
    k = 1
    while len(_SYLLABLES) ** k < 4 * n:
        k += 1
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < n:
        for code in rng.sample(range(len(_SYLLABLES) ** k), n - len(words)):
            parts = []
            for _ in range(k):
                code, r = divmod(code, len(_SYLLABLES))
                parts.append(_SYLLABLES[r])
            word = "".join(parts).title()
            if word not in seen:  # (two codes may spell one word; such a word is drawn again)
                seen.add(word)
                words.append(word)
    return words


def _skip_old_name(rng: random.Random) -> None:
    """The draws the names once took from the map's generator (2 or 3 syllables, then a number, which
    made names near each other), still taken, so that a seed gives the map it gave before: the same
    kinds, camps and relationships, under the new names."""
    for _ in range(rng.randint(2, 3)):
        rng.choice(_SYLLABLES)


def generate(n_orgs: int, n_rels: int, seed: int = 1) -> tuple[list[dict], list[dict]]:
    """Organisation rows and relationship rows (CSV column names), exactly ``n_orgs`` and ``n_rels``.

    Raises
    ------
    ValueError
        When ``n_rels`` is more than the organisations can hold without duplicates.
    """
    if n_orgs < 4:
        raise ValueError("need at least 4 organisations")
    n_alliances = max(2, n_orgs // 1000)
    if n_rels > (n_orgs - n_alliances) * 40:
        raise ValueError(f"{n_rels} relationships is too dense for {n_orgs} organisations (at most 40 per organisation)")
    rng = random.Random(seed)
    names = random.Random(f"names {seed}")  # the names' own draws: the rest of the map is what it was before
    kinds = [k for k, w in _KINDS for _ in range(w)]
    words = _words(names, n_orgs)  # names unlike each other: each begins with its own word
    orgs = []
    for a in range(n_alliances):
        camp = "open" if a % 2 == 0 else "closed"
        _skip_old_name(rng)
        orgs.append({"id": f"alliance-{a}", "name": f"{words[a]} Alliance", "kind": "alliance", "aliases": "",
                     "country": "", "camp": camp, "camp_source": SOURCE_ID, "camp_quote": f"alliance {a} is {camp}"})
    width = len(str(n_orgs))
    for i in range(n_orgs - n_alliances):
        stated = rng.random() < 0.02
        _skip_old_name(rng)
        word = words[n_alliances + i]
        orgs.append({"id": f"org-{i:0{width}d}", "name": f"{word} {names.choice(_SUFFIXES)}", "kind": rng.choice(kinds),
                     "aliases": f"{word} Group" if rng.random() < 0.1 else "",
                     "country": rng.choice(["US", "FR", "DE", "CN", "GB", ""]),
                     "camp": "closed" if stated else "", "camp_source": SOURCE_ID if stated else "",
                     "camp_quote": f"org {i} is closed" if stated else ""})
    members = [o["id"] for o in orgs[n_alliances:]]
    rels: list[dict] = []
    seen: set[tuple[str, str, str]] = set()

    def add(rtype, a, b, **extra):
        key = (rtype, a, b) if rtype == "member-of" else (rtype, min(a, b), max(a, b))
        if a == b or key in seen:
            return
        seen.add(key)
        rels.append({"type": rtype, "from": a, "to": b, **{p: extra.get(p, "") for p in rel_prop_names()},
                     "source": SOURCE_ID, "quote": f"fact {len(rels)}", "via": ""})

    n_member = min(int(n_rels * 0.3), len(members))
    for i in rng.sample(range(len(members)), n_member):
        alliance = int(n_alliances * rng.random() ** 2)  # a few big alliances
        add("member-of", members[i], f"alliance-{alliance}", role="founder" if rng.random() < 0.01 else "member")
    n_partner = int(n_rels * 0.05)
    while len(rels) < n_member + n_partner:
        add("partners-with", members[int(len(members) * rng.random() ** 3)], rng.choice(members), kind="investment",
            since=str(rng.randint(2015, 2025)))
    alliance_ids = [o["id"] for o in orgs[:n_alliances]]
    while len(rels) < n_rels:
        if rng.random() < 0.01:
            add("competes-with", rng.choice(alliance_ids), rng.choice(members))
        else:
            add("competes-with", members[int(len(members) * rng.random() ** 2.5)], rng.choice(members))
    return orgs, rels


def write_csv(folder: Path, n_orgs: int, n_rels: int, seed: int = 1) -> Path:
    """Write the bulk CSV form into ``folder``; return the folder (pass it to ``agraph load``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    orgs, rels = generate(n_orgs, n_rels, seed)
    with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "language", "description"])
        w.writerow([SOURCE_ID, f"Synthetic industry map (seed {seed})", "en", "generated by alliance_graph.synthetic"])
    for name, columns, rows in (("organisations.csv", ORG_COLUMNS, orgs), ("relationships.csv", rel_columns(), rels)):
        with (folder / name).open("w", newline="", encoding="utf-8") as fh:
            dw = csv.DictWriter(fh, columns)
            dw.writeheader()
            dw.writerows(rows)
    return folder


def write_yaml(path, n_orgs: int, n_rels: int, seed: int = 1):
    """Write the same map in the YAML dataset format to ``path`` (or to an open text stream); return it."""
    orgs, rels = generate(n_orgs, n_rels, seed)

    def org(o):
        out = {k: o[k] for k in ("id", "name", "kind")}
        if o["aliases"]:
            out["aliases"] = o["aliases"].split("|")
        if o["country"]:
            out["country"] = o["country"]
        if o["camp"]:
            out["camp"] = {"value": o["camp"], "evidence": [{"source": SOURCE_ID, "quote": o["camp_quote"]}]}
        return out

    def rel(r):
        out = {k: r[k] for k in ("type", "from", "to") if r[k]}
        out.update({k: r[k] for k in rel_prop_names() if r.get(k)})
        out["evidence"] = [{"source": SOURCE_ID, "quote": r["quote"]}]
        return out

    doc = {"dataset": f"synthetic-{seed}",
           "sources": [{"id": SOURCE_ID, "title": f"Synthetic industry map (seed {seed})", "language": "en"}],
           "organisations": [org(o) for o in orgs], "relationships": [rel(r) for r in rels]}
    import yaml  # here, not at the top: the CLI imports this module for its choices

    if hasattr(path, "write"):
        yaml.safe_dump(doc, path, allow_unicode=True, sort_keys=False, width=200)
        return path
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        yaml.safe_dump(doc, fh, allow_unicode=True, sort_keys=False, width=200)
    return path
