"""The README stays a newcomer's page (what it is, the two commands, where to go next) and
every link between it and the pages of docs/ leads somewhere that exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings."""
    found = set()
    for line in page.read_text().splitlines():
        if match := re.match(r"#+ (.*)", line):
            slug = re.sub(r"[^\w\- ]", "", match[1].lower()).strip().replace(" ", "-")
            found.add(slug)
    return found


def test_every_link_between_the_pages_resolves():
    broken = []
    for page in PAGES:
        for target in LINK.findall(page.read_text()):
            if re.match(r"[a-z]+:", target):  # another site: not ours to check
                continue
            path, _hash, anchor = target.partition("#")
            destination = (page.parent / path).resolve() if path else page
            missing_anchor = (
                anchor and destination.suffix == ".md" and anchor not in anchors(destination)
            )
            if not destination.exists() or missing_anchor:
                broken.append((page.name, target))
    assert broken == []


def test_the_readme_is_short_and_leads_to_every_page():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.encode()) < 8 * 1024
    assert "make run" in readme and "make test" in readme
    linked = {Path(target).name for target in LINK.findall(readme)}
    assert {page.name for page in PAGES[1:]} <= linked
