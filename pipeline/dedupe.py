"""Duplicate marking: syndicated copies are marked with the doc_id of their first occurrence.

Nothing is dropped. `duplicate_of` is set on an article whose body is the same (exact, by
`content_sha256`) or nearly the same (MinHash) as that of an earlier article in input order;
the first occurrence keeps null. The signature is computed where the article is made (in the
worker, `body_signature`); the marking is sequential, in the driver, over batches in input order
(`DuplicateMarker`), so every engine and worker count gives the same marks.

Memory grows with the index only: one entry per distinct body hash, plus one signature and its
LSH band keys per *original* (a duplicate is never indexed: it is represented by its original,
so `duplicate_of` always names an original, never a chain).

Near-duplicate settings, and why:
- Shingles are word 5-grams of the lower-cased `\\w+` tokens: long enough that two different
  articles on one topic share few of them, short enough that changing one word only breaks five.
  A few changed words in a 300-word story leave a Jaccard similarity of about 0.9.
- THRESHOLD = 0.8 Jaccard (estimated from 128 MinHash values, standard error about 0.035 there):
  the value commonly used for web-text deduplication with 5-gram shingles. Copies with a changed
  headline, dateline or credit line stay above it; two reports of the same event by different
  writers fall far below.
- LSH bands: 18 bands of 7 rows, not datasketch's optimum for 0.8 (9 x 13), which finds a pair
  at Jaccard 0.8 only 40% of the time. 18 x 7 finds it 98.6% of the time (and 0.7 pairs 79%);
  every candidate is then checked against THRESHOLD with its signature, so the extra candidates
  cost a comparison, not a false mark.
- Bodies under MIN_WORDS words are compared exactly only: on a short text one changed word moves
  the Jaccard similarity by a lot, and short stubs are where unrelated pages look alike.

How signatures are made, and why not with datasketch: datasketch hashes every shingle with
sha1 in a Python loop and applies 128 permutations to each (about 6 ms for a 9 KB page). Here each
token is hashed once (zlib.crc32, deterministic on every machine, unlike Python's `hash()`), the
five token hashes of a shingle are combined with a 64-bit mixer in numpy, and the signature is a
one-permutation MinHash (Li, Owen and Zhang 2012): the top 7 bits of a shingle's hash pick one of
NUM_PERM bins, each bin keeps the least of its shingles' remaining bits. Bins no shingle fell into
are filled by optimal densification (Shrivastava 2017): each empty bin copies the value of the
first filled bin on its own fixed pseudo-random probe sequence, which keeps the share of equal
values an unbiased estimate of the Jaccard similarity. One pass over the shingles instead of 128:
the signature costs about as much as tokenising. The bytes differ from datasketch's, which is
harmless: signatures are only compared within one run, never stored. The LSH index is a dict per
band for the same reason (and it spares the driver datasketch's import and MinHash objects).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from pipeline.schema import Article

NUM_PERM = 128
SEED = 1  # fixed: signatures made in different workers must be comparable
SHINGLE_WORDS = 5
THRESHOLD = 0.8
LSH_BANDS, LSH_ROWS = 18, 7
MIN_WORDS = 50
_WORD = re.compile(r"\w+")
_MASK64 = (1 << 64) - 1
_BIN_BITS = 7  # 2**7 == NUM_PERM bins, picked by a hash's top bits
assert 1 << _BIN_BITS == NUM_PERM
_BIN_SHIFT = np.uint64(64 - _BIN_BITS)
_VALUE_MASK = np.uint64((1 << (64 - _BIN_BITS)) - 1)
_EMPTY = np.iinfo(np.uint64).max
_PROBES = 32  # probes per empty bin; all 32 miss with p <= (1 - filled share)**32


def _splitmix64(state: int) -> tuple[int, int]:
    """One step of splitmix64 in plain integers: the same stream on any machine and numpy version."""
    state = (state + 0x9E3779B97F4A7C15) & _MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return state, z ^ (z >> 31)


def _probe_table(seed: int) -> Any:
    """For each bin, the fixed sequence of bins an empty bin borrows from (NUM_PERM x _PROBES)."""
    state, table = seed, []
    for _ in range(NUM_PERM * _PROBES):
        state, x = _splitmix64(state)
        table.append(x % NUM_PERM)
    return np.array(table, dtype=np.intp).reshape(NUM_PERM, _PROBES)


_PROBE = _probe_table(SEED)
_ROWS = np.arange(NUM_PERM)


def _mix(z: Any) -> Any:
    """splitmix64's finalizer on a uint64 array (wrapping arithmetic is what is wanted)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def shingle_hashes(tokens: Sequence[bytes]) -> Any:
    """64-bit hashes of the word SHINGLE_WORDS-grams of `tokens` (UTF-8, uint64 array, repeats kept)."""
    words = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - SHINGLE_WORDS + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(SHINGLE_WORDS):  # order-sensitive: the mixer is not linear
            h = _mix(h ^ words[j : j + n])
    return h


def body_tokens(body: str, utf8: bytes | None = None) -> list[bytes]:
    """The lower-cased `\\w+` tokens of a body (UTF-8), that `body_signature` shingles; `utf8`,
    if given, is `body.encode("utf-8")` (made for the body's hash too, so it is encoded once).

    The last result is remembered (by the body's identity), so a stage that needs the tokens
    first (the word count, see `pipeline.stages`) saves `body_signature` the second scan.
    """
    global _LAST
    tokens = lowered_token_bytes(body, utf8)
    _LAST = (body, tokens)
    return tokens


# Per byte of UTF-8: an ASCII byte that is no word character becomes a space; the bytes of
# non-ASCII characters (0x80-0xFF) are kept, those characters are blanked before (see below).
_ASCII_NON_WORD = bytes(b if chr(b).isalnum() or chr(b) == "_" else 0x20 for b in range(128)) \
    + bytes(range(128, 256))
_ASCII_BYTES = bytes(range(128))
_MAX_BLANKED = 40  # prose holds a handful of distinct non-ASCII punctuation marks and spaces


def word_token_bytes(text: str) -> list[bytes]:
    """The UTF-8 encodings of `_WORD.findall(text)`, without a Python step per token (about a
    third of the cost on prose): `\\w` is "alphanumeric or _" (tests/test_dedupe.py), so once
    the few distinct non-ASCII characters that are not word characters (curly quotes, dashes,
    no-break spaces) are blanked in the UTF-8 bytes, the tokens are the runs between the ASCII
    bytes a table turns into spaces. UTF-8 is self-synchronizing: replacing one character's
    bytes never touches another character.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (no word character): the plain way
        return [token.encode() for token in _WORD.findall(text)]
    if len(data) != len(text):  # non-ASCII characters: their bytes alone, once each
        blanked = [c for c in set(data.translate(None, _ASCII_BYTES).decode("utf-8")) if not c.isalnum()]
        if len(blanked) > _MAX_BLANKED:  # a scan of the text per character would cost more
            return [token.encode() for token in _WORD.findall(text)]
        for char in blanked:
            data = data.replace(char.encode("utf-8"), b" ")
    return data.translate(_ASCII_NON_WORD).split()


_LAST: tuple[str, list[bytes]] = ("", [])


# `_ASCII_NON_WORD` that also lowers A-Z, for `lowered_token_bytes`.
_LOWER_ASCII_NON_WORD = _ASCII_NON_WORD.translate(bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                                                  b"abcdefghijklmnopqrstuvwxyz"))


def lowered_token_bytes(text: str, utf8: bytes | None = None) -> list[bytes]:
    """`word_token_bytes(text.lower())`, without `str.lower` when its non-ASCII characters are
    all blanked anyway: on a text holding a curly quote or a dash (Python keeps it as two bytes
    a character), `str.lower` costs about half of the tokenising. When every non-ASCII character
    is no word character and its own lower case, lowering changes only A-Z, which the bytes'
    translation table can do in the same pass. A letter beyond ASCII takes the plain way:
    `str.lower` maps some by context (a final sigma) and some to ASCII (the Kelvin sign).
    `utf8`, if given, is `text.encode("utf-8")`, which is then not made again.
    """
    if text.isascii():
        return (utf8 if utf8 is not None else text.encode("ascii")).translate(_LOWER_ASCII_NON_WORD).split()
    if utf8 is not None:
        data = utf8
    else:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return word_token_bytes(text.lower())
    others = set(data.translate(None, _ASCII_BYTES).decode("utf-8"))
    if len(others) > _MAX_BLANKED or any(c.isalnum() or c.lower() != c for c in others):
        # The lower text's non-word characters beyond ASCII come from its characters' lower
        # cases (context only picks a final sigma, a letter), so they need no second scan.
        lowered = text.lower()
        blanked = {x for x in "".join(c.lower() for c in others) if x >= "\x80" and not x.isalnum()}
        if len(blanked) > _MAX_BLANKED:
            return [token.encode() for token in _WORD.findall(lowered)]
        data = lowered.encode("utf-8")
        table = _ASCII_NON_WORD
    else:
        blanked, table = others, _LOWER_ASCII_NON_WORD
    for char in blanked:
        data = data.replace(char.encode("utf-8"), b" ")
    return data.translate(table).split()


def body_signature(body: str) -> bytes | None:
    """The MinHash signature of a body (NUM_PERM 32-bit values), or None when it is too short."""
    last = _LAST  # one read: another thread may replace it, and then the body is scanned again
    tokens = last[1] if last[0] is body else lowered_token_bytes(body)
    if len(tokens) < MIN_WORDS:
        return None
    shingles = shingle_hashes(tokens)
    values = np.full(NUM_PERM, _EMPTY, dtype=np.uint64)
    # A shingle seen twice lands in the same bin with the same value: no need to deduplicate.
    np.minimum.at(values, (shingles >> _BIN_SHIFT).astype(np.intp), shingles & _VALUE_MASK)
    empty = values == _EMPTY
    if empty.any():
        filled = ~empty
        hits = filled[_PROBE]  # (NUM_PERM, _PROBES): which probes land on a filled bin
        first = _PROBE[_ROWS, hits.argmax(axis=1)]
        # No probe hit (vanishingly rare): the next filled bin in circular order.
        for b in np.flatnonzero(empty & ~hits.any(axis=1)):
            first[b] = next(c % NUM_PERM for c in range(b + 1, b + NUM_PERM + 1) if filled[c % NUM_PERM])
        values[empty] = values[first[empty]]
    return (values & np.uint64(0xFFFFFFFF)).astype("<u4").tobytes()


def estimated_jaccard(a: bytes, b: bytes) -> float:
    """Share of equal MinHash values: an unbiased estimate of the bodies' Jaccard similarity."""
    return float((np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")).mean())


class DuplicateMarker:
    """Sets `duplicate_of` on articles fed to it in input order, across batches and the run."""

    def __init__(self) -> None:
        self._by_hash: dict[bytes, str] = {}  # body sha256 -> doc_id of its original
        # LSH: per band, a 64-bit hash of its LSH_ROWS values -> the position in _originals, or a
        # list of positions once several originals share the band (rare: a plain int per entry
        # instead of a list halves the index's memory).
        self._bands: list[dict[int, int | list[int]]] = [{} for _ in range(LSH_BANDS)]
        self._originals: list[tuple[str, bytes]] = []  # position -> (doc_id, signature)

    def seed_exact(self, content_sha256: str, doc_id: str) -> None:
        """Register a body already in the output (from an earlier run) as an original."""
        self._by_hash.setdefault(bytes.fromhex(content_sha256), doc_id)

    def mark(self, articles: Sequence[Article], signatures: Sequence[bytes | None] = ()) -> int:
        """Mark `articles` (one batch, in input order); returns how many are duplicates.

        `signatures` are the workers' `body_signature`s, aligned with `articles` (made as each
        page is extracted, see `pipeline.runner.extract_batch`); a missing one is computed here.
        """
        marked = 0
        for i, article in enumerate(articles):
            sig = signatures[i] if i < len(signatures) else body_signature(article.body)
            article.duplicate_of = self._check(article, sig)
            marked += article.duplicate_of is not None
        return marked

    def _check(self, article: Article, signature: bytes | None) -> str | None:
        digest = bytes.fromhex(article.content_sha256)
        original = self._by_hash.get(digest)
        if original is not None:
            return original
        if signature is not None:
            keys = _band_keys(signature)
            original = self._nearest_earlier(signature, keys)
            if original is None:
                position = len(self._originals)
                for band, key in zip(self._bands, keys, strict=True):
                    held = band.get(key)
                    if held is None:
                        band[key] = position
                    elif isinstance(held, int):
                        band[key] = [held, position]
                    else:
                        held.append(position)
                self._originals.append((article.doc_id, signature))
        # Later exact copies of this body point at the same original.
        self._by_hash[digest] = original or article.doc_id
        return original

    def _nearest_earlier(self, signature: bytes, keys: list[int]) -> str | None:
        """The first original (by input order) whose estimated Jaccard reaches THRESHOLD."""
        candidates: set[int] = set()
        for band, key in zip(self._bands, keys, strict=True):
            held = band.get(key)
            if isinstance(held, int):
                candidates.add(held)
            elif held is not None:
                candidates.update(held)
        for position in sorted(candidates):
            doc_id, other = self._originals[position]
            if estimated_jaccard(signature, other) >= THRESHOLD:
                return doc_id
        return None


def _band_keys(signature: bytes) -> list[int]:
    """The LSH_BANDS keys of a signature: a hash of each band's LSH_ROWS 4-byte values.

    Python's own hash (SipHash, 64 bits): the index lives in the driver alone, so a per-process
    seed is harmless, and an int key costs half what the band's bytes did.
    """
    width = 4 * LSH_ROWS
    return [hash(signature[b * width : (b + 1) * width]) for b in range(LSH_BANDS)]
