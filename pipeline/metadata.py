"""Small metadata helpers: site from URL, language from text, stable ids and hashes."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")


def site_from_url(url: str | None) -> str | None:
    """Lower-cased host without a leading "www."; None unless it is a valid host name."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if host.startswith("www."):
        host = host[4:]
    return host if _HOST.match(host) else None


def doc_id_for(source_key: str, raw_sha256: str) -> str:
    """Deterministic id: the same input (identity + bytes) gives the same id on any run or engine."""
    return hashlib.sha256(f"pipeline-doc\0{source_key}\0{raw_sha256}".encode()).hexdigest()[:32]


def content_sha256(body: str, utf8: bytes | None = None) -> str:
    """The body's SHA-256 (hex); `utf8`, if given, is `body.encode("utf-8")`, not made again."""
    return hashlib.sha256(utf8 if utf8 is not None else body.encode("utf-8")).hexdigest()


SAMPLE_CHARS = 400


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid's bundled model; None for text too short to tell."""
    # langid's feature scan is a Python loop over bytes and its scoring grows with the features
    # found, so the cost is about linear in the sample. SAMPLE_CHARS (two or three sentences)
    # classify ten languages' news prose right with probability >= 0.99 (tests/test_metadata.py),
    # as 800 did, at about half the cost. Cut at a space so the sample ends on a whole word.
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS:
        cut = sample.rfind(" ", SAMPLE_CHARS // 2)
        sample = sample[:cut] if cut > 0 else sample
    if len(sample.split()) < 5 and len(sample) < 40:
        return None
    lang, prob = language_identifier().classify(sample)
    # Below this normalised probability langid is guessing (mixed or very short text).
    return str(lang) if prob >= 0.5 else None


def language_identifier() -> Any:
    """py3langid's identifier, loaded once per process.

    The local engine's forkserver calls this before forking workers (`pipeline.preload`), so
    pool workers start with the model loaded and share its pages instead of each loading it.
    Decompressing the bundled model takes ~1 s of CPU, most of a small run with one worker, so
    the decompressed arrays are kept in a cache folder (`cache_dir()`) and memory-mapped by
    later runs (~0.05 s). The feature weights are kept as float32, not the model's float16:
    the scoring product then runs in BLAS instead of converting the page's rows first (231 ->
    24 us for a 400-character sample, most of the language detection). Converting float16 to
    float32 is exact and numpy computes the float16 product in float32, so the scores are the
    same bit for bit (tests/test_metadata.py). Without a usable cache folder the model is
    decompressed as before.
    """
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # heavy: lazily

        parts = _cached_model(MODEL_DIR / MODEL_FILE)
        if parts is None:
            _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        else:
            ptc, pc, classes, nextmove, row, output = parts
            _IDENTIFIER = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True,
                                             tk_row=row)
    return _IDENTIFIER


_IDENTIFIER: Any = None


def cache_dir() -> Path:
    """Where derived files are kept between runs: $PIPELINE_CACHE_DIR, else the user cache folder."""
    explicit = os.environ.get("PIPELINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pipeline"


_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def _cached_model(model: Path) -> tuple[Any, ...] | None:
    """The model's arrays from the cache (made now if missing); None when no cache can be used.

    The cache entry is named by the model file's sha256, so another py3langid model never
    reads a stale entry; it is written to a temporary folder and renamed, so a reader sees a
    whole entry or none.
    """
    import numpy as np

    try:
        digest = hashlib.sha256(model.read_bytes()).hexdigest()[:24]
        entry = cache_dir() / f"langid-f32-{digest}"
        if not entry.is_dir():
            _write_entry(model, entry)
        loaded = {name: np.load(entry / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                  for name in _MODEL_ARRAYS}
    except (OSError, ValueError):
        return None
    return (np.asarray(loaded["ptc"]), np.array(loaded["pc"]), loaded["classes"].tolist(),
            _std_array(loaded["nextmove"]), _std_array(loaded["row"]), loaded["output"].tolist())


def _write_entry(model: Path, entry: Path) -> None:
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(model)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=entry.name + ".", dir=entry.parent))
    try:
        arrays = {"ptc": np.asarray(ptc, dtype=np.float32), "pc": np.asarray(pc),
                  "classes": np.array(classes),
                  "nextmove": np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode)),
                  "row": np.frombuffer(row, dtype=np.dtype(row.typecode)),
                  "output": np.asarray(output, dtype=np.int64)}
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", arr, allow_pickle=False)
        os.replace(tmp, entry)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not entry.is_dir():
            raise


def _std_array(arr: Any) -> array[int]:
    """An array.array of the same item type, as py3langid's DFA walk indexes it."""
    out: array[int] = array(arr.dtype.char)
    out.frombytes(memoryview(arr).cast("B"))
    return out
