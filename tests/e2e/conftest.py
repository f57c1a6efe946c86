"""Browser tests: Playwright for Python driving Debian's chromium against a live server."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in the test's thread; the tests still use the ORM
# synchronously to arrange and check data, which Django allows only when told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium was not found at {CHROMIUM}. Install Debian's package "
            "(apt-get install -y chromium; `make test` does it) or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="es-ES", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    visited: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and visited.append(frame.url))
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    elif failed is not None:
        # Every page the test went through, as it is at the end, checked with axe-core,
        # and, in Spanish, for English left on it.
        # (The product's own pages: not those of a company's sign-in provider.)
        ours = [url for url in visited if url.startswith(live_server.url)]
        problems = accessibility_problems(page, dict.fromkeys(ours))
        context.close()
        assert problems == [], problems
        return
    context.close()


# Words of English that Spanish never uses, as the interface would show them. Product and
# proper names (Reverse mentoring, mentor, mentee, Excel, LinkedIn…) are not among them.
ENGLISH = frozenset(
    [
        "the",
        "and",
        "with",
        "your",
        "you",
        "of",
        "for",
        "from",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "should",
        "could",
        "not",
        "on",
        "at",
        "by",
        "an",
        "or",
        "it",
        "its",
        "their",
        "they",
        "we",
        "our",
        "us",
        "my",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "where",
        "why",
        "how",
        "all",
        "each",
        "every",
        "more",
        "most",
        "some",
        "any",
        "other",
        "yes",
        "here",
        "there",
        "please",
        "thank",
        "thanks",
        "hello",
        "welcome",
        "back",
        "next",
        "previous",
        "page",
        "edit",
        "save",
        "cancel",
        "delete",
        "remove",
        "add",
        "new",
        "open",
        "closed",
        "draft",
        "pending",
        "sent",
        "failed",
        "done",
        "ready",
        "report",
        "reports",
        "results",
        "download",
        "upload",
        "search",
        "filter",
        "status",
        "date",
        "name",
        "score",
        "skill",
        "skills",
        "goal",
        "goals",
        "task",
        "tasks",
        "meeting",
        "meetings",
        "training",
        "pair",
        "pairs",
        "track",
        "risk",
        "inactive",
        "active",
        "paused",
        "ended",
        "completed",
        "program",
        "programs",
        "candidate",
        "candidates",
        "applied",
        "accepted",
        "declined",
        "withdrawn",
        "shortlisted",
        "waiting",
        "log",
        "login",
        "logout",
        "password",
        "user",
        "account",
        "email",
        "settings",
        "preferences",
        "none",
        "low",
        "high",
        "very",
        "medium",
        "expert",
        "basic",
        "advanced",
        "agreement",
        "evaluation",
        "questionnaire",
        "answer",
        "answers",
        "invited",
    ]
)


def english_words(text: str) -> list[str]:
    """The English words found in a page's visible text, each with what surrounds it.
    Placeholders ({name}, {program}…), email addresses and links are not words."""
    import re

    text = re.sub(r"\{\w+\}|\S+@\S+|https?://\S+", " ", text)  # and addresses and links
    return sorted(
        {
            f"{match.group(0)!r} in …{text[max(match.start() - 40, 0) : match.end() + 40]}…"
            for match in re.finditer(r"[^\W\d_]+", text)
            if match.group(0).lower() in ENGLISH
        }
    )


def accessibility_problems(page, urls) -> list[tuple[str, str, list]]:
    """The serious and critical WCAG violations axe-core finds on these pages."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for url in urls:
        if url.endswith((".pdf", ".ics", ".csv", ".xlsx")) or "/logout/" in url:
            continue
        page.goto(url)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append((url, violation["id"], targets))
        # Code (a file's column keys, the same in every language) is not prose.
        text = page.evaluate(
            "document.querySelectorAll('code').forEach(e => e.style.display = 'none'),"
            " document.body.innerText"
        )
        spanish = page.evaluate("document.documentElement.lang") == "es"
        if spanish and (words := english_words(text)):
            problems.append((url, "english-on-a-spanish-page", words))
    return problems


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# The sign-in form's labels and button, in each language.
LOGIN = {
    "es": ("Nombre de usuario", "Contraseña", "Iniciar sesión"),
    "en": ("Username", "Password", "Log in"),
}


def log_in(page, username: str, password: str = "secret-pass-123", language: str = "es") -> None:
    name, secret, button = LOGIN[language]
    page.goto("/accounts/login/")
    page.get_by_label(name).fill(username)
    page.get_by_label(secret).fill(password)
    page.get_by_role("button", name=button).click()
