"""Every translatable string has an English, Simplified and Traditional Chinese translation."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _i18n():
    spec = importlib.util.spec_from_file_location("kith_i18n", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_catalog_is_complete():
    gaps = _i18n().missing()
    report = {locale: [f"{loc}: {key}" for key, loc in items[:20]] for locale, items in gaps.items() if items}
    assert not report, f"untranslated strings (run scripts/i18n.py add <domain> and translate): {report}"


def test_there_are_strings_to_translate():
    assert len(_i18n().extracted()) > 100
