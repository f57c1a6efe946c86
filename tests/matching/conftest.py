"""What the matching tests share: a small cohort."""

import pytest

from tests.factories import CandidateFactory


@pytest.fixture
def people(program):
    """Two young mentors and three senior mentees who want to learn spreadsheets."""
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    ai = program.skills.get(name__startswith="Asistentes de IA")

    def mentor(name, excel_level, ai_level):
        return CandidateFactory(
            program=program,
            full_name=name,
            desired_role="mentor",
            status="accepted",
            years_in_organisation=2,
            level=2,
            department="Tecnología",
            ratings={excel.name: (excel_level, False), ai.name: (ai_level, False)},
        )

    def mentee(name, excel_level, ai_level):
        return CandidateFactory(
            program=program,
            full_name=name,
            desired_role="mentee",
            status="accepted",
            years_in_organisation=20,
            level=5,
            department="Comercial",
            ratings={excel.name: (excel_level, True), ai.name: (ai_level, True)},
        )

    return {
        "lucia": mentor("Lucía", 5, 3),
        "hugo": mentor("Hugo", 3, 5),
        "rosa": mentee("Rosa", 1, 1),
        "pedro": mentee("Pedro", 2, 1),
        "ines": mentee("Inés", 1, 2),
        "applied": CandidateFactory(program=program, desired_role="mentor", status="applied"),
    }
