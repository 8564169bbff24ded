"""The English catalogue covers every interface message, and the gettext plumbing works end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator import i18n
from generator.fmt import WORDS, Formatter
from generator.render import environment

ROOT = Path(__file__).parent.parent


def interface_messages() -> set[str]:
    """Every message id pybabel would extract with the project's own configuration."""
    with (ROOT / "content" / "locale" / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    ids: set[str] = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}  # N_: fmt.WORDS, datasets, charts
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map, keywords):
        ids.update([message] if isinstance(message, str) else [m for m in message if m])
    return ids


def test_extraction_reaches_every_kind_of_file():
    """Enough messages, from Python (N_ and f._), templates and the words of jaring.js, that the check of
    translations below cannot pass for lack of anything to check."""
    ids = interface_messages()
    assert len(ids) >= 300, len(ids)
    for message in (
        "tidak dilaporkan",  # fmt.WORDS, through N_
        "Nilai angka (titik sebagai desimal); kosong bila tidak dilaporkan, bukan 0",  # datasets, N_
        "Anggaran (Rp miliar)",  # a chart template's axis title, N_
        "Sumber: {sources}",  # pages.py, f._
        "Kutip halaman ini",  # a template
        "Tersalin",  # jaring.js's words (templates/words.html)
        "{count} terbitan",  # ngettext
    ):
        assert message in ids, message


def test_every_interface_message_has_an_english_translation():
    with i18n.catalogue_path("en").open("rb") as po:
        catalog = read_po(po, locale="en")
    missing = sorted(
        m for m in interface_messages() if not (entry := catalog.get(m)) or not entry.string or entry.fuzzy
    )
    assert not missing, f"{len(missing)} messages lack an English translation: {missing[:20]}"


def test_the_source_language_reads_as_written_and_parameters_fill_after_translation():
    f = Formatter("id")
    assert f._("Sumber: {publisher}", publisher="Antara") == "Sumber: Antara"
    assert f.ngettext("{count} sumber", "{count} sumber", 3) == "3 sumber"


def test_templates_translate_through_the_catalogue(tmp_path):
    (tmp_path / "t.html").write_text('{{ _("Tidak ada %(n)s", n="<b>") }}|{% trans %}Beranda{% endtrans %}')
    env = environment(tmp_path, {}, translations=i18n.translations("id"))
    assert env.get_template("t.html").render() == "Tidak ada &lt;b&gt;|Beranda"


def test_the_english_formatter_writes_english_numbers_dates_and_words():
    f = Formatter("en")
    assert f.number(93000) == "93,000"
    assert f.rupiah(18_000_000_000) == "Rp18 billion"
    assert f.date(dt.date(2025, 10, 20)) == "20 October 2025"
    assert f.percent(0.62) == "62.0%"
    assert f.word("kind.not-reported") == "not reported"
    assert f.word("not-reported") == "Not reported"
    assert f.word("label.budget-year", year=2024) == "Regency budget (APBD) 2024"
    assert f.ngettext("{count} terbitan", "{count} terbitan", 1) == "1 issue"
    assert f.ngettext("{count} terbitan", "{count} terbitan", 3) == "3 issues"
    assert f.d3_format_locale()["thousands"] == ","


def test_every_word_of_fmt_has_an_english_translation():
    """WORDS has one copy, in Indonesian; each word reads in English through the catalogue."""
    f = Formatter("en")
    untranslated = sorted(key for key, text in WORDS.items() if f.word(key) == text and not _same_in_english(text))
    assert not untranslated, untranslated


def _same_in_english(text: str) -> bool:
    """Names and codes that read the same in English (programme and payer names)."""
    return text in {"BPJS Ketenagakerjaan", "CSR", "DBHCHT", "advertorial", "monitoring", "{benefit}"}
