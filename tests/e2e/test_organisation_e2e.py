"""The organisation: people log in through the company's OpenID Connect provider (a real
one on loopback); the coordinator imports the HR directory (a bad row refused, fixed,
applied); a mentor two levels below the mentee is never proposed, and the page says why."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from directory import services as directory_services
from directory.rows import COLUMNS
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import CandidateFactory, published_pair
from tests.oidc import oidc_provider, use_provider

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = {
    "rosa": {"password": "rosa-pass", "email": "rosa.sso@example.com", "given_name": "Rosa"},
    "carmen": {
        "password": "carmen-pass",
        "email": "carmen.hr@example.com",
        "given_name": "Carmen",
        "family_name": "Vidal",
        "groups": ["hr-mentoring"],
    },
}


def provider_sign_in(page, login: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Iniciar sesión con Acme ID").click()
    expect(page.get_by_role("heading", name="Company sign-in")).to_be_visible()
    page.get_by_label("User name").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_participants_and_coordinators_log_in_with_the_company_account(
    page, live_server, settings, program
):
    pair = published_pair(program, mentee_name="Rosa Mentee")
    rosa = pair.mentee_user
    rosa.email = "rosa.sso@example.com"
    rosa.set_unusable_password()
    rosa.save()
    with oidc_provider(f"{live_server.url}/accounts/sso/callback/", PEOPLE) as issuer:
        use_provider(
            settings, issuer, OIDC_COORDINATOR_GROUP="hr-mentoring", OIDC_PROVIDER_NAME="Acme ID"
        )
        provider_sign_in(page, "rosa", "rosa-pass")
        expect(page.get_by_text("Lucía Mentora").first).to_be_visible()  # her pair's start
        page.context.clear_cookies()
        provider_sign_in(page, "carmen", "carmen-pass")
        expect(page.get_by_role("heading", name="Programas", exact=True)).to_be_visible()
        assert User.objects.get(email="carmen.hr@example.com").role == User.Role.COORDINATOR
        page.set_viewport_size({"width": 390, "height": 844})
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sso-login-phone.png"), full_page=True)


def csv(rows) -> bytes:
    return "\n".join(",".join(row) for row in [COLUMNS, *rows]).encode()


BASE = [
    [
        "E1",
        "Elena Soto",
        "elena@example.com",
        "",
        "Dirección",
        "CEO",
        "9",
        "2001-03-01",
        "Madrid",
        "es",
    ],
    [
        "E2",
        "Marcos Gil",
        "marcos@example.com",
        "E1",
        "Ventas",
        "Director",
        "7",
        "2005-06-15",
        "Madrid",
        "es",
    ],
    [
        "E3",
        "Sara Núñez",
        "sara@example.com",
        "E2",
        "Ventas",
        "Jefa",
        "5",
        "2012-01-10",
        "Zaragoza",
        "es",
    ],
]


def test_the_coordinator_imports_the_directory_and_the_chain_rule_explains_itself(
    page, coordinator, program
):
    preview, _ = directory_services.directory_preview(
        file_name="base.csv", table=[COLUMNS, *BASE], actor=None
    )
    directory_services.directory_apply(preview=preview)
    # The new file: Sara gets a new title, Marcos leaves (Sara then reports to Elena), two
    # people join, and Lucía (a mentor) reports to Tomás, who reports to Rosa (a mentee).
    rows = [
        BASE[0],
        [
            "E3",
            "Sara Núñez",
            "sara@example.com",
            "E1",
            "Ventas",
            "Directora",
            "6",
            "2012-01-10",
            "Zaragoza",
            "es",
        ],
        [
            "R1",
            "Rosa Delgado",
            "rosa@example.com",
            "E1",
            "Comercial",
            "Directora",
            "8",
            "1999-01-01",
            "Madrid",
            "es",
        ],
        [
            "T1",
            "Tomás Ibáñez",
            "tomas@example.com",
            "R1",
            "Comercial",
            "Jefe",
            "5",
            "2010-01-01",
            "Madrid",
            "es",
        ],
        [
            "L1",
            "Lucía Ramos",
            "lucia@example.com",
            "T1",
            "Comercial",
            "Analista",
            "2",
            "2023-01-01",
            "Madrid",
            "es",
        ],
        [
            "H1",
            "Hugo Sanz",
            "hugo@example.com",
            "E1",
            "Tecnología",
            "Desarrollador",
            "2",
            "2022-01-01",
            "Madrid",
            "es",
        ],
    ]
    bad = [*rows, ["X1", "Sin Correo", "no-es-un-correo", "E1", "", "", "", "", "", ""]]
    log_in(page, coordinator.username)
    page.get_by_role("link", name="Directorio de RR. HH.").click()
    page.get_by_role("link", name="Importar el archivo de RR. HH.").click()
    upload = page.get_by_label("Archivo CSV o Excel del sistema de RR. HH.")
    upload.set_input_files({"name": "rrhh.csv", "mimeType": "text/csv", "buffer": csv(bad)})
    page.get_by_role("button", name="Ver qué cambia").click()
    expect(page.get_by_text("El archivo tiene 1 error: nada se ha importado.")).to_be_visible()
    expect(page.locator(".import-errors tbody tr")).to_have_text(
        ["8 email Introduzca una dirección de correo electrónico válida."], use_inner_text=True
    )
    upload = page.get_by_label("Archivo CSV o Excel del sistema de RR. HH.")
    upload.set_input_files({"name": "rrhh.csv", "mimeType": "text/csv", "buffer": csv(rows)})
    page.get_by_role("button", name="Ver qué cambia").click()
    expect(page.get_by_role("heading", name="rrhh.csv")).to_be_visible()
    figures = page.locator(".card-body .fs-3").all_inner_texts()
    assert figures == ["4", "1", "1", "1"]  # new, changed, leavers, unchanged
    expect(
        page.get_by_text("Sara Núñez E3: número de empleado del responsable, puesto, categoría")
    ).to_be_visible()
    expect(page.get_by_text("Marcos Gil E2 · Ventas")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "directory-preview-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Aplicar estos cambios").click()
    expect(page.get_by_text("El directorio está al día con rrhh.csv.")).to_be_visible()

    # The candidates: Lucía and Hugo mentor, Rosa wants to learn.
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    for name, email, role, level in (
        ("Lucía Ramos", "lucia@example.com", "mentor", 5),
        ("Hugo Sanz", "hugo@example.com", "mentor", 3),
        ("Rosa Delgado", "rosa@example.com", "mentee", 1),
    ):
        CandidateFactory(
            program=program,
            full_name=name,
            email=email,
            desired_role=role,
            status="accepted",
            years_in_organisation=2 if role == "mentor" else 20,
            level=2 if role == "mentor" else 5,
            ratings={excel.name: (level, role == "mentee")},
        )
    program.catalogue_reviewed_at = timezone.now()
    program.save()
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_role("button", name="Ejecutar la propuesta").click()
    expect(page.get_by_text("Propuesta lista: 1 pareja")).to_be_visible()
    pair = program.pairs.get()
    assert pair.mentor.full_name == "Hugo Sanz"  # Lucía scores higher, but reports to her
    page.goto(f"/programs/{program.pk}/pairs/mentee/{pair.mentee_id}/")
    expect(
        page.get_by_text(
            "misma línea jerárquica: según el directorio de RR. HH., el mentor depende del "
            "mentee, 2 niveles por debajo"
        )
    ).to_be_visible()
