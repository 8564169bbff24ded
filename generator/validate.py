"""Stage 2, validate: every input file read, checked against the schema and against each other.

All problems of a run are collected (not just the first) and raised together as one JaringError,
each with the ``file:line:col`` of the value at fault. Nothing is written before this passes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import narrative
from .derive import IDENTITY, entry_id, entry_ids, report
from .errors import JaringError, Problem
from .load import Document, decode, parse_yaml, read_bytes, read_yaml, relative
from .paths import Layout, Refused, read_input
from .register import SLUG, Register
from .schema import MAX_COUNT, MAX_RUPIAH, RegencyData, SiteSettings

_CODE = re.compile(r"\d{2}\.\d{2}")
_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
# File names of data, narratives and pages: they become messages, folders and URLs of the site.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_UNSAFE_CHAR = re.compile(r"[^A-Za-z0-9._-]")
TEMPLATE_BYTES = 4 * 1024 * 1024  # a template or a file of templates/static/ (the largest is 14 KB)
# What the build writes at the top of the site besides the province folders: a page of content/pages/
# becomes <slug>/index.html, so it may take none of these names (en is kept free; kontribusi and glosarium
# are Jaring's own content pages, linked from every page's footer).
GENERATED = {
    "bandingkan": "the compare page bandingkan/",
    "cari": "the search page cari/",
    "data": "the data downloads data/",
    "grafik": "the national chart files grafik/",
    "sematkan": "the national chart embeds sematkan/",
    "static": "the static files static/",
    "unduh": "the downloads page unduh/",
    "pagefind": "the search index pagefind/",
    "index": "the home page index.html",
    "404": "the not-found page 404.html",
    "feed": "the Atom feed feed.xml",
    "sitemap": "the sitemap sitemap.xml",
    "robots": "robots.txt",
    "en": "the reserved English site en/",
}


@dataclass(frozen=True)
class Inputs:
    """Everything the site is built from, checked."""

    settings: SiteSettings
    register: Register
    regencies: dict[str, RegencyData]  # by code, sorted
    narratives: dict[str, str]  # regency code -> Markdown text
    pages: dict[str, str]  # page slug -> Markdown text
    build_date: dt.date
    warnings: list[Problem]  # worth a look, not fatal (fatal with --strict)
    files: dict[str, str] = field(default_factory=dict)  # regency code -> its data file, relative to the root
    # another edition's own texts: language -> regency code or page slug -> Markdown text (content/narratives/en/,
    # content/pages/en/); what an edition lacks it shows in the default language
    narratives_in: dict[str, dict[str, str]] = field(default_factory=dict)
    pages_in: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Checked:
    """One regency file checked on its own (what depends on the other files is checked in ``check``)."""

    path: str  # relative to the root
    readable: bool  # False: it could not be read or parsed
    code: str | None  # the code it claims, even when the file is invalid
    model: RegencyData | None  # None when the schema refused it
    problems: list[Problem]
    warnings: list[Problem]
    code_at: tuple[int | None, int | None] = (None, None)  # where its code stands, for a duplicate-code problem


def check(layout: Layout, register: Register, build_date: dt.date, memo=None, base_url: str | None = None) -> Inputs:
    """Every input checked. ``memo`` (a cache.Memo whose key covers the register and the build date)
    spares checking again a regency file with the same name and bytes. ``base_url`` (``jaring build
    --base-url``, for a preview deploy) replaces site.yaml's."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    settings = _settings(layout, problems, warnings, base_url)
    regencies: dict[str, RegencyData] = {}
    files: dict[str, str] = {}
    claimed: set[str] = set()
    unreadable = False  # a file we could not read may be the one a narrative belongs to
    folder = layout.data / "regencies"
    for file in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        if (bad := _bad_name(file, layout)) is not None:
            unreadable = True
            problems.append(bad)
            continue
        one = _regency_file(file, layout, register, build_date, memo)
        if not one.readable:
            unreadable = True
            problems += one.problems
            continue
        if one.code is not None:
            claimed.add(one.code)  # so its narrative is not reported as orphaned too
        if one.model is None:
            problems += one.problems
            continue
        file_problems = list(one.problems)
        if one.model.code in files:
            file_problems.append(
                Problem(
                    one.path,
                    *one.code_at,
                    f'code "{one.model.code}" is already used by {files[one.model.code]}; keep one file per regency',
                )
            )
        problems += file_problems
        files.setdefault(one.model.code, one.path)
        if not file_problems:
            regencies[one.model.code] = one.model
            warnings += one.warnings
    narratives = _markdown_files(layout, layout.narratives, problems)
    for code in sorted(narratives):
        if code not in claimed and not unreadable:
            rel = relative(layout.narratives / f"{code}.md", layout.root)
            known = "no data file in data/regencies/ has" if code in register.regencies else "the register has no"
            problems.append(Problem(rel, None, None, f'{known} code "{code}"; a narrative needs its regency\'s data'))
    pages = _markdown_files(layout, layout.pages, problems)
    provinces = {p.slug: p for p in register.provinces.values()}
    for slug in pages:
        rel = relative(layout.pages / f"{slug}.md", layout.root)
        if not SLUG.fullmatch(slug):
            problems.append(Problem(rel, None, None, "page file names use lowercase letters, digits and hyphens only"))
        elif slug in provinces:
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    f'page name "{slug}" collides with the page of the province '
                    f"{provinces[slug].name} ({slug}/); rename the file",
                )
            )
        elif slug in GENERATED:
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    f'page name "{slug}" collides with {GENERATED[slug]}, which the build makes; rename the file',
                )
            )
    narratives_in, pages_in = _translated(layout, settings, narratives, pages, problems)
    _templates(layout, problems)
    if problems or settings is None:
        raise JaringError(problems)
    return Inputs(
        settings,
        register,
        dict(sorted(regencies.items())),
        narratives,
        pages,
        build_date,
        sorted(warnings),
        {code: files[code] for code in sorted(regencies)},
        narratives_in,
        pages_in,
    )


def _translated(
    layout: Layout,
    settings: SiteSettings | None,
    narratives: dict[str, str],
    pages: dict[str, str],
    problems: list[Problem],
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """The narratives and pages of each edition after the first, from content/<kind>/<language>/. Each
    translates a text of the default edition: one without it would have no page to be on."""
    narratives_in: dict[str, dict[str, str]] = {}
    pages_in: dict[str, dict[str, str]] = {}
    for language in settings.editions[1:] if settings is not None else ():
        for kind, folder, originals, found in (
            ("narrative", layout.narratives, narratives, narratives_in),
            ("page", layout.pages, pages, pages_in),
        ):
            texts = found[language] = _markdown_files(layout, folder / language, problems)
            for name in sorted(texts.keys() - originals.keys()):
                rel = relative(folder / language / f"{name}.md", layout.root)
                problems.append(
                    Problem(
                        rel,
                        None,
                        None,
                        f"no {relative(folder / f'{name}.md', layout.root)} to translate; "
                        f"a {kind} of the {language} edition needs its original",
                    )
                )
    return narratives_in, pages_in


def _regency_file(file: Path, layout: Layout, register: Register, build_date: dt.date, memo) -> Checked:
    try:
        rel, data = read_bytes(file, layout.root, layout.data)
    except JaringError as exc:  # the path checks run every time; only the checking of the bytes is kept
        return Checked(relative(file, layout.root), False, None, None, exc.problems, [])
    if memo is None:
        return check_regency(rel, data, register, build_date)
    return memo.remember(lambda: check_regency(rel, data, register, build_date), "checked", rel, data)


def check_regency(rel: str, data: bytes, register: Register, build_date: dt.date) -> Checked:
    try:
        doc = parse_yaml(decode(data, rel), rel)
    except JaringError as exc:
        return Checked(rel, False, None, None, exc.problems, [])
    code = doc.value.get("code") if isinstance(doc.value, dict) else None
    code = code if isinstance(code, str) else None
    problems: list[Problem] = review_problems(doc)
    model = _model(RegencyData, doc, problems)
    if model is None:
        if code is not None and _CODE.fullmatch(code):  # still say it now, not after the next fix
            problems += _unknown_code(code, doc, register)
        return Checked(rel, True, code, None, problems, [])
    problems += (
        list(_cross_checks(model, doc, register, build_date))
        + list(_figure_checks(model, doc))
        + list(_id_checks(model, doc))
        + list(_correction_checks(model, doc))
    )
    warnings = (
        [] if problems else list(_warnings(model, doc, register, build_date)) + list(_printed_warnings(model, doc))
    )
    mark = doc.mark(("code",))
    return Checked(rel, True, code, model, problems, warnings, (mark.line, mark.col) if mark else (None, None))


def review_problems(doc: Document) -> list[Problem]:
    """Every ``review: todo`` left in a file (``jaring draft`` writes one on each source and figure it
    proposes, ``jaring new`` one at the top of a skeleton): nothing a person has not checked is published.
    Read from the parsed file, not the model, so a skeleton that is not valid yet still says what to do."""
    found: list[Problem] = []

    def walk(value: Any, loc: tuple) -> None:
        if isinstance(value, dict):
            if value.get("review") == "todo":
                if loc[:1] == ("sources",):
                    found.append(
                        _at(
                            doc,
                            loc + ("review",),
                            f"{_dotted(loc)}: not reviewed yet; check its publisher, "
                            "title, date and url against the article, then delete "
                            "the line review: todo",
                        )
                    )
                elif loc:
                    found.append(
                        _at(
                            doc,
                            loc + ("review",),
                            f"{_dotted(loc)}: not reviewed yet; check it against "
                            "its sentence (the comment above it), correct it, then "
                            "delete the line review: todo",
                        )
                    )
                else:
                    found.append(
                        _at(
                            doc,
                            ("review",),
                            "review: not reviewed yet: this file is a skeleton from "
                            "jaring new; add its sources and figures (jaring draft "
                            "ARTICLE --into this file), then delete the line review: todo",
                        )
                    )
            for key, item in value.items():
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, loc + (index,))

    walk(doc.value, ())
    return found


# Hosts reserved for examples (RFC 2606): a site published with one has links that lead nowhere
EXAMPLE_HOST = re.compile(r"(?:.+\.)?example\.(?:com|net|org)|.+\.example")


def _settings(
    layout: Layout, problems: list[Problem], warnings: list[Problem], base_url: str | None
) -> SiteSettings | None:
    file = layout.data / "site.yaml"
    if not os.path.lexists(file):
        problems.append(Problem("data/site.yaml", None, None, "missing: the site settings file is required"))
        return None
    doc = _read(file, layout, problems)
    settings = None if doc is None else _model(SiteSettings, doc, problems)
    if settings is None or doc is None:
        return None
    where = _at(doc, ("base_url",), "")
    if base_url is not None:  # jaring build --base-url
        try:
            settings = SiteSettings.model_validate({**settings.model_dump(), "base_url": base_url})
        except ValidationError:
            problems.append(Problem("--base-url", None, None, f"{base_url!r}: {_PATTERN_MESSAGES['base_url']}"))
            return None
        where = Problem("--base-url", None, None, "")
    if EXAMPLE_HOST.fullmatch(urlsplit(settings.base_url).hostname or ""):
        warnings.append(
            dataclasses.replace(
                where,
                message=f"warning: base_url {settings.base_url} is an example host: set base_url in data/site.yaml "
                "(or jaring build --base-url URL) to the address the site is published at",
            )
        )
    return settings


def _read(file: Path, layout: Layout, problems: list[Problem]) -> Document | None:
    try:
        return read_yaml(file, layout.root, layout.data)
    except JaringError as exc:
        problems += exc.problems
        return None


def _model(model: type[BaseModel], doc: Document, problems: list[Problem]) -> Any:
    if not isinstance(doc.value, dict):
        kind = "a list" if isinstance(doc.value, list) else "a single value"
        problems.append(_at(doc, (), f"expected a mapping of keys and values at the top, found {kind}"))
        return None
    try:
        return model.model_validate(doc.value)
    except ValidationError as exc:
        problems += [_problem(doc, error, model) for error in exc.errors()]
        return None


def _problem(doc: Document, error: ErrorDetails, model: type[BaseModel]) -> Problem:
    loc = tuple(part for part in error["loc"] if isinstance(part, int) or not part.startswith("function-"))
    kind, where = error["type"], _dotted(loc)
    mark = doc.key_marks.get(loc) if kind == "extra_forbidden" else doc.mark(loc)
    raw = mark.raw if mark and mark.raw is not None else repr(error.get("input"))
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "missing":
        message = f"missing required key '{field}'"
        where = _dotted(loc[:-1])
    elif kind == "extra_forbidden":
        message = f"unknown key '{field}'" + _suggest(field, doc, loc, model)
        where = _dotted(loc[:-1])
    elif kind == "int_type" and _THOUSANDS.fullmatch(raw) and "," in raw:
        message = f"{raw} is not a whole number: a count cannot have a decimal part (,{raw.split(',')[1]})"
    elif kind == "int_type" and _THOUSANDS.fullmatch(raw):
        message = f"{raw} is not a whole number; write it without separators: {raw.split(',')[0].replace('.', '')}"
    elif kind == "int_type":
        message = f"expected a whole number, got {_show(raw, error)}"
    elif kind == "float_type":  # a percent, which may have decimals
        message = f"expected a number, got {_show(raw, error)}"
    elif kind == "string_type" and field == "code":
        message = f'expected the code as quoted text, like code: "64.08"; got {raw}'
    elif kind == "string_type":
        message = f"expected text, got {_show(raw, error)}; put it in quotes"
    elif kind == "string_pattern_mismatch":
        named = "figure id" if field == "id" and loc[:1] != ("sources",) else field
        message = _PATTERN_MESSAGES.get(named, "is not in the expected form") + f", got {raw!r}"
    elif kind in ("greater_than_equal", "less_than_equal") and error["ctx"] == {"ge": 0}:
        message = f"must not be negative, got {raw}"
    elif kind in ("greater_than_equal", "less_than_equal") and abs(next(iter(error["ctx"].values()))) in _LARGEST:
        bound = next(iter(error["ctx"].values()))
        what, largest = _LARGEST[abs(bound)]
        side = "largest" if bound > 0 else "most negative"
        message = (
            f"{_short(raw)} is beyond the {side} {what} Jaring accepts ({'−' if bound < 0 else ''}{largest}); "
            "check for extra digits"
        )
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = f"must be between {_bounds(field)}, got {raw}"
    elif kind == "date_type":
        message = f"expected a date written YYYY-MM-DD, got {_show(raw, error)}"
    elif kind == "bool_type":
        message = f"expected true or false, got {_show(raw, error)}"
    elif kind == "literal_error":
        got = repr(raw) if isinstance(error.get("input"), str) else _show(raw, error)
        message = f"expected one of {error['ctx']['expected']}, got {got}"
    elif kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        wanted = "a list" if kind == "list_type" else "a mapping of keys and values"
        message = f"expected {wanted}, found {_show(raw, error)}"
    elif kind in ("too_short", "string_too_short"):
        message = "needs at least one entry" if isinstance(error.get("input"), list) else "must not be empty"
    elif kind == "string_too_long":
        message = f"is longer than {error['ctx']['max_length']} characters"
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
    else:
        message = error["msg"]
    prefix = f"{where}: " if where else ""
    return Problem(doc.path, mark.line if mark else None, mark.col if mark else None, prefix + message)


_PATTERN_MESSAGES = {
    "code": 'the code must be a Kemendagri regency code like "64.08"',
    "url": "the url must start with http:// or https:// (or be empty)",
    "base_url": "base_url must be an http(s) URL ending with /",
    "id": "source ids use lowercase letters, digits and hyphens",
    "source": "source ids use lowercase letters, digits and hyphens",
    "also_in": "source ids use lowercase letters, digits and hyphens",
    "figure id": "figure ids use lowercase letters, digits and hyphens",
    "figures": "figure ids use lowercase letters, digits and hyphens",
    "twins": "a twin must be an http:// or https:// URL",
    "figure": "a correction names its figure by its id as in data/angka.csv (column angka), "
    "e.g. protected/2025-10-20/<source id>",
}


_LARGEST = {
    MAX_COUNT: ("count", f"{MAX_COUNT:,}".replace(",", ".")),
    MAX_RUPIAH: ("amount in rupiah", f"Rp{MAX_RUPIAH:,}".replace(",", ".") + ", Rp1.000 triliun"),
}


def _short(raw: str) -> str:
    """A number as written, or its length when it is too long to read in a message."""
    digits = raw.lstrip("+-")
    return raw if len(digits) <= 30 else f"a number of {len(digits):,} digits"


def _bounds(field: str) -> str:
    return {"percent": "0 and 100", "year": "1945 and 2100", "months": "1 and 120"}.get(field, "the allowed bounds")


def _show(raw: str, error: ErrorDetails) -> str:
    value = error.get("input")
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return raw


def _suggest(field: str, doc: Document, loc: tuple, model: type[BaseModel]) -> str:
    for part in loc[:-1]:
        if isinstance(part, str):
            annotation = model.model_fields[part].annotation
            model = next(
                (
                    t
                    for t in getattr(annotation, "__args__", (annotation,))
                    if isinstance(t, type) and issubclass(t, BaseModel)
                ),
                model,
            )
    close = difflib.get_close_matches(field, list(model.model_fields), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _cross_checks(model: RegencyData, doc: Document, register: Register, build_date: dt.date) -> Iterator[Problem]:
    yield from _unknown_code(model.code, doc, register)
    source_ids: set[str] = set()
    for index, source in enumerate(model.sources):
        if source.id in source_ids:
            yield _at(doc, ("sources", index, "id"), f"source id '{source.id}' is listed twice")
        source_ids.add(source.id)
    plans = set(_plans(model))
    for loc, name, value in _fields(model, ()):
        if name in ("source", "also_in") and value is not None:
            for offset, source_id in enumerate(value if isinstance(value, list) else [value]):
                if source_id not in source_ids:
                    where = loc + (offset,) if isinstance(value, list) else loc
                    yield _at(doc, where, f"{_dotted(where)}: unknown source id '{source_id}'; list it under sources:")
        elif name in ("date", "published", "accessed") and value is not None and value > build_date:
            yield _at(
                doc,
                loc,
                f"{_dotted(loc)}: {value.isoformat()} is after the build date "
                f"{build_date.isoformat()}; figures cannot come from the future",
            )
        elif name in ("year", "to_year") and value is not None and value > build_date.year and loc not in plans:
            yield _at(doc, loc, f"{_dotted(loc)}: {value} is after the build year {build_date.year}")
    yield from _derived_budgets(model, doc)


def _derived_budgets(model: RegencyData, doc: Document) -> Iterator[Problem]:
    """A budget year worked out from a reported change (as derive._budget does) must not come out
    negative: the change, or the budget it starts from, is then wrong."""
    years = {b.year: b.value for b in model.budget}
    for index, change in enumerate(model.budget_changes):
        before, after = years.get(change.from_year), years.get(change.to_year)
        if after is not None and before is None:
            year, value, made = change.from_year, after - change.value, f"{_rp(after)} − {_rp(change.value)}"
        elif before is not None and after is None:
            year, value, made = change.to_year, before + change.value, f"{_rp(before)} + {_rp(change.value)}"
        else:
            continue
        years[year] = value
        if value < 0:
            yield _at(
                doc,
                ("budget_changes", index, "value"),
                f"budget_changes[{index}].value: the budget of {year} worked out from this change is "
                f"negative ({made} = −{_rp(-value)}); check the change and the budget it starts from",
            )


def _rp(value: int) -> str:
    return ("−" if value < 0 else "") + f"Rp{abs(value):,}".replace(",", ".")


def _warnings(model: RegencyData, doc: Document, register: Register, build_date: dt.date) -> Iterator[Problem]:
    """Things a data officer should look at; ``jaring build --strict`` refuses to build with any."""
    for index, source in enumerate(model.sources):
        if not source.url:
            yield _at(
                doc, ("sources", index, "url"), f"warning: source '{source.id}' has no URL; readers cannot check it"
            )
    # the headline as the pages show it: derive's (a realised count of pekerja rentan under the regency's own
    # programme), against a target of the same kind
    if model.code in register.regencies:
        found = report(register.regencies[model.code], register, model)
        head, goal = found.protected, found.target
        where = {figure_id: index for name, index, figure_id in entry_ids(model) if name == "protected"}
        if head is not None and head.value is not None and head.id in where:
            index = where[head.id]
            day = head.date or dt.date(head.year or build_date.year, 12, 31)
            if (build_date - day).days > 365:
                yield _at(
                    doc,
                    ("protected", index),
                    f"warning: the latest count of protected workers is from "
                    f"{day.isoformat() if head.date else head.year}, "
                    "over 12 months before the build date",
                )
            if goal is not None and goal.value is not None and head.value > goal.value:
                yield _at(
                    doc,
                    ("protected", index, "value"),
                    f"warning: {head.value} protected is above the target of {goal.value}",
                )
    known = register.villages.get(model.code, {})
    for index, event in enumerate(model.events):
        for offset, village in enumerate(event.villages):
            if village not in known:
                yield _at(
                    doc,
                    ("events", index, "villages", offset),
                    f"warning: village '{village}' is not in the register for {register.regencies[model.code].name}",
                )


# Schema v2 (issue 11): figures with ids, disagreements between them, planned figures. -----------

# Lists of figures that have a value, and the name of it: two entries of one list with the same time,
# source and value (and no id) are one figure entered twice.
_VALUED = {
    "protected": "value",
    "targets": "value",
    "budget": "value",
    "premiums": "value",
    "benefits_paid": "value",
    "workforce": "value",
    "coverage": "percent",
}
# Lists whose entries quote their value in printed, and the value: only an entry with one needs it.
_PRINTABLE = {**_VALUED, "benefits": "value", "segments": "count", "events": "count"}
# A plan may be for a later year ("target 2030"); a count that happened cannot.
_FORWARD = ("target", "direncanakan", "dialokasikan", "diusulkan")


def _plans(model: RegencyData) -> Iterator[tuple]:
    """Where the year of a forward-looking figure stands: these years may lie after the build year."""
    for name in _VALUED:
        for index, item in enumerate(getattr(model, name)):
            if getattr(item, "status", None) in _FORWARD:
                yield (name, index, "year")


def _figure_ids(model: RegencyData) -> Iterator[tuple[tuple, str]]:
    """Every explicit figure id as (its location, the id); source ids are another namespace."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "sources" or not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            if getattr(item, "id", None) is not None:
                yield (name, index, "id"), item.id


def _figure_checks(model: RegencyData, doc: Document) -> Iterator[Problem]:
    """Explicit ids unique in the file; disagreements name two or more figures that exist; no figure
    entered twice."""
    seen: dict[str, tuple] = {}
    for loc, figure_id in sorted(_figure_ids(model), key=lambda pair: _position(doc, pair[0])):  # later one at fault
        if figure_id in seen:
            yield _at(
                doc,
                loc,
                f"{_dotted(loc)}: figure id '{figure_id}' is already used by "
                f"{_dotted(seen[figure_id][:-1])}; ids are unique within a file",
            )
        else:
            seen[figure_id] = loc
    for index, disagreement in enumerate(model.disagreements):
        loc = ("disagreements", index, "figures")
        named = dict.fromkeys(disagreement.figures)
        if len(named) < 2:
            yield _at(
                doc, loc, f"{_dotted(loc)}: a disagreement names at least two figures by their id, found {len(named)}"
            )
        listed: set[str] = set()
        for offset, figure_id in enumerate(disagreement.figures):
            where = loc + (offset,)
            if figure_id in listed:
                yield _at(doc, where, f"{_dotted(where)}: figure id '{figure_id}' is listed twice")
            elif figure_id not in seen:
                yield _at(
                    doc, where, f"{_dotted(where)}: unknown figure id '{figure_id}'; give that figure id: {figure_id}"
                )
            listed.add(figure_id)
    for name, key in _VALUED.items():
        first: dict[tuple, int] = {}
        for index, item in enumerate(getattr(model, name)):
            if item.id is not None:
                continue
            # what the figure is (its id without an explicit one: see derive.IDENTITY), and its value
            identity = (
                entry_id(name, item)
                if name in IDENTITY
                else (getattr(item, "date", None), getattr(item, "year", None), item.source),
                getattr(item, key),
            )
            if identity in first:
                yield _at(
                    doc,
                    (name, index),
                    f"{name}[{index}]: the same {key}, date or year and source as "
                    f"{name}[{first[identity]}]; enter a figure once (other sources "
                    "go in also_in), or give each its own id if they differ",
                )
            else:
                first[identity] = index


def _correction_checks(model: RegencyData, doc: Document) -> Iterator[Problem]:
    """A correction names a figure of this file (by its id, as angka.csv and the page give it)."""
    ids = [figure_id for _, _, figure_id in entry_ids(model)]
    for index, correction in enumerate(model.corrections):
        if correction.figure not in ids:
            loc = ("corrections", index, "figure")
            near = difflib.get_close_matches(correction.figure, ids, n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]}?" if near else "; the ids are in data/angka.csv (column angka)"
            yield _at(doc, loc, f"{_dotted(loc)}: no figure of this file has the id '{correction.figure}'{hint}")


def _id_checks(model: RegencyData, doc: Document) -> Iterator[Problem]:
    """Two figures of a file that would get one id (same kind, date or year and source: see
    derive.IDENTITY) must say which is which with an explicit ``id:``; ids are what links, downloads
    and the revision history name a figure by."""
    first: dict[str, tuple[str, int]] = {}
    for name, index, figure_id in entry_ids(model):
        if figure_id not in first:
            first[figure_id] = (name, index)
            continue
        other_name, other = first[figure_id]
        twice = name in _VALUED and getattr(model, name)[index] == getattr(model, name)[other]
        if not twice:  # an entry written out twice is the duplicate check's to report
            yield _at(
                doc,
                (name, index),
                f"{name}[{index}]: this figure would have the same id as {other_name}"
                f"[{other}] ('{figure_id}': same kind, date or year and source); give "
                "each an id: that says which is which",
            )


def _position(doc: Document, loc: tuple) -> tuple[int, int]:
    mark = doc.mark(loc)
    return (mark.line, mark.col) if mark else (0, 0)


def _printed_warnings(model: RegencyData, doc: Document) -> Iterator[Problem]:
    """In a list where some figures quote their value as printed, one without it was probably entered
    in a hurry: the printed words ("lebih dari 56 ribu") are what readers check the number against."""
    for name, key in _PRINTABLE.items():
        items = [(i, item) for i, item in enumerate(getattr(model, name)) if getattr(item, key) is not None]
        if any(item.printed is not None for _, item in items):
            for index, item in items:
                if item.printed is None:
                    yield _at(
                        doc,
                        (name, index),
                        f"warning: {name}[{index}] has no printed while other entries "
                        f"of {name} have; quote the value as the source printed it",
                    )


def _unknown_code(code: str, doc: Document, register: Register) -> list[Problem]:
    if code in register.regencies:
        return []
    return [_at(doc, ("code",), f'code "{code}" is not a kabupaten/kota in the register (data/register/regencies.csv)')]


def _fields(model: BaseModel, loc: tuple) -> Iterator[tuple[tuple, str, Any]]:
    """Every field of a model tree as (location, field name, value)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield loc + (name,), name, value
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, BaseModel):
                yield from _fields(item, loc + ((name, index) if isinstance(value, list) else (name,)))


def _markdown_files(layout: Layout, folder: Path, problems: list[Problem]) -> dict[str, str]:
    texts = {}
    for file in sorted(folder.glob("*.md")):
        if (bad := _bad_name(file, layout)) is not None:
            problems.append(bad)
            continue
        try:
            rel, data = read_bytes(file, layout.root, folder.parent, narrative.MAX_BYTES)
            text = decode(data, rel)
        except JaringError as exc:
            problems += exc.problems
            continue
        found = narrative.limits(text)
        problems += [Problem(rel, line, col, message) for line, col, message in found]
        if not found:
            texts[file.stem] = text
    return texts


def _bad_name(file: Path, layout: Layout) -> Problem | None:
    """A file name outside the safe set (letters, digits, '.', '-', '_'): refused, shown escaped."""
    if _SAFE_NAME.fullmatch(file.name):
        return None
    bad = _UNSAFE_CHAR.search(file.name) or file.name[:1]
    return Problem(
        relative(file, layout.root),
        None,
        None,
        f"file name has a character outside letters, digits, '.', '-' and '_' ({bad[0]!r}); rename the file",
    )


def _templates(layout: Layout, problems: list[Problem]) -> None:
    """Every file under templates/ (and so templates/static/, published as it is) is a regular file
    of the site root (or of Jaring's own templates), within the size cap."""
    inside = layout.root if layout.templates.is_relative_to(layout.root) else layout.templates
    shown_inside = "the site root" if inside == layout.root else f"{inside.as_posix()}/"
    for file in sorted(layout.templates.rglob("*")):
        if file.is_dir() and not file.is_symlink():
            continue
        try:
            read_input(file, inside, TEMPLATE_BYTES, shown_inside)
        except Refused as exc:
            problems.append(Problem(relative(file, layout.root), None, None, str(exc)))


def _at(doc: Document, loc: tuple, message: str) -> Problem:
    mark = doc.mark(loc)
    return Problem(doc.path, mark.line if mark else None, mark.col if mark else None, message)


def _dotted(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
