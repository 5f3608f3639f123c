"""House rules that code review alone would miss: hints on every error, thin CLI modules, cited methods."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import coopscope.errors as errors

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "coopscope"
ERRORS = {
    name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, errors.CoopscopeError)
}
# constructors that take the hint as a required argument themselves
HINTED_FACTORIES = {"at": 3, "codes": 4}


def _raise_sites() -> list[tuple[str, int, ast.Call]]:
    sites = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                sites.append((str(path.relative_to(ROOT)), node.lineno, node.exc))
    return sites


def _error_call(call: ast.Call) -> tuple[str, str | None] | None:
    func = call.func
    if isinstance(func, ast.Name) and func.id in ERRORS:
        return func.id, None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ERRORS:
        return func.value.id, func.attr
    return None


def test_every_coopscope_error_raised_carries_a_hint():
    missing = []
    for where, line, call in _raise_sites():
        found = _error_call(call)
        if found is None:
            continue
        _, factory = found
        needed = HINTED_FACTORIES.get(factory or "", 2)
        has_hint = len(call.args) >= needed or any(k.arg == "hint" for k in call.keywords)
        empty = len(call.args) >= 2 and isinstance(call.args[1], ast.Constant) and not call.args[1].value
        if not has_hint or empty:
            missing.append(f"{where}:{line}")
    assert not missing, f"errors raised without a hint: {missing}"


def test_the_hint_check_can_fail():
    call = ast.parse("raise OptionError('no hint')").body[0].exc  # type: ignore[attr-defined]
    assert _error_call(call) == ("OptionError", None) and len(call.args) < 2


def test_every_error_class_has_a_hint_slot():
    for name in ERRORS:
        err = getattr(errors, name)("message", "the hint")
        assert err.hint == "the hint" and str(err).endswith("Hint: the hint")


@pytest.mark.parametrize("path", sorted((SRC / "cli").glob("*.py")), ids=lambda p: p.name)
def test_cli_command_modules_are_thin(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 150


def test_the_package_is_typed():
    assert (SRC / "py.typed").exists()


def test_every_cited_methods_section_exists():
    text = (ROOT / "docs" / "METHODS.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", text, re.M))
    cited = set()
    for path in SRC.rglob("*.py"):
        for match in re.finditer(r"METHODS(?:\.md)?[^§\n]{0,12}((?:§ ?[\d.]+[,–\s]*)+)", path.read_text("utf-8")):
            cited |= {c.rstrip(".") for c in re.findall(r"§ ?([\d.]+)", match.group(1))}
    assert cited and not cited - headings, f"cited but not in docs/METHODS.md: {sorted(cited - headings)}"
