"""The console entry point (`mdbudget`, `python -m mdbudget`).

Light on purpose: Ctrl-C handling and the output streams are in place before
typer, rich and pydantic are imported (a tenth of a second in which Ctrl-C
used to print a traceback), and `mdbudget --version` imports none of them.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn


def main() -> None:
    _quiet_interrupts()
    _main()


def _main() -> None:
    try:
        from .errors import OutputError
        from .output.stream import install, write_text

        install()
        _sane_environment()
        args = sys.argv[1:]
        if args == ["--version"]:
            from . import __version__

            try:
                write_text(f"mdbudget {__version__}\n")
            except OutputError as exc:
                _end(exc)
            _end(None)
        from .cli import run

        run(args)
    except KeyboardInterrupt as exc:
        # Ctrl-C anywhere, imports included: quiet, 130 (128 + SIGINT).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _end(exc)


def _end(ended: object) -> NoReturn:
    """Exit as the boundary's one map (errors.outcome) says for what the run ended with."""
    from .errors import outcome

    status, text = outcome(ended)
    if text:
        from .output.stream import message

        message(f"mdbudget: {text}")
    sys.exit(status)


def _quiet_interrupts() -> None:
    # Python's default handler raises KeyboardInterrupt, which `main` ends quietly. A shell
    # that started us with SIGINT ignored (a background job) keeps it ignored.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGTERM") and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_terminate)


def _on_terminate(signum: int, frame: object) -> None:
    # SIGTERM (timeout, CI cancellation, docker stop) ends the run as Ctrl-C does; errors.outcome gives 143.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the clean-up is not interrupted again
    from . import errors

    errors.terminated = True
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
