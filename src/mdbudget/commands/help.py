"""The help page, drawn with rich from what click's public API says about a command.

It has the layout of Typer's rich help (usage, text, one panel per group of
options or commands) with one difference: a wrapped line of help text folds
instead of ending in "…" (rich cuts a line that ends one cell past its width, and
a word wider than the column). Typer offers no setting for that, so the page is
drawn here; it reads only click's public parameter attributes.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import sys
from collections.abc import Iterable
from typing import Any

from rich.align import Align
from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.highlighter import RegexHighlighter
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme


class _Options(RegexHighlighter):
    highlights = [  # noqa: RUF012 - rich reads it from the class
        r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
        r"(?P<types>\<[^\>]+\>)",
        r"(?P<usage>Usage: )",
    ]


class _Negative(RegexHighlighter):
    highlights = [  # noqa: RUF012 - rich reads it from the class
        r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
    ]


class _Types(RegexHighlighter):
    highlights = [  # noqa: RUF012
        r"^(?P<types_sep>(\[|<))",
        r"(?P<types_sep>\|)",
        r"(?P<types_sep>(\]|>))(\.\.\.)?$",
    ]


THEME = Theme(
    {
        "option": "bold cyan",
        "switch": "bold green",
        "negative_option": "bold magenta",
        "negative_switch": "bold red",
        "types": "bold yellow",
        "types_sep": "dim",
        "usage": "yellow",
    }
)
options_highlighter, negative_highlighter, types_highlighter = _Options(), _Negative(), _Types()


def _text(text: str, style: str = "") -> Text:
    """Help text: rich markup, folded where a line is too long."""
    rendered = options_highlighter(Text.from_markup(inspect.cleandoc(text), style=style))
    rendered.overflow = "fold"
    return rendered


class _Capture(io.StringIO):
    """Collects the page as text, answering as the real stdout would (terminal? encoding?)."""

    def __init__(self, real: Any) -> None:
        super().__init__()
        self.real = real

    def isatty(self) -> bool:
        return bool(self.real is not None and self.real.isatty())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.real, "encoding", None) or "utf-8"


def help_page(command: Any, ctx: Any) -> str:
    """The help page as text, for the one output path: no blank first line, no trailing blanks."""
    capture = _Capture(sys.stdout)
    with contextlib.redirect_stdout(capture):
        width = os.environ.get("TERMINAL_WIDTH")
        forced = bool(os.environ.get("GITHUB_ACTIONS") or os.environ.get("FORCE_COLOR") or os.environ.get("PY_COLORS"))
        console = Console(
            theme=THEME,
            highlighter=options_highlighter,
            color_system="auto",
            force_terminal=True if forced else None,
            width=int(width) if width and width.isdigit() else None,
        )
        # The usage line is bold, padding and all, as typer prints it.
        console.print(Padding(options_highlighter(command.get_usage(ctx)), 1), style="bold")
        for part in _page(command, ctx):
            console.print(part)
    lines = [line.rstrip() for line in capture.getvalue().splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _page(command: Any, ctx: Any) -> Iterable[RenderableType]:
    if command.help:
        yield Padding(Align(_description(command.help), pad=False), (0, 1, 1, 1))
    arguments: dict[str, list[Any]] = {"Arguments": []}
    options: dict[str, list[Any]] = {"Options": []}
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        panels = arguments if param.param_type_name == "argument" else options
        panels.setdefault(getattr(param, "rich_help_panel", None) or next(iter(panels)), []).append(param)
    for panels in (arguments, options):
        for name, params in panels.items():
            if params:
                yield _panel(name, _params_table(params, ctx))
    commands: dict[str, list[Any]] = {}
    for name in command.list_commands(ctx) if hasattr(command, "list_commands") else ():
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            commands.setdefault(getattr(sub, "rich_help_panel", None) or "Commands", []).append(sub)
    widest = max((len(sub.name or "") for subs in commands.values() for sub in subs), default=0)
    for name in sorted(commands, key=lambda panel: panel != "Commands"):
        yield _panel(name, _commands_table(commands[name], widest))


def _description(help: str) -> Group:
    text = inspect.cleandoc(help).partition("\f")[0]
    first, *rest = text.split("\n\n")
    parts: list[RenderableType] = [_text(first.replace("\n", " ").strip())]
    if rest:
        parts += [Text(""), _text("\n\n".join(rest), style="dim")]
    return Group(*parts)


def _panel(title: str, table: Table) -> Panel:
    return Panel(table, border_style="dim", title=title, title_align="left")


def _params_table(params: list[Any], ctx: Any) -> Table:
    rows = [_param_row(param, ctx) for param in params]
    required = any(param.required for param in params)
    table = Table(highlight=True, show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1))
    for param, row in zip(params, rows, strict=True):
        mark: Text | str = Text("*", style="red") if param.required else ""
        table.add_row(*([mark, *row] if required else row))
    return table


def _param_row(param: Any, ctx: Any) -> list[RenderableType]:
    argument = param.param_type_name == "argument"
    name = (param.metavar or (param.name or "").upper()) if argument else None
    long = [o for o in param.opts if "--" in o]
    short = [name if name else o for o in param.opts if "--" not in o]
    secondary_long = [o for o in param.secondary_opts if "--" in o]
    secondary_short = [o for o in param.secondary_opts if "--" not in o]
    kind = Text(style="bold yellow", overflow="fold")
    shown = _value_name(param)
    if shown:
        kind.append(shown)
    return [
        options_highlighter(",".join(long)),
        options_highlighter(",".join(short)),
        negative_highlighter(",".join(secondary_long)),
        negative_highlighter(",".join(secondary_short)),
        types_highlighter(kind),
        _param_help(param),
    ]


def _value_name(param: Any) -> str | None:
    """What an option's value is called (FORMAT, N); a flag takes none, an argument's name says it."""
    if param.param_type_name == "argument" or getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    return str(param.metavar) if param.metavar else "TEXT"


def _param_help(param: Any) -> Columns:
    items: list[Text] = []
    if param.help:
        paragraphs = [part.replace("\n", " ").strip() for part in param.help.split("\n\n")]
        items.append(_text("\n".join(paragraphs).strip()))
    default = _default(param)
    if default is not None:
        items.append(Text(f"[default: {default}]", style="dim"))
    if param.required:
        items.append(Text("[required]", style="dim red"))
    return Columns(items)


def _default(param: Any) -> str | None:
    if not getattr(param, "show_default", False) or param.default is None:
        return None
    if getattr(param, "is_flag", False) and not param.secondary_opts:
        return None  # a flag is off unless given
    return str(getattr(param.default, "value", param.default))


def _commands_table(commands: list[Any], widest: int) -> Table:
    table = Table(highlight=False, show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True, width=widest)
    table.add_column("Description", justify="left", no_wrap=False, ratio=10)
    for command in commands:
        first = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        table.add_row(Text(command.name or ""), _text(first.strip()))
    return table
