"""The Spanish catalogue read as an HR employee in Spain reads it: no masculine-only address
to a person, no Latin American phrasing, one register per audience in the emails (see also
the browser tests, which fail on English left on a Spanish page)."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = polib.pofile(str(ROOT / "locale/es/LC_MESSAGES/django.po"))

# Forms that assume the reader (or an unknown person) is a man; the catalogue uses forms
# that need no gender ("Te damos la bienvenida", "grado de satisfacción", "otra persona").
MASCULINE_ADDRESS = re.compile(
    r"\b(Bienvenido|Bienvenidos|Estimado|seleccionado como|satisfecho|insatisfecho|"
    r"no estoy seguro|estás seguro|un compañero|compañeros|los nuevos empleados|"
    r"interesado en|preparado para)\b",
    re.IGNORECASE,
)
# Phrasing of Latin America, where Spain says it otherwise.
NOT_FROM_SPAIN = re.compile(
    r"(¿Qué tan|\bustedes\b|\bagendar|\bplaticar|\bchecar|\bcomputadora|\bcelular|"
    r"\bingresar\b|\breporte|\bretroalimentaci|\bvideo\b)",
    re.IGNORECASE,
)
USTED = re.compile(r"\b(usted|su cuenta|sus datos|Elija|Escriba|Revise|abra|ignore|puede usted)\b")
TU = re.compile(r"\b(tú|tu|tus|te|contigo|puedes|elige|escribe|revisa|abre|ignora)\b", re.I)


def translations():
    for entry in CATALOGUE:
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry, text


def test_no_masculine_only_address_to_a_person():
    found = [
        (entry.msgid[:60], match.group(0))
        for entry, text in translations()
        for match in MASCULINE_ADDRESS.finditer(text)
    ]
    assert found == []


def test_spanish_from_spain():
    found = [
        (entry.msgid[:60], match.group(0))
        for entry, text in translations()
        for match in NOT_FROM_SPAIN.finditer(text)
    ]
    assert found == []


def email_strings(paths) -> list[str]:
    """The translated texts of the msgids that these email templates use."""
    source = "".join(path.read_text() for path in paths)
    return [
        text
        for entry, text in translations()
        for prefix in [entry.msgid.split("%(")[0][:40]]
        if len(prefix) > 15 and prefix in source
    ]


@pytest.mark.parametrize(
    "audience, files, forbidden",
    [
        # Applicants and participants are addressed as tú, in every email they get.
        ("participants", lambda p: "password_reset" not in p.name, USTED),
        # The password reset goes to anyone, coordinators too: it addresses nobody.
        ("everyone", lambda p: "password_reset" in p.name, TU),
    ],
)
def test_each_email_keeps_one_register(audience, files, forbidden):
    paths = [path for path in (ROOT / "templates/emails").iterdir() if files(path)]
    mixed = [text for text in email_strings(paths) if forbidden.search(text)]
    if audience == "everyone":
        mixed += [text for text in email_strings(paths) if USTED.search(text)]
    assert mixed == []


@pytest.mark.parametrize("folder", ["accounts/api_tokens.html", "directory"])
def test_pages_only_coordinators_see_address_them_as_usted(folder):
    path = ROOT / "templates" / folder
    paths = [path] if path.is_file() else list(path.rglob("*.html"))
    texts = email_strings(paths)
    assert texts and [text for text in texts if TU.search(text)] == []


def test_the_questionnaire_and_the_charts_use_one_scale():
    from django.utils import translation

    from evaluation import scales
    from evaluation.forms import SATISFACTION_LABELS

    assert SATISFACTION_LABELS is scales.SATISFACTION
    with translation.override("es"):
        assert scales.words(scales.SATISFACTION) == [
            "1 · muy bajo",
            "2 · bajo",
            "3 · medio",
            "4 · alto",
            "5 · muy alto",
        ]


# The method has one name in Spanish, the guide's: "reverse mentoring".
OTHER_NAMES = re.compile(r"(mentoring inverso|mentor[ií]a inversa|tutor[ií]a inversa)", re.I)


def test_the_method_has_one_name():
    found = [(entry.msgid[:60], text) for entry, text in translations() if OTHER_NAMES.search(text)]
    assert found == []
    code = [
        str(path.relative_to(ROOT))
        for folder in ("programs", "matching", "preparation", "sessions", "evaluation", "templates")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt", ".md") and OTHER_NAMES.search(path.read_text())
    ]
    assert code == []


@pytest.mark.django_db
def test_coordinators_are_addressed_as_usted_on_their_pages(client, coordinator, program):
    """The dashboard holds every phase's title, checklist and next step: in the
    coordinators' register (usted) or in forms that address nobody (nouns, infinitives)."""
    from django.urls import reverse

    client.force_login(coordinator)
    html = client.get(reverse("program_dashboard", args=[program.pk])).content.decode()
    main = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
    imperatives = re.compile(r"\b(define|selecciona|revisa|envía|comparte|da|elige|escribe)\b")
    assert TU.findall(main.replace(program.name, "")) == []
    assert imperatives.findall(main) == []
    titles = re.findall(r"\d\. (\w+)", main)
    assert titles == ["Definición", "Selección", "Preparación", "Reuniones", "Evaluación"]
