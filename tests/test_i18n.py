"""Each catalogue (Spanish today; every language of settings.LANGUAGES but English, the
code's own) is complete: every msgid translated, none fuzzy, and current with the code (a
fresh makemessages adds no msgid the committed catalogue lacks)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


SKIP_DIRS = {".venv", ".git", "staticfiles", "media", "node_modules", "test-artifacts"}


def incomplete_entries(po: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in po
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]


def test_every_language_has_a_catalogue():
    assert {path.name for path in (ROOT / "locale").iterdir()} == set(TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = polib.pofile(str(catalogue(language)))
    assert len(po) > 100
    assert incomplete_entries(po) == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_placeholders_match(language):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalogue(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_current_with_the_code(tmp_path, language):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda directory, names: [n for n in names if n in SKIP_DIRS or n.endswith(".mo")],
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            language,
            "--no-location",
            "--extension=html,txt,py,md",
            "--ignore=tests/*",
            "--ignore=benchmarks/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
    committed = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(catalogue(language))) if not e.obsolete
    }
    missing = sorted(
        entry.msgid for entry in fresh if (entry.msgctxt, entry.msgid) not in committed
    )
    assert missing == [], "run `make messages` and translate these msgids"
    assert incomplete_entries(fresh) == []


@pytest.mark.parametrize("language", ["es", "en"])
def test_dates_are_localised(language):
    import datetime

    from django.utils import formats, translation

    with translation.override(language):
        text = formats.date_format(datetime.date(2027, 3, 1), "DATE_FORMAT")
    assert text == {"es": "1 de marzo de 2027", "en": "March 1, 2027"}[language]
