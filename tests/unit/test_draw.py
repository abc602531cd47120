"""Drawing the graph as SVG, PNG and HTML: valid files, right content, camps apart, same bytes twice."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from PIL import Image, ImageFont

from alliance_graph import AllianceGraph, QueryError
from alliance_graph.cli import cli
from alliance_graph.draw import DEFAULT_TITLE, FORMATS, DrawFormatError, DrawResult, draw

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OPEN_GREEN = (0x13, 0x8A, 0x72)
CLOSED_RED = (0xD1, 0x49, 0x5B)

ARTICLE_NODES = {
    "ai-alliance", "meta", "ibm", "intel", "oracle", "cornell-university", "nsf",
    "openai", "anthropic", "cohere", "microsoft", "wsj", "idc", "chatgpt",
}
OPENAI_NEIGHBOURHOOD = {"openai", "anthropic", "cohere", "microsoft", "ai-alliance", "chatgpt"}
CLOSED_CAMP = {"openai", "anthropic", "cohere", "microsoft", "chatgpt"}


@pytest.fixture(scope="module")
def article() -> nx.MultiDiGraph:
    with AllianceGraph.embedded() as g:
        return g.to_networkx()


# ------------------------------------------------------------------------------------------ helpers


def svg_root(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") == name]


def node_ids(root: ET.Element) -> set[str]:
    return {el.get("data-id") for el in by_class(root, "node")}


def position(el: ET.Element) -> tuple[float, float]:
    m = re.fullmatch(r"translate\((-?[\d.]+),(-?[\d.]+)\)", el.get("transform", ""))
    assert m, f"node {el.get('data-id')} has no translate(x,y): {el.get('transform')!r}"
    return float(m.group(1)), float(m.group(2))


def positions(root: ET.Element) -> dict[str, tuple[float, float]]:
    return {el.get("data-id"): position(el) for el in by_class(root, "node")}


def legend_text(root: ET.Element) -> str:
    legend = root.find(".//*[@id='legend']")
    assert legend is not None, "no <g id='legend'>"
    return " ".join("".join(t.itertext()) for t in legend.iter() if t.tag.endswith("text"))


def inline_svg(page: str) -> ET.Element:
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    assert page.count("<svg") == 1
    return ET.fromstring(page[start:end])


class _Collector(HTMLParser):
    """Every start tag of an HTML page with its attributes (checks the page parses as HTML too)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def close_to(pixel, colour, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def synthetic(n: int = 300) -> nx.MultiDiGraph:
    """``n`` organisations in three camps, six alliances, members, rivals, partners and some products."""
    g = nx.MultiDiGraph()
    camps = ("open", "closed", "none")
    for i in range(n):
        camp = camps[i % 3]
        extra = {"open": ("OpenCamp",), "closed": ("ClosedCamp",)}.get(camp, ())
        g.add_node(f"org-{i:03d}", labels=tuple(sorted(("Organisation", *extra))), name=f"Organisation number {i}",
                   kind="alliance" if i % 50 == 0 else "company", camp=camp)
    for i in range(n):
        a = f"org-{i:03d}"
        alliance = f"org-{(i // 50) * 50:03d}"
        if a != alliance:
            g.add_edge(a, alliance, key=f"member-of:{a}:{alliance}", type="MEMBER_OF",
                       role="founder" if i % 50 == 1 else "member")
        rival = f"org-{(i * 7 + 3) % n:03d}"
        if rival != a:
            g.add_edge(a, rival, key=f"competes-with:{a}:{rival}", type="COMPETES_WITH")
        if i % 5 == 0:
            partner = f"org-{(i * 13 + 1) % n:03d}"
            if partner != a:
                g.add_edge(a, partner, key=f"partners-with:{a}:{partner}", type="PARTNERS_WITH", kind="commercial")
    for i in range(0, n, 10):
        g.add_node(f"product-{i}", labels=("Product",), name=f"Product {i}", kind="model")
        g.add_edge(f"org-{i:03d}", f"product-{i}", key=f"develops:org-{i:03d}:product-{i}", type="DEVELOPS")
    return g


# ------------------------------------------------------------------------------------------ SVG


def test_svg_of_the_article_has_every_organisation_and_product(article, tmp_path):
    result = draw(article, tmp_path / "article.svg")
    assert result == DrawResult(tmp_path / "article.svg", "svg", 14, 12)
    root = svg_root(result.path)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert node_ids(root) == ARTICLE_NODES
    assert len(by_class(root, "node")) == result.node_count
    assert len(by_class(root, "edge")) == result.edge_count
    assert root.get("data-node-count") == "14"
    assert {e.get("data-type") for e in by_class(root, "edge")} == {
        "MEMBER_OF", "PARTNERS_WITH", "COMPETES_WITH", "DEVELOPS"}
    title = root.find(".//*[@id='title']")
    assert title is not None and title.text == DEFAULT_TITLE


def test_svg_legend_names_the_camps_and_relationship_types(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "a.svg").path)
    text = legend_text(root)
    for words in ("open camp", "closed camp", "no camp", "product", "member of", "partners with",
                  "competes with", "develops"):
        assert words in text, words


def test_captions_are_the_names(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "a.svg").path)
    meta = next(el for el in by_class(root, "node") if el.get("data-id") == "meta")
    assert meta.get("data-name") == "Meta" and meta.get("data-camp") == "open"
    nsf = next(el for el in by_class(root, "node") if el.get("data-id") == "nsf")
    caption = " ".join(t.text for t in nsf.iter() if t.tag.endswith("text") and t.get("class") != "halo")
    assert caption == "National Science Foundation"


@pytest.mark.parametrize("radius, expected", [
    (0, {"openai"}),
    (1, OPENAI_NEIGHBOURHOOD),
    (2, OPENAI_NEIGHBOURHOOD | {"meta", "ibm", "intel", "oracle", "cornell-university", "nsf"}),
])
def test_focus_draws_the_neighbourhood(article, tmp_path, radius, expected):
    result = draw(article, tmp_path / "f.svg", focus="openai", radius=radius)
    root = svg_root(result.path)
    assert node_ids(root) == expected
    assert result.node_count == len(expected) == len(by_class(root, "node"))


def test_focus_openai_counts_edges_among_the_drawn_nodes(article, tmp_path):
    result = draw(article, tmp_path / "f.svg", focus="openai")
    # rivals (4: anthropic, cohere, and the alliance against openai and microsoft), partner, develops
    assert result.edge_count == 6 == len(by_class(svg_root(result.path), "edge"))


@pytest.mark.parametrize("camp, expected", [
    ("closed", CLOSED_CAMP),
    ("open", {"ai-alliance", "meta", "ibm", "intel", "oracle", "cornell-university", "nsf"}),
    ("none", {"wsj", "idc"}),
])
def test_camp_draws_its_organisations_and_their_products(article, tmp_path, camp, expected):
    result = draw(article, tmp_path / "c.svg", camp=camp)
    assert node_ids(svg_root(result.path)) == expected and result.node_count == len(expected)


def test_claims_are_left_out_unless_asked_for(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "c.svg", include_claims=True).path)
    ids = node_ids(root)
    assert ids - ARTICLE_NODES == {"ai-alliance-size", "idc-genai-spending-2023", "idc-genai-spending-2027"}
    assert {"STATES", "ABOUT"} <= {e.get("data-type") for e in by_class(root, "edge")}
    assert "article-ai-alliance-fr" not in ids


def test_a_source_can_be_the_focus(article, tmp_path):
    result = draw(article, tmp_path / "s.svg", focus="article-ai-alliance-fr")
    assert node_ids(svg_root(result.path)) == {"article-ai-alliance-fr", "wsj", "idc"}


def test_open_camp_is_left_of_the_middle_and_closed_camp_right(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "a.svg").path)
    pos = positions(root)
    camp = {el.get("data-id"): el.get("data-camp") for el in by_class(root, "node")}
    open_x = [pos[v][0] for v in pos if camp[v] == "open"]
    closed_x = [pos[v][0] for v in pos if camp[v] == "closed"]
    middle_x = [pos[v][0] for v in pos if camp[v] in ("none", None)]
    assert len(open_x) == 7 and len(closed_x) == 4 and len(middle_x) == 3
    assert max(open_x) + 60 < min(middle_x) and max(middle_x) + 60 < min(closed_x)
    # the product sits level with its developer, on the closed side of the middle
    assert pos["chatgpt"][1] == pos["openai"][1]
    assert pos["chatgpt"][0] > min(middle_x)
    # nodes do not sit on one another
    points = sorted(pos.values())
    assert min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
               for i, a in enumerate(points) for b in points[i + 1:]) > 40


def test_alliances_are_bigger_and_products_another_shape(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "a.svg").path)
    nodes = {el.get("data-id"): el for el in by_class(root, "node")}

    def radius(v):
        return max(float(c.get("r")) for c in nodes[v].iter() if c.tag.endswith("circle"))

    assert radius("ai-alliance") > 1.5 * radius("intel")
    assert [c for c in nodes["chatgpt"] if c.tag.endswith("polygon")]
    assert not [c for c in nodes["chatgpt"] if c.tag.endswith("circle")]


def test_edges_are_styled_by_type(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "a.svg").path)
    paths = {e.get("data-id"): e.find("{http://www.w3.org/2000/svg}path") for e in by_class(root, "edge")}
    competes = paths["competes-with:anthropic:openai"]
    member = paths["member-of:intel:ai-alliance"]
    founder = paths["member-of:meta:ai-alliance"]
    partner = paths["partners-with:microsoft:openai"]
    assert competes.get("stroke-dasharray") and not member.get("stroke-dasharray")
    assert float(partner.get("stroke-width")) > float(founder.get("stroke-width")) > float(member.get("stroke-width"))
    assert competes.get("stroke") != member.get("stroke")


def test_svg_is_the_same_bytes_every_time_and_whatever_the_insertion_order(article, tmp_path):
    one = draw(article, tmp_path / "1.svg").path.read_bytes()
    two = draw(article, tmp_path / "2.svg").path.read_bytes()
    reordered = nx.MultiDiGraph()
    reordered.add_nodes_from(reversed(list(article.nodes(data=True))))
    reordered.add_edges_from(reversed(list(article.edges(keys=True, data=True))))
    three = draw(reordered, tmp_path / "3.svg").path.read_bytes()
    assert one == two == three


def test_a_title_is_escaped(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "t.svg", title="Open & <closed>").path)
    assert root.find(".//*[@id='title']").text == "Open & <closed>"


# ------------------------------------------------------------------------------------------ PNG


def test_png_is_the_same_picture(article, tmp_path):
    result = draw(article, tmp_path / "article.png")
    data = result.path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert (result.format, result.node_count, result.edge_count) == ("png", 14, 12)
    root = svg_root(draw(article, tmp_path / "article.svg").path)
    with Image.open(io.BytesIO(data)) as img:
        img = img.convert("RGB")
        assert img.size == (int(root.get("width")), int(root.get("height")))
        assert 600 <= img.width <= 2000 and 400 <= img.height <= 1500
        pos = positions(root)
        for v in ("ai-alliance", "meta", "nsf"):
            assert close_to(img.getpixel(tuple(round(c) for c in pos[v])), OPEN_GREEN), v
        for v in ("openai", "microsoft", "cohere"):
            assert close_to(img.getpixel(tuple(round(c) for c in pos[v])), CLOSED_RED), v
        # the legend box (below every node) has the camp swatches and dark text
        legend_top = float(root.find(".//*[@id='legend']/{http://www.w3.org/2000/svg}rect").get("y"))
        assert legend_top > max(y for _, y in pos.values())
        legend = img.crop((0, int(legend_top), img.width, img.height))
        colours = [c for _, c in legend.getcolors(maxcolors=1 << 20)]
        assert any(close_to(c, OPEN_GREEN, 10) for c in colours)
        assert any(close_to(c, CLOSED_RED, 10) for c in colours)
        assert any(max(c) < 80 for c in colours), "no dark text in the legend"


def test_png_of_a_focus_is_smaller_and_deterministic(article, tmp_path):
    whole = draw(article, tmp_path / "a.png").path
    focus = draw(article, tmp_path / "f.png", focus="openai").path
    again = draw(article, tmp_path / "g.png", focus="openai").path
    assert focus.read_bytes() == again.read_bytes()
    with Image.open(whole) as a, Image.open(focus) as f:
        assert f.width < a.width


# ------------------------------------------------------------------------------------------ HTML


def test_html_is_self_contained_with_the_svg_inline(article, tmp_path):
    result = draw(article, tmp_path / "article.html")
    page = result.path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page
    collector = _Collector()
    collector.feed(page)
    tags = collector.tags
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts and not any("src" in attrs for attrs in scripts)
    assert not [t for t, attrs in tags if t in ("link", "iframe", "img")]
    assert sum(1 for _, attrs in tags if attrs.get("class") == "node") == 14
    root = inline_svg(page)
    assert len(by_class(root, "node")) == 14 and root.get("data-node-count") == "14"
    assert "competes with" in legend_text(root)
    assert "addEventListener(\"wheel\"" in page and "tip" in page
    assert "14 nodes" in page


def test_html_of_the_closed_camp(article, tmp_path):
    page = draw(article, tmp_path / "c.htm", camp="closed").path.read_text(encoding="utf-8")
    root = inline_svg(page)
    assert {el.get("data-id") for el in by_class(root, "node")} == CLOSED_CAMP


def tip_of(el: ET.Element) -> str:
    """The tooltip of a node or an edge: its <title>."""
    title = next((t for t in el if t.tag.endswith("title")), None)
    assert title is not None, f"no <title> in {el.get('data-id')}"
    return title.text or ""


MANY_SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "many_sources"


def test_tooltips_say_how_many_sources_support_a_node_or_edge_and_what_they_dispute(tmp_path):
    files = sorted(MANY_SOURCES.glob("launch-counts/*.yaml")) + sorted(MANY_SOURCES.glob("openai-again/*.yaml"))
    with AllianceGraph.embedded(files) as g:
        graph = g.to_networkx()
    page = draw(graph, tmp_path / "many.html", include_claims=True).path.read_text(encoding="utf-8")
    root = inline_svg(page)
    nodes = {el.get("data-id"): el for el in by_class(root, "node")}
    n = len(graph.nodes["ai-alliance"]["sources"])  # the article and the five launch-count pages
    assert n == 6
    assert "6 sources" in tip_of(nodes["ai-alliance"]) and nodes["ai-alliance"].get("data-sources") == "6"
    assert "disputed" not in tip_of(nodes["ai-alliance"])
    assert "1 source" in tip_of(nodes["ibm"]) and "1 sources" not in tip_of(nodes["ibm"])
    claim = tip_of(nodes["ai-alliance-size"])
    assert "6 sources" in claim and "disputed: value, qualifier" in claim
    assert nodes["ai-alliance-size"].get("data-disputed") == "value, qualifier"
    edges = {el.get("data-id"): el for el in by_class(root, "edge")}
    assert "2 sources" in tip_of(edges["competes-with:anthropic:openai"])  # the article and The Telegraph
    assert "1 source" in tip_of(edges["competes-with:cohere:openai"])
    svg_page = svg_root(draw(graph, tmp_path / "many.svg", include_claims=True).path)
    assert "6 sources" in tip_of({el.get("data-id"): el for el in by_class(svg_page, "node")}["ai-alliance"])


# ------------------------------------------------------------------------------------------ size


def test_three_hundred_organisations_fit_the_canvas(tmp_path):
    # how fast they draw is a benchmark's business, not a test's (a loaded machine is slow)
    g = synthetic(300)
    svg = draw(g, tmp_path / "big.svg")
    png = draw(g, tmp_path / "big.png")
    html = draw(g, tmp_path / "big.html")
    assert svg.node_count == png.node_count == html.node_count == 330
    root = svg_root(svg.path)
    width, height = float(root.get("width")), float(root.get("height"))
    assert width < 4000 and height < 3000
    pos = positions(root)
    assert len(pos) == 330
    assert all(15 <= x <= width - 15 and 15 <= y <= height - 15 for x, y in pos.values())
    camp = {el.get("data-id"): el.get("data-camp") for el in by_class(root, "node")}
    assert max(pos[v][0] for v in pos if camp[v] == "open") < min(pos[v][0] for v in pos if camp[v] == "closed")
    labelled = [el for el in by_class(root, "node") if any(t.tag.endswith("text") for t in el)]
    assert 0 < len(labelled) < 100, "a big graph captions only its best-connected nodes"
    assert "org-000" in {el.get("data-id") for el in labelled}  # an alliance, among the best connected
    with Image.open(png.path) as img:
        assert img.size == (int(width), int(height))


def test_a_mid_sized_graph_captions_everything_in_a_smaller_font(tmp_path):
    g = synthetic(90)
    root = svg_root(draw(g, tmp_path / "mid.svg").path)
    assert all(any(t.tag.endswith("text") for t in el) for el in by_class(root, "node"))
    small = float(root.find(".//*[@id='nodes']").get("font-size"))
    with AllianceGraph.embedded() as a:
        article_root = svg_root(draw(a.to_networkx(), tmp_path / "a.svg").path)
    assert small < float(article_root.find(".//*[@id='nodes']").get("font-size"))


# ------------------------------------------------------------------------------------------ text


SHIPPED_FONTS = resources.files("alliance_graph.draw").joinpath("fonts")


def test_the_font_ships_with_its_licence():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        data = SHIPPED_FONTS.joinpath(name).read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00" and len(data) < 300_000, name
    assert "Bitstream Vera" in SHIPPED_FONTS.joinpath("LICENSE").read_text(encoding="utf-8")


def test_svg_and_html_name_the_font_and_the_html_embeds_it(article, tmp_path):
    root = svg_root(draw(article, tmp_path / "a.svg").path)
    assert root.get("font-family").startswith("'DejaVu Sans'")
    page = draw(article, tmp_path / "a.html").path.read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\{font-family:'DejaVu Sans';font-weight:(\w+);src:url\(data:font/ttf;base64,", page)
    assert faces == ["normal", "bold"]


def test_png_text_is_drawn_in_the_shipped_font_at_the_svg_size(article, tmp_path):
    """The title's ink ends where the shipped bold face, at the SVG's size, says it ends."""
    root = svg_root(draw(article, tmp_path / "a.svg").path)
    title = root.find(".//*[@id='title']")
    x, y, size = float(title.get("x")), float(title.get("y")), float(title.get("font-size"))
    bold = ImageFont.truetype(io.BytesIO(SHIPPED_FONTS.joinpath("DejaVuSans-Bold.ttf").read_bytes()), size)
    left, _, right, _ = bold.getbbox(title.text, anchor="ls")
    with Image.open(draw(article, tmp_path / "a.png").path) as img:
        band = img.convert("L").crop((0, int(y - size), img.width, int(y + size * 0.3)))
        dark = [i for i, v in enumerate(band.point(lambda v: 255 if v < 128 else 0).getprojection()[0]) if v]
    assert abs(dark[0] - (x + left)) <= 2 and abs(dark[-1] + 1 - (x + right)) <= 2, (dark[0], dark[-1], x + left,
                                                                                      x + right)


def odd_names() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("evil", labels=("OpenCamp", "Organisation"), name="<Evil & \"Co\" 'Ltd'>", kind="company", camp="open")
    g.add_node("deepseek", labels=("ClosedCamp", "Organisation"), name="深度求索 DeepSeek", kind="company",
               camp="closed")
    g.add_node("ctl", labels=("Organisation",), name="Tab\tand\x01control", kind="nonprofit", camp="none")
    g.add_node("a&b", labels=("Product",), name="</svg><script>alert(1)</script>", kind="model")
    g.add_edge("evil", "deepseek", key="competes-with:evil:deepseek", type="COMPETES_WITH")
    g.add_edge("deepseek", "a&b", key="develops:x&y", type="DEVELOPS")
    return g


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_with_markup_and_other_scripts_are_escaped(tmp_path, fmt):
    result = draw(odd_names(), tmp_path / f"odd.{fmt}")
    assert result.node_count == 4
    if fmt == "png":
        assert result.path.read_bytes().startswith(PNG_SIGNATURE)
        return
    text = result.path.read_text(encoding="utf-8")
    assert "<Evil" not in text and "<script>alert" not in text
    root = svg_root(result.path) if fmt == "svg" else inline_svg(text)
    names = {el.get("data-id"): el.get("data-name") for el in by_class(root, "node")}
    assert names["evil"] == "<Evil & \"Co\" 'Ltd'>"
    assert names["deepseek"] == "深度求索 DeepSeek"
    assert names["ctl"] == "Tab and control"
    assert names["a&b"] == "</svg><script>alert(1)</script>"
    assert any("深度求索" in (t.text or "") for t in root.iter() if t.tag.endswith("text"))


# ------------------------------------------------------------------------------------------ errors


@pytest.mark.parametrize("name, fmt, message", [
    ("graph.pdf", None, "unknown picture format '.pdf': name the file .svg, .png or .html"),
    ("graph", None, "cannot tell the picture format of"),
    ("graph.svg", "jpeg", "unknown picture format 'jpeg': use one of svg, png, html"),
])
def test_a_bad_format_is_a_query_error(article, tmp_path, name, fmt, message):
    with pytest.raises(QueryError, match=re.escape(message)) as caught:
        draw(article, tmp_path / name, fmt)
    assert isinstance(caught.value, DrawFormatError)
    assert not (tmp_path / name).exists()
    if fmt is None:  # the way out, in Python's words
        assert "fmt='svg'" in str(caught.value)


def test_cli_names_its_own_options_for_an_unknown_suffix(no_neo4j_env, tmp_path):
    out = tmp_path / "x.jpg"
    result = CliRunner().invoke(cli, ["draw", "--out", str(out)])
    assert result.exit_code == 1
    assert "unknown picture format '.jpg'" in result.output
    assert "--as svg|png|html" in result.output and ".svg, .png or .html" in result.output
    assert not out.exists()
    result = CliRunner().invoke(cli, ["draw", "--out", str(out), "--as", "svg"])  # as the message says
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} (svg): 14 nodes, 12 relationships\n"
    assert svg_root(out).get("data-node-count") == "14"


def test_format_given_overrides_the_suffix(article, tmp_path):
    result = draw(article, tmp_path / "picture.out", "SVG")
    assert result.format == "svg" and svg_root(result.path).get("data-node-count") == "14"


def test_an_unknown_focus_is_a_query_error_with_suggestions(article, tmp_path):
    with pytest.raises(QueryError, match="no node has that id; did you mean: openai"):
        draw(article, tmp_path / "x.svg", focus="opnai")
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"camp": "middle"}, "camp must be one of open, closed, mixed, none"),
    ({"focus": "openai", "radius": -1}, "radius must be a whole number"),
    ({"focus": "meta", "camp": "closed"}, "not in the 'closed' camp"),
    ({"focus": "chatgpt", "camp": "open"}, "not in the 'open' camp"),
])
def test_bad_options_are_query_errors(article, tmp_path, kwargs, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        draw(article, tmp_path / "x.svg", **kwargs)


def test_node_ids_need_not_be_text(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node(1, labels=("OpenCamp", "Organisation"), name="One", kind="company", camp="open")
    g.add_node(2, labels=("ClosedCamp", "Organisation"), name="Two", kind="company", camp="closed")
    g.add_edge(1, 2, key=7, type="COMPETES_WITH")
    result = draw(g, tmp_path / "ints.svg", focus=1)
    assert (result.node_count, result.edge_count) == (2, 1)
    assert node_ids(svg_root(result.path)) == {"1", "2"}


def test_an_empty_selection_still_draws_a_valid_picture(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("x", labels=("ClosedCamp", "Organisation"), name="X", kind="company", camp="closed")
    for fmt in FORMATS:
        result = draw(g, tmp_path / f"empty.{fmt}", camp="open")
        assert result.node_count == 0 and result.edge_count == 0
    assert by_class(svg_root(tmp_path / "empty.svg"), "node") == []
    assert "competes with" in legend_text(svg_root(tmp_path / "empty.svg"))
