#!/bin/bash
# Terminal renderings of every dev case (dev-only; needs w3m, lynx and links on PATH), for
# measuring the text path on renderers the line model is not trained on:
#   /work/devcache/w3m80/<case>/text.w3m80.txt  w3m at its default 80 columns (hard-wrapped)
#   /work/devcache/lynx/<case>/text.lynx.txt    lynx -dump -nolist -width=100
#   /work/devcache/links/<case>/text.links.txt  links -dump -width 100
# Score them with: tools/dev_text_eval.py --render w3m80 --half B --model MODEL_A --no-url
SPLIT=${1:-/work/shared/evaldata/dev}
OUT=${2:-/work/devcache}
for dir in "$SPLIT"/*/; do
  src="$dir/source.html"; [ -f "$src" ] || continue
  c=$(basename "$dir")
  mkdir -p "$OUT/w3m80/$c" "$OUT/lynx/$c" "$OUT/links/$c"
  w3m -dump -T text/html -cols 80 -O UTF-8 -I UTF-8 "$src" > "$OUT/w3m80/$c/text.w3m80.txt"
  lynx -dump -nolist -assume_charset=utf-8 -display_charset=utf-8 -width=100 "$src" > "$OUT/lynx/$c/text.lynx.txt"
  links -dump -width 100 -codepage utf-8 "$src" > "$OUT/links/$c/text.links.txt"
done
# lynx and elinks at their defaults but for the charset: numbered links and a "References" list
# (pipeline/renderings.py cuts them): /work/devcache/{lynxref,elinks}/<case>/text.NAME.txt
# (elinks needs Debian's elinks package; it runs in a scratch folder, where it may write state)
for dir in "$SPLIT"/*/; do
  src="$dir/source.html"; [ -f "$src" ] || continue
  c=$(basename "$dir")
  mkdir -p "$OUT/lynxref/$c" "$OUT/elinks/$c"
  lynx -dump -assume_charset=utf-8 -display_charset=utf-8 "$src" > "$OUT/lynxref/$c/text.lynxref.txt"
  (cd "${TMPDIR:-/tmp}" && elinks -dump -dump-charset utf-8 "$(realpath "$src")") > "$OUT/elinks/$c/text.elinks.txt"
done
