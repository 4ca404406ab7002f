"""Fixtures of the wp serve end-to-end suite: built binaries, a copy of examples/,
a running `wp serve`, one headless Chromium for the whole run.

Run by Tests/wpTests/ServeEndToEndTests.swift (`swift test`, `make test`) with
WP_BINARY set to the built wp (wp-serve beside it); by hand:
    python3 -m pytest Tests/serve -q        # after `swift build`
WP_SCREENSHOTS=DIR saves the screenshots docs/serve.md shows.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-28"

# The blocked card of the browser test: the copy makes I02 wait on I01 (todo).
BLOCKED_TASK = "RAILIANCE-WP-0004-I02"
BLOCKER_TASK = "RAILIANCE-WP-0004-I01"
WP4 = "railiance-apps/workplans/RAILIANCE-WP-0004-app-deployment-improvements.md"


def wp_binary():
    explicit = os.environ.get("WP_BINARY")
    path = Path(explicit) if explicit else ROOT / ".build" / "debug" / "wp"
    assert path.is_file(), f"no wp at {path}: run `swift build` first (or set WP_BINARY)"
    assert (path.parent / "wp-serve").is_file(), f"no wp-serve beside {path}: run `swift build`"
    return path


def copy_examples(target: Path) -> Path:
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("deploy"))
    path = target / WP4
    text = path.read_text()
    marker = f"id: {BLOCKED_TASK}\nstatus: todo\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + f"depends_on: [{BLOCKER_TASK}]\n", 1))
    return target


# The server is on loopback: never through an http_proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Server:
    """A running `wp serve --port 0`: its URL, token and process."""

    def __init__(self, directory: Path, *extra: str):
        env = dict(os.environ, WP_TODAY=TODAY, WP_CACHE_DIR=str(directory / ".wp-cache"))
        env.pop("NO_COLOR", None)
        self.process = subprocess.Popen(
            [str(wp_binary()), "serve", "--port", "0", *extra], cwd=directory,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+/)", line)
        if not match:
            self.process.kill()
            raise AssertionError(f"wp serve did not start: {line!r} {self.process.stderr.read()!r}")
        self.url = match.group(1).rstrip("/")
        self.directory = directory
        page = self.get("/")[2].decode()
        self.token = re.search(r'name="wp-token" content="([0-9a-f]*)"', page).group(1)

    def request(self, method, path, body=None, headers=None):
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with DIRECT.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def json(self, path):
        status, headers, body = self.get(path)
        assert status == 200, (path, status, body)
        assert headers["Content-Type"].startswith("application/json")
        return json.loads(body)

    def move(self, id, status, token=None, **extra):
        headers = {"Content-Type": "application/json", "X-WP-Token": self.token if token is None else token}
        code, _, body = self.request("POST", "/api/move", {"id": id, "status": status, **extra}, headers)
        return code, json.loads(body)

    def stop(self):
        """SIGTERM, as Ctrl-C would: the server ends by itself with exit 0."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("wp serve did not stop within 20 s of SIGTERM")
        self.process.stdout.close()
        self.process.stderr.close()
        return code


@pytest.fixture(scope="session")
def workspace(tmp_path_factory):
    return copy_examples(tmp_path_factory.mktemp("examples") / "ws")


@pytest.fixture(scope="session")
def server(workspace):
    running = Server(workspace / "railiance-apps")
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1000",
                     "--disable-gpu", "--no-first-run", "--no-proxy-server"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def screenshot(driver, name):
    directory = os.environ.get("WP_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(directory) / f"{name}.png"))


def wait_until(predicate, timeout=10.0, interval=0.05, message="condition"):
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except StaleElementReferenceException:
            # The page re-rendered between finding an element and reading it: look again.
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)
