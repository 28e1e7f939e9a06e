"""tilint serve's page in a real browser (Debian's headless Chromium, driven by Playwright): a
writer types a note, the highlights and findings appear, an alternative replaces exactly the
matched words, the category filter and the copy button work, and the page asks nothing of
anywhere but its own server."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tilint.api import Linter
from tilint.serve import PageServer, make_server
# the same Chromium and flags; importing it skips this module too where Chromium is absent, CI unset
from tests.test_report_browser import CHROMIUM, FLAGS

# The telephone is outside the Basic Multilingual Plane: one character for the server, two
# UTF-16 units for the textarea, so every offset after it is checked for the difference.
NOTE = ("📞 Call with client at the shelter. Client claims she was paid.\n"
        "She refused to cooperate with the officer.\n"
        "Why didn't you leave?")


@pytest.fixture(scope="module")
def server() -> Iterator[PageServer]:
    running = make_server(Linter(config=False))
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield running
    running.shutdown()
    running.server_close()


def test_a_writer_types_a_note_and_applies_an_alternative(server: PageServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 760})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(server.url)
            expect(page.locator("#filter input")).not_to_have_count(0)
            note = page.locator("#note")
            note.focus()
            page.keyboard.type(NOTE)

            items = page.locator("#list > li")
            expect(items).to_have_count(3)
            expect(page.locator("#mirror mark")).to_have_count(3)
            expect(page.locator("#status")).to_have_text("3 findings.")
            assert page.locator("#list").get_attribute("role") == "list"
            assert page.locator("#status").get_attribute("aria-live") == "polite"
            assert [m for m in page.locator("#mirror mark").all_inner_texts()] == [
                "claims", "refused to cooperate with", "Why didn't you leave"]
            blame = items.filter(has_text="Why didn't you leave")
            expect(blame).to_contain_text("Why:")  # the rule's why is shown
            expect(blame).to_contain_text("trafficker's control")
            described = blame.locator("mark").get_attribute("aria-describedby")
            expect(page.locator(f"#{described}")).to_contain_text("can sound like blame")
            # "reported" takes the place of "claims" as "reports" (fitted to the sentence): a button;
            # the judgment's alternatives name detectives, not the officer here: advice, not buttons
            credibility = items.filter(has_text="neutral reporting verb")
            expect(credibility.get_by_role("button", name="reports")).to_have_count(1)
            refused = items.filter(has_text="refused to cooperate")
            expect(refused.locator("button.replacement")).to_have_count(0)
            expect(refused.locator(".advice li").first).to_have_text("chose not to work with detectives for now")

            shot = tmp_path / "serve-screenshot.png"
            page.screenshot(path=str(shot))

            # keyboard only: focus the alternative and press Enter
            blame.get_by_role("button", name="What made it hard to leave?").focus()
            page.keyboard.press("Enter")
            revised = NOTE.replace("Why didn't you leave?", "What made it hard to leave?")
            expect(note).to_have_value(revised)
            expect(items).to_have_count(2)
            credibility.get_by_role("button", name="reports").click()
            revised = revised.replace("Client claims", "Client reports")
            expect(note).to_have_value(revised)
            expect(items).to_have_count(1)

            # the category filter hides the rest; the count says so
            page.get_by_label("judgment").uncheck()
            expect(items).to_have_count(0)
            expect(page.locator("#status")).to_have_text("0 findings shown of 1.")
            expect(page.locator("#mirror mark")).to_have_count(0)
            page.get_by_label("judgment").check()
            expect(items).to_have_count(1)
            expect(page.locator(".legend")).to_contain_text("error")

            page.get_by_role("button", name="Copy the note").click()
            expect(page.locator("#copied")).to_have_text("Copied.")
            assert page.evaluate("navigator.clipboard.readText()") == revised
        finally:
            browser.close()
    origin = server.url
    assert requests and all(url.startswith(origin) for url in requests), requests
    assert {url[len(origin) - 1 :] for url in requests} <= {"/", "/app.js", "/app.css", "/api/meta", "/api/lint"}
    assert shot.stat().st_size > 10_000
    if os.environ.get("TILINT_SCREENSHOT"):  # to refresh the README's picture: TILINT_SCREENSHOT=docs/serve-screenshot.png
        shutil.copyfile(shot, os.environ["TILINT_SCREENSHOT"])
