#!/bin/bash
# Cross-validation of the text path: train on one half of dev, score the other, per rendering.
# Chromium innerText renderings come from tools/render_innertext.py (RENDER_CACHE); without the
# cache, training uses soup and w3m only and the chromium rows score empty pages.
# RENDERS="w3m80 lynx links" scores the terminal renderings of tools/render_terminal.sh instead.
# Extra arguments go to dev_text_eval.py (e.g. --no-url).
cd "$(dirname "$0")/.."
PY=${PY:-/work/main/.venv/bin/python}
CACHE=${RENDER_CACHE:-/work/devcache/chromium}
EXTRA=(); [ -d "$CACHE" ] && EXTRA=(--renderings "$CACHE")
$PY -m pipeline.train_text /work/shared/evaldata/dev --half A "${EXTRA[@]}" --out ${TMPDIR:-/tmp}/tm_A.json >/dev/null
$PY -m pipeline.train_text /work/shared/evaldata/dev --half B "${EXTRA[@]}" --out ${TMPDIR:-/tmp}/tm_B.json >/dev/null
for r in ${RENDERS:-soup w3m chromium}; do
 echo "== $r B(trained A)"; PYTHONPATH=. $PY tools/dev_text_eval.py --render $r --half B --chromium-cache "$CACHE" --model ${TMPDIR:-/tmp}/tm_A.json "$@" | grep -E "^(moz|sh|ALL) "
 echo "== $r A(trained B)"; PYTHONPATH=. $PY tools/dev_text_eval.py --render $r --half A --chromium-cache "$CACHE" --model ${TMPDIR:-/tmp}/tm_B.json "$@" | grep -E "^(moz|sh|ALL) "
done
