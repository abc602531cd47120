"""How open a product (a model) is: its components, and the one grade the camps read.

Each component (weights, licence, training data, ...) is a statement of a source with a
verbatim quote, like every other fact (:data:`~alliance_graph.model.OPENNESS_COMPONENTS`
declares them: validation, storage, queries and the docs table follow from there). Sources
may disagree on a component: both are kept (``agraph conflicts``), and the value shown
follows the rule of :mod:`alliance_graph.merge`.

The grade
---------
One ordinal scale, after the Model Openness Framework's three classes (LF AI & Data, 2024:
open model, open tooling, open science, each adding components that must be released under
an open licence), with the European Open Source AI Index's finding that many "open" models
are "open weight at best" made a grade of its own. From the most open down:

``open-science``
    weights downloadable under an open-source licence, and the training code and training
    data available, and a paper or technical report (the MOF's class I, in our components).
``open-tooling``
    weights downloadable under an open-source licence, and the training code available
    (class II).
``open-model``
    weights downloadable under an open-source licence (class III).
``open-weights``
    weights downloadable under a licence that is not open source (a custom or
    non-commercial licence): open weight at best.
``closed``
    weights not released, or reachable through an API only.
``unknown``
    no source says whether the weights are released.

A licence is open source when a source states it is OSI-approved (``licence-osi-approved:
yes``) or it is an SPDX id of :data:`OSI_APPROVED`, and no source-stated ``no`` is the value
shown. We chose the MOF's classes over a 0-100 score (the Artificial Analysis index) because
each grade names the components it needs, so a reader can check it against the quotes; the
raw components are kept, so another scale can be computed from them.

>>> grade({"weights": "downloadable", "licence": "Apache-2.0"})
'open-model'
>>> grade({"weights": "downloadable", "licence": "Llama 2 Community License", "licence-osi-approved": "no"})
'open-weights'
>>> grade({"weights": "api-only", "licence": "proprietary"})
'closed'
>>> grade({"weights": "downloadable", "licence": "Apache-2.0", "training-code": "available",
...        "training-data": "available", "paper": "published"})
'open-science'
>>> grade({})
'unknown'
"""

from __future__ import annotations

from collections.abc import Mapping

#: Grades, most open first (see the module docstring).
GRADES = ("open-science", "open-tooling", "open-model", "open-weights", "closed", "unknown")

#: SPDX ids of licences the Open Source Initiative approved, among those AI models are released under.
OSI_APPROVED = frozenset({"Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "GPL-2.0", "GPL-3.0", "LGPL-3.0",
                          "MPL-2.0", "AGPL-3.0", "ECL-2.0", "UPL-1.0", "ISC"})

#: The camp a product of each grade speaks for, and how strongly (see alliance_graph/camps.py).
GRADE_CAMPS: dict[str, tuple[str, str]] = {
    "open-science": ("open", "strong"),
    "open-tooling": ("open", "strong"),
    "open-model": ("open", "strong"),
    "open-weights": ("open", "weak"),
    "closed": ("closed", "strong"),
}


def open_licence(components: Mapping[str, str]) -> bool:
    """Whether the licence shown counts as open source (see the module docstring)."""
    stated = components.get("licence-osi-approved")
    if stated is not None:
        return stated == "yes"
    return components.get("licence") in OSI_APPROVED


def grade(components: Mapping[str, str]) -> str:
    """The grade of a product from its shown components (component name -> value)."""
    weights = components.get("weights")
    if weights is None:
        return "unknown"
    if weights != "downloadable":
        return "closed"
    if not open_licence(components):
        return "open-weights"
    if components.get("training-code") == "available":
        if components.get("training-data") == "available" and components.get("paper") == "published":
            return "open-science"
        return "open-tooling"
    return "open-model"


def summary(components: Mapping[str, str]) -> str:
    """The components that decide the grade, in words.

    >>> summary({"weights": "downloadable", "licence": "MIT"})
    'weights downloadable, licence MIT (open source)'
    """
    parts = [f"weights {components.get('weights', 'unknown')}"]
    if "licence" in components:
        parts.append(f"licence {components['licence']} ({'open source' if open_licence(components) else 'not open source'})")
    for name in ("training-code", "training-data"):
        if name in components:
            parts.append(f"{name.replace('-', ' ')} {components[name]}")
    return ", ".join(parts)


__all__ = ["GRADES", "OSI_APPROVED", "GRADE_CAMPS", "grade", "open_licence", "summary"]
