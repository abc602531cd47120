"""Neo4j Browser support: a guide with one slide per canned query, a GraSS stylesheet, the
Browser jar that serves them, and finding the Browser of the server you mean.

Both files are generated from the query registry (``cypher/queries/*.cypher``) and the
shipped dataset, so the Browser shows exactly the Cypher that the library and the
``agraph`` command run. The committed copies live in ``docs/browser/``. The command line
is ``agraph browser`` (``python -m alliance_graph.browser`` is the same command):
``open`` (the default) shows the Browser's address, ``assets --check`` / ``assets --write``
check / regenerate the committed copies, ``jar`` writes the Browser jar with them,
``settings`` prints the server settings that open them on connect, ``serve`` serves them
from this machine.

Modules: :mod:`.guide` (the slides; :mod:`.intro` the opening one, drawn from the
dataset), :mod:`.style` (the GraSS), :mod:`.assets` (the committed copies), :mod:`.jar`
(the Browser jar with the guide), :mod:`.serve` (URLs, settings, the little HTTP server),
:mod:`.locate` (which server ``agraph browser`` means). The names below are re-exported
here and loaded on first use.

>>> from alliance_graph import browser
>>> browser.guide_html().count("<slide ") == len(browser.registry()) + 2  # introduction, as of a date
True
>>> "node.OpenCamp" in browser.style_grass() and "node.ClosedCamp" in browser.style_grass()
True
"""


from .._lazy import lazy_exports

_EXPORTS = {
    "ASSET_FOLDER": ".assets",
    "DOCS_FOLDER": ".assets",
    "GUIDE_FILE": ".assets",
    "STYLE_FILE": ".assets",
    "check_assets": ".assets",
    "write_assets": ".assets",
    "OVERVIEW_CYPHER": ".intro",
    "example_params": ".guide",
    "guide_html": ".guide",
    "param_command": ".guide",
    "slide_params": ".guide",
    "registry": ".guide",
    "style_grass": ".style",
    "build_guide_jar": ".jar",
    "find_browser_jar": ".jar",
    "asset_urls": ".serve",
    "browser_commands": ".serve",
    "browser_settings": ".serve",
    "guide_is_served": ".serve",
    "serve_assets": ".serve",
    "AddressUnknown": ".locate",
    "BrowserLocation": ".locate",
    "NoServerFound": ".locate",
    "locate_browser": ".locate",
}
__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
