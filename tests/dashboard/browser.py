"""Debian's Chromium driven by Selenium, for the dashboard's browser tests.

Only the system browser (`/usr/bin/chromium`, `/usr/bin/chromedriver`, Debian's
packages `chromium` and `chromium-driver`) is used, never a downloaded build; without
them the tests skip and say what to install. Selenium blocks, and the dashboard under
test runs on the test's own event loop, so every browser call goes through a thread
(`await browser.call(...)`) and the loop keeps serving pages meanwhile.

`axe(...)` injects axe-core (tests/dashboard/node_modules, `make setup-test`) into the
page and returns its violations; screenshots go to `SHOTS` (ORBIT_SCREENSHOTS, default
tests/dashboard/screenshots/, not committed).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("ORBIT_SCREENSHOTS", HERE / "screenshots"))
T = TypeVar("T")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here; None if they can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} is missing: `apt-get install chromium chromium-driver` (Debian)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: run `make setup-test`"
    if not AXE.exists():
        return "axe-core is not installed: run `make setup-test` (npm ci in tests/dashboard)"
    return None


class Browser:
    def __init__(self, downloads: Path, profile: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--window-size=1280,900",
        ):
            options.add_argument(flag)
        options.add_experimental_option(
            "prefs",
            {"download.default_directory": str(downloads), "download.prompt_for_download": False},
        )
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        self.downloads = downloads

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(fn, *args)

    async def get(self, url: str) -> None:
        await self.call(self.driver.get, url)

    async def text(self) -> str:
        return await self.call(lambda: self.driver.find_element("tag name", "body").text)

    async def see(self, words: str, timeout: float = 5.0) -> str:
        """The page's text once it shows `words` (htmx swaps pages after a click)."""
        text = ""
        for _ in range(int(timeout / 0.05)):
            text = await self.text()
            if words in text:
                return text
            await asyncio.sleep(0.05)
        raise AssertionError(f"{words!r} never appeared; the page says:\n{text}")

    async def click(self, css: str) -> None:
        await self.call(lambda: self.driver.find_element("css selector", css).click())

    async def fill(self, css: str, value: str) -> None:
        def go() -> None:
            box = self.driver.find_element("css selector", css)
            box.clear()
            box.send_keys(value)

        await self.call(go)

    async def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        await self.call(self.driver.save_screenshot, str(path))
        return path

    async def axe(self) -> list[dict[str, Any]]:
        """axe-core's violations on the page (WCAG 2 A/AA and best practices)."""
        source = AXE.read_text()

        def run() -> list[dict[str, Any]]:
            self.driver.execute_script(source)
            self.driver.set_script_timeout(30)
            result = self.driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document).then(r => done(r.violations.map(v => ("
                "{id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,"
                " where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
                ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));"
            )
            return list(result)

        return await self.call(run)

    async def close(self) -> None:
        await self.call(self.driver.quit)
