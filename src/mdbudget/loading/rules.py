"""Run the schema's cross-key rules on a file the schema refuses.

Pydantic runs a model's rules (unique ids, references, allocation ≤ total,
period order) only when every key of that model is valid, so a file with a
misspelt key would show its duplicate ids only after the fix. Here each rule
runs on the raw values the schema accepted; a rule that needs a value the
schema refused is skipped, as the schema's own error already names it.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from ..budget.records import PathPart


def rule_errors(data: object, refused: set[tuple[PathPart, ...]]) -> list[Any]:
    """Pydantic-style error dicts, located from the file's root, of every rule the values break.

    ``refused``: the locations of the values the schema refused.
    """
    from .model import Budget

    out: list[Any] = []
    _walk(Budget, data, (), out, refused)
    return out


def _walk(
    model: type[BaseModel], raw: object, loc: tuple[PathPart, ...], out: list[Any], refused: set[tuple[PathPart, ...]]
) -> None:
    if not isinstance(raw, dict):
        return
    for name, info in model.model_fields.items():
        inner = _model_in(info.annotation)
        if inner is None or name not in raw:
            continue
        value = raw[name]
        if isinstance(value, list):
            for i, item in enumerate(value):
                _walk(inner, item, (*loc, name, i), out, refused)
        else:
            _walk(inner, value, (*loc, name), out, refused)
    validators = model.__pydantic_decorators__.model_validators.values()
    if not validators:
        return
    values = _namespace(model, raw, loc, refused)
    for validator in validators:
        if validator.info.mode != "after":
            continue
        try:
            validator.func(values)
        except ValidationError as exc:
            out.extend(e | {"loc": (*loc, *e["loc"])} for e in exc.errors(include_url=False))
        except Exception:  # values of the wrong type: the schema's own error names them
            continue


def _namespace(
    model: type[BaseModel], raw: object, loc: tuple[PathPart, ...], refused: set[tuple[PathPart, ...]]
) -> object:
    """The raw table as attributes, nested tables too; missing keys take their defaults, refused ones stay absent."""
    if isinstance(raw, BaseModel):
        return raw  # validated already (bulk.validate_projects)
    if not isinstance(raw, dict):
        return None
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        here = (*loc, name)
        if here in refused:
            continue
        if name in raw:
            value = raw[name]
            inner = _model_in(info.annotation)
            if isinstance(value, list) and inner is not None:
                value = [_namespace(inner, v, (*here, i), refused) for i, v in enumerate(value)]
            elif inner is not None:
                value = _namespace(inner, value, here, refused)
            values[name] = value
        elif not info.is_required():
            values[name] = info.get_default(call_default_factory=True)
    return SimpleNamespace(**values)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    from .messages import _model_in as find

    found = find(annotation)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None
