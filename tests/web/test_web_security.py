"""Who may connect: loopback by default, a token for anything else; read-only snapshots of the store."""

from __future__ import annotations

import pytest
from web_helpers import in_process_client

from coopscope.errors import CoopscopeError
from coopscope.web import WebSettings, create_app
from coopscope.web.app import check_settings


def test_listening_beyond_loopback_needs_a_token(web_store):
    with pytest.raises(CoopscopeError, match="no token"):
        check_settings(WebSettings(store=web_store, host="0.0.0.0"))
    check_settings(WebSettings(store=web_store, host="0.0.0.0", token="s3cret-token"))
    check_settings(WebSettings(store=web_store, host="::1"))


def test_requests_without_the_token_get_401(web_store):
    app = create_app(WebSettings(store=web_store, host="0.0.0.0", token="s3cret-token"))
    with in_process_client(app) as c:
        denied = c.get("/api/v1/methods")
        assert denied.status_code == 401 and denied.json()["error"]["code"] == "unauthorized"
        assert c.get("/api/v1/methods", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/v1/methods", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        page = c.get("/methods?token=s3cret-token")
        assert page.status_code == 200 and "coopscope_token" in page.headers["set-cookie"]
        assert c.get("/methods").status_code == 200  # the cookie now carries the token


@pytest.mark.slow
def test_a_new_build_is_seen_as_a_new_snapshot_and_the_old_stays_whole(web_store, client):
    from coopscope.api.build import build_store
    from coopscope.web.snapshot import StoreReader

    reader = StoreReader(web_store)
    before = reader.current()
    assert reader.current() is before
    tag = client.get("/api/v1/methods").headers["etag"]
    with pytest.raises(CoopscopeError, match="read-only"):
        before.transaction()
    # new files even for unchanged inputs; the kept evidence is built again too, so the session's
    # store stays current for the tests that read it after this one
    build_store(web_store, groups=["complexity", "evidence"], rebuild=True)
    after = reader.current()
    assert after.version != before.version
    assert (
        before.manifest()["tables"]["complexity_cells"]["files"]
        != after.manifest()["tables"]["complexity_cells"]["files"]
    )
    assert client.get("/api/v1/methods", headers={"If-None-Match": tag}).status_code == 200
    r = client.get("/api/v1/complexity?table=eci")
    assert r.status_code == 200 and r.json()["rows"]


def test_warming_computes_the_pair_and_skips_unknown_pairs(web_store):
    from coopscope.web import library
    from coopscope.web.app import _warm
    from coopscope.web.snapshot import StoreReader

    reader = StoreReader(web_store)
    _warm(reader, (("KOR", "XXX"), ("KOR", "CHN")))
    version = reader.current().version
    assert ("cooperation", reader.root, version, "KOR", "CHN") in library.CACHE._items
