"""Camp rules are data: a rule added to CAMP_RULES infers camps and must appear in the docs."""

from __future__ import annotations

import dataclasses

from alliance_graph import camps, doc_tables, load_dataset
from alliance_graph.camps import CampRule, infer_camps


def test_a_new_rule_is_one_entry_and_the_doc_check_asks_for_its_row(monkeypatch):
    rule = CampRule("competitor-of-closed", "competes-with", "either", "closed", "closed",
                    "a competitor of a closed organisation is closed", "competitor of {name}, whose camp is closed",
                    strength="weak", justification="rivals sell the same kind of model")
    monkeypatch.setattr(camps, "CAMP_RULES", (*camps.CAMP_RULES, rule))
    ds = load_dataset()
    assert infer_camps(ds)["microsoft"].rule == "investment-partner-of-closed"  # its bases are unchanged
    anthropic = infer_camps(ds)["anthropic"]
    assert [(b.kind, b.rule, b.strength) for b in anthropic.bases] == [
        ("stated", None, "strong"), ("inferred", "competitor-of-closed", "weak")]
    text = doc_tables.DOC.read_text(encoding="utf-8")
    assert doc_tables.check(text) == ["the table of camp rules differs from CAMP_RULES in alliance_graph/camps.py"]
    assert ("| rule `competitor-of-closed` | a competitor of a closed organisation is closed | weak "
            "| rivals sell the same kind of model |") in doc_tables.write(text)


def test_the_doc_table_gives_each_rules_strength_and_justification_as_the_code_does(monkeypatch):
    text = doc_tables.DOC.read_text(encoding="utf-8")
    assert doc_tables.check(text) == []
    for rule in camps.CAMP_RULES:
        assert f"| rule `{rule.id}` | {rule.description} | {rule.strength} | {rule.justification} |" in text
    assert "| stated | " in text and f"| strong | {camps.STATED_JUSTIFICATION} |" in text

    first, *rest = camps.CAMP_RULES
    stronger = dataclasses.replace(first, strength="strong", justification="a new reason")
    monkeypatch.setattr(camps, "CAMP_RULES", (stronger, *rest))
    assert doc_tables.check(text) == ["the table of camp rules differs from CAMP_RULES in alliance_graph/camps.py"]
    assert f"| rule `{first.id}` | {first.description} | strong | a new reason |" in doc_tables.write(text)

    monkeypatch.setattr(camps, "CAMP_RULES", (first, *rest))
    monkeypatch.setattr(camps, "STATED_JUSTIFICATION", "another reason")
    assert doc_tables.check(text) == ["the table of camp rules differs from CAMP_RULES in alliance_graph/camps.py"]
    assert "| strong | another reason |" in doc_tables.write(text)


def test_rules_apply_in_order_and_explain_themselves():
    result = infer_camps(load_dataset())
    meta, microsoft = result["meta"], result["microsoft"]
    assert (meta.camp, meta.rule, meta.via) == ("open", "member-of-open-alliance", "ai-alliance")
    # the basis says what the other end's camp rests on: a source's statement, never another inference
    assert meta.explanation == ("founder of AI Alliance, whose camp is open (stated by article-ai-alliance-fr; "
                                "rule member-of-open-alliance)")
    assert (microsoft.camp, microsoft.via) == ("closed", "openai")
    assert microsoft.evidence and microsoft.evidence[0].source == "article-ai-alliance-fr"
