"""The trained entity stage (PER, ORG, LOC): a fine-tuned multilingual encoder run by ONNX Runtime.

The model (``cronaca/models/<name>/``: ``model.onnx`` int8, a trimmed XLM-R ``tokenizer.json``,
``labels.json``) is trained by ``training/ner_e5/train.py`` from ``../shared/data``. Each
document's sentences are packed into windows of up to ``window_pieces`` sub-word pieces (the
model sees a sentence's neighbours, as in training); windows from a whole batch of documents are
sorted by length and run together; each word takes the tag of its first piece, and the best tag
sequence that obeys BIO (an ``I-X`` only after ``B-X`` or ``I-X``) is decoded per window.

The model runner, the windows and the entity decoding are shared with the ``syntax`` stage
(``cronaca.nlp.syntax``), which runs a joint model (entities and syntax heads on one encoder) once
for both. A model whose ``labels.json`` sets ``expand_contractions`` was trained on syntactic
words ("della" as "di" + "la"); its input is expanded the same way here, each token taking the
tag of its first word.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cronaca.errors import ConfigError
from cronaca.model import Document, Entity, EntityLabel
from cronaca.pipeline.parallel import default_threads
from cronaca.pipeline.stage import Stage, register_stage

if TYPE_CHECKING:
    from cronaca.lang import Language

MODELS = Path(__file__).resolve().parent.parent / "models"
WINDOWS_PER_CALL = 1
"""Windows per ONNX Runtime call. One: the int8 models quantize their activations with one scale
per call, so windows run together would change each other's results (a document would read
differently by what it is batched with); on this CPU batching gained nothing (300 articles:
10.5 s either way)."""
# hyphens that join two parts of one name ("al-Sisi", "Saint-Étienne")
HYPHENS = frozenset({"-", "‐", "‑"})


@dataclass
class _Window:
    doc: int  # index of the document in the batch
    tokens: list[int]  # for each word, its document token (repeated when a token is expanded)
    pieces: list[int]  # piece ids (without <s> and </s>)
    first: list[int]  # for each word, the position of its first piece in ``pieces``
    words: list[str] = field(default_factory=list)  # the words
    units: list[int] = field(default_factory=list)  # for each word, its sentence (or part of a
    # sentence longer than a window): a number unique in the document, for the parser


Expander = Callable[[str], list[str]]


class NerModel:
    """A loaded token-classification model: words in, BIO tags out."""

    def __init__(self, path: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        missing = [n for n in ("model.onnx", "tokenizer.json", "labels.json") if not (path / n).is_file()]
        if missing:
            raise ConfigError(f"entity model {path} is incomplete: missing {', '.join(missing)}")
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.labels: dict[str, Any] = json.loads((path / "labels.json").read_text(encoding="utf-8"))
        self.tags: list[str] = self.labels["tags"]
        self.expand_contractions = bool(self.labels.get("expand_contractions", False))
        options = ort.SessionOptions()
        # Each call runs on one thread and ``threads`` calls run at once (ONNX Runtime lets go
        # of the GIL): on a window of ~160 pieces that beats one call split over the cores.
        self.threads = threads or default_threads()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(path / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.bos = self._piece("<s>")
        self.eos = self._piece("</s>")
        self.pad = self._piece("<pad>")
        self.transitions, self.start_ok = _bio_constraints(self.tags)
        self.outputs = [o.name for o in self.session.get_outputs()]
        # outputs over pairs of pieces ([batch, dep, head, ...]: a parser's arc and relation scores)
        self._pairwise = {
            o.name for o in self.session.get_outputs() if len(o.shape) > 2 and o.shape[2] == o.shape[1]
        }

    def _piece(self, piece: str) -> int:
        found = self.tokenizer.token_to_id(piece)
        if found is None:
            raise ConfigError(f"entity model tokenizer lacks {piece}")
        return int(found)

    def encode(self, sentences: list[list[str]]) -> list[tuple[list[int], list[int]]]:
        """(piece ids, first-piece position of each word) for each sentence."""
        out = []
        encodings = self.tokenizer.encode_batch(sentences, is_pretokenized=True, add_special_tokens=False)
        for words, enc in zip(sentences, encodings, strict=True):
            first: dict[int, int] = {}
            for pos, word in enumerate(enc.word_ids):
                if word is not None and word not in first:
                    first[word] = pos
            # A word the normalizer empties (a control character) has no piece: it reads the
            # nearest piece before it (or after it). A sentence with no piece at all has no
            # positions; the caller skips it.
            starts: list[int] = []
            for w in range(len(words) if first else 0):
                if w in first:
                    starts.append(first[w])
                else:
                    starts.append(starts[-1] if starts else min(first.values()))
            out.append((list(enc.ids), starts))
        return out

    def logits(self, windows: list[list[int]], batch_size: int) -> list[np.ndarray]:
        """Per-piece logits for each window (specials removed), batched by length."""
        return [out["logits"] for out in self.run(windows, batch_size, ["logits"])]

    def run(
        self, windows: list[list[int]], batch_size: int, outputs: list[str]
    ) -> list[dict[str, np.ndarray]]:
        """The named outputs for each window, batched by length. Per-piece outputs lose the
        specials (row ``k`` is piece ``k``); pairwise ones keep ``<s>`` as column 0 (the root),
        so ``[k, j + 1]`` scores piece ``j`` as the head of piece ``k``."""
        missing = [name for name in outputs if name not in self.outputs]
        if missing:
            raise ConfigError(
                f"the model has no output {', '.join(missing)} (it has {', '.join(self.outputs)})"
            )
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        results: list[dict[str, np.ndarray]] = [{} for _ in windows]
        chunks = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

        def call(chunk: list[int]) -> list[np.ndarray]:
            width = max(len(windows[i]) for i in chunk) + 2
            ids = np.full((len(chunk), width), self.pad, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(windows[i])
                ids[row, : n + 2] = [self.bos, *windows[i], self.eos]
                mask[row, : n + 2] = 1
            return self.session.run(outputs, {"input_ids": ids, "attention_mask": mask})  # type: ignore[no-any-return]

        if self.threads == 1 or len(chunks) == 1:
            done = [call(chunk) for chunk in chunks]
        else:
            with ThreadPoolExecutor(min(self.threads, len(chunks))) as pool:
                done = list(pool.map(call, chunks))
        for chunk, values in zip(chunks, done, strict=True):
            for name, value in zip(outputs, values, strict=True):
                for row, i in enumerate(chunk):
                    n = len(windows[i])
                    results[i][name] = (
                        value[row, 1 : n + 1, : n + 1] if name in self._pairwise else value[row, 1 : n + 1]
                    )
        return results

    def decode(self, scores: np.ndarray) -> list[str]:
        """The best BIO-valid tag sequence for per-word scores (Viterbi over log-probabilities)."""
        if len(scores) == 0:
            return []
        shifted = scores - scores.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        score = np.where(self.start_ok, logp[0], -1e9)
        back = np.zeros(logp.shape, dtype=np.int64)
        for t in range(1, len(logp)):
            total = score[:, None] + self.transitions
            back[t] = total.argmax(axis=0)
            score = total.max(axis=0) + logp[t]
        best = [int(score.argmax())]
        for t in range(len(logp) - 1, 0, -1):
            best.append(int(back[t][best[-1]]))
        return [self.tags[i] for i in reversed(best)]


def _bio_constraints(tags: list[str]) -> tuple[np.ndarray, np.ndarray]:
    allowed = np.ones((len(tags), len(tags)), dtype=bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            for i, prev in enumerate(tags):
                allowed[i, j] = prev != "O" and prev[2:] == tag[2:]
    start_ok = np.array([not t.startswith("I-") for t in tags])
    return np.where(allowed, 0.0, -1e9), start_ok


@cache
def load_model(name: str, threads: int | None = None) -> NerModel:
    """The packaged model ``name`` (a folder of ``cronaca/models``), or a model folder's path."""
    path = Path(name) if os.sep in name or name.startswith(".") else MODELS / name
    if not path.is_dir():
        available = sorted(p.name for p in MODELS.iterdir() if p.is_dir()) if MODELS.is_dir() else []
        raise ConfigError(f"no entity model {name!r}; available: {', '.join(available) or 'none'}")
    return NerModel(path, threads)


@register_stage("ner")
class ModelEntities(Stage):
    """Entities from the trained model (replaces the rule-based ``entities`` stage)."""

    name = "ner"
    requires = frozenset({"tokens", "sentences"})
    assigns = frozenset({"entities"})

    def __init__(
        self,
        language: Language,
        model: str = "ner-it",
        window_pieces: int = 160,
        batch_size: int = WINDOWS_PER_CALL,
        threads: int | None = None,
    ) -> None:
        self.model_name = model
        self.window_pieces = window_pieces
        self.batch_size = batch_size
        self.model = load_model(model, threads)
        self.expand: Expander | None = None
        if self.model.expand_contractions:
            from cronaca.nlp.contractions import for_language

            self.expand = for_language(language)

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def pipe(self, docs: list[Document]) -> Iterator[Document]:
        windows = list(make_windows(self.model, docs, self.window_pieces, self.expand))
        all_logits = self.model.logits([w.pieces for w in windows], self.batch_size)
        found: list[list[Entity]] = [[] for _ in docs]
        for window, logits in zip(windows, all_logits, strict=True):
            tags = self.model.decode(logits[window.first]) if window.first else []
            found[window.doc].extend(window_entities(docs[window.doc], window.tokens, tags, self.model_name))
        for doc, entities in zip(docs, found, strict=True):
            joined = join_hyphenated(doc, sorted(entities, key=lambda e: e.start))
            doc.entities = [trim_end(doc, e) for e in joined]
            yield doc


def trim_end(doc: Document, ent: Entity) -> Entity:
    """An entity without the short lower-case word the model ran it into ("Beirut and" is
    "Beirut"): names end in a capitalised word or an adjective ("Stato islamico"), not in a
    conjunction, an article or a preposition (a particle before a hyphen stays: "al-")."""
    head, _, last = ent.text.rpartition(" ")
    if (
        head
        and last.isalpha()
        and last.islower()
        and len(last) <= 3
        and doc.text[ent.end : ent.end + 1] not in HYPHENS
    ):
        return ent.model_copy(update={"end": ent.start + len(head.rstrip()), "text": head.rstrip()})
    return ent


def join_hyphenated(doc: Document, entities: list[Entity]) -> list[Entity]:
    """One entity for a name the model tagged in two around a hyphen it left out ("Abdel Fattah
    al" + "Sisi" is "Abdel Fattah al-Sisi"): the tokenizer splits the hyphen off, and a word
    piece model reads it as punctuation."""
    joined: list[Entity] = []
    for e in entities:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and doc.text[prev.end : e.start] in HYPHENS
            # the same label, or a name whose particle ends the first part ("Abdel Fattah al" +
            # "Burhan", whatever the model called the second)
            and (prev.label == e.label or prev.text.rpartition(" ")[2].islower())
        ):
            joined[-1] = prev.model_copy(update={"end": e.end, "text": doc.text[prev.start : e.end]})
        else:
            joined.append(e)
    return joined


def make_windows(
    model: NerModel, docs: Sequence[Document], window_pieces: int, expand: Expander | None = None
) -> Iterator[_Window]:
    """Each document's sentences packed into windows of up to ``window_pieces`` pieces (a longer
    sentence is split by words); with ``expand``, each token is first split into its words."""
    for d, doc in enumerate(docs):
        sentences: list[tuple[list[int], list[str]]] = []
        for s in doc.sentences:
            tokens: list[int] = []
            words: list[str] = []
            for i in range(s.token_start, s.token_end):
                parts = expand(doc.tokens[i].text) if expand else [doc.tokens[i].text]
                tokens += [i] * len(parts)
                words += parts
            if tokens:
                sentences.append((tokens, words))
        if not sentences:
            continue
        encoded = model.encode([words for _, words in sentences])
        current = _Window(d, [], [], [])
        unit = 0
        for (tokens, words), (pieces, first) in zip(sentences, encoded, strict=True):
            if not pieces:
                continue  # nothing the model can read (control characters only)
            if len(pieces) > window_pieces:  # one very long sentence: split it by words
                for part in _split(d, tokens, words, pieces, first, window_pieces):
                    part.units = [unit] * len(part.tokens)
                    unit += 1
                    yield part
                continue
            if current.pieces and len(current.pieces) + len(pieces) > window_pieces:
                yield current
                current = _Window(d, [], [], [])
            offset = len(current.pieces)
            current.tokens += tokens
            current.words += words
            current.units += [unit] * len(tokens)
            current.first += [offset + f for f in first]
            current.pieces += pieces
            unit += 1
        if current.pieces:
            yield current


def _split(
    d: int, sent: list[int], words: list[str], pieces: list[int], first: list[int], window_pieces: int
) -> Iterator[_Window]:
    start = 0
    while start < len(sent):
        end = start + 1
        while end < len(sent) and first[end] - first[start] < window_pieces:
            end += 1
        if end < len(sent):
            end = max(start + 1, end - 1)
        stop = first[end] if end < len(sent) else len(pieces)
        base = first[start]
        yield _Window(
            d, sent[start:end], pieces[base:stop], [f - base for f in first[start:end]], words[start:end]
        )
        start = end


def window_entities(doc: Document, tokens: list[int], tags: list[str], source: str) -> Iterator[Entity]:
    """Entities from the BIO tags of a window's words (a token takes its first word's tag)."""
    keep = [k for k in range(len(tokens)) if k == 0 or tokens[k] != tokens[k - 1]]
    tokens, tags = [tokens[k] for k in keep], [tags[k] for k in keep]
    start = -1
    label = ""
    for k, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and start >= 0 and tag[2:] == label:
            continue
        if start >= 0:
            first, last = doc.tokens[tokens[start]], doc.tokens[tokens[k - 1]]
            yield Entity(
                start=first.start,
                end=last.end,
                text=doc.text[first.start : last.end],
                label=_label(label),
                source=source,
            )
            start = -1
        if tag != "O":
            start, label = k, tag[2:]


def _label(label: str) -> EntityLabel:
    if label not in ("PER", "ORG", "LOC"):
        raise ConfigError(f"entity model produced an unknown label {label!r}")
    return label  # type: ignore[return-value]


def model_info(name: str) -> dict[str, Any]:
    """The training record shipped with a model (data, seed, metrics)."""
    path = MODELS / name / "training.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else {}
