"""Command line: `pipeline run`, `pipeline inspect`, `pipeline compact`.

Exit codes (documented in the README):
  0  the run completed (some inputs may have been rejected: see OUTPUT/rejects/)
  1  the run could not complete (an unexpected error); committed parts stay, every file is whole,
     and the same command finishes the work
  2  bad usage (unknown option, bad value)
  3  bad configuration or missing input folder
  4  another run holds the output folder's lock (after --lock-timeout seconds); nothing was done
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from pipeline import __version__
from pipeline.config import MIB, Config, load_config

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_LOCKED = 4
EXIT_PAGE_ERRORS = 5

log = logging.getLogger("pipeline")


class _JsonFormatter(logging.Formatter):
    """One JSON object per line: a scheduler can keep, grep and parse the log as it is."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "event": "error" if record.levelno >= logging.ERROR else "log",
            "msg": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}))
        if record.exc_info:  # the traceback stays inside the one line, as an escaped string
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def _setup_logging(fmt: str, level: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="Turn raw scraped pages (plain text, HTML) into clean article records in Parquet.",
        epilog="Exit codes: 0 run completed (rejects are recorded, not failures); 1 run could not "
        "complete; 2 bad usage; 3 bad configuration or missing input folder; 4 another run holds the "
        "output folder (see --lock-timeout); 5 run completed, but more pages than --max-page-errors "
        "hit an internal error (reject reason `error`).",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="process every page under the input folder into OUTPUT/articles (Parquet)",
        description="Process every page under --input into Parquet datasets under --output: "
        "articles/ (one row per article), rejects/ (one row per input that gave no article, with "
        "the reason) and runs/ (per run: a JSON manifest and a self-contained HTML report with "
        "charts). Incremental: inputs unchanged since the last run (same bytes, pipeline version and "
        "settings) are skipped; see --full. Shows a progress bar on a terminal, a progress log line "
        "every 30 s otherwise, and a summary at the end. Settings: defaults, then pipeline.toml "
        "(or --config), then these flags.",
        epilog="Example: pipeline run --input raw --output cleaned --workers 8 --log-format json",
    )
    run.add_argument("--input", type=Path, metavar="DIR", help="folder of raw pages (default: raw)")
    run.add_argument("--output", type=Path, metavar="DIR", help="output folder (default: cleaned)")
    run.add_argument("--config", type=Path, metavar="FILE",
                     help="TOML settings file (default: ./pipeline.toml if present; "
                     "see pipeline.toml.example)")
    run.add_argument("--workers", type=int, metavar="N",
                     help="worker processes; 0 = one per core (default: 0)")
    run.add_argument("--engine", choices=("local", "dask"),
                     help="where pages are processed: local worker processes, or a Dask cluster "
                     "(default: local)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786")
    run.add_argument("--batch-size", type=int, metavar="N",
                     help="pages per batch of work sent to a worker (default: 256)")
    run.add_argument("--page-timeout", type=float, metavar="S",
                     help="seconds allowed to extract one page before it is rejected as timeout "
                     "(default: 20)")
    run.add_argument("--html-mode", choices=("accurate", "fast"),
                     help="HTML body extraction: accurate (two trafilatura runs that vote per "
                     "paragraph) or fast (one run: extraction ~25%% cheaper, a little less accurate) "
                     "(default: accurate)")
    run.add_argument("--no-repeat-learning", action="store_true",
                     help="do not learn boilerplate from lines repeated across a site's pages")
    run.add_argument("--full", action="store_true",
                     help="reprocess every input, even those unchanged since the last run")
    run.add_argument("--lock-timeout", type=float, default=0.0, metavar="SECONDS",
                     help="when another run is writing to the same output, wait this long for it "
                     "before giving up with exit code 4 (default: 0, do not wait)")
    run.add_argument("--max-page-errors", type=int, default=0, metavar="N",
                     help="exit with code 5 when more than N pages hit an internal error (a bug: "
                     "reject reason `error`); the run still completes and commits (default: 0)")
    _add_log_options(run)

    inspect = sub.add_parser(
        "inspect",
        help="show how one page is split: title, byline, body and every removed line with its rule",
        description="Run the extraction stages on one file and print the result: title, byline, "
        "section, date, captions, body, every line that was removed with the stage and rule that "
        "removed it, and the page line by line marked with what became of each line. Use it to "
        "find out why a paragraph went missing. A single page has no sibling pages, so lines that "
        "a run removes only because they repeat across a site's pages are not removed here.",
        epilog="Example: pipeline inspect raw/page.txt --json | jq .removed",
    )
    inspect.add_argument("file", metavar="FILE",
                         help="a raw page (text or HTML, maybe .gz), or FILE#N for record N of a "
                         "WARC or JSON Lines file (as in source_path)")
    inspect.add_argument("--config", type=Path, metavar="FILE",
                         help="TOML settings file, for site rules and extra markers "
                         "(default: ./pipeline.toml if present)")
    inspect.add_argument("--json", action="store_true",
                         help="print one JSON object (fields, body, removed lines) instead of text")

    compact = sub.add_parser(
        "compact",
        help="merge small Parquet part files of an output folder into bigger ones",
        description="Merge the small part files of an output folder (each run adds new files for "
        "the inputs it sees first; parts also shrink as inputs are deleted) into parts of about "
        "--target-mb, oldest first. Records do not change. Holds the output folder's lock like a "
        "run. While a merge is being installed (milliseconds per merged part) a reader listing "
        "the folder can see its rows twice: run it when nothing reads the output, e.g. after the "
        "nightly run.",
        epilog="Example: pipeline compact --output cleaned --target-mb 256",
    )
    compact.add_argument("--output", type=Path, metavar="DIR", default=Path("cleaned"),
                         help="output folder of `pipeline run` (default: cleaned)")
    compact.add_argument("--target-mb", type=int, default=128, metavar="N",
                         help="size of a merged part in MiB of Parquet; parts under half of it are "
                         "merged (default: 128)")
    compact.add_argument("--lock-timeout", type=float, default=0.0, metavar="SECONDS",
                         help="wait this long for a run holding the output before giving up with "
                         "exit code 4 (default: 0)")
    _add_log_options(compact)
    return parser


def _add_log_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--log-format", choices=("text", "json"), default="text",
                   help="log line format on stderr (default: text)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="only warnings and errors (no progress, no summary)")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")


def _config_for_run(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    changes: dict[str, object] = {}
    if args.input is not None:
        changes["input_dir"] = args.input
    if args.output is not None:
        changes["output_dir"] = args.output
    if args.workers is not None:
        changes["workers"] = args.workers
    if args.batch_size is not None:
        changes["batch_size"] = args.batch_size
    if args.engine is not None:
        changes["engine"] = args.engine
    if args.scheduler is not None:
        changes["scheduler"] = args.scheduler
    if args.page_timeout is not None:
        changes["limits"] = replace(config.limits, page_timeout_s=args.page_timeout)
    if args.no_repeat_learning:
        changes["learn_repeats"] = False
    if args.html_mode is not None:
        changes["html_mode"] = args.html_mode
    return replace(config, **changes)  # type: ignore[arg-type]


def cmd_run(args: argparse.Namespace) -> int:
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    _setup_logging(args.log_format, level)
    try:
        config = _config_for_run(args)
    except (OSError, ValueError) as exc:
        log.error("bad configuration: %s", exc)
        return EXIT_CONFIG
    if not config.input_dir.is_dir():
        log.error("input folder not found: %s", config.input_dir)
        return EXIT_CONFIG
    if config.batch_size < 1 or config.workers < 0 or args.lock_timeout < 0 or args.max_page_errors < 0:
        log.error("--batch-size must be >= 1; --workers, --lock-timeout and --max-page-errors >= 0")
        return EXIT_USAGE
    if config.engine not in ("local", "dask") or (config.engine == "dask" and not config.scheduler):
        log.error("--engine must be local or dask, and --engine dask needs --scheduler ADDRESS")
        return EXIT_USAGE
    if config.engine == "local" and (config.workers or os.cpu_count() or 1) > 1:
        # Before the imports below: the workers' imports then run beside the driver's (~1 s sooner).
        from pipeline.prestart import inputs_may_hold_html, start_forkserver

        start_forkserver(inputs_may_hold_html(config.input_dir))
    from pipeline.lock import LockBusy
    from pipeline.progress import ProgressReporter
    from pipeline.runner import run

    reporter = ProgressReporter(enabled=not args.quiet, bar=None if args.log_format == "text" else False)
    reporter.run_started(config)
    try:
        summary = run(config, progress=reporter.update, full=args.full, lock_timeout_s=args.lock_timeout)
    except LockBusy as exc:
        log.error("%s", exc)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        log.error("interrupted; parts already committed are kept, the next run does the rest")
        return EXIT_FAILED
    except Exception:
        log.exception("run failed; parts already committed are kept, the next run does the rest")
        return EXIT_FAILED
    finally:
        reporter.close()
    reporter.print_summary(summary, config)
    errors = summary.rejected_by_reason.get("error", 0)
    if errors > args.max_page_errors:
        # Rejects for bad input are expected; an `error` is the pipeline's own bug, which a
        # scheduler should hear about even though everything else was written.
        log.error("%d page(s) hit an internal error (reject reason `error`, more than --max-page-errors "
                  "%d); see the page_error lines above and %s", errors, args.max_page_errors,
                  summary.manifest_path)
        return EXIT_PAGE_ERRORS
    return EXIT_OK


def cmd_inspect(args: argparse.Namespace) -> int:
    from pipeline.inspect import inspect_file, render_text

    try:
        config = load_config(args.config)
    except (OSError, ValueError) as exc:
        print(f"bad configuration: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    report = inspect_file(args.file, config)
    if report.get("rejected", {}).get("reason") == "missing":
        print(f"no such file or container record: {args.file}", file=sys.stderr)
        return EXIT_CONFIG
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        print(render_text(report))
    return EXIT_OK


def cmd_compact(args: argparse.Namespace) -> int:
    from pipeline.compact import NothingToCompact, RunPending, compact
    from pipeline.lock import LockBusy

    _setup_logging(args.log_format, logging.DEBUG if args.verbose else
                   logging.WARNING if args.quiet else logging.INFO)
    if args.target_mb < 1 or args.lock_timeout < 0:
        log.error("--target-mb must be >= 1 and --lock-timeout >= 0")
        return EXIT_USAGE
    try:
        summary = compact(args.output, args.target_mb * MIB, args.lock_timeout)
    except NothingToCompact as exc:
        log.error("%s", exc)
        return EXIT_CONFIG
    except LockBusy as exc:
        log.error("%s", exc)
        return EXIT_LOCKED
    except RunPending as exc:
        log.error("%s", exc)
        return EXIT_FAILED
    except Exception:
        log.exception("compaction failed; every part is whole, and merges already done are kept")
        return EXIT_FAILED
    log.info("compacted %s: %d part files -> %d (%d merged into %d, %.1f MB rewritten) in %.1f s",
             args.output, summary.parts_before, summary.parts_after, summary.merged_parts,
             summary.new_parts, summary.bytes_rewritten / 1e6, summary.seconds,
             extra={"fields": {"event": "compact_finished", **vars(summary)}})
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.command == "run":
        return cmd_run(args)
    if args.command == "inspect":
        return cmd_inspect(args)
    if args.command == "compact":
        return cmd_compact(args)
    parser.print_help()
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
