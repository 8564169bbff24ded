"""Social cards: a 1200×630 PNG per regency for og:image / twitter:card.

A shared link shows the card as a thumbnail, often at half size, so the headline figure is the
biggest thing on it and everything else is plain text. Every string comes from data and is escaped;
text is wrapped or shrunk by an estimate of its width that errs wide, so nothing leaves the card.
"""

from __future__ import annotations

import html
import re

W, H, MARGIN = 1200, 630, 64
INNER = W - 2 * MARGIN
# vl-convert renders Liberation Sans but draws nothing for a family it lacks (Arial here), so it comes first.
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
INK, ACCENT, MUTED, RULE = "#1f2933", "#0b6e4f", "#52606d", "#d9e2ec"
CAP, DESCENT = 0.73, 0.22  # Liberation Sans cap height and descender, in em: for placing lines

# Advance widths in em, rounded up from Liberation Sans Bold (the wider weight), so estimates
# err wide for both weights. Anything outside ASCII may come from a fallback font: count it as 1 em.
_THIN, _SLIM, _WIDE = set("ijl'|"), set("ftrI.,:;!()[]/-·"), set("mwMW@%—…")
# XML 1.0 forbids these characters even when escaped; the SVG must stay parseable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _em(ch: str) -> float:
    if ch in _THIN:
        return 0.28
    if ch in _SLIM or ch.isspace():
        return 0.39
    if ch in _WIDE or not ch.isascii():
        return 1.02
    return 0.62 if ch.islower() or ch.isdigit() else 0.78


def text_width(text: str, size: float) -> float:
    """Estimated width in px of ``text`` at ``size`` px; never less than Liberation Sans draws it."""
    return size * sum(_em(ch) for ch in text)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy word wrap so every line fits ``width``; a word too long for a line is split."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if text_width(joined, size) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # what remains of the word starts a new line, split where it must be
            if line and text_width(line + ch, size) > width:
                lines.append(line)
                line = ""
            line += ch
    return lines + [line] if line else lines


def fit(text: str, width: float, sizes: tuple[float, ...], max_lines: int) -> tuple[float, list[str]]:
    """The largest size whose wrap takes at most ``max_lines``; else the smallest, cut with "…"."""
    text = _NOT_XML.sub("", text)
    for size in sizes:
        lines = wrap(text, size, width)
        if len(lines) <= max_lines:
            return size, lines
    lines = lines[:max_lines]
    while lines[-1] and text_width(lines[-1] + "…", size) > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] += "…"
    return size, lines


def _text(
    lines: list[str],
    x: float,
    y: float,
    size: float,
    leading: float,
    fill: str,
    bold: bool = False,
    anchor: str = "start",
) -> str:
    weight = ' font-weight="700"' if bold else ""
    return "".join(
        f'<text x="{x:g}" y="{y + i * leading:g}" font-size="{size:g}" fill="{fill}"{weight} '
        f'text-anchor="{anchor}">{html.escape(line, quote=True)}</text>'
        for i, line in enumerate(lines)
    )


def card_svg(site_title: str, region: str, province: str, label: str, value: str, meta: str, source: str) -> str:
    """The card as SVG: region and province on top, the figure large, its source at the foot."""
    parts = [f'<rect width="{W}" height="{H}" fill="#ffffff"/>', f'<rect width="{W}" height="10" fill="{ACCENT}"/>']

    # Top down: region (up to two lines), then its province.
    size, lines = fit(region, INNER, (60, 54, 48, 42), 2)
    y = 74 + CAP * size
    parts.append(_text(lines, MARGIN, y, size, size * 1.12, INK, bold=True))
    y += (len(lines) - 1) * size * 1.12
    psize, plines = fit(province, INNER, (32, 28), 1)
    province_y = y + psize * 1.45
    parts.append(_text(plines, MARGIN, province_y, psize, 0, MUTED))

    # Bottom up: source and brand mark, a rule, the figure's date, its label, then the figure.
    bsize, brand = fit(site_title, 320, (30, 24), 1)
    brand_w = text_width("".join(brand), bsize)
    ssize, slines = fit(source, INNER - brand_w - 48, (23, 21, 19), 2)
    y = H - 50 - (len(slines) - 1) * ssize * 1.35
    parts.append(_text(slines, MARGIN, y, ssize, ssize * 1.35, MUTED))
    parts.append(_text(brand, W - MARGIN, H - 50, bsize, 0, ACCENT, bold=True, anchor="end"))
    y -= ssize + 22
    parts.append(f'<rect x="{MARGIN}" y="{y:g}" width="{INNER}" height="2" fill="{RULE}"/>')
    msize, mlines = fit(meta, INNER, (28, 24), 1)
    y -= 30
    parts.append(_text(mlines, MARGIN, y, msize, 0, MUTED))
    lsize, llines = fit(label, INNER, (36, 32, 28), 1)
    y -= msize + 22
    parts.append(_text(llines, MARGIN, y, lsize, 0, INK, bold=True))
    y -= lsize * CAP + 14  # just above the label's capitals

    # The figure takes what room is left, up to 168 px, with space below for descenders ("Rp").
    drop = DESCENT if re.search("[gjpqy]", value) else 0.06
    room = (y - province_y - 40) / (CAP + drop)
    vsize, vlines = fit(value, INNER, tuple(s for s in (168, 150, 130, 112, 96, 80) if s <= room) or (64,), 1)
    # Nudged left by the digits' side bearing, so the figure lines up with the text above it.
    parts.append(_text(vlines, MARGIN - vsize * 0.04, y - drop * vsize, vsize, 0, ACCENT, bold=True))

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        f'font-family="{FONT}">{"".join(parts)}</svg>'
    )
