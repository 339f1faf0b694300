"""The console entry point (`mdbudget`, `python -m mdbudget`).

Light on purpose: Ctrl-C handling and the output streams are in place before
typer, rich and pydantic are imported (a tenth of a second in which Ctrl-C
used to print a traceback), and `mdbudget --version` imports none of them.
"""

from __future__ import annotations

import os
import signal
import sys

# Set when SIGTERM (timeout, CI cancellation, docker stop) arrived: the run ends as Ctrl-C
# does, temporary files removed, but with 143 (128 + SIGTERM).
_terminated: list[int] = []


def main() -> None:
    _quiet_interrupts()
    try:
        _main()
    except SystemExit as exc:
        if _terminated and exc.code in (130, None, 0):
            sys.exit(128 + signal.SIGTERM)
        raise


def _main() -> None:
    try:
        from .errors import OutputError
        from .output.stream import exit_status, install, write_text

        install()
        _sane_environment()
        args = sys.argv[1:]
        if args == ["--version"]:
            from . import __version__

            try:
                write_text(f"mdbudget {__version__}\n")
            except OutputError as exc:
                sys.exit(exit_status(exc))
            sys.exit(0)
        from .cli import run

        run(args)
    except KeyboardInterrupt:
        # Ctrl-C anywhere, imports included: quiet, 130 (128 + SIGINT).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.exit(130)


def _quiet_interrupts() -> None:
    # Python's default handler raises KeyboardInterrupt, which `main` ends quietly. A shell
    # that started us with SIGINT ignored (a background job) keeps it ignored.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGTERM") and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_terminate)


def _on_terminate(signum: int, frame: object) -> None:
    _terminated.append(signum)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the clean-up is not interrupted again
    raise KeyboardInterrupt


def _sane_environment() -> None:
    # rich and the table width read COLUMNS and LINES with int() after str.isdigit(),
    # which "²" passes and int() refuses: a value that is not a plain number is ignored.
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and int(value) > 0):
            del os.environ[name]


if __name__ == "__main__":
    main()
