"""Translation catalogs, one per domain package (app/<domain>/translations) plus app/translations.

python scripts/i18n.py check            list strings some locale lacks (exit 1 if any)
python scripts/i18n.py add <domain>     add this domain's untranslated strings to its catalogs, empty
python scripts/i18n.py compile          compile every catalog to .mo
"""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
LOCALES = ("en", "zh_Hans", "zh_Hant")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
JINJA_OPTIONS = {"**/templates/**": {"extensions": "jinja2.ext.do", "trimmed": "true"}}


def translation_dirs() -> list[Path]:
    """Every catalog directory: app/translations and app/<domain>/translations."""
    dirs = [APP / "translations"] + sorted(p for p in APP.glob("*/translations") if p.is_dir())
    return [d for d in dirs if d.is_dir()]


def extracted() -> dict[str, tuple[str, str]]:
    """Every translatable string in app/ → (msgid or (singular, plural), first location)."""
    found = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        APP, METHODS, options_map=JINJA_OPTIONS, keywords=KEYWORDS
    ):
        if not message:
            continue
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, (message, f"app/{filename}:{lineno}"))
    return found


def load(path: Path, locale: str) -> Catalog:
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=locale)
    return Catalog(locale=locale)


def po_path(directory: Path, locale: str) -> Path:
    return directory / locale / "LC_MESSAGES" / "messages.po"


def translated_keys(locale: str) -> set[str]:
    keys = set()
    for directory in translation_dirs():
        for message in load(po_path(directory, locale), locale):
            if not message.id or message.fuzzy:
                continue
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            if all(strings):
                keys.add(message.id if isinstance(message.id, str) else message.id[0])
    return keys


def missing() -> dict[str, list[tuple[str, str]]]:
    """Per locale, the strings no catalog translates: [(msgid, location)]."""
    messages = extracted()
    result = {}
    for locale in LOCALES:
        have = translated_keys(locale)
        result[locale] = [(key, loc) for key, (_m, loc) in sorted(messages.items()) if key not in have]
    return result


def add(domain: str, extra_paths: tuple[str, ...] = ()) -> None:
    directory = APP / "translations" if domain in {"core", "app"} else APP / domain / "translations"
    prefix = "app/" if domain in {"core", "app"} else f"app/{domain}/"
    messages = extracted()
    for locale in LOCALES:
        have = translated_keys(locale)
        path = po_path(directory, locale)
        catalog = load(path, locale)
        present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        for key, (message, loc) in messages.items():
            if key in have or key in present:
                continue
            in_domain = domain not in {"core", "app"} and loc.startswith(prefix)
            owned = in_domain or any(loc.startswith(p.rstrip("/")) for p in extra_paths)
            if not owned and (domain not in {"core", "app"} or extra_paths):
                continue
            catalog.add(message, string=_initial_string(message, locale), locations=[(loc, 0)])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=0, omit_header=False, sort_output=True)
        print(f"{path.relative_to(ROOT)}: {sum(1 for m in catalog if m.id)} messages")


def _initial_string(message, locale: str):
    """English is the source language: its catalog repeats the msgid; others start empty."""
    if locale == "en":
        return message
    return ("",) if isinstance(message, tuple) else ""


def compile_all() -> None:
    for directory in translation_dirs():
        for locale in LOCALES:
            path = po_path(directory, locale)
            if not path.exists():
                continue
            catalog = load(path, locale)
            with path.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "compile":
        compile_all()
        return 0
    if command == "add" and len(argv) >= 3:
        add(argv[2], tuple(argv[3:]))
        return 0
    if command == "check":
        gaps = missing()
        for locale, items in gaps.items():
            for key, loc in items:
                print(f"{locale}: {loc}: {key!r}")
        return 1 if any(gaps.values()) else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
