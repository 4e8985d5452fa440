"""The workbench in Debian's chromium, driven by Selenium through chromedriver: log in,
filter the board, open an event, exclude a claim, mark it verified with a note, find that
in the audit log, log out. Screenshots of the board and the event page are kept in
``tests/serve/artifacts/`` (git-ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_fixtures import PASSWORDS, LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
    ),
]
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1600",
)  # fmt: skip


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    # An explicit driver path: Selenium Manager must not try to download one.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_analyst_triages_an_event_end_to_end(
    browser: object, live_server: LiveServer, kp: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select

    assert isinstance(browser, WebDriver)
    driver = browser
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []

    driver.get(live_server.url + "/")
    assert "/login" in driver.current_url  # anonymous: sent to the login form
    driver.find_element(By.ID, "username").send_keys("ana")
    driver.find_element(By.ID, "password").send_keys(PASSWORDS["ana"])
    driver.find_element(By.ID, "login").click()
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Signal board")

    driver.find_element(By.ID, "f-country").send_keys("KP")
    Select(driver.find_element(By.ID, "f-status")).select_by_value("new")
    driver.find_element(By.ID, "apply-filters").click()
    wait(driver).until(lambda d: "country=KP" in d.current_url)
    links = driver.find_elements(By.CSS_SELECTOR, "a.event-link")
    assert [a.text for a in links] == ["COVID-19"]
    driver.save_screenshot(str(ARTIFACTS / "board.png"))
    errors += console_errors(driver)

    links[0].click()
    wait(driver).until(lambda d: kp in d.current_url)
    assert driver.find_elements(By.CSS_SELECTOR, "svg.series-chart"), "no chart drawn"
    assert driver.find_elements(By.CSS_SELECTOR, "svg.series-chart rect.series-bar"), (
        "no epidemic curve"
    )
    driver.save_screenshot(str(ARTIFACTS / "event.png"))
    errors += console_errors(driver)

    driver.find_element(By.ID, "exclude-reason").send_keys("counts people isolated, not cases")
    driver.find_element(By.CSS_SELECTOR, "button.exclude").click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.quoted.excluded"))
    struck = driver.find_elements(By.CSS_SELECTOR, "li.quoted.excluded")
    assert len(struck) == 1
    assert "counts people isolated, not cases" in struck[0].text

    Select(driver.find_element(By.ID, "t-status")).select_by_value("verified")
    driver.find_element(By.ID, "t-note").send_keys("Checked against the KCNA bulletin.")
    driver.find_element(By.ID, "t-save").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "triage-status").text == "verified")
    assert "Checked against the KCNA bulletin." in driver.find_element(By.ID, "triage").text

    driver.get(live_server.url + "/audit")
    log = driver.find_element(By.ID, "audit").text
    assert "status" in log and "new" in log and "verified" in log
    assert "exclude claim" in log and "note" in log and "ana" in log
    errors += console_errors(driver)

    driver.find_element(By.ID, "logout").click()
    wait(driver).until(lambda d: "/login" in d.current_url)
    driver.get(live_server.url + "/")
    assert "/login" in driver.current_url  # the session is gone
    assert errors == []


def wait(driver: object) -> Any:
    """Wait (at most 30 s) for the page a click loads: a busy machine is slow.

    An element found on the page being replaced goes stale under the condition's feet;
    that is a "not yet", so the condition is tried again on the new page.
    """
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(  # type: ignore[arg-type]
        driver, 30, ignored_exceptions=[StaleElementReferenceException]
    )


def console_errors(driver: object) -> list[str]:
    """Severe console messages (a CSP violation would show here)."""
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(driver, WebDriver)
    try:
        entries = driver.get_log("browser")
    except Exception:  # a driver without the log endpoint: nothing to check
        return []
    return [str(e.get("message")) for e in entries if e.get("level") == "SEVERE"]
