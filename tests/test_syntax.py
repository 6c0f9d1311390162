"""The syntax stage: tree decoding, contraction expansion, the CoNLL-U evaluation, the model."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cronaca.cli.main import app
from cronaca.eval.syntax import SyntaxReport, read_conllu, score_document, to_document
from cronaca.lang import Language
from cronaca.model import Document
from cronaca.nlp.contractions import for_language
from cronaca.nlp.ner import MODELS
from cronaca.nlp.syntax import _merge_feats, _repair, decode_tree

TINY = Path(__file__).parent / "data" / "syntax_tiny.conllu"
MODEL = MODELS / "joint-it"
needs_model = pytest.mark.skipif(not (MODEL / "model.onnx").is_file(), reason="joint-it model not built")


# -- tree decoding -------------------------------------------------------------------------------


def _is_tree(heads: np.ndarray) -> bool:
    n = len(heads) - 1
    if heads[0] != 0 or sum(1 for d in range(1, n + 1) if heads[d] == 0) != 1:
        return False
    for d in range(1, n + 1):
        seen, node = set(), d
        while node != 0:
            if node in seen or not 0 <= heads[node] <= n or heads[node] == node:
                return False
            seen.add(node)
            node = int(heads[node])
    return True


def _heads_of(doc: Document) -> np.ndarray:
    """The tokens' heads as a decoder output: node 0 the root, token i node i + 1."""
    heads = [0]
    for i, tok in enumerate(doc.tokens):
        assert tok.head is not None
        heads.append(0 if tok.head == i else tok.head + 1)
    return np.array(heads)


def _score(scores: np.ndarray, heads: np.ndarray) -> float:
    return float(sum(scores[d, heads[d]] for d in range(1, len(heads))))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=9).flatmap(
        lambda n: st.lists(
            st.floats(min_value=-50, max_value=50, allow_nan=False, width=32),
            min_size=(n + 1) ** 2,
            max_size=(n + 1) ** 2,
        )
    )
)
def test_any_score_matrix_decodes_to_a_tree_with_one_root(values: list[float]) -> None:
    n = round(len(values) ** 0.5)
    scores = np.array(values, dtype=np.float64).reshape(n, n)
    assert _is_tree(decode_tree(scores))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=2**32 - 1))
def test_the_decoded_tree_is_the_best_one(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = np.round(rng.normal(size=(n + 1, n + 1)) * 3)  # rounded: ties happen
    best = max(
        _score(scores, np.array([0, *c]))
        for c in itertools.product(range(n + 1), repeat=n)
        if _is_tree(np.array([0, *c]))
    )
    assert _score(scores, decode_tree(scores)) == pytest.approx(best)


def test_a_cycle_is_broken() -> None:
    # 1 and 2 prefer each other; the root prefers 1
    scores = np.full((3, 3), -5.0)
    scores[1, 2] = scores[2, 1] = 0.0
    scores[1, 0] = -1.0
    assert decode_tree(scores).tolist() == [0, 0, 1]


# -- contractions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("della", ["di", "la"]),
        ("Della", ["Di", "la"]),
        ("DEGLI", ["DI", "GLI"]),
        ("nell'", ["in", "l'"]),
        ("dell’", ["di", "l’"]),
        ("col", ["con", "il"]),
        ("farlo", ["far", "lo"]),
        ("darglielo", ["dar", "glie", "lo"]),
        ("andarsene", ["andar", "se", "ne"]),
        ("astenersi", ["astener", "si"]),
        ("dicendogli", ["dicendo", "gli"]),
        ("porsi", ["por", "si"]),
        # words that only look like host + clitic
        ("parla", ["parla"]),
        ("Carla", ["Carla"]),
        ("perle", ["perle"]),
        ("porti", ["porti"]),
        ("pendolo", ["pendolo"]),
        ("colla", ["colla"]),
        ("di", ["di"]),
        ("NATO", ["NATO"]),
    ],
)
def test_italian_contractions_expand_into_ud_words(token: str, words: list[str]) -> None:
    expand = for_language(Language("it"))
    assert expand is not None
    assert expand(token) == words


def test_a_language_without_contractions_expands_nothing() -> None:
    assert for_language(Language("en")) is None


def test_an_articulated_preposition_carries_its_article_features() -> None:
    merged = _merge_feats(["", "Definite=Def|Gender=Fem|Number=Sing|PronType=Art"])
    assert merged == "Definite=Def|Gender=Fem|Number=Sing|PronType=Art"


# -- evaluation ----------------------------------------------------------------------------------


def test_conllu_is_read_as_syntactic_words() -> None:
    sentences = list(read_conllu(TINY))
    assert [len(s) for s in sentences] == [12, 5, 2]
    assert [w.form for w in sentences[0][2:4]] == ["di", "la"]
    assert sentences[1][1].form == "far" and sentences[1][1].head == 0


def _gold_document(sentences: list) -> Document:  # type: ignore[type-arg]
    doc = to_document(sentences, "it")
    for span, words in zip(doc.sentences, sentences, strict=True):
        for i, w in enumerate(words):
            tok = doc.tokens[span.token_start + i]
            assert tok.text == w.form and doc.text[tok.start : tok.end] == w.form
            tok.pos, tok.morph, tok.lemma, tok.dep = w.upos, w.feats, w.lemma, w.deprel
            tok.head = span.token_start + i if w.head == 0 else span.token_start + w.head - 1
    return doc


def test_the_gold_analysis_scores_one_and_errors_are_counted() -> None:
    sentences = list(read_conllu(TINY))
    doc = _gold_document(sentences)
    assert doc.offset_errors() == []
    perfect = SyntaxReport()
    score_document(perfect, doc, sentences, max_errors=10)
    assert perfect.words == 19 and perfect.sentences == 3
    assert all(v == 1.0 for k, v in perfect.as_dict().items() if k not in ("words", "sentences"))

    doc.tokens[1].head = 3  # "ministro" attached to "la": one wrong head
    doc.tokens[0].morph = "PronType=Art|Number=Sing|Gender=Masc|Definite=Def"  # order does not matter
    doc.tokens[8].dep = "obj:x"  # a subtype: LAS counts it right, full LAS wrong
    doc.tokens[9].pos = "ADV"
    report = SyntaxReport()
    score_document(report, doc, sentences, max_errors=10)
    scores = report.as_dict()
    assert scores["uas"] == scores["las"] == round(18 / 19, 4)
    assert scores["las_full"] == round(17 / 19, 4)
    assert scores["ufeats"] == 1.0
    assert scores["upos"] == round(18 / 19, 4)
    assert report.errors[0]["word"] == "ministro"


def test_a_sentence_is_repaired_into_one_tree() -> None:
    doc = to_document(list(read_conllu(TINY))[:1], "it")
    for i, tok in enumerate(doc.tokens):
        tok.head, tok.dep = (i + 1) % 4, "dep"  # 0→1→2→3→0 is a cycle, the others hang on it
    doc.tokens[5].head = 5  # and two roots
    doc.tokens[6].head = 6
    _repair(doc, 0, len(doc.tokens))
    assert _is_tree(_heads_of(doc))


# -- the model ----------------------------------------------------------------------------------


@needs_model
def test_the_model_ships_with_its_record_and_fits_the_size_budget() -> None:
    for name in ("model.onnx", "tokenizer.json", "labels.json", "training.json"):
        assert (MODEL / name).is_file(), name
    record = json.loads((MODEL / "training.json").read_text(encoding="utf-8"))
    assert record["seed"] == record["config"]["seed"]
    assert "it_isdt-ud-test.conllu" not in " ".join(record["data"]["syntax"]["train"])
    assert "CC BY-NC-SA" in record["license"]
    size = sum(p.stat().st_size for p in MODEL.iterdir())
    assert size <= 60 * 2**20, f"{size / 2**20:.1f} MB"


@needs_model
def test_the_stage_parses_an_italian_sentence_with_contractions() -> None:
    from cronaca.pipeline.stage import make_stage

    language = Language("it")
    text = (
        "Il segretario generale della NATO Jens Stoltenberg ha detto lunedì a Bruxelles "
        "che l'Iran deve astenersi da ulteriori violenze."
    )
    doc = Document(id="x", lang="it", text=text)
    doc = make_stage("tokenizer", language, {})(doc)
    doc = make_stage("syntax", language, {"entities": True})(doc)
    tok = {t.text: (i, t) for i, t in enumerate(doc.tokens)}
    assert _is_tree(_heads_of(doc))
    assert all(t.pos and t.dep and t.morph is not None for t in doc.tokens)
    i_detto, detto = tok["detto"]
    assert detto.pos == "VERB" and detto.dep == "root" and detto.head == i_detto and detto.lemma == "dire"
    assert tok["ha"][1].pos == "AUX" and tok["ha"][1].head == i_detto
    della = tok["della"][1]
    assert (della.pos, della.dep, della.lemma) == ("ADP", "case", "di")
    assert della.head == tok["NATO"][0] and "Gender=Fem" in (della.morph or "")
    assert tok["astenersi"][1].pos == "VERB" and tok["astenersi"][1].lemma == "astenere"
    assert tok["violenze"][1].lemma == "violenza"
    found = {(e.text, e.label) for e in doc.entities}
    assert {("NATO", "ORG"), ("Jens Stoltenberg", "PER"), ("Bruxelles", "LOC")} <= found
    assert "Iran" in {text for text, _ in found}  # LOC, or ORG as an acting state (KIND)


@needs_model
def test_eval_syntax_command_scores_the_tiny_file() -> None:
    result = CliRunner().invoke(app, ["eval", "syntax", "--data", str(TINY), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)[str(TINY)]
    assert scores["words"] == 19
    assert scores["upos"] >= 0.8 and scores["las"] >= 0.7
