"""Cross-validation of the HTML block model as a third body voter (train on one half, score the other).

Usage (from the worktree root):
    /work/main/.venv/bin/python tools/dev_html_blocks_cv.py [--truth /work/shared/evaldata/dev]

For each half (A/B as in tools/dev_html_eval.py) a model is trained on the other half and its
probabilities are used on this one. Reported per half and dataset (shF1, shared scorer):
- `ensemble`: the shipped two-run trafilatura vote;
- `blocks`: the block model alone (blocks with p >= 0.5);
- `vote3`: 2 of 3 - a paragraph only one trafilatura run kept is kept when the block model agrees;
- `edge`: the ensemble with leading/trailing paragraphs the block model scores < 0.2 cut.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, "/work/shared/eval")

import score  # type: ignore[import-not-found]  # the shared scorer, not a package

from pipeline.html_blocks import segment
from pipeline.html_ensemble import _key, run_trafilatura, vote
from pipeline.html_parse import parse_html, strip_inert
from pipeline.train_html import case_half, label_blocks, sample_weight
from pipeline.train_text import fit

_WORD = re.compile(r"\w+")
Page = dict[str, object]


def load(truth: Path) -> list[Page]:
    pages: list[Page] = []
    for case in sorted(p for p in truth.iterdir() if (p / "truth.json").is_file()):
        t = json.loads((case / "truth.json").read_text(encoding="utf-8"))
        tree = parse_html((case / "source.html").read_bytes().decode("utf-8", "replace"))
        if tree is None:
            continue
        strip_inert(tree)
        blocks = segment(tree)
        pages.append({
            "id": case.name, "half": case_half(case.name), "truth": t.get("body") or "",
            "precise": run_trafilatura(tree, t.get("url"), True),
            "recall": run_trafilatura(tree, t.get("url"), False),
            "texts": [b.text for b in blocks], "x": [b.features for b in blocks],
            "words": [b.words for b in blocks], "y": label_blocks(blocks, t.get("body") or ""),
        })
    return pages


def para_probs(paras: list[str], texts: list[str], probs: list[float]) -> dict[str, float]:
    """Probability of each paragraph: the mean over its word 4-grams of the block holding each."""
    grams: dict[tuple[str, ...], int] = {}
    for i, t in enumerate(texts):
        toks = _WORD.findall(t)
        if len(toks) < 4:
            grams.setdefault(tuple(toks), i)
        for j in range(len(toks) - 3):
            grams.setdefault(tuple(toks[j:j + 4]), i)
    out: dict[str, float] = {}
    for para in paras:
        toks = _WORD.findall(para)
        keys = [tuple(toks)] if len(toks) < 4 else [tuple(toks[j:j + 4]) for j in range(len(toks) - 3)]
        hits = [probs[grams[k]] for k in keys if k in grams]
        if hits:
            out[para] = sum(hits) / len(hits)
    return out


def vote3(precise: list[str], recall: list[str], pm: dict[str, float]) -> list[str]:
    if not precise or not recall:
        return precise or recall
    pos: dict[str, list[int]] = {}
    for i, r in enumerate(recall):
        pos.setdefault(_key(r), []).append(i)
    out: list[str] = []
    j = 0
    for para in precise:
        k = next((i for i in pos.get(_key(para), []) if i >= j), None)
        if k is not None:
            out.extend(r for r in recall[j:k] if pm.get(r, 1.0 if out else 0.0) >= 0.5)
            j = k + 1
        out.append(para)
    out.extend(r for r in recall[j:] if pm.get(r, 0.0) >= 0.5)
    return out


def edge(body: list[str], pm: dict[str, float], cut: float = 0.2) -> list[str]:
    i, j = 0, len(body)
    while i < j and pm.get(body[i], 1.0) < cut:
        i += 1
    while j > i and pm.get(body[j - 1], 1.0) < cut:
        j -= 1
    return body[i:j] if i < j else body


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", type=Path, default=Path("/work/shared/evaldata/dev"))
    args = ap.parse_args()
    pages = load(args.truth)
    for half in ("A", "B"):
        train = [p for p in pages if p["half"] != half]
        x = np.array([f for p in train for f in p["x"]], dtype=float)  # type: ignore[attr-defined]
        y = np.array([v for p in train for v in p["y"]], dtype=float)  # type: ignore[attr-defined]
        w = np.array([sample_weight(v) for p in train for v in p["words"]])  # type: ignore[attr-defined]
        model = fit(x, y, w)
        test = [p for p in pages if p["half"] == half]
        systems: dict[str, Callable[[Page], list[str]]] = {
            "ensemble": lambda p: vote(p["precise"], p["recall"])[0],  # type: ignore[arg-type]
            "blocks": lambda p: [t for t, q in zip(p["texts"], p["probs"], strict=True)  # type: ignore[call-overload]
                                 if q >= 0.5],
            "vote3": lambda p: vote3(p["precise"], p["recall"], p["pm"]),  # type: ignore[arg-type]
            "edge": lambda p: edge(vote(p["precise"], p["recall"])[0], p["pm"]),  # type: ignore[arg-type]
        }
        for p in test:
            p["probs"] = [model.prob(f) for f in p["x"]]  # type: ignore[attr-defined]
            paras = list(dict.fromkeys([*p["precise"], *p["recall"]]))  # type: ignore[misc]
            p["pm"] = para_probs(paras, p["texts"], p["probs"])  # type: ignore[arg-type]
        for name, fn in systems.items():
            groups: dict[str, list[tuple[float, float, float]]] = {"ALL": [], "sh": [], "moz": []}
            for p in test:
                tfn = score.sh_tp_fp_fn(p["truth"], "\n".join(fn(p)))
                groups["ALL"].append(tfn)
                groups[str(p["id"]).split("-")[0]].append(tfn)
            f1s = " ".join(f"{g}={score.sh_aggregate(v)['f1']:.4f}" for g, v in groups.items())
            print(f"{half} {name:<9} {f1s}")


if __name__ == "__main__":
    main()
