"""Static files: the browser's revalidation (304) leaves no file open."""

import gc
import sys


def test_a_not_modified_answer_closes_its_file(client, monkeypatch):
    first = client.get("/static/js/app.js")
    assert first.status_code == 200 and b"error-summary" in first.data
    etag = first.headers["ETag"]
    first.close()
    leaks = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: leaks.append(str(u.exc_value)))
    again = client.get("/static/js/app.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    del again
    gc.collect()
    assert leaks == []
