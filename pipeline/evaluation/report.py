"""The evaluation table: the project next to the baseline, per form and dataset."""

from __future__ import annotations

from typing import Any

_COLUMNS = (
    ("n", "n", 3),
    ("empty", "n_empty_body", 5),
    ("shP", "sh_precision", 5),
    ("shR", "sh_recall", 5),
    ("shF1", "sh_f1", 5),
    ("acc", "sh_accuracy", 5),
    ("bowF1", "bow_f1", 5),
    ("tEM", "title_em", 5),
    ("tF1", "title_f1", 5),
    ("bEM", "byline_em", 5),
    ("bF1", "byline_f1", 5),
    ("falseB", "false_byline", 6),
)
LEGEND = (
    "sh* = scrapinghub shingle metric (P skips empty bodies; F1 of macro P and R); acc = identical tokens;\n"
    "bowF1 = bag-of-words F1; t* / b* = title / byline exact match and token F1 over labelled cases;\n"
    "falseB = share of 'no byline' cases given a byline; '-' = no case to score; "
    "baseline = whole text, first line as title."
)


def _cell(value: object, width: int) -> str:
    if value is None:
        return "-".rjust(width)
    if isinstance(value, float):
        return f"{value:.3f}".rjust(width)
    return str(value).rjust(width)


def format_table(result: dict[str, Any]) -> str:
    """One row per form, system and dataset; `result` is what `driver.evaluate` returns."""
    fw = max(5, *(len(form) for form in result["forms"]))
    head = f"{'form':<{fw}} {'system':<8} {'dataset':<7} " + " ".join(h.rjust(w) for h, _, w in _COLUMNS)
    lines = [head, "-" * len(head)]
    for form, res in result["forms"].items():
        for system in ("project", "baseline"):
            for dataset, group in res[system].items():
                cells = " ".join(_cell(group[key], w) for _, key, w in _COLUMNS)
                lines.append(f"{form:<{fw}} {system:<8} {dataset:<7} {cells}")
        lines.append("")
    lines.append(LEGEND)
    return "\n".join(lines)
