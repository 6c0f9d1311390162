"""The syntax stage: parts of speech, morphology, lemmas and a dependency tree for every token.

The model (``cronaca/models/<name>/``) is the joint one trained by ``training/joint_e5``: one
multilingual encoder with heads for entities (BIO), UPOS, UFeats and Dozat & Manning's biaffine
arc and relation scorers, run by ONNX Runtime through the entity stage's runner
(``cronaca.nlp.ner``: same windows of consecutive sentences, same batching by length). With
``entities: true`` the same forward pass also fills ``entities``, so a pipeline that runs this
stage needs no separate ``ner`` stage.

Decoding: the arc scores of each sentence become a maximum spanning tree with one root
(Chu-Liu-Edmonds over log-probabilities, :func:`decode_tree`); each word takes the best relation
for the head it got (``root`` for the root word only). Lemmas come from spaCy's POS-aware lookup
tables (``pos_lookup`` mode: "ambito" as a noun stays "ambito", "la" as an article is "il"),
proper nouns keep their form.

Contractions. The model was trained on Universal Dependencies *syntactic words*: the treebanks
split "della" into "di" + "la" and "darglielo" into "dar" + "glie" + "lo", so the model has never
seen "della" as one word, and the articulated preposition's two relations (``case`` for the
preposition, ``det`` for the article) have no single word to sit on. Cronaca's tokens are
surface tokens, and the rest of the pipeline (entities, quotes, offsets) works on them. So each
token is expanded into its words for the model (``lang/<code>/contractions.yaml``: the
preposition + article table and the verb + clitic rule), and the analyses are mapped back: a
token takes the analysis of its *governing* word, the first of its words whose head lies outside
the token ("di" for "della", "far" for "farlo"), its head is the token holding that word's head,
and an articulated preposition also carries its article's features (gender, number). The
pronouns attached to a verb are not represented on their own (a token has one analysis).

Conventions: ``head`` is a document token index; the root of a sentence is its own head, with
``dep = "root"``; ``morph`` is the UD feature string, empty when a word has none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from cronaca.errors import ConfigError
from cronaca.model import Document, Entity
from cronaca.nlp.ner import (
    WINDOWS_PER_CALL,
    Expander,
    NerModel,
    load_model,
    make_windows,
    window_entities,
)
from cronaca.pipeline.stage import Stage, register_stage

if TYPE_CHECKING:
    from cronaca.lang import Language

SYNTAX_OUTPUTS = ["upos", "feats", "arc", "rel"]
NEG = -1e9


# -- tree decoding ---------------------------------------------------------------------------------


def decode_tree(scores: np.ndarray) -> np.ndarray:
    """The best dependency tree with a single root for ``scores[dep, head]`` (shape
    ``(n + 1, n + 1)``, node 0 the root, row 0 ignored): ``heads[d]`` for each node, ``heads[0]``
    is 0. Chu-Liu-Edmonds' maximum spanning arborescence; when the best one gives the root several
    children, each is tried as the only one and the best tree kept."""
    scores = np.asarray(scores, dtype=np.float64)
    n = scores.shape[0] - 1
    if n <= 0:
        return np.zeros(1, dtype=np.int64)
    heads = _arborescence(scores)
    roots = np.flatnonzero(heads[1:] == 0) + 1
    if len(roots) == 1:
        return heads
    best, best_score = heads, -np.inf
    for root in roots:
        forced = scores.copy()
        forced[1:, 0] = NEG
        forced[root, 0] = scores[root, 0]
        candidate = _arborescence(forced)
        total = float(scores[np.arange(1, n + 1), candidate[1:]].sum())
        if total > best_score:
            best, best_score = candidate, total
    return best


def _arborescence(scores: np.ndarray) -> np.ndarray:
    """Maximum spanning arborescence rooted at node 0 (Chu-Liu-Edmonds, recursive contraction)."""
    s = scores.copy()
    np.fill_diagonal(s, NEG)
    s[0, :] = NEG
    heads: np.ndarray = s.argmax(axis=1)
    heads[0] = 0
    cycle = _find_cycle(heads)
    if cycle is None:
        return heads
    in_cycle = np.zeros(len(s), dtype=bool)
    in_cycle[cycle] = True
    cyc = np.flatnonzero(in_cycle)
    rest = np.flatnonzero(~in_cycle)  # rest[0] == 0: the root is never in a cycle
    inner = s[cyc, heads[cyc]]
    # entering the cycle at node c from outside head h replaces c's arc inside the cycle
    enter = s[np.ix_(cyc, rest)] - inner[:, None]
    enter_best = enter.argmax(axis=0)  # for each outside head, the cycle node it would take
    leave = s[np.ix_(rest, cyc)]  # an outside dependent of a cycle node
    leave_best = leave.argmax(axis=1)
    m = len(rest)
    sub = np.full((m + 1, m + 1), NEG)
    sub[:m, :m] = s[np.ix_(rest, rest)]
    sub[m, :m] = enter[enter_best, np.arange(m)]
    sub[:m, m] = leave[np.arange(m), leave_best]
    sub_heads = _arborescence(sub)
    out: np.ndarray = heads.copy()
    for i in range(1, m):
        h = sub_heads[i]
        out[rest[i]] = cyc[leave_best[i]] if h == m else rest[h]
    h = sub_heads[m]
    out[cyc[enter_best[h]]] = rest[h]
    return out


def _find_cycle(heads: np.ndarray) -> list[int] | None:
    state = [0] * len(heads)  # 0 unseen, 1 on the current path, 2 done
    state[0] = 2
    for start in range(1, len(heads)):
        path = []
        node = start
        while state[node] == 0:
            state[node] = 1
            path.append(node)
            node = int(heads[node])
        if state[node] == 1:
            return path[path.index(node) :]
        for visited in path:
            state[visited] = 2
    return None


def _log_softmax(x: np.ndarray) -> np.ndarray:
    shifted = x - x.max(axis=-1, keepdims=True)
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return result


# -- the stage ---------------------------------------------------------------------------------------


@dataclass
class _Word:
    token: int  # document token index
    text: str
    upos: str
    feats: str
    head: int  # index of the head word in the document's word list, -1 for a root
    rel: str


class LemmaData(BaseModel):
    """``lang/<code>/lemmas.yaml``."""

    model_config = ConfigDict(extra="forbid")

    overrides: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="By UPOS, lower-case forms and their lemma where the lookup tables are wrong.",
    )


class Lemmatizer:
    """spaCy's POS-aware lookup lemmatizer (``pos_lookup``), with the language's overrides."""

    def __init__(self, language: Language) -> None:
        import spacy

        code = language.config.spacy
        self.nlp = spacy.blank(code)
        try:
            self.pipe = self.nlp.add_pipe("lemmatizer", config={"mode": "pos_lookup"})
            self.nlp.initialize()
        except (ValueError, KeyError) as exc:
            raise ConfigError(f"no POS-aware lemma tables for {code!r}: {exc}") from exc
        self.overrides: dict[str, dict[str, str]] = {}
        if resources.files("cronaca.lang").joinpath(language.code, "lemmas.yaml").is_file():
            self.overrides = language.data("lemmas", LemmaData).overrides

    def __call__(self, forms: list[str], pos: list[str]) -> list[str]:
        from spacy.tokens import Doc

        if not forms:
            return []
        doc = Doc(self.nlp.vocab, words=forms, pos=pos)
        self.pipe(doc)
        out = []
        for form, p, tok in zip(forms, pos, doc, strict=True):
            fixed = self.overrides.get(p, {}).get(form.lower())
            if fixed is not None:
                out.append(fixed)
            elif p in ("PROPN", "X", "SYM"):  # UD: a proper noun's lemma is its form
                out.append(form)
            else:
                out.append(tok.lemma_ or form)
        return out


class Syntax(Stage):
    """UPOS, UFeats, lemmas, heads and relations from the joint model."""

    name = "syntax"
    requires = frozenset({"tokens", "sentences"})
    assigns = frozenset({"tokens"})

    def __init__(
        self,
        language: Language,
        model: str = "joint-it",
        window_pieces: int | None = None,
        batch_size: int = WINDOWS_PER_CALL,
        threads: int | None = None,
        contractions: bool = True,
        lemmas: bool = True,
    ) -> None:
        self.model_name = Path(model).name or model
        self.model: NerModel = load_model(model, threads)
        labels = self.model.labels
        missing = [k for k in ("upos", "feats", "deprels") if k not in labels]
        missing += [k for k in SYNTAX_OUTPUTS if k not in self.model.outputs]
        if missing:
            raise ConfigError(f"model {model!r} has no syntax heads (missing {', '.join(missing)})")
        self.upos: list[str] = labels["upos"]
        self.feats: list[str] = [f if f != "_" else "" for f in labels["feats"]]
        self.deprels: list[str] = labels["deprels"]
        self.root = self.deprels.index("root") if "root" in self.deprels else -1
        self.window_pieces = int(window_pieces or labels.get("window_pieces", 160))
        self.batch_size = batch_size
        self.expand: Expander | None = None
        if contractions and self.model.expand_contractions:
            from cronaca.nlp.contractions import for_language

            self.expand = for_language(language)
        self.lemmatizer = Lemmatizer(language) if lemmas else None
        self.with_entities = False

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def pipe(self, docs: list[Document]) -> Iterator[Document]:
        windows = list(make_windows(self.model, docs, self.window_pieces, self.expand))
        outputs = SYNTAX_OUTPUTS + (["logits"] if self.with_entities else [])
        results = self.model.run([w.pieces for w in windows], self.batch_size, outputs)
        words: list[list[_Word]] = [[] for _ in docs]
        entities: list[list[Entity]] = [[] for _ in docs]
        for window, out in zip(windows, results, strict=True):
            if not window.first:
                continue
            words[window.doc].extend(self._parse(window, out, len(words[window.doc])))
            if self.with_entities:
                tags = self.model.decode(out["logits"][window.first])
                doc = docs[window.doc]
                entities[window.doc].extend(window_entities(doc, window.tokens, tags, self.model_name))
        for d, doc in enumerate(docs):
            self._assign(doc, words[d])
            if self.with_entities:
                doc.entities = sorted(entities[d], key=lambda e: e.start)
            yield doc

    def _parse(self, window: Any, out: dict[str, np.ndarray], offset: int) -> list[_Word]:
        """The words of one window, with heads as indices into the document's word list."""
        first = np.asarray(window.first)
        units = np.asarray(window.units)
        upos = out["upos"][first].argmax(axis=-1)
        feats = out["feats"][first].argmax(axis=-1)
        heads = np.full(len(first), -1, dtype=np.int64)
        rels = np.zeros(len(first), dtype=np.int64)
        for unit in np.unique(units):
            ks = np.flatnonzero(units == unit)
            f = first[ks]
            cols = np.concatenate([[0], f + 1])  # column 0 is <s>, the root
            scores = np.full((len(ks) + 1, len(ks) + 1), NEG)
            scores[1:] = _log_softmax(out["arc"][np.ix_(f, cols)].astype(np.float64))
            tree = decode_tree(scores)[1:]
            heads[ks] = np.where(tree == 0, -1, offset + ks[np.maximum(tree, 1) - 1])
            rel_scores = out["rel"][f, cols[tree]].astype(np.float64)
            if self.root >= 0:
                is_root = tree == 0
                rel_scores[~is_root, self.root] = -np.inf
                rel_scores[is_root, :] = -np.inf
                rel_scores[is_root, self.root] = 0.0
            rels[ks] = rel_scores.argmax(axis=-1)
        return [
            _Word(
                token=window.tokens[k],
                text=window.words[k],
                upos=self.upos[upos[k]],
                feats=self.feats[feats[k]],
                head=int(heads[k]),
                rel=self.deprels[rels[k]],
            )
            for k in range(len(first))
        ]

    def _assign(self, doc: Document, words: list[_Word]) -> None:
        """Map the words' analyses onto the document's tokens (see the module docstring)."""
        if not words:
            return
        token_of = [w.token for w in words]
        groups: dict[int, list[int]] = {}
        for k, w in enumerate(words):
            groups.setdefault(w.token, []).append(k)
        forms: list[str] = []
        analysed: list[int] = []
        for t, ks in groups.items():
            inside = set(ks)
            rep = next((k for k in ks if words[k].head < 0 or words[k].head not in inside), ks[0])
            w = words[rep]
            token = doc.tokens[t]
            token.pos = w.upos
            token.dep = w.rel
            token.head = t if w.head < 0 or token_of[w.head] == t else token_of[w.head]
            token.morph = w.feats
            if len(ks) > 1 and w.upos == "ADP":  # an articulated preposition: the article's features
                token.morph = _merge_feats([w.feats] + [words[k].feats for k in ks if k != rep])
            forms.append(w.text)
            analysed.append(t)
        for sentence in doc.sentences:
            _repair(doc, sentence.token_start, sentence.token_end)
        if self.lemmatizer is not None:
            pos = [doc.tokens[t].pos or "X" for t in analysed]
            for t, lemma in zip(analysed, self.lemmatizer(forms, pos), strict=True):
                doc.tokens[t].lemma = lemma


def _merge_feats(feats: list[str]) -> str:
    merged: dict[str, str] = {}
    for item in feats:
        for pair in item.split("|") if item else []:
            key, _, value = pair.partition("=")
            merged.setdefault(key, value)
    return "|".join(f"{k}={v}" for k, v in sorted(merged.items(), key=lambda kv: kv[0].lower()))


def _repair(doc: Document, start: int, end: int) -> None:
    """Make a sentence's tokens one tree: mapping words back onto tokens, or a sentence split
    across windows, can leave several roots or (rarely) a cycle; extra roots and cycles attach
    to the first root."""
    tokens = doc.tokens
    span = range(start, end)
    if not span or any(tokens[t].head is None for t in span):
        return
    roots = [t for t in span if tokens[t].head == t]
    if not roots:
        roots = [start]
        tokens[start].head, tokens[start].dep = start, "root"
    root = roots[0]
    for t in roots[1:]:
        tokens[t].head, tokens[t].dep = root, "parataxis"
    for t in span:
        seen = {t}
        node = t
        while True:
            head = tokens[node].head
            assert head is not None
            if head == node or not start <= head < end:
                break
            if head in seen:  # a cycle: cut it below the root
                tokens[node].head, tokens[node].dep = root, "dep"
                break
            seen.add(head)
            node = head
    for t in span:
        head = tokens[t].head
        if head is None or not start <= head < end:
            tokens[t].head, tokens[t].dep = root, "dep"


class SyntaxAndEntities(Syntax):
    """The syntax stage that also fills ``entities`` from the model's entity head."""

    assigns = frozenset({"tokens", "entities"})

    def __init__(self, language: Language, **config: Any) -> None:
        super().__init__(language, **config)
        if "logits" not in self.model.outputs:
            raise ConfigError(f"model {self.model_name!r} has no entity head: set entities: false")
        self.with_entities = True


@register_stage("syntax")
def syntax_stage(language: Language, entities: bool = False, **config: Any) -> Syntax:
    """``syntax``: fills the tokens' ``pos``, ``morph``, ``lemma``, ``head`` and ``dep``; with
    ``entities: true`` also the document's ``entities`` from the same forward pass."""
    return (SyntaxAndEntities if entities else Syntax)(language, **config)
