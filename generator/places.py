"""Regencies named as people write them: "64.74", "Bontang", "Kota Bontang", "Kab. Jember", "Kutim",
"PPU", "Pemkot Makassar", "Pemkab Jember", resolved against the register (``register.load_register``).

26 names are both a Kabupaten and a Kota (Pekalongan, Jayapura, Bogor, ...): without a prefix they are
refused, with the candidates named. ``detect`` finds the regency an article is about from its text.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from .register import Regency, Register

# Short names printed in the articles (see /work/shared/articles), each for one regency only, by its
# register name (codes come from the register, never from here).
ABBREVIATIONS = {
    "Kutim": "Kabupaten Kutai Timur",
    "Kukar": "Kabupaten Kutai Kartanegara",
    "Kubar": "Kabupaten Kutai Barat",
    "Mahulu": "Kabupaten Mahakam Ulu",
    "PPU": "Kabupaten Penajam Paser Utara",
    "Penajam": "Kabupaten Penajam Paser Utara",
    "Gumas": "Kabupaten Gunung Mas",
    "Lotim": "Kabupaten Lombok Timur",
    "Lobar": "Kabupaten Lombok Barat",
    "Loteng": "Kabupaten Lombok Tengah",
    "KLU": "Kabupaten Lombok Utara",
    "Parimo": "Kabupaten Parigi Moutong",
    "Siantar": "Kota Pematangsiantar",
    "Kobar": "Kabupaten Kotawaringin Barat",
    "Kotim": "Kabupaten Kotawaringin Timur",
    "Barsel": "Kabupaten Barito Selatan",
    "Barut": "Kabupaten Barito Utara",
    "Bartim": "Kabupaten Barito Timur",
    "Batola": "Kabupaten Barito Kuala",
    "HSS": "Kabupaten Hulu Sungai Selatan",
    "HST": "Kabupaten Hulu Sungai Tengah",
    "HSU": "Kabupaten Hulu Sungai Utara",
    "Inhu": "Kabupaten Indragiri Hulu",
    "Inhil": "Kabupaten Indragiri Hilir",
    "Sidrap": "Kabupaten Sidenreng Rappang",
    "Pangkep": "Kabupaten Pangkajene dan Kepulauan",
    "Lutim": "Kabupaten Luwu Timur",
    "Lutra": "Kabupaten Luwu Utara",
    "Tator": "Kabupaten Tana Toraja",
    "Torut": "Kabupaten Toraja Utara",
}
# Words before a name that say its type: (pattern, "Kabupaten" or "Kota").
PREFIXES = [
    (r"Pemerintah\s+Kabupaten", "Kabupaten"),
    (r"Pemerintah\s+Kota", "Kota"),
    (r"Pemkab", "Kabupaten"),
    (r"Pemkot", "Kota"),
    (r"Kabupaten", "Kabupaten"),
    (r"Kab\.?", "Kabupaten"),
    (r"Kota\s+Administrasi", "Kota"),
    (r"Kota", "Kota"),
    (r"Bupati", "Kabupaten"),
    (r"Wakil\s+Bupati", "Kabupaten"),
    (r"Wali\s?kota", "Kota"),
    (r"Wakil\s+Wali\s?kota", "Kota"),
    (r"DPRD\s+Kabupaten", "Kabupaten"),
    (r"DPRD\s+Kota", "Kota"),
]
_CODE = re.compile(r"\d{2}\.\d{2}")


class PlaceError(ValueError):
    """A place that names no regency, or more than one."""


@dataclass(frozen=True)
class Detected:
    regency: Regency | None  # None when the text does not say clearly
    counts: list[tuple[Regency, int]]  # the regencies named and how often, most first


def bare(name: str) -> str:
    """The name without its type: "Kabupaten Kutai Timur" -> "Kutai Timur"."""
    return re.sub(r"^(Kabupaten|Kota Administrasi|Kota)\s+", "", name)


def _index(register: Register) -> dict[str, list[Regency]]:
    names: dict[str, list[Regency]] = {}
    for regency in register.regencies.values():
        names.setdefault(bare(regency.name).casefold(), []).append(regency)
    return names


def _by_name(register: Register) -> dict[str, Regency]:
    return {regency.name: regency for regency in register.regencies.values()}


def resolve(register: Register, place: str) -> Regency:
    """The regency ``place`` names; PlaceError with a plain message (and the candidates) otherwise."""
    text = " ".join(place.split())
    if _CODE.fullmatch(text):
        if text not in register.regencies:
            raise PlaceError(f'"{text}" is not the code of a kabupaten/kota in the register')
        return register.regencies[text]
    kind, rest = None, text
    for pattern, named in PREFIXES:
        found = re.match(rf"(?:{pattern})\s*(?=\S)", text, re.IGNORECASE)
        if found:
            kind, rest = named, text[found.end() :]
            break
    rest = rest.strip(" .")
    names = _index(register)
    short = next((full for abbr, full in ABBREVIATIONS.items() if abbr.casefold() == rest.casefold()), None)
    candidates = [_by_name(register)[short]] if short else names.get(rest.casefold(), [])
    if kind is not None:
        candidates = [r for r in candidates if r.kind == kind]
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        listed = ", ".join(f"{r.name} ({r.code})" for r in candidates)
        raise PlaceError(f'"{place}" is ambiguous: {listed}; write "Kabupaten {rest}" or "Kota {rest}", or the code')
    close = difflib.get_close_matches(rest.casefold(), list(names), n=3, cutoff=0.75)
    hint = (
        "; did you mean " + " or ".join(f"{r.name} ({r.code})" for name in close for r in names[name]) + "?"
        if close
        else ""
    )
    raise PlaceError(f'"{place}" is not a kabupaten/kota in the register (data/register/regencies.csv){hint}')


def _pattern(register: Register) -> re.Pattern:
    names = sorted({bare(r.name) for r in register.regencies.values()} | set(ABBREVIATIONS), key=len, reverse=True)
    prefixes = "|".join(pattern for pattern, _ in sorted(PREFIXES, key=lambda p: len(p[0]), reverse=True))
    return re.compile(rf"(?:\b(?P<prefix>{prefixes})\s+)?\b(?P<name>{'|'.join(map(re.escape, names))})\b")


def detect(register: Register, text: str) -> Detected:
    """Which regency ``text`` is about: the one named clearly most often (with or without its type,
    or by a short name). A bare name that is both a Kabupaten and a Kota counts for the one the text
    names with its type elsewhere, else for neither."""
    by_name, names = _by_name(register), _index(register)
    typed: Counter[str] = Counter()
    untyped: Counter[str] = Counter()
    for match in _pattern(register).finditer(text):
        name, prefix = match["name"], match["prefix"]
        if name in ABBREVIATIONS:
            typed[by_name[ABBREVIATIONS[name]].code] += 1
            continue
        candidates = names.get(name.casefold(), [])
        if prefix:
            kind = next(named for pattern, named in PREFIXES if re.fullmatch(pattern, prefix, re.IGNORECASE))
            candidates = [r for r in candidates if r.kind == kind] or candidates
        if len(candidates) == 1:
            (typed if prefix else untyped)[candidates[0].code] += 1
        elif candidates:
            untyped.update({f"?{name.casefold()}": 1})
    counts: Counter[str] = Counter(typed)
    for key, n in untyped.items():
        if not key.startswith("?"):
            counts[key] += n
            continue
        named = [r.code for r in names[key[1:]] if r.code in typed]
        if len(named) == 1:
            counts[named[0]] += n
        else:  # ambiguous and never typed: counts against certainty
            for regency in names[key[1:]]:
                counts[regency.code] += n
    ranked = [(register.regencies[code], n) for code, n in counts.most_common()]
    if not ranked:
        return Detected(None, [])
    first = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0
    sure = first >= 2 * second and first > second
    return Detected(ranked[0][0] if sure else None, ranked)
