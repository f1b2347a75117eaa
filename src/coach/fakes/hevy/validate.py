"""Validate requests against an OpenAPI 3.0 document the way Hevy does (docs/connectors.md (Hevy)).

OpenAPI 3.0 schemas are turned into JSON Schema (``$ref`` inlined, ``nullable`` made a type
union) and checked with ``jsonschema``. Hevy is stricter than its spec: keys the spec does not
list are rejected ("is not allowed"), and ``rep_range: null`` is refused (it must be omitted).
Messages follow Hevy's Joi style: ``"routine.exercises[0].sets[0].rep_range" must be of type
object``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from coach.fakes.hevy.contract import contract

_IGNORED = {"description", "example", "examples", "nullable", "discriminator", "xml"}


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    parameters: tuple[dict[str, Any], ...]
    body: Draft7Validator | None


class RequestRules:
    """Every operation of one OpenAPI document, ready to check requests."""

    def __init__(self, document: Mapping[str, Any], source: str) -> None:
        self.source = source
        self._document = document
        self._operations: list[Operation] = []
        for template, item in document.get("paths", {}).items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "([^/]+)", template) + "$")
            for method, operation in item.items():
                if method.startswith("x-") or method == "parameters":
                    continue
                schema = (
                    operation.get("requestBody", {})
                    .get("content", {})
                    .get("application/json", {})
                    .get("schema")
                )
                body = Draft7Validator(self._convert(schema, strict=True)) if schema else None
                self._operations.append(
                    Operation(
                        method.upper(),
                        template,
                        pattern,
                        tuple(operation.get("parameters", [])),
                        body,
                    )
                )

    @classmethod
    def load(cls, spec_path: Path | None) -> RequestRules:
        """Hevy's spec when ``spec_path`` exists, otherwise coach's own contract."""
        if spec_path is not None and spec_path.is_file():
            return cls(json.loads(spec_path.read_text("utf-8")), str(spec_path))
        return cls(contract(), "coach's contract")

    def operation(self, method: str, path: str) -> Operation | None:
        return next(
            (op for op in self._operations if op.method == method and op.pattern.match(path)),
            None,
        )

    def knows_path(self, path: str) -> bool:
        return any(op.pattern.match(path) for op in self._operations)

    def check(
        self, operation: Operation, query: Mapping[str, str], body: Any, has_body: bool
    ) -> str | None:
        """The first problem with a request (Joi-style text), or None."""
        for parameter in operation.parameters:
            if parameter.get("in") != "query" or parameter["name"] not in query:
                continue
            kind = parameter.get("schema", {}).get("type")
            value = query[parameter["name"]]
            if kind == "integer" and not re.fullmatch(r"-?\d+", value):
                return f'"{parameter["name"]}" must be a number'
        if operation.body is None:
            return None
        if not has_body:
            return '"value" must be of type object'
        errors = sorted(operation.body.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            return _joi(errors[0])
        return _null_rep_range(body)

    # -- OpenAPI 3.0 -> JSON Schema ---------------------------------------------------------

    def _resolve(self, ref: str) -> Any:
        node: Any = self._document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def _convert(self, schema: Any, *, strict: bool, depth: int = 0) -> Any:
        if depth > 32:
            raise ValueError(f"{self.source}: schema nesting too deep (recursive $ref?)")
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            return self._convert(self._resolve(schema["$ref"]), strict=strict, depth=depth + 1)
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key in _IGNORED:
                continue
            if key == "properties":
                out[key] = {
                    name: self._convert(sub, strict=strict, depth=depth + 1)
                    for name, sub in value.items()
                }
            elif key in ("items", "additionalProperties", "not"):
                out[key] = self._convert(value, strict=strict, depth=depth + 1)
            elif key in ("allOf", "anyOf", "oneOf"):
                out[key] = [self._convert(sub, strict=strict, depth=depth + 1) for sub in value]
            else:
                out[key] = value
        if schema.get("nullable"):
            if "type" in out:
                out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        if strict and "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False  # Hevy: unknown keys "are not allowed"
        return out


def _location(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "value"


def _joi(error: ValidationError) -> str:
    where = _location(error.absolute_path)
    schema: Any = error.schema
    expected: Any = error.validator_value
    if error.validator == "additionalProperties":
        instance: Any = error.instance
        extra = sorted(set(instance) - set(schema.get("properties", {})))
        key = extra[0] if extra else "?"
        return f'"{where}.{key}" is not allowed' if where != "value" else f'"{key}" is not allowed'
    if error.validator == "type":
        kinds = [k for k in (expected if isinstance(expected, list) else [expected]) if k != "null"]
        return f'"{where}" must be of type {" or ".join(kinds)}'
    if error.validator == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in expected)
        return f'"{where}" must be one of [{allowed}]'
    if error.validator == "required":
        return f'"{error.message.split(chr(39))[1]}" is required'
    return f'"{where}" {error.message}'


def _null_rep_range(body: Any) -> str | None:
    """Live Hevy rejects ``rep_range: null`` although the spec allows it (hevy-mcp #327)."""
    routine = body.get("routine") if isinstance(body, dict) else None
    if not isinstance(routine, dict):
        return None
    for e, exercise in enumerate(routine.get("exercises") or []):
        for s, item in enumerate(exercise.get("sets") or []):
            if isinstance(item, dict) and "rep_range" in item and item["rep_range"] is None:
                return f'"routine.exercises[{e}].sets[{s}].rep_range" must be of type object'
    return None
