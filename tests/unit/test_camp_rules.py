"""Camp rules are data: a rule added to CAMP_RULES infers camps and must appear in the docs."""

from __future__ import annotations

from alliance_graph import camps, doc_tables, load_dataset
from alliance_graph.camps import CampRule, infer_camps


def test_a_new_rule_is_one_entry_and_the_doc_check_asks_for_its_row(monkeypatch):
    rule = CampRule("competitor-of-closed", "competes-with", "either", "closed", "none",
                    "a competitor of a closed organisation is in no camp", "competitor of {name}, whose camp is closed")
    monkeypatch.setattr(camps, "CAMP_RULES", (*camps.CAMP_RULES, rule))
    ds = load_dataset()
    assert infer_camps(ds)["microsoft"].rule == "investment-partner-of-closed"  # earlier rules still win
    text = doc_tables.DOC.read_text(encoding="utf-8")
    assert doc_tables.check(text) == ["the table of camp rules differs from CAMP_RULES in alliance_graph/camps.py"]
    assert "`competitor-of-closed` | a competitor of a closed organisation is in no camp" in doc_tables.write(text)


def test_rules_apply_in_order_and_explain_themselves():
    result = infer_camps(load_dataset())
    meta, microsoft = result["meta"], result["microsoft"]
    assert (meta.camp, meta.rule, meta.via) == ("open", "member-of-open-alliance", "ai-alliance")
    assert meta.explanation == "founder of AI Alliance, whose camp is open (rule member-of-open-alliance)"
    assert (microsoft.camp, microsoft.via) == ("closed", "openai")
    assert microsoft.evidence and microsoft.evidence[0].source == "article-ai-alliance-fr"
