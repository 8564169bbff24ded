"""The README is part of the interface: its schema table and its example errors must stay true."""

from __future__ import annotations

import re
from typing import Literal, get_args, get_origin

from click.testing import CliRunner
from pydantic import BaseModel

from generator import schema
from generator.cli import main

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _fields(model: type[BaseModel], seen: set) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for arg in re.findall(r"\b([A-Z]\w+)\b", str(info.annotation)):
            sub = getattr(schema, arg, None)
            if isinstance(sub, type) and issubclass(sub, BaseModel) and sub not in seen:
                seen.add(sub)
                names |= _fields(sub, seen)
    return names


def test_every_schema_key_is_documented():
    section = README.split("## Data schema", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_]+)(?:\[\])?`", section))
    keys = _fields(schema.RegencyData, set()) | set(schema.SiteSettings.model_fields)
    assert not keys - documented, f"undocumented keys: {sorted(keys - documented)}"


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """``model`` and every model its fields hold, each once."""
    found = [model]
    for sub in found:
        for info in sub.model_fields.values():
            for arg in re.findall(r"\b([A-Z]\w+)\b", str(info.annotation)):
                nested = getattr(schema, arg, None)
                if isinstance(nested, type) and issubclass(nested, BaseModel) and nested not in found:
                    found.append(nested)
    return found


def _literals(annotation) -> set[str]:
    if get_origin(annotation) is Literal:
        return set(get_args(annotation))
    return {value for arg in get_args(annotation) for value in _literals(arg)}


def test_every_allowed_value_is_documented():
    """Each value of every enum (payer, status, kind, ...) is written out in the section."""
    section = README.split("## Data schema", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([^`]+)`", section))
    for model in _models(schema.RegencyData):
        for name, info in model.model_fields.items():
            missing = _literals(info.annotation) - documented
            assert not missing, f"{model.__name__}.{name}: undocumented values {sorted(missing)}"


def test_each_list_documents_its_own_keys():
    """Each row of the table names the keys of its entries (keys every figure shares, and also_in and
    note, are described once above the table)."""
    section = README.split("## Data schema", 1)[1].split("\n## ", 1)[0]
    shared = set(schema.Figure.model_fields) | {"date", "year"}
    for name, info in schema.RegencyData.model_fields.items():
        named = set(re.findall(r"\b([A-Z]\w+)\b", str(info.annotation)))
        model = next((m for m in _models(schema.RegencyData)[1:] if m.__name__ in named), None)
        if model is None:
            continue
        row = re.search(rf"^\| `{name}(\[\])?` \|(.*)$", section, re.M)
        assert row, f"no row for {name}"
        keys = set(re.findall(r"`([a-z_]+)`", row.group(2)))
        exempt = shared if issubclass(model, schema.Figure) else {"also_in", "note"}
        missing = set(model.model_fields) - exempt - keys
        assert not missing, f"the row of {name} does not name {sorted(missing)}"


def test_readme_example_errors_are_what_jaring_prints(site_copy):
    regency = site_copy / "data/regencies/64.08-kutai-timur.yaml"
    text = regency.read_text(encoding="utf-8").replace('code: "64.08"', 'code: "99.99"')
    regency.write_text(text.replace("value: 93000", "value: 93.000"), encoding="utf-8")
    (site_copy / "content/narratives/64.08.md").unlink()
    result = CliRunner().invoke(main, ["check", "--root", str(site_copy)])
    example = re.search(r"```\n(data/regencies/.*?)```", README, re.S).group(1)
    assert result.exit_code == 1
    assert sorted(result.output.splitlines()) == sorted(example.splitlines())


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert len(commands) == 2
    assert "jaring build" in commands[0] and "pytest" in commands[1]
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert commands[1] in ci
