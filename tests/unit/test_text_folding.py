"""Search keys fold case, accents, ligatures and Latin letters without a decomposition;
other scripts stay as they are, so they are found by their own characters."""

from __future__ import annotations

import pytest

from alliance_graph import AllianceGraph
from alliance_graph.text import SEPARATOR, normalise, search_text
from tests.bad_datasets import SOURCE_TEXT

SAME = [  # written form, plain form: both must give the same key
    ("cœur", "coeur"),
    ("CŒUR", "coeur"),
    ("Łódź", "lodz"),
    ("Øresund", "oresund"),
    ("Straße", "strasse"),
    ("Æther", "aether"),
    ("ﬁnance", "finance"),
    ("Université", "universite"),
    ("Đorđe", "dorde"),
    ("Þór", "thor"),
    ("Diyarbakır", "diyarbakir"),
    ("İstanbul", "istanbul"),
    ("Ångström", "angstrom"),
    ("Ħal Far", "hal far"),
    ("‘smart quotes’", "'smart quotes'"),
    ("L’Université   CORNELL ", "l'universite cornell"),
    ("«Le Monde»", '"le monde"'),
]
KEPT = [  # non-Latin scripts keep their own characters (case still folds)
    ("北京", "北京"),
    ("北京大学", "北京大学"),
    ("جامعة القاهرة", "جامعة القاهرة"),
    ("Яндекс", "яндекс"),
    ("ΑΘΗΝΑ", "αθηνα"),
    ("東京 Łódź", "東京 lodz"),
]


@pytest.mark.parametrize("written,plain", SAME)
def test_latin_forms_fold_to_one_key(written, plain):
    assert normalise(written) == normalise(plain) == plain.casefold().strip().replace("   ", " ")


@pytest.mark.parametrize("written,key", KEPT)
def test_other_scripts_are_kept(written, key):
    assert normalise(written) == key


def test_keys_never_hold_the_separator():
    assert SEPARATOR not in normalise("a|b ǀ c")
    assert search_text("lodz-tech", "Łódź Tech", ["Ł|T"]) == "|lodz-tech|lodz tech|l t|"


def test_search_finds_folded_and_non_latin_names(tmp_path):
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    data = tmp_path / "names.yaml"
    data.write_text(
        "sources:\n  - {id: s1, title: Names, language: pl}\n"
        "organisations:\n"
        "  - {id: lodz-tech, name: Politechnika Łódzka, kind: university}\n"
        "  - {id: pku, name: 北京大学, kind: university, aliases: [Peking University]}\n"
        "  - {id: oeuvre, name: Œuvre Ørsted, kind: company}\n", encoding="utf-8")
    with AllianceGraph.embedded([data], builtin=False) as g:
        assert g.resolve("politechnika lodzka") == "lodz-tech"
        assert g.resolve("OEUVRE ORSTED") == "oeuvre"
        assert g.resolve("北京大学") == "pku"
        assert [r.id for r in g.search("北京")] == ["pku"]
        assert [r.id for r in g.search("lodz")] == ["lodz-tech"]
