"""wp serve in a real browser: headless Chromium from Debian driven by Selenium.

Board columns and a blocked card, dragging cards (a legal move writes what `wp set`
writes; an illegal one shows wp set's refusal and writes nothing), a change on disk
reaching the page without a reload, the filters, the graph, a gate, the decisions,
and file text that looks like markup shown as text.
"""

import difflib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BLOCKED_TASK, BLOCKER_TASK, TODAY, WP4, Server, copy_examples, screenshot, wait_until, wp_binary

WP4_FILE = Path(WP4).name

# A workplan whose every text is markup or script: the page must show it as text.
HOSTILE = """---
id: RAILIANCE-WP-0099
type: workplan
title: "<script>window.pwned = 'title'</script> Hostile & plan"
status: active
owner: "<img src=x onerror=\\"window.pwned='owner'\\">"
created: "2026-11-01"
updated: "2026-11-01"
---

# Hostile plan

### H01 — `<img src=x onerror="window.pwned='heading'">` & `<b>bold</b>`

```task
id: RAILIANCE-WP-0099-H01
status: todo
priority: "<i onmouseover=\\"window.pwned='priority'\\">high</i>"
```
"""


@pytest.fixture(scope="module")
def board_server(tmp_path_factory):
    """A server of its own: these tests edit files."""
    root = copy_examples(tmp_path_factory.mktemp("browser") / "ws")
    (root / "railiance-apps" / "workplans" / "RAILIANCE-WP-0099-hostile.md").write_text(HOSTILE)
    running = Server(root / "railiance-apps")
    yield running
    assert running.stop() == 0


def card(driver, task_id):
    elements = driver.find_elements(By.CSS_SELECTOR, f'.card[data-id="{task_id}"]')
    return elements[0] if elements else None


def open_board(driver, server):
    # A new page (filters empty): going to the same URL with a #fragment would not load one.
    driver.get("about:blank")
    driver.get(server.url + "/#/board")
    wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, ".card"), message="the board's cards")
    wait_until(lambda: "live" in driver.find_element(By.ID, "live").text and
               "reconnecting" not in driver.find_element(By.ID, "live").text, message="the event stream")
    # A mark that a reload would wipe: live updates must keep it.
    driver.execute_script("window.wpTestMark = 'same page';")


def same_page(driver):
    return driver.execute_script("return window.wpTestMark") == "same page"


def drag(driver, element, target):
    ActionChains(driver).click_and_hold(element).move_by_offset(12, 12).move_to_element(target) \
        .move_by_offset(2, 2).release().perform()


def cell(driver, status, lane="railiance-apps"):
    return driver.find_element(By.CSS_SELECTOR, f'.cell[data-status="{status}"][data-lane="{lane}"]')


def wp_set_result(server, arguments):
    """What `wp set` writes for the same edit, on a copy of the workspace as it is now."""
    copy = server.directory.parent.parent / f"wp-set-{arguments[0]}-{arguments[-1]}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(server.directory.parent, copy)
    directory = copy / server.directory.name
    result = subprocess.run([str(wp_binary()), "set", *arguments], cwd=directory, capture_output=True, text=True,
                            env=dict(os.environ, WP_TODAY=TODAY, WP_CACHE_DIR=str(directory / ".wp-cache")))
    assert result.returncode == 0, result.stderr
    return (directory / "workplans" / WP4_FILE).read_bytes()


def test_the_board_has_the_lifecycles_columns_and_the_blocked_card_stands_out(browser, board_server):
    open_board(browser, board_server)
    heads = [head.get_attribute("data-status") for head in browser.find_elements(By.CSS_SELECTOR, ".col-head")]
    assert heads == ["todo", "in_progress", "wait", "blocked", "done", "cancelled"]
    blocked = card(browser, BLOCKED_TASK)
    assert "blocked" in blocked.get_attribute("class").split()
    assert blocked.get_attribute("data-status") == "todo"
    roots = blocked.find_element(By.CSS_SELECTOR, ".roots").text
    assert "root cause" in roots and BLOCKER_TASK in roots
    assert blocked.value_of_css_property("background-color") != card(browser, BLOCKER_TASK).value_of_css_property(
        "background-color")
    lanes = [lane.get_attribute("data-lane") for lane in browser.find_elements(By.CSS_SELECTOR, "section.lane")]
    assert lanes == ["railiance-apps", "railiance-platform"]
    screenshot(browser, "board")


def test_file_text_that_looks_like_markup_is_shown_as_text(browser, board_server):
    open_board(browser, board_server)
    hostile = card(browser, "RAILIANCE-WP-0099-H01")
    assert hostile is not None
    title = hostile.find_element(By.CSS_SELECTOR, ".title").text
    assert "<img src=x onerror=" in title and "<b>bold</b>" in title
    assert "<img src=x onerror=" in hostile.find_element(By.CSS_SELECTOR, ".owner").text
    assert "<i onmouseover=" in hostile.find_element(By.CSS_SELECTOR, ".badge").text
    assert not hostile.find_elements(By.CSS_SELECTOR, "img, b, i, script")
    options = [option.text for option in browser.find_elements(By.CSS_SELECTOR, "#filter-workplan option")]
    assert any(text.startswith("RAILIANCE-WP-0099 — <script>") for text in options)
    ActionChains(browser).move_to_element(hostile.find_element(By.CSS_SELECTOR, ".badge")).perform()
    browser.get(board_server.url + "/#/element/RAILIANCE-WP-0099")
    wait_until(lambda: browser.find_elements(By.ID, "element"), message="the element page")
    assert "<script>window.pwned" in browser.find_element(By.ID, "element").text
    assert browser.execute_script("return window.pwned === undefined")
    assert not browser.find_elements(By.CSS_SELECTOR, "#view img, #view script, #view i")
    assert "bold" not in [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#view b")]


def test_dragging_a_card_to_a_legal_column_writes_what_wp_set_writes(browser, board_server):
    path = board_server.directory / "workplans" / WP4_FILE
    before = path.read_bytes()
    expected = wp_set_result(board_server, ["RAILIANCE-WP-0004-I03", "status", "in_progress"])
    open_board(browser, board_server)
    drag(browser, card(browser, "RAILIANCE-WP-0004-I03"), cell(browser, "in_progress"))
    wait_until(lambda: path.read_bytes() != before, message="the file to change")
    after = path.read_bytes()
    assert after == expected
    changed = [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ['-updated: "2026-05-19"', '+updated: "2026-11-28"', "-status: todo", "+status: in_progress"]
    wait_until(lambda: card(browser, "RAILIANCE-WP-0004-I03").get_attribute("data-status") == "in_progress",
               message="the card in its new column")
    assert not card(browser, "RAILIANCE-WP-0004-I03").find_elements(By.CSS_SELECTOR, ".refusal")
    assert same_page(browser)


def test_dragging_a_card_to_an_illegal_column_shows_the_refusal_and_writes_nothing(browser, board_server):
    path = board_server.directory / "workplans" / WP4_FILE
    before = path.read_bytes()
    open_board(browser, board_server)
    drag(browser, card(browser, BLOCKED_TASK), cell(browser, "done"))
    refusal = wait_until(lambda: card(browser, BLOCKED_TASK).find_elements(By.CSS_SELECTOR, ".refusal"),
                         message="the refusal on the card")[0]
    assert f"{BLOCKED_TASK} cannot be done yet: it depends on {BLOCKER_TASK}, which is todo" in refusal.text
    assert "nothing was written" in refusal.text and "--force" not in refusal.text
    assert card(browser, BLOCKED_TASK).get_attribute("data-status") == "todo"
    assert path.read_bytes() == before
    screenshot(browser, "refusal")
    refusal.find_element(By.CSS_SELECTOR, "button.dismiss").click()
    wait_until(lambda: not card(browser, BLOCKED_TASK).find_elements(By.CSS_SELECTOR, ".refusal"),
               message="the refusal dismissed")
    assert path.read_bytes() == before


def test_a_change_on_disk_updates_the_board_keeping_filters_and_scroll(browser, board_server):
    browser.set_window_size(1500, 500)
    try:
        open_board(browser, board_server)
        Select(browser.find_element(By.ID, "filter-repo")).select_by_value("railiance-apps")
        browser.find_element(By.ID, "filter-text").send_keys("RAILIANCE-WP-0004")
        wait_until(lambda: all(c.get_attribute("data-id").startswith("RAILIANCE-WP-0004")
                               for c in browser.find_elements(By.CSS_SELECTOR, ".card")), message="the filter")
        assert browser.execute_script("return document.documentElement.scrollHeight > window.innerHeight")
        browser.execute_script("window.scrollTo(0, 120)")
        scrolled = browser.execute_script("return window.scrollY")
        assert scrolled > 0
        renders = int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-renders"))
        path = board_server.directory / "workplans" / WP4_FILE
        text = path.read_text()
        marker = "id: RAILIANCE-WP-0004-I05\nstatus: todo\n"
        assert marker in text
        path.write_text(text.replace(marker, "id: RAILIANCE-WP-0004-I05\nstatus: wait\n", 1))
        wait_until(lambda: card(browser, "RAILIANCE-WP-0004-I05").get_attribute("data-status") == "wait",
                   message="the board to show the change")
        assert same_page(browser)
        assert int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-renders")) > renders
        assert browser.find_element(By.ID, "filter-text").get_attribute("value") == "RAILIANCE-WP-0004"
        assert Select(browser.find_element(By.ID, "filter-repo")).first_selected_option.get_attribute("value") == \
            "railiance-apps"
        assert all(c.get_attribute("data-id").startswith("RAILIANCE-WP-0004")
                   for c in browser.find_elements(By.CSS_SELECTOR, ".card"))
        assert browser.execute_script("return window.scrollY") == scrolled
    finally:
        browser.set_window_size(1500, 1000)


def test_the_filters_narrow_the_board(browser, board_server):
    open_board(browser, board_server)
    every = len(browser.find_elements(By.CSS_SELECTOR, ".card"))
    Select(browser.find_element(By.ID, "filter-repo")).select_by_value("railiance-platform")
    platform = browser.find_elements(By.CSS_SELECTOR, ".card")
    assert 0 < len(platform) < every
    assert {c.find_element(By.XPATH, "ancestor::section").get_attribute("data-lane") for c in platform} == \
        {"railiance-platform"}
    Select(browser.find_element(By.ID, "filter-repo")).select_by_value("")
    browser.find_element(By.ID, "filter-blocked").click()
    blocked = browser.find_elements(By.CSS_SELECTOR, ".card")
    assert blocked and all("blocked" in c.get_attribute("class").split() for c in blocked)
    assert BLOCKED_TASK in [c.get_attribute("data-id") for c in blocked]
    browser.find_element(By.ID, "filter-blocked").click()
    browser.find_element(By.ID, "filter-text").send_keys("RAILIANCE-WP-0004-I07")
    assert [c.get_attribute("data-id") for c in browser.find_elements(By.CSS_SELECTOR, ".card")] == \
        ["RAILIANCE-WP-0004-I07"]
    assert browser.find_element(By.ID, "count").text == f"1 of {every} tasks"
    browser.find_element(By.ID, "filter-text").clear()
    Select(browser.find_element(By.ID, "lanes")).select_by_value("workplan")
    lanes = [lane.get_attribute("data-lane") for lane in browser.find_elements(By.CSS_SELECTOR, "section.lane")]
    assert "RAILIANCE-WP-0004" in lanes and len(lanes) >= 3


def test_the_graph_shows_open_work_and_a_clicked_node_its_detail(browser, board_server):
    browser.get(board_server.url + "/#/graph")
    nodes = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#graph-box svg g.node"), message="graph nodes")
    names = {node.find_element(By.TAG_NAME, "title").get_attribute("textContent") for node in nodes}
    assert len(names) == len(nodes) > 3
    drawn = {name: value["id"] for name, value in board_server.json("/api/graph")["nodes"].items()}
    assert names <= set(drawn)
    node = next(n for n in nodes if drawn[n.find_element(By.TAG_NAME, "title").get_attribute("textContent")] == BLOCKER_TASK)
    before = browser.find_element(By.CSS_SELECTOR, "#graph-box svg").get_attribute("style")
    browser.find_element(By.ID, "zoom-in").click()
    assert browser.find_element(By.CSS_SELECTOR, "#graph-box svg").get_attribute("style") != before
    browser.find_element(By.ID, "zoom-fit").click()
    ActionChains(browser).move_to_element(node).click().perform()
    detail = wait_until(lambda: (lambda d: d.is_displayed() and BLOCKER_TASK in d.text and d)(
        browser.find_element(By.ID, "graph-detail")), message="the node's detail")
    assert "Completing it unblocks" in detail.text and BLOCKED_TASK in detail.text
    screenshot(browser, "graph")


def test_the_gates_panel_shows_each_gates_live_result(browser, board_server):
    browser.get(board_server.url + "/#/gates")
    gates = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, ".panel.gate"), message="the gates")
    by_ref = {gate.get_attribute("data-gate"): gate for gate in gates}
    assert set(by_ref) == {"railiance-apps:vergabe-teilnahme/promote-production", "railiance-apps:vergabe-teilnahme/smoke"}
    promote = by_ref["railiance-apps:vergabe-teilnahme/promote-production"]
    assert promote.find_element(By.CSS_SELECTOR, "h3 span").text == "fail"
    assert len(promote.find_elements(By.CSS_SELECTOR, ".req.unmet")) == 2
    assert by_ref["railiance-apps:vergabe-teilnahme/smoke"].find_element(By.CSS_SELECTOR, "h3 span").text == "pass"
    screenshot(browser, "gates")
    promote.find_element(By.CSS_SELECTOR, "h3 a.elink").click()
    element = wait_until(lambda: browser.find_elements(By.ID, "element"), message="the gate's element page")[0]
    assert "vergabe-teilnahme/promote-production" in element.text


def test_the_decisions_list_pending_first(browser, board_server):
    browser.get(board_server.url + "/#/decisions")
    decisions = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, ".panel.decision"), message="decisions")
    pending = ["pending-first" in d.get_attribute("class").split() for d in decisions]
    assert pending == sorted(pending, reverse=True)


def test_read_only_pages_do_not_drag(browser, tmp_path):
    directory = copy_examples(tmp_path / "ws") / "railiance-apps"
    read_only = Server(directory, "--read-only")
    try:
        path = directory / "workplans" / WP4_FILE
        before = path.read_bytes()
        open_board(browser, read_only)
        assert browser.find_element(By.ID, "mode").text == "read-only"
        drag(browser, card(browser, "RAILIANCE-WP-0004-I03"), cell(browser, "in_progress"))
        assert not browser.find_elements(By.CSS_SELECTOR, ".card.pending, .refusal")
        assert card(browser, "RAILIANCE-WP-0004-I03").get_attribute("data-status") == "todo"
        assert path.read_bytes() == before
    finally:
        assert read_only.stop() == 0


def test_ids_link_to_the_forge_with_link_base(browser, tmp_path):
    directory = copy_examples(tmp_path / "ws") / "railiance-apps"
    linked = Server(directory, "--link-base", "https://git.example.org/ops")
    try:
        open_board(browser, linked)
        link = card(browser, "RAILIANCE-WP-0004-I03").find_element(By.CSS_SELECTOR, ".id a")
        assert link.get_attribute("href") == ("https://git.example.org/ops/railiance-apps/src/branch/main/workplans/"
                                              "RAILIANCE-WP-0004-app-deployment-improvements.md#L76")
        assert link.get_attribute("rel") == "noopener noreferrer"
    finally:
        assert linked.stop() == 0
