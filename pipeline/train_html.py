"""Train the HTML block model from a labelled corpus (reproducible, deterministic).

    python -m pipeline.train_html CORPUS_DIR [--out pipeline/data/html_block_model.json]
                                  [--half A|B|all]

CORPUS_DIR holds `<case>/source.html` and `<case>/truth.json` (with a "body"). Every text block
of every page (pipeline.html_blocks) is a training example, labelled article text when most of
its word 4-grams (or, for a block of 1-3 words, its words in order) occur in the true body.
`--half A` trains on the cases whose second sha1 hex digit of the id is 0-7 (B: 8-f), the same
split as tools/dev_html_eval.py, so the other half can score the result.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

from pipeline.html_blocks import FEATURES, MODEL_PATH, Block, segment
from pipeline.html_parse import parse_html, strip_inert
from pipeline.train_text import fit

_WORD = re.compile(r"\w+")
# The extractor treats the probability as a third vote; 0.5 is the plain Bayes decision.
THRESHOLD = 0.5


def case_half(case_id: str) -> str:
    """"A" when the second hex digit of sha1(id) is 0-7, else "B" (see tools/dev_html_eval.py)."""
    return "A" if hashlib.sha1(case_id.encode()).hexdigest()[1] in "01234567" else "B"


def label_blocks(blocks: list[Block], body: str) -> list[int]:
    """1 for a block whose word 4-grams (or, when short, whose words in order) are in `body`."""
    truth = _WORD.findall(body)
    grams = {tuple(truth[i:i + 4]) for i in range(len(truth) - 3)}
    flat = " " + " ".join(truth) + " "
    labels = []
    for b in blocks:
        toks = _WORD.findall(b.text)
        if not toks:
            labels.append(0)
        elif len(toks) < 4:
            labels.append(1 if " " + " ".join(toks) + " " in flat else 0)
        else:
            own = [tuple(toks[i:i + 4]) for i in range(len(toks) - 3)]
            labels.append(1 if sum(g in grams for g in own) >= 0.5 * len(own) else 0)
    return labels


def sample_weight(words: int) -> float:
    # The body metric counts 4-grams, so long blocks matter more; the square root keeps the
    # many one-word menu items from being ignored.
    return 1.0 + math.sqrt(words)


def load_pages(corpus: Path, half: str) -> list[tuple[str, list[Block], list[int]]]:
    pages = []
    for case in sorted(p for p in corpus.iterdir() if (p / "truth.json").is_file()):
        src = case / "source.html"
        if not src.is_file():
            continue
        truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
        cid = truth.get("id") or case.name
        if half != "all" and case_half(cid) != half:
            continue
        tree = parse_html(src.read_bytes().decode("utf-8", errors="replace"))
        if tree is None:
            continue
        strip_inert(tree)
        blocks = segment(tree)
        if blocks:
            pages.append((cid, blocks, label_blocks(blocks, truth.get("body") or "")))
    return pages


def train(pages: list[tuple[str, list[Block], list[int]]]) -> dict[str, object]:
    x = np.array([b.features for _, blocks, _ in pages for b in blocks], dtype=float)
    y = np.array([lab for _, _, labels in pages for lab in labels], dtype=float)
    w = np.array([sample_weight(b.words) for _, blocks, _ in pages for b in blocks])
    model = fit(x, y, w)
    return {
        "features": list(FEATURES),
        "model": model.to_json(),
        "threshold": THRESHOLD,
        "trained_on": {"pages": len(pages), "blocks": len(y), "positives": int(y.sum())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--half", choices=("A", "B", "all"), default="all")
    args = parser.parse_args(argv)
    pages = load_pages(args.corpus, args.half)
    if not pages:
        print(f"no labelled pages under {args.corpus}", file=sys.stderr)
        return 1
    model = train(pages)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Rounded weights keep the shipped file small and the diff of a retrain readable.
    text = json.dumps(model, indent=1, default=float)
    text = re.sub(r"(\d+\.\d{6})\d+", r"\1", text)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {model['trained_on']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
