"""Stage 5, render: page contexts to HTML through Jinja2 (autoescape on, undefined names fail)."""

from __future__ import annotations

import gettext
import hashlib
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import cache
from .pages import Page


class SignedBytecodeCache(BytecodeCache):
    """Jinja's compiled templates (marshalled code) kept in the cache folder ``folder``, each signed
    with the root's key (cache.Seal): an entry not signed so is never loaded, only compiled again.
    Jinja itself checks that an entry's template source is unchanged."""

    def __init__(self, folder: Path):
        self.folder, self.seal = folder, cache.Seal(folder.parent)

    def load_bytecode(self, bucket) -> None:
        try:
            data = self.seal.open((self.folder / bucket.key).read_bytes(), "template " + bucket.key)
        except OSError:
            return
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        sealed = self.seal.sign(bucket.bytecode_to_string(), "template " + bucket.key)
        if sealed is not None:
            cache.write(self.folder / bucket.key, sealed)  # or not at all, on a read-only or full cache


def environment(
    templates: Path,
    assets: dict[str, str],
    compiled: Path | None = None,
    translations: gettext.NullTranslations | None = None,
) -> Environment:
    """Templates say their words through ``{{ _("…") }}`` and ``{% trans %}`` (``jinja2.ext.i18n``,
    new style: ``_("… %(n)s", n=…)`` is escaped and formatted), translated by ``translations``.
    ``compiled``: a folder (in the cache) where compiled templates are kept between builds, signed;
    compiling the 11 templates costs ~40 ms a build without it."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=SignedBytecodeCache(compiled) if compiled is not None else None,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)  # type: ignore[attr-defined]
    env.globals["assets"] = assets
    # the edition's language (a catalogue's "Language" header; none for the source language): text quoted
    # in Indonesian is marked lang="id" in other editions (macros.html, ``indonesian``)
    env.globals["edition"] = (translations.info().get("language") if translations else None) or "id"
    return env


def render(env: Environment, template: str, page: Page) -> str:
    return env.get_template(template).render(page=page)


def hashed_assets(static: Path, generated: dict[str, bytes]) -> dict[str, tuple[str, bytes]]:
    """Static files (and generated ones, such as the Vega bundle) under content-hashed names
    ("style.3f2a9c1b.css"), so hosts may cache them forever."""
    found = {
        file.relative_to(static).as_posix(): file.read_bytes()
        for file in sorted(p for p in static.rglob("*") if p.is_file())
    }
    assets = {}
    for name, data in sorted({**found, **generated}.items()):
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        assets[name] = (f"static/{stem}.{digest}.{suffix}" if dot else f"static/{name}.{digest}", data)
    return assets
