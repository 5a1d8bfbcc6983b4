"""One run per output folder: an exclusive `flock` on `OUTPUT/.lock`.

`flock` belongs to the open file, so the kernel drops it when the holding process dies, however it
dies (kill -9 included): a stale lock can never block the next run, and there is no pid file to
clean up. The holder's pid and start time are written into the file only to make the message of a
refused run useful; they are never used to decide anything.
"""

from __future__ import annotations

import fcntl
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".lock"
# How often a waiting run retries: short enough not to waste the wait, long enough to be idle.
_POLL_S = 0.2


class LockBusy(Exception):
    """Another run holds the output folder's lock (exit code 4 on the command line)."""


class OutputLock:
    """Context manager: hold `OUTPUT/.lock` exclusively, waiting up to `timeout_s` for it."""

    def __init__(self, output_dir: Path, timeout_s: float = 0.0) -> None:
        self.path = output_dir / LOCK_NAME
        self.timeout_s = max(0.0, timeout_s)
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # os.open makes a non-inheritable descriptor: worker processes never share the lock,
        # so it dies with this process only.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    waited = f" after waiting {self.timeout_s:g}s" if self.timeout_s else ""
                    raise LockBusy(
                        f"another run is writing to {self.path.parent} ({holder}){waited}; "
                        "try again later or pass --lock-timeout SECONDS to wait"
                    ) from None
                time.sleep(_POLL_S)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {datetime.now(UTC).isoformat()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "holder unknown"
