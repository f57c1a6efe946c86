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
    assert text == {"es": "1 de marzo de 2027", "en": "1 March 2027"}[language]


def test_english_dates_are_never_us_style():
    import datetime

    from django.utils import formats, translation

    day = datetime.datetime(2026, 12, 4, 17, 30)
    with translation.override("en"):
        shown = {
            name: formats.date_format(day, name)
            for name in (
                "DATE_FORMAT",
                "SHORT_DATE_FORMAT",
                "DATETIME_FORMAT",
                "SHORT_DATETIME_FORMAT",
            )
        }
        # Typed day first, as in the UK; ISO as the date pickers send it.
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")
    assert shown == {
        "DATE_FORMAT": "4 December 2026",
        "SHORT_DATE_FORMAT": "4 Dec 2026",
        "DATETIME_FORMAT": "4 December 2026, 17:30",
        "SHORT_DATETIME_FORMAT": "4 Dec 2026, 17:30",
    }


@pytest.mark.django_db
def test_an_english_page_and_email_show_the_months_name(client, program, pair):
    import datetime

    from django.core import mail
    from django.urls import reverse
    from django.utils import timezone

    from sessions.reminders import reminders_create

    coordinator = program.coordinators.first()
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("program_dashboard", args=[program.pk])).content.decode()
    start = program.start_date
    assert f"From {start.day} {start:%B} {start.year}" in page
    assert f"{start.month:02d}/{start.day:02d}/{start.year}" not in page

    from sessions.models import Meeting

    pair.mentor_user.language = "en"
    pair.mentor_user.save()
    # Tomorrow at ten where the product runs: the reminder goes the day before, whatever
    # the hour the test runs at.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10)))
    Meeting.objects.create(pair=pair, starts_at=starts)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders_create()
    [email] = [m for m in mail.outbox if m.to == [pair.mentor_user.email]]
    local = timezone.localtime(starts)
    assert f"{local.day} {local:%b} {local.year}" in email.body or (
        f"{local.day} {local:%B} {local.year}" in email.body
    )
