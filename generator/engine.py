"""The drawing engine: the one module that talks to vl-convert (Vega, Vega-Lite and resvg in Rust).

Everything that makes a picture goes through here: SVG from a Vega spec, PNG from an SVG, Vega-Lite
compiled to Vega, and the JavaScript bundle for readers' browsers. The engine's state (its fonts set
up, its V8 engine started) lives in this process only and is read through ``running()``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

_PROBE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" '
    'font-family="Liberation Sans" font-size="20">{text}</text></svg>'
)


def _vlc():
    """vl-convert, imported at its first use: a build with nothing to draw never loads it (~0.1 s)."""
    import vl_convert

    return vl_convert


class _State:
    fonts = False  # vl-convert set up with its own fonts in this process
    started = False  # its V8 engine has run here (a first call costs ~0.5 s)


def version() -> str:
    return metadata.version("vl-convert-python")


def start() -> None:
    """Set up the fonts and start the engine now (~0.5 s), before the first picture is wanted."""
    _own_fonts()
    _vlc().vega_to_svg({"width": 1, "height": 1, "marks": []})
    _State.started = True


def running() -> bool:
    """Whether this process has started the engine (then a few pictures are best drawn here)."""
    return _State.started


def vega_to_svg(spec: dict, format_locale: dict, time_locale: dict) -> str:
    """A Vega spec drawn to SVG, with the given d3 number and time locales; no data from the network."""
    _own_fonts()
    _State.started = True
    return _numbered_in_order(
        _vlc().vega_to_svg(spec, format_locale=format_locale, time_format_locale=time_locale, allowed_base_urls=[])
    )


def vegalite_to_svg(spec: dict, format_locale: dict, time_locale: dict) -> str:
    """A Vega-Lite spec drawn to SVG (the maps)."""
    _own_fonts()
    _State.started = True
    return _numbered_in_order(
        _vlc().vegalite_to_svg(spec, format_locale=format_locale, time_format_locale=time_locale, allowed_base_urls=[])
    )


def _numbered_in_order(svg: str) -> str:
    """vl-convert numbers gradients (``gradient_3``) by a counter of its process: the same spec drawn
    after other pictures got another number. Renumbered from 0 in order of appearance, a drawing is the
    same whichever worker drew it and whatever it drew before (an incremental build equals a clean one)."""
    found: dict[str, str] = {}
    for name in re.findall(r'\sid="(gradient_\d+)"', svg):
        found.setdefault(name, f"gradient_{len(found)}")
    if not found:
        return svg
    return re.sub(r"\b(gradient_\d+)\b", lambda m: found.get(m[1], m[1]), svg)


def svg_to_png(svg: str, scale: float = 1) -> bytes:
    _own_fonts()
    return _vlc().svg_to_png(svg, scale=scale)


def vegalite_to_vega(spec: dict) -> dict:
    _own_fonts()
    return _vlc().vegalite_to_vega(spec)


def javascript_bundle() -> bytes:
    """Vega, Vega-Lite and vega-embed in one file, served from the site itself (no CDN)."""
    _own_fonts()
    return _vlc().javascript_bundle().encode()


def _own_fonts() -> None:
    """Make vl-convert draw with the Liberation Sans it carries (in memory), not the machine's fonts.

    vl-convert's font library reads fontconfig's configuration once, at its first use. Pointed at one
    that names only an empty folder, it holds just vl-convert's own Liberation Sans, so pictures come
    out the same on every machine, whatever fonts it has. And drawing got 2-3 times faster: with the
    machine's fonts, the font library opened and mapped the font file once per glyph (strace: ~700
    times per PNG). Done before this process's first call; the environment is left as it was."""
    if _State.fonts:
        return
    folder = Path(tempfile.mkdtemp(prefix="jaring-fonts-"))
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{folder}</dir></fontconfig>\n', encoding="utf-8")
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(config)
    try:
        with_text = _vlc().svg_to_png(_PROBE.format(text="Jaring 93.000"))
    finally:
        if before is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = before
        shutil.rmtree(folder, ignore_errors=True)
    if with_text == _vlc().svg_to_png(_PROBE.format(text="")):
        raise RuntimeError(
            "vl-convert drew no text with its own fonts (a version without Liberation Sans?); "
            "pictures would have no labels"
        )
    _State.fonts = True
