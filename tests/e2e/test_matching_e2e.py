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
    expect(page.get_by_text("Propuesta lista: 2 parejas")).to_be_visible()
    assert Pair.objects.filter(pk=locked.pk, locked=True).exists()
    assert Pair.objects.filter(program=program).count() == 3

    page.get_by_role("link", name="Publicar la lista definitiva").click()
    page.get_by_role("button", name="Publicar y avisar").click()
    expect(page.get_by_text("Se ha publicado la lista definitiva de 3 parejas")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Prepararse para empezar")
    assert Pair.objects.filter(program=program, published_at__isnull=False).count() == 3
