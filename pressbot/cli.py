"""The pressbot command: offline parsing, evaluation, record checks, sites, dedup state, health.

Its subcommands: `parse`, `eval`, `validate`, `dupes`, `sites`, `check-site`, `state` and
`health` (the crawl itself is `scrapy crawl press`). Exit status: 0 when every input gave what
was asked, 1 when some did not (each reported on stderr), 2 on bad usage, 130 when stopped by
Ctrl-C, 141 (quietly, as `cat`) when the reader of stdout went away.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pressbot import __version__
from pressbot.dedup.keys import url_problem
from pressbot.sites import SiteConfig, SiteConfigError, load_site

# The subcommands' modules are imported when used, inside `main`, so that a Ctrl-C while they
# load ends as any other Ctrl-C does.
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command Ctrl-C stopped
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


def _whole(value: str) -> int:
    """`int(value)`, or an argparse error that says what was wanted (a ValueError would show as
    "invalid <function name> value")."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


def _jobs(value: str) -> int:
    jobs = _whole(value)
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return jobs


def _count(value: str) -> int:
    """A whole number >= 0 (`--worst`)."""
    count = _whole(value)
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return count


def _path(value: str) -> str:
    if not value:
        raise argparse.ArgumentTypeError("an empty path")  # (Path("") is the current folder)
    return value


def _text(value: str) -> str:
    """An argument that is UTF-8 text (a byte that is not arrives as a lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(f"not UTF-8 text: {value!r}") from None
    return value


def _url(value: str) -> str:
    """`--url`: an absolute URL, as a record's `url` is (a path there would be published)."""
    if problem := url_problem(_text(value)):
        raise argparse.ArgumentTypeError(f"{value!r}: {problem}")
    return value


def cmd_parse(args: argparse.Namespace) -> int:
    from pressbot.offline import ParseOptions, parse_paths  # noqa: PLC0415 - see top
    from pressbot.offline.sitechoice import AUTO, SiteChooser  # noqa: PLC0415
    from pressbot.sitecheck import sites_dirs  # noqa: PLC0415

    site: SiteConfig | SiteChooser | None = None
    if args.site == AUTO:
        site = SiteChooser.load(sites_dirs(args), warn=_warn_parse)
    elif args.site:
        site = load_site(args.site, sites_dirs(args))
    options = ParseOptions(
        paths=args.paths,
        output=None if args.output == "-" else args.output,  # (as an input, "-" is stdin)
        site=site,
        url=args.url,
        jobs=args.jobs,
        dedup=args.dedup,
        state=args.state,
        errors=args.errors,
    )
    return parse_paths(options)


def _warn_parse(message: str) -> None:
    print(f"pressbot parse: {message}", file=sys.stderr)


def _table(summary: dict[str, Any]) -> str:
    return "\n".join(f"  {key:<30} {value}" for key, value in summary.items())


def _scores(item: dict[str, Any]) -> str:
    if item["precision"] is None:
        return "(no gold body)"
    return f"P={item['precision']:.3f} R={item['recall']:.3f}"


def _spans(label: str, spans: list[str], show: int = 3, width: int = 160) -> list[str]:
    """The longest `show` body spans of a kind, in reading order, each cut to `width`."""
    if not spans:
        return []
    total = sum(len(span) for span in spans)
    lines = [f"body {label}: {len(spans)} span(s), {total} characters"]
    longest = sorted(sorted(range(len(spans)), key=lambda i: -len(spans[i]))[:show])
    for i in longest:
        span = " ".join(spans[i].split())
        lines.append("  " + repr(span if len(span) <= width else span[: width - 1] + "…"))
    return lines


def cmd_eval(args: argparse.Namespace) -> int:
    """Score each gold folder; a page that cannot be scored, or an empty folder, fails the run."""
    from pressbot.evaluate import evaluate_dir, read_floors, summarize  # noqa: PLC0415

    try:
        floors = read_floors(args.floors) if args.floors else {}
    except ValueError as exc:
        print(f"pressbot eval: {exc}", file=sys.stderr)
        return 2
    if missing := [d for d in args.dirs if not Path(d).is_dir()]:
        print(f"pressbot eval: not a directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    report: dict[str, Any] = {}
    problems: list[str] = []  # the run fails on these with or without floors
    below: list[str] = []
    for directory in args.dirs:
        path = Path(directory)
        results = evaluate_dir(path)
        for failed in (r for r in results if r.error):
            print(f"{path.name}/{failed.id}: {failed.error}", file=sys.stderr)
        summary = summarize(results)
        worst = sorted(results, key=lambda r: ((r.precision or 0) + (r.recall or 0), -len(r.diffs)))
        report[path.name] = {
            "summary": summary,
            "worst": [
                {
                    "id": r.id,
                    "precision": r.precision,
                    "recall": r.recall,
                    "error": r.error,
                    "diffs": {k: list(v) for k, v in r.diffs.items()},
                    "body_missing": r.body_missing,
                    "body_extra": r.body_extra,
                }
                for r in worst[: args.worst]
            ],
        }
        problems += _unscored(path, results, summary)
        for key, floor in floors.get(path.name, {}).items():
            if summary.get(key, 0.0) < floor:
                below.append(f"{path.name}.{key} = {summary.get(key)} < floor {floor}")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for name, part in report.items():
            print(f"{name}:\n{_table(part['summary'])}")
            for item in part["worst"]:
                print(f"  worst {item['id']}: {_scores(item)} {item['error'] or ''}")
                for label, key in (("missing", "body_missing"), ("extra", "body_extra")):
                    for line in _spans(label, item[key]):
                        print(f"      {line}")
                for key, (want, got) in item["diffs"].items():
                    print(
                        f"      {key}: expected {want!r}\n      {' ' * len(key)}  got      {got!r}"
                    )
    for line in problems:
        print(f"pressbot eval: {line}", file=sys.stderr)
    for line in below:
        print(f"BELOW FLOOR: {line}", file=sys.stderr)
    return 1 if problems or below else 0


def _unscored(path: Path, results: list[Any], summary: dict[str, Any]) -> list[str]:
    """What keeps a folder's figures from counting: pages that could not be scored, or no gold
    record at all (the parent of gold folders, given by mistake, says which to pass)."""
    if summary["errors"]:
        return [f"{path.name}: {summary['errors']} page(s) could not be scored"]
    if results:
        return []
    problem = f"{path.name}: no gold record (<id>.json) in it"
    golds = [d for d in sorted(path.iterdir()) if d.is_dir() and any(d.glob("*.json"))]
    if golds:
        names = ", ".join(d.name for d in golds)
        command = " ".join(["pressbot eval", *map(str, golds)])
        problem += f"; its subfolders {names} hold gold records: pass them ({command})"
    return [problem]


def cmd_validate(args: argparse.Namespace) -> int:
    """Name the line of each invalid record; lines are read as bytes, so a line that is not
    UTF-8 is one invalid record, not the end of the check."""
    from pressbot.schema import lone_surrogates, record_errors  # noqa: PLC0415 - see top

    bad = 0
    for name in args.files:
        try:
            handle = open(name, "rb")  # noqa: SIM115
        except OSError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            bad += 1
            continue
        with handle:
            for number, line in enumerate(handle, 1):
                try:
                    record = json.loads(line.decode("utf-8"))
                    errors = [*record_errors(record), *lone_surrogates(line, record)]
                except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                    errors = [f"not JSON: {exc}"]
                for error in errors:
                    print(f"{name}:{number}: {error}")
                bad += bool(errors)
    return 1 if bad else 0


def build_parser() -> argparse.ArgumentParser:
    from pressbot import dupes, runstatus, sitecheck, statecmd  # noqa: PLC0415 - see top
    from pressbot.offline import DEFAULT_STATE_PATH  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="pressbot", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse saved HTML files into JSONL records")
    p.add_argument(
        "paths",
        nargs="+",
        type=_path,
        help="HTML files (.html, .html.gz), folders, globs, WARC files, Scrapy HTTP-cache "
        "folders; - for one page on stdin (with --url)",
    )
    p.add_argument("-o", "--output", help="write JSONL here instead of stdout (-: stdout)")
    p.add_argument(
        "--site",
        help="apply this site config (selectors, time zone); auto: to each page the config "
        "of the site its URL is on, as a crawl of that site would",
    )
    sitecheck.add_sites_dir(p)
    p.add_argument("--url", type=_url, help="the URL the saved page(s) came from")
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        help="worker processes, at most one per core (default: all cores)",
    )
    p.add_argument("--dedup", action="store_true", help="drop duplicates as the crawl does")
    p.add_argument(
        "--state",
        default=DEFAULT_STATE_PATH,
        help=f"dedup state file for --dedup (default: {DEFAULT_STATE_PATH})",
    )
    p.add_argument("--errors", metavar="FILE", help="write each failure here as a JSON line")
    p.set_defaults(func=cmd_parse)
    e = sub.add_parser("eval", help="score extraction against gold directories")
    e.add_argument("dirs", nargs="+", help="folders of <id>.html[.gz] + <id>.json gold records")
    e.add_argument("--json", action="store_true", help="machine-readable report")
    e.add_argument(
        "--worst", type=_count, default=5, help="how many worst pages to show (default: 5)"
    )
    e.add_argument("--floors", help="JSON {dir name: {metric: minimum}}; exit 1 below any")
    e.set_defaults(func=cmd_eval)
    v = sub.add_parser("validate", help="check JSONL files against the record schema")
    v.add_argument("files", nargs="+", help="JSONL files of records (a feed, parse's output)")
    v.set_defaults(func=cmd_validate)
    dupes.add_parser(sub)
    sitecheck.add_commands(sub)  # `sites`, `check-site`
    statecmd.add_parser(sub)  # `state check`, `state repair`
    runstatus.add_parser(sub)  # `health`
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand. Ctrl-C ends any of them with one line and status 130 (`parse` and
    `state repair` first say what they left behind, and return 130 themselves)."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except KeyboardInterrupt:
        print("pressbot: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SiteConfigError as exc:
        print(f"pressbot: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`pressbot eval ... | head`): stop quietly, with the status a
        # shell reports for `cat` then (128 + SIGPIPE), and keep the interpreter's final flush
        # of stdout from raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
