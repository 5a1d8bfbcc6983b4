"""The HTML block segmenter and the block labels of its trainer (the block model is not shipped)."""

from __future__ import annotations

from pipeline.html_blocks import FEATURES, LOCAL_FEATURES, segment
from pipeline.html_parse import parse_html
from pipeline.train_html import case_half, label_blocks

PAGE = """<html><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/w">World news</a></li></ul></nav>
<article class="story-body"><h1>Rivers rise again</h1>
<p>The rivers of the northern valleys <b>rose</b> for the third spring in a row.</p>
<div>Hydrologists blame the snow pack.<p>Councils want emergency funds.</p>and more text</div>
</article>
<script>var x = "not text";</script>
<footer>All rights reserved</footer>
</body></html>"""


def _blocks() -> list[tuple[str, dict[str, float]]]:
    tree = parse_html(PAGE)
    assert tree is not None
    return [(b.text, dict(zip(FEATURES, b.features, strict=True))) for b in segment(tree)]


def test_blocks_are_own_text_in_order() -> None:
    texts = [t for t, _ in _blocks()]
    assert texts == ["Home", "World news", "Rivers rise again",
                     "The rivers of the northern valleys rose for the third spring in a row.",
                     "Hydrologists blame the snow pack.", "Councils want emergency funds.", "and more text",
                     "All rights reserved"]


def test_block_features() -> None:
    feats = dict(_blocks())
    assert len(FEATURES) == len(LOCAL_FEATURES) + 9
    home = feats["Home"]
    para = feats["The rivers of the northern valleys rose for the third spring in a row."]
    assert home["link_density"] == 1.0 and home["in_nav"] == 1.0 and home["in_li"] == 1.0
    assert home["neg_hits"] >= 1
    assert para["link_density"] == 0.0 and para["in_article"] == 1.0 and para["own_p"] == 1.0
    assert para["pos_hits"] >= 1 and para["ends_sentence"] == 1.0
    assert feats["Rivers rise again"]["own_h"] == 1.0
    assert feats["All rights reserved"]["in_footer"] == 1.0
    assert feats["All rights reserved"]["rel_pos"] == 1.0


def test_labels_follow_the_true_body() -> None:
    tree = parse_html(PAGE)
    assert tree is not None
    blocks = segment(tree)
    truth = ("The rivers of the northern valleys rose for the third spring in a row. "
             "Hydrologists blame the snow pack. Councils want emergency funds.")
    labels = dict(zip((b.text for b in blocks), label_blocks(blocks, truth), strict=True))
    assert labels["Hydrologists blame the snow pack."] == 1
    assert labels["Home"] == 0 and labels["All rights reserved"] == 0
    assert labels["and more text"] == 0


def test_case_half_is_stable() -> None:
    assert {case_half(f"case-{i}") for i in range(50)} == {"A", "B"}
    assert case_half("x") == case_half("x")
