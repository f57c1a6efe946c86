"""The default skill catalogue offered to every new program.

Competences are the five areas of the EU's Digital Competence Framework for Citizens
(DigComp 2.2); tools are the ones most workplaces use. The coordinator edits them freely.
"""

from django.utils.translation import gettext_lazy as _

DEFAULT_COMPETENCES = [
    (
        _("Information and data literacy"),
        _("Browse, search, evaluate and manage data, information and digital content."),
    ),
    (
        _("Communication and collaboration"),
        _("Interact, share and collaborate through digital technologies; digital identity."),
    ),
    (
        _("Digital content creation"),
        _("Create, edit and improve digital content; copyright and licences."),
    ),
    (
        _("Safety"),
        _("Protect devices, personal data and privacy, health and well-being."),
    ),
    (
        _("Problem solving"),
        _("Solve technical problems and use digital technologies creatively."),
    ),
]

DEFAULT_TOOLS = [
    (_("Spreadsheets (Excel, Google Sheets)"), ""),
    (_("Video meetings and chat (Microsoft Teams, Zoom)"), ""),
    (_("Cloud storage and shared documents (OneDrive, Google Drive)"), ""),
    (_("Professional social networks (LinkedIn)"), ""),
    (_("Generative AI assistants (ChatGPT, Copilot)"), ""),
    (_("Data visualisation (Power BI, Looker Studio)"), ""),
]
