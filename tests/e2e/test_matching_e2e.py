import re

from django.utils import timezone
from playwright.sync_api import expect

from matching.models import Pair
from tests.e2e.conftest import log_in
from tests.factories import CandidateFactory


def test_propose_lock_rerun_and_publish(page, coordinator, program):
    program.catalogue_reviewed_at = timezone.now()  # phase 1 is done
    program.save()
    skill = program.skills.get(name__startswith="Hojas de cálculo")
    for name, level in [("Lucía Mentora", 5), ("Hugo Mentor", 4), ("Sara Mentora", 3)]:
        CandidateFactory(
            program=program,
            full_name=name,
            desired_role="mentor",
            status="accepted",
            years_in_organisation=1,
            level=1,
            ratings={skill.name: (level, False)},
        )
    for name in ["Rosa Mentee", "Pedro Mentee", "Inés Mentee"]:
        CandidateFactory(
            program=program,
            full_name=name,
            desired_role="mentee",
            status="accepted",
            years_in_organisation=25,
            level=5,
            ratings={skill.name: (1, True)},
        )

    log_in(page, "laura")
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_role("button", name="Ejecutar la propuesta").click()
    expect(page.get_by_text("Propuesta lista: 3 parejas")).to_be_visible()
    expect(page.get_by_text("Cómo se calcula la puntuación")).to_be_visible()

    row = page.get_by_role("row").filter(has_text="Lucía Mentora")
    row.get_by_role("button", name="Bloquear").click()
    locked = Pair.objects.get(mentor__full_name="Lucía Mentora")
    assert locked.locked
    page.get_by_role("button", name="Volver a ejecutar para las parejas no bloqueadas").click()
    expect(page.get_by_text("Propuesta lista: 3 parejas (nuevas: 2)")).to_be_visible()
    assert Pair.objects.filter(pk=locked.pk, locked=True).exists()
    assert Pair.objects.filter(program=program).count() == 3

    page.get_by_role("link", name="Publicar la lista definitiva").click()
    page.get_by_role("button", name="Publicar y avisar").click()
    expect(page.get_by_text("Se ha publicado la lista definitiva de 3 parejas")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Preparación para empezar")
    assert Pair.objects.filter(program=program, published_at__isnull=False).count() == 3


def number(text: str) -> float:
    return float(text.strip().replace(".", "").replace(",", "."))


def check_figures(page) -> None:
    """Every figure of the matching page agrees with the pairs it lists."""
    rows = page.locator("#pairs-table tbody tr")
    scores = [float(rows.nth(n).get_attribute("data-score")) for n in range(rows.count())]
    figure = page.locator("[data-figure]")
    shown = {
        figure.nth(n).get_attribute("data-figure"): figure.nth(n).inner_text()
        for n in range(figure.count())
    }
    assert int(shown["pairs"]) == len(scores)
    assert number(shown["total"]) == round(sum(scores), 1)
    assert number(shown["weakest"]) == min(scores)
    unpaired = page.locator("#unpaired-list li")
    assert int(shown["unpaired"]) == unpaired.count()
    listed = " ".join(rows.nth(n).inner_text() for n in range(rows.count()))
    for n in range(unpaired.count()):  # nobody "not paired" sits in a listed pair
        assert unpaired.nth(n).inner_text().split(" (")[0] not in listed


def test_a_living_cohort_walk(page, coordinator, program):
    """Propose, lock, forbid, hand-pick, re-run, publish; a late applicant joins the
    published cohort; a pair ends and its mentee is matched again."""
    program.catalogue_reviewed_at = timezone.now()
    program.mentor_capacity = 2
    program.save()
    skill = program.skills.get(name__startswith="Hojas de cálculo")

    def person(name, role, level):
        return CandidateFactory(
            program=program,
            full_name=name,
            desired_role=role,
            status="accepted",
            years_in_organisation=1 if role == "mentor" else 25,
            level=1 if role == "mentor" else 5,
            ratings={skill.name: (level, role == "mentee")},
        )

    for name, level in [("Lucía Mentora", 5), ("Hugo Mentor", 4), ("Sara Mentora", 3)]:
        person(name, "mentor", level)
    for name in ["Rosa Mentee", "Pedro Mentee", "Inés Mentee"]:
        person(name, "mentee", 1)

    log_in(page, "laura")
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_role("button", name="Ejecutar la propuesta").click()
    expect(page.get_by_text("Propuesta lista: 3 parejas")).to_be_visible()
    check_figures(page)

    first = page.locator("#pairs-table tbody tr").nth(0)
    first.get_by_role("button", name="Bloquear").click()
    second = page.locator("#pairs-table tbody tr").filter(has_not_text="bloqueada").nth(0)
    forbidden_mentee = second.locator("td").nth(1).locator("a").inner_text()
    second.get_by_role("button", name="Prohibir").click()
    expect(page.get_by_text("nunca formarán pareja")).to_be_visible()
    expect(page.locator("#bans-list li")).to_have_count(1)
    check_figures(page)

    third = page.locator("#pairs-table tbody tr").filter(has_not_text="bloqueada").nth(0)
    third.get_by_role("link", name="Otros mentores").click()
    page.get_by_role("row").filter(has_text="Sara Mentora").get_by_role(
        "button", name="Emparejar con este mentor"
    ).click()
    expect(page.get_by_text("forman pareja y queda bloqueada")).to_be_visible()
    check_figures(page)
    page.get_by_role("button", name="Volver a ejecutar para las parejas no bloqueadas").click()
    expect(page.get_by_text(re.compile(r"Propuesta lista: 3 parejas"))).to_be_visible()
    check_figures(page)
    forbidden = Pair.objects.get(mentee__full_name=forbidden_mentee)
    assert not program.pair_bans.filter(mentor=forbidden.mentor, mentee=forbidden.mentee).exists()

    page.get_by_role("link", name="Publicar la lista definitiva").click()
    page.get_by_role("button", name="Publicar y avisar").click()
    expect(page.get_by_text("Se ha publicado la lista definitiva de 3 parejas")).to_be_visible()
    published = set(Pair.objects.filter(published_at__isnull=False).values_list("pk", flat=True))

    # A late applicant is accepted, and matched into the published cohort.
    person("Tomás Tardío", "mentee", 1)
    page.goto(f"/programs/{program.pk}/pairs/")
    expect(page.locator("#unpaired-list")).to_contain_text("Tomás Tardío")
    page.get_by_role("button", name="Proponer parejas para las personas aún libres").click()
    expect(page.get_by_text("Propuesta lista: 4 parejas (nuevas: 1)")).to_be_visible()
    check_figures(page)
    page.get_by_role("link", name="Publicar las parejas nuevas").click()
    expect(page.get_by_role("heading", name="¿Publicar 1 pareja nueva?")).to_be_visible()
    page.get_by_role("button", name="Publicar y avisar").click()
    expect(page.get_by_text("Se ha publicado 1 pareja nueva")).to_be_visible()
    assert published < set(
        Pair.objects.filter(published_at__isnull=False).values_list("pk", flat=True)
    )

    # A pair ends; its mentee is matched again, never with the same mentor.
    ending = Pair.objects.get(mentee__full_name="Rosa Mentee")
    page.locator("#pairs-table tbody tr").filter(has_text="Rosa Mentee").get_by_role(
        "link", name="Página de la pareja"
    ).click()
    page.get_by_role("link", name="Finalizar la pareja").click()
    page.get_by_label("¿Por qué finaliza la pareja?").select_option("mismatch")
    page.get_by_role("button", name="Finalizar la pareja").click()
    expect(page.locator("#pair-status")).to_contain_text("finalizó antes de tiempo")
    page.goto(f"/programs/{program.pk}/pairs/")
    expect(page.locator("#unpaired-list")).to_contain_text("Rosa Mentee")
    check_figures(page)
    page.get_by_role("button", name="Proponer parejas para las personas aún libres").click()
    check_figures(page)
    again = Pair.objects.exclude(status="ended").get(mentee__full_name="Rosa Mentee")
    assert again.mentor_id != ending.mentor_id and not again.is_published
