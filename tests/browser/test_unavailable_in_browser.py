"""The page shown while the database is away, on a 320 px phone, in Norwegian."""

import socket
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from stedskaping import create_app
from tests.conftest import TEST_CONFIG

pytestmark = pytest.mark.browser


@pytest.fixture
def outage_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there: the database is away
    app = create_app({**TEST_CONFIG,
                      "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://x@127.0.0.1:{port}/x"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        from stedskaping.extensions import db

        db.engine.dispose()


def test_the_retry_page_at_320_px(outage_server, page, screenshot):
    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto(outage_server + "/projects/")
    assert response.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text("Straks tilbake")
    retry = page.get_by_role("link", name="Prøv igjen")
    expect(retry).to_be_visible()
    box = retry.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "database-unavailable-320px")
    # By keyboard: the retry link is reached with Tab and asks for the same page again.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Prøv igjen":
            break
    else:
        pytest.fail("the retry link is not reachable by keyboard")
    with page.expect_response(lambda r: r.url.endswith("/projects/")) as again:
        page.keyboard.press("Enter")
    assert again.value.status == 503
