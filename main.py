#!/usr/bin/env python3
"""DPRK Pressure Brief: is the pressure on Pyongyang keeping pace with its provocations?

Run with no command to open the dashboard; see `python main.py --help` for the rest.
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

VERSION = "0.1.0"


def _db_target(text: str):
    from models.engines import db_target

    return db_target(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="DPRK Pressure Brief: missile launches against the diplomatic and sanctions response. "
                    "With no command, opens the dashboard.")
    parser.add_argument("--db", type=_db_target, metavar="FILE|postgresql://…",
                        help="the database file (default: in your user data folder), or a shared PostgreSQL "
                             "database (postgresql://host/dbname, service=NAME, or postgresql:// with the PG* "
                             "environment variables); an empty database is filled with the bundled dataset")
    parser.add_argument("--empty", action="store_true", help="do not fill an empty database with the bundled data")
    parser.add_argument("--check", action="store_true",
                        help="build the main window offscreen, wait for its first paint, print the time, exit")
    parser.add_argument("--version", action="version", version=f"DPRK Pressure Brief {VERSION}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = commands.add_parser("import", help="import files (CNS missile database, statement register, "
                                             "sanctions lists) in one transaction and print the report")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--as-of", metavar="YYYY-MM-DD", help="snapshot date for files that carry none (OFAC CSV)")

    tab = commands.add_parser("table", help="write one of the model's tables as CSV")
    tab.add_argument("name", help="missiles, launches, statements, alignment, ...")
    tab.add_argument("out", metavar="OUT.csv")

    chg = commands.add_parser("changes", help="what changed in a sanctions list between two snapshots")
    chg.add_argument("--list", dest="list_name", required=True, help="e.g. 'OFAC SDN'")
    chg.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    chg.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    chg.add_argument("--csv", dest="csv_out", metavar="OUT.csv", help="also write the entries as CSV")

    sch = commands.add_parser("search", help="find designations by name or alias (any word order, accents, "
                                             "romanisation variants), best first")
    sch.add_argument("query", metavar="QUERY")
    sch.add_argument("--csv", dest="csv_out", metavar="OUT.csv", help="also write the matches as CSV")
    sch.add_argument("--all", dest="all_lists", action="store_true",
                     help="search every designation, not only the DPRK-related ones")
    sch.add_argument("--threshold", type=float, default=None, metavar="N",
                     help="lowest score shown, 0-100 (default: models.matching.DEFAULT_THRESHOLD)")

    scr = commands.add_parser("screen", help="match every name in a CSV file against the store and write the "
                                             "best matches with scores")
    scr.add_argument("names", metavar="NAMES.csv", help="a UTF-8 CSV file with a header row")
    scr.add_argument("--column", help="the column holding the names (default: 'name', or the only column)")
    scr.add_argument("--threshold", type=float, default=None, metavar="N", help="lowest score kept, 0-100")
    scr.add_argument("--out", required=True, metavar="MATCHES.csv", help="where to write the matches")

    exp = commands.add_parser("export", help="write the brief as PDF or HTML, or one pane's figure as PNG/SVG "
                                             "(works with no display)")
    exp.add_argument("out", metavar="FILE", help="brief.pdf, brief.html, or FIGURE.png / FIGURE.svg with --pane")
    exp.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day of the period")
    exp.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day of the period")
    exp.add_argument("--title", help="the brief's title")
    exp.add_argument("--banner", help='the banner line (default "UNCLASSIFIED // FOR DISCUSSION")')
    exp.add_argument("--paper", default="a4", choices=["a4", "letter"], help="paper size (default a4)")
    exp.add_argument("--pane", choices=["timeline", "alignment", "sanctions", "network", "ledger"],
                     help="for PNG/SVG: the pane whose figure to write")
    cur = commands.add_parser("export-curation", help="write the analysts' own facts and edits (statements, "
                                                      "signatories, votes, launches, claims, with sources) as "
                                                      "register CSV files into a folder; import the folder to "
                                                      "bring them into another database")
    cur.add_argument("folder", metavar="DIR")
    aud = commands.add_parser("audit", help="write the curation audit trail (who, when, what before and after, "
                                            "which source) as CSV")
    aud.add_argument("out", metavar="OUT.csv")
    upd = commands.add_parser("update", help="download the official lists (addresses in the update settings file), "
                                             "import each as a dated snapshot and print what changed")
    upd.add_argument("--source", dest="sources", action="append", metavar="NAME",
                     help="only this source (repeatable; default: every enabled source)")
    upd.add_argument("--dry-run", action="store_true", help="download and verify, import nothing")
    upd.add_argument("--config", type=Path, metavar="FILE",
                     help="the update settings file (default: sources.toml in your user config folder, "
                          "or $DPRK_BRIEF_SOURCES; created from the defaults when missing)")
    cpy = commands.add_parser("copy", help="copy a whole database to a new, empty one (SQLite file to PostgreSQL "
                                           "or back), verified by row counts and checksums")
    cpy.add_argument("--from", dest="source", required=True, type=_db_target, metavar="FILE|postgresql://…")
    cpy.add_argument("--to", dest="target", required=True, type=_db_target, metavar="FILE|postgresql://…")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from models.paths import default_db_path

    db = args.db or default_db_path()
    if args.command is None:
        from ui.app import run_app

        return run_app(db, seed=not args.empty, check=args.check, started=STARTED)

    return run_command(args, db)


def run_command(args: argparse.Namespace, db: Path) -> int:
    """Run one command; every anticipated failure becomes one line on stderr and exit status 1
    (130 for Ctrl-C, after the transaction rolled back). See models/failures.py."""
    import os

    from models import failures

    try:
        return dispatch(args, db)
    except KeyboardInterrupt:
        print("error: interrupted; the unfinished change was rolled back, the database is as before",
              file=sys.stderr)
        return failures.EXIT_INTERRUPTED
    except BrokenPipeError:                   # `main.py changes ... | head`: the reader stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("error: the output was closed before all of it was written (broken pipe)", file=sys.stderr)
        return failures.EXIT_ERROR
    except Exception as exc:
        message = failures.describe(exc, db)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return failures.EXIT_ERROR


def dispatch(args: argparse.Namespace, db: Path) -> int:
    from models import commands
    from models.failures import waiting_message

    if args.command == "copy":
        from models.db_copy import cmd_copy

        return cmd_copy(args.source, args.target)
    with commands.open_store(db, seed=not args.empty, waiting=waiting_message(db)) as store:
        if args.command == "import":
            return commands.cmd_import(store, args.files, args.as_of)
        if args.command == "table":
            return commands.cmd_table(store, args.name, args.out)
        if args.command == "changes":
            return commands.cmd_changes(store, args.list_name, args.date_from, args.date_to, args.csv_out)
        if args.command == "search":
            from models.matching import DEFAULT_THRESHOLD
            from models.search import cmd_search

            threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
            return cmd_search(store, args.query, not args.all_lists, args.csv_out, threshold)
        if args.command == "screen":
            from models.matching import DEFAULT_THRESHOLD
            from models.screening import cmd_screen

            threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
            return cmd_screen(store, args.names, args.column, threshold, args.out)
        if args.command == "export":
            from ui.export.cli import cmd_export

            return cmd_export(store, args)
        if args.command == "export-curation":
            return commands.cmd_export_curation(store, args.folder)
        if args.command == "audit":
            return commands.cmd_audit(store, args.out)
        if args.command == "update":
            from models.update.cli import cmd_update

            return cmd_update(store, args.sources, args.dry_run, args.config)
    return 2


if __name__ == "__main__":
    sys.exit(main())
