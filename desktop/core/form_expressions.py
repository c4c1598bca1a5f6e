"""A safe parser and evaluator for the XLSForm expression subset used in relevant/constraint.

Supported: ``${field}``, ``.`` (the answer being checked), numbers, single- or double-quoted
strings, ``= != < <= > >=``, ``and``, ``or``, ``not(...)``, ``selected(${f}, 'x')``,
``count-selected(${f})`` and parentheses. Expressions are parsed to a small AST of frozen
dataclasses and walked; nothing is ever passed to ``eval``.

Semantics follow XPath as ODK uses it, simplified: an unanswered field is the empty string; ``=``
and ``!=`` compare numerically when both sides look like numbers, else as text; ordered
comparisons (``<`` …) are numeric and false when either side is not a number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.errors import InvalidInput


class ExpressionError(InvalidInput):
    """An expression that cannot be parsed (message names the position)."""


@dataclass(frozen=True)
class Literal:
    value: str | float


@dataclass(frozen=True)
class FieldRef:
    name: str


@dataclass(frozen=True)
class Current:
    """``.``: the value of the field whose constraint is checked."""


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Literal | FieldRef | Current | Compare | BoolOp | Call

_FUNCTIONS = {"not": 1, "selected": 2, "count-selected": 1}
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<field>\$\{(?P<fname>[A-Za-z_][A-Za-z0-9_.-]*)\})
    | (?P<number>\d+(?:\.\d+)?|\.\d+)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<op><=|>=|!=|=|<|>)
    | (?P<punct>[(),])
    | (?P<dot>\.)
    | (?P<name>[A-Za-z][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    stripped_end = len(text.rstrip())
    while pos < stripped_end:
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise _error(text, pos, "carácter inesperado", "unexpected character")
        kind = m.lastgroup or ""
        if kind == "fname":
            kind = "field"
        start = m.start(kind)
        value = m.group("fname") if kind == "field" else m.group(kind)
        tokens.append((kind, value, start))
        pos = m.end()
    return tokens


def _error(text: str, pos: int, es: str, en: str) -> ExpressionError:
    return ExpressionError(
        f"Expresión inválida «{text}» en la posición {pos + 1}: {es}.",
        f"Invalid expression “{text}” at position {pos + 1}: {en}.",
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def pos(self) -> int:
        tok = self.peek()
        return tok[2] if tok else len(self.text)

    def take(self, kind: str, value: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None or tok[0] != kind or (value is not None and tok[1] != value):
            want = value or kind
            raise _error(self.text, self.pos(), f"se esperaba «{want}»", f"expected “{want}”")
        self.i += 1
        return tok

    def at_punct(self, char: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "punct" and tok[1] == char

    def at_keyword(self, word: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "name" and tok[1] == word

    def parse(self) -> Node:
        if not self.tokens:
            raise _error(self.text, 0, "está vacía", "it is empty")
        node = self.parse_or()
        if self.peek() is not None:
            raise _error(self.text, self.pos(), "sobra texto", "unexpected trailing text")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.at_keyword("or"):
            self.i += 1
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_compare()]
        while self.at_keyword("and"):
            self.i += 1
            items.append(self.parse_compare())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items))

    def parse_compare(self) -> Node:
        left = self.parse_primary()
        tok = self.peek()
        if tok is not None and tok[0] == "op":
            self.i += 1
            right = self.parse_primary()
            nxt = self.peek()
            if nxt is not None and nxt[0] == "op":
                raise _error(self.text, nxt[2], "comparaciones encadenadas", "chained comparisons")
            return Compare(tok[1], left, right)
        return left

    def parse_primary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise _error(self.text, self.pos(), "termina antes de tiempo", "ends too early")
        kind, value, pos = tok
        self.i += 1
        if kind == "field":
            return FieldRef(value)
        if kind == "number":
            return Literal(float(value))
        if kind == "string":
            return Literal(value[1:-1])
        if kind == "dot":
            return Current()
        if kind == "punct" and value == "(":
            inner = self.parse_or()
            self.take("punct", ")")
            return inner
        if kind == "name" and value in _FUNCTIONS:
            self.take("punct", "(")
            args: list[Node] = []
            if not self.at_punct(")"):
                args.append(self.parse_or())
                while self.at_punct(","):
                    self.i += 1
                    args.append(self.parse_or())
            self.take("punct", ")")
            if len(args) != _FUNCTIONS[value]:
                raise _error(
                    self.text,
                    pos,
                    f"{value}() recibe {_FUNCTIONS[value]} argumento(s)",
                    f"{value}() takes {_FUNCTIONS[value]} argument(s)",
                )
            return Call(value, tuple(args))
        if kind == "name":
            raise _error(
                self.text, pos, f"función o palabra desconocida «{value}»", f"unknown “{value}”"
            )
        raise _error(self.text, pos, f"no se esperaba «{value}»", f"unexpected “{value}”")


def parse(text: str) -> Node:
    """Parse an expression.

    Raises:
        ExpressionError: the expression is not in the supported subset.
    """
    return _Parser(text).parse()


def field_refs(node: Node) -> set[str]:
    """The ``${name}`` fields an expression reads."""
    if isinstance(node, FieldRef):
        return {node.name}
    if isinstance(node, Compare):
        return field_refs(node.left) | field_refs(node.right)
    if isinstance(node, BoolOp | Call):
        items = node.items if isinstance(node, BoolOp) else node.args
        out: set[str] = set()
        for item in items:
            out |= field_refs(item)
        return out
    return set()


def uses_current(node: Node) -> bool:
    """Whether the expression reads ``.``."""
    if isinstance(node, Current):
        return True
    if isinstance(node, Compare):
        return uses_current(node.left) or uses_current(node.right)
    if isinstance(node, BoolOp):
        return any(uses_current(i) for i in node.items)
    if isinstance(node, Call):
        return any(uses_current(i) for i in node.args)
    return False


def _value(node: Node, answers: Mapping[str, Any], current: Any) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, FieldRef):
        return answers.get(node.name)
    if isinstance(node, Current):
        return current
    return _truth(node, answers, current)


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _selection(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value).split()


def _truthy(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, list | tuple):
        return bool(value)
    return str(value) != ""


def _compare(op: str, left: Any, right: Any) -> bool:
    ln, rn = _as_number(left), _as_number(right)
    if op in ("=", "!="):
        both_numbers = ln is not None and rn is not None
        equal = ln == rn if both_numbers else _as_text(left) == _as_text(right)
        return equal if op == "=" else not equal
    if ln is None or rn is None:
        return False
    return {"<": ln < rn, "<=": ln <= rn, ">": ln > rn, ">=": ln >= rn}[op]


def _truth(node: Node, answers: Mapping[str, Any], current: Any) -> Any:
    if isinstance(node, Compare):
        return _compare(
            node.op, _value(node.left, answers, current), _value(node.right, answers, current)
        )
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(_truthy(_value(i, answers, current)) for i in node.items)
        return any(_truthy(_value(i, answers, current)) for i in node.items)
    if isinstance(node, Call):
        args = [_value(a, answers, current) for a in node.args]
        if node.name == "not":
            return not _truthy(args[0])
        if node.name == "selected":
            return _as_text(args[1]) in _selection(args[0])
        return float(len(_selection(args[0])))  # count-selected
    return _value(node, answers, current)


def evaluate(node: Node, answers: Mapping[str, Any], current: Any = None) -> bool:
    """Evaluate ``node`` as a condition against ``answers`` (``.`` is ``current``)."""
    return _truthy(_truth(node, answers, current))
