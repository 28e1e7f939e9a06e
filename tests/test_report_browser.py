"""tilint report's HTML in a real browser (Debian's headless Chromium, driven by Playwright): the
charts and tables render, nothing is fetched, and no note text or name is on the page."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tests.report_archive import NAMES, make_archive, sentences

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); the browser tests "
                "run in CI", allow_module_level=True)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    archive = make_archive(folder / "archive")
    result = CliRunner().invoke(cli, ["report", "--no-config", "--jobs", "1", "--min-count", "2", str(archive),
                                      "-o", str(folder / "out")])
    assert result.exit_code == 0, result.stderr
    return folder / "out" / "report.html"


def test_the_report_renders_offline_in_chromium(page_file: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            shot = tmp_path / "report-screenshot.png"
            page.screenshot(path=str(shot), full_page=True)
            charts = page.locator("figure svg")
            assert charts.count() == 6  # category, rule, severity; share of notes flagged by folder, worker, month
            for index in range(charts.count()):
                box = charts.nth(index).bounding_box()
                assert charts.nth(index).is_visible() and box and box["width"] > 100 and box["height"] > 50
            for table in ("category", "rule", "severity", "folder", "worker", "month"):
                locator = page.locator(f"#table-{table}")
                box = locator.bounding_box()
                assert locator.is_visible() and box and box["height"] > 0, table
                assert locator.locator("tbody tr").count() >= 1
            worker_cells = page.locator("#table-worker tbody td").all_inner_texts()
            # --min-count 2: Dana Whitfield's 5 notes show, Lee Ortiz's 1 flagged note does not
            assert "5" in worker_cells and "<2" in worker_cells
            assert page.locator("#privacy").is_visible()
            seen = page.locator("body").inner_text()
            content = page.content()
        finally:
            browser.close()
    assert requests == [page_file.as_uri()], "the page asked for something besides itself"
    assert shot.stat().st_size > 10_000
    # and nothing it could fetch later: every link and source inside the page points into it
    assert {ref[:1] for ref in re.findall(r'(?:href|src)="([^"]*)"', content)} == {"#"}
    for secret in [*sentences(), *NAMES]:
        assert secret not in seen and secret not in content
    if os.environ.get("TILINT_SCREENSHOT"):  # to refresh the README's picture: TILINT_SCREENSHOT=docs/...
        shutil.copyfile(shot, os.environ["TILINT_SCREENSHOT"])
