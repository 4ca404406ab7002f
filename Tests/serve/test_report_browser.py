"""`wp report --format html` in a real browser: headless Chromium driven by Selenium.

The report is a file (file://), not served: its one inline script (allowed by its hash
in the page's Content-Security-Policy) shows the filter box; typing hides the rows and
cards that do not match and the groups left empty; ids link to their card in the page
and, with --link-base, to the forge. Without JavaScript everything is shown.
Run with the rest of Tests/serve (ServeEndToEndTests, `swift test`).
"""

import os
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import BLOCKED_TASK, BLOCKER_TASK, TODAY, screenshot, wait_until, wp_binary

FORGE = "https://git.example.org/team"


@pytest.fixture(scope="module")
def report_file(workspace, tmp_path_factory):
    output = tmp_path_factory.mktemp("report") / "report.html"
    env = dict(os.environ, WP_TODAY=TODAY, WP_CACHE_DIR=str(output.parent / "cache"))
    result = subprocess.run([str(wp_binary()), "report", "-o", str(output), "--link-base", FORGE],
                            cwd=workspace / "railiance-apps", env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return output


def rows(driver):
    """Progress rows by workplan id (each row in a <tbody> of its own, which the filter hides)."""
    return {row.find_element(By.CSS_SELECTOR, "strong").get_attribute("textContent"): row
            for row in driver.find_elements(By.CSS_SELECTOR, "#progress tbody[data-filter]")}


def blocked_card(driver):
    return driver.find_element(By.CSS_SELECTOR, "#blocked .item[data-filter]")


def page_errors(driver):
    """Console errors of the report page: its script failing or the policy blocking something
    (the shared browser's log also holds what the `wp serve` tests' pages left behind)."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
            and (entry["source"] in ("javascript", "security") or "report.html" in entry["message"]
                 or "Content Security Policy" in entry["message"])]


def test_filter_hides_what_does_not_match(browser, report_file):
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get(report_file.as_uri())
    box = browser.find_element(By.ID, "filter-input")
    wait_until(lambda: box.is_displayed(), message="the filter box, shown by the page's script")
    shown = rows(browser)
    assert set(shown) == {"RAILIANCE-WP-0002", "RAILIANCE-WP-0004", "RAILIANCE-WP-0003"}
    assert all(row.is_displayed() for row in shown.values())
    assert blocked_card(browser).is_displayed()

    box.send_keys("0003")
    wait_until(lambda: not rows(browser)["RAILIANCE-WP-0002"].is_displayed(), message="WP-0002 hidden")
    visible = {name for name, row in rows(browser).items() if row.is_displayed()}
    assert visible == {"RAILIANCE-WP-0003"}
    assert not blocked_card(browser).is_displayed(), "a card that does not match is hidden"
    # The railiance-apps groups (progress and blocked) have nothing left: hidden too.
    groups = browser.find_elements(By.CSS_SELECTOR, "section details")
    assert [group.find_element(By.TAG_NAME, "summary").text for group in groups if group.is_displayed()] \
        == ["railiance-platform (1 workplan)"]
    count = browser.find_element(By.ID, "filter-count").text
    assert count.startswith("1 of ") and count.endswith(" shown"), count
    screenshot(browser, "report-filter")

    # Every word must match, anywhere in the item's text: the blocked task by its blocker's id.
    box.clear()
    box.send_keys(BLOCKER_TASK.lower() + " todo")
    wait_until(lambda: blocked_card(browser).is_displayed(), message="the card blocked on " + BLOCKER_TASK)
    assert BLOCKED_TASK in blocked_card(browser).text
    assert not any(row.is_displayed() for row in rows(browser).values())

    box.clear()
    box.send_keys(" ")
    wait_until(lambda: all(row.is_displayed() for row in rows(browser).values()), message="all rows back")
    assert blocked_card(browser).is_displayed()
    assert browser.find_element(By.ID, "filter-count").text == ""
    errors = page_errors(browser)
    assert not errors, errors


def test_links_to_cards_and_forge(browser, report_file):
    browser.get(report_file.as_uri())
    card = blocked_card(browser)
    forge = card.find_element(By.CSS_SELECTOR, "h3 a.forge")
    assert forge.text == BLOCKED_TASK
    href = forge.get_attribute("href")
    assert href.startswith(FORGE + "/railiance-apps/src/branch/main/workplans/RAILIANCE-WP-0004-"), href
    assert "#L" in href
    # An id elsewhere in the page (the stale list) goes to its row in the progress table.
    link = browser.find_element(By.CSS_SELECTOR, "#stale li a[href^='#el-']")
    assert link.text == "RAILIANCE-WP-0004"
    link.click()
    target = wait_until(lambda: browser.execute_script("return location.hash"), message="a hash")
    assert target == "#el-railiance-apps_3ARAILIANCE-WP-0004"
    row = browser.find_element(By.ID, target[1:])
    assert row.is_displayed() and row.tag_name == "tr"
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", row) < 200, "scrolled to the row"


def test_without_javascript_everything_is_shown(report_file):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(report_file.as_uri())
        assert not driver.find_element(By.ID, "filter").is_displayed(), "no box to type into without a script"
        items = driver.find_elements(By.CSS_SELECTOR, "[data-filter]")
        assert len(items) >= 4 and all(item.is_displayed() for item in items)
    finally:
        driver.quit()
