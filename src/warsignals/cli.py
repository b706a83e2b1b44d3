"""The ``warsignals`` command.

Subcommands are registered by the modules listed in :data:`COMMAND_MODULES`; each exposes
``register(commands, train, evaluate)`` adding parsers to the top-level ``commands`` subparsers and to the
``train`` / ``evaluate`` subparsers (``warsignals train signals``, ``warsignals evaluate stance``), and sets
``func`` on each parser to a callable taking the parsed namespace and returning an exit code.
Errors derived from :class:`~warsignals.errors.WarsignalsError` print as one line, without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys

from warsignals import __version__
from warsignals.errors import WarsignalsError

COMMAND_MODULES: tuple[str, ...] = (
    "warsignals.corpus.commands",
    "warsignals.runner.commands",
    "warsignals.signals.commands",
    "warsignals.stance.commands",
    "warsignals.topics.commands",
    "warsignals.validate.commands",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="warsignals",
        description="Escalation rhetoric, negotiation signals, topics and stance in corpora about a war.",
    )
    parser.add_argument("--version", action="version", version=f"warsignals {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    train_parser = commands.add_parser("train", help="train a model on labelled sentences")
    train = train_parser.add_subparsers(dest="kind", metavar="KIND")
    train_parser.set_defaults(func=lambda args: _missing_kind(train_parser))
    evaluate_parser = commands.add_parser("evaluate", help="evaluate a model on labelled sentences (JSON)")
    evaluate = evaluate_parser.add_subparsers(dest="kind", metavar="KIND")
    evaluate_parser.set_defaults(func=lambda args: _missing_kind(evaluate_parser))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, train, evaluate)
    return parser


def _missing_kind(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


class PipeSafeStdout(io.TextIOBase):
    """Standard output that a closed reader (``warsignals ingest ... | head -1``) cannot stop.

    On the first ``BrokenPipeError`` the stream's descriptor is pointed at ``/dev/null`` and further output is
    dropped, so the command still writes its tables and exits normally instead of raising a traceback.
    """

    def __init__(self, stream) -> None:
        self.stream = stream
        self.broken = False

    def _guard(self, action):
        if self.broken:
            return None
        try:
            return action()
        except BrokenPipeError:
            self.broken = True
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.stream.fileno())
                os.close(devnull)
            except (OSError, ValueError):
                pass
            return None

    def write(self, text: str) -> int:
        self._guard(lambda: self.stream.write(text))
        return len(text)

    def flush(self) -> None:
        self._guard(self.stream.flush)

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:
        return self.stream.encoding


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``warsignals`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    stdout = sys.stdout
    if not isinstance(stdout, PipeSafeStdout):
        sys.stdout = PipeSafeStdout(stdout)
    try:
        return int(args.func(args) or 0)
    except WarsignalsError as exc:
        print(f"warsignals: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("warsignals: interrupted", file=sys.stderr)
        return 130
    finally:
        sys.stdout.flush()
        sys.stdout = stdout


if __name__ == "__main__":
    sys.exit(main())
