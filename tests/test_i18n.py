"""The English catalogue covers every interface message, and the gettext plumbing works end to end."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator import i18n
from generator.fmt import Formatter
from generator.render import environment

ROOT = Path(__file__).parent.parent


def interface_messages() -> set[str]:
    """Every message id pybabel would extract with the project's own configuration."""
    with (ROOT / "content" / "locale" / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    ids: set[str] = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map, keywords):
        ids.update([message] if isinstance(message, str) else [m for m in message if m])
    return ids


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
