#!/bin/bash
# Cross-validation of the text path: train on one half of dev, score the other (both renderings).
cd "$(dirname "$0")/.."
PY=${PY:-/work/main/.venv/bin/python}
$PY -m pipeline.train_text /work/shared/evaldata/dev --half A --out ${TMPDIR:-/tmp}/tm_A.json >/dev/null
$PY -m pipeline.train_text /work/shared/evaldata/dev --half B --out ${TMPDIR:-/tmp}/tm_B.json >/dev/null
for r in soup w3m chromium; do
 echo "== $r B(trained A)"; PYTHONPATH=. $PY tools/dev_text_eval.py --render $r --half B --model ${TMPDIR:-/tmp}/tm_A.json | grep -E "^(moz|sh|ALL) "
 echo "== $r A(trained B)"; PYTHONPATH=. $PY tools/dev_text_eval.py --render $r --half A --model ${TMPDIR:-/tmp}/tm_B.json | grep -E "^(moz|sh|ALL) "
done
