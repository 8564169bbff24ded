"""The README is part of the interface: its schema table and its example errors must stay true."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import REPO
from pydantic import BaseModel

from generator import schema
from generator.cli import main

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
