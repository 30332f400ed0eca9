"""Pages over raw HTTP: who sees what, login, and linked data by content negotiation.

Anonymous HTML and RDF must hold no dataset name, member name or finding; inspectors (by
session after logging in, or by bearer token on /id/...) see them.
"""

from __future__ import annotations

import csv
import json
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from rdflib import Graph, Literal, URIRef

from _browser import DATASET, demo_server
from _endpoint_support import INSPECTOR
from kg_service import namespaces as ns

PUBLIC_PAGES = ["/", "/article/19", "/article/20", "/local-rule/yichun", "/local-rule/qingdao", "/obligations",
                "/obligation/leader-dlm", "/obligation/seven-talks", "/search?q=%E8%B0%88%E5%BF%83", "/query",
                "/login", "/?lang=en", "/article/19?lang=en"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("pages-access")
    with demo_server(work) as running:
        with open(work / "demo" / "members.csv", encoding="utf-8-sig") as fh:
            running.members = list(csv.DictReader(fh))
        yield running


def _private_words(server) -> list[str]:
    return [DATASET, urllib.parse.quote(DATASET)] + [m["name"] for m in server.members[:40]]


def test_public_pages_answer_and_hold_nothing_private(server):
    for path in PUBLIC_PAGES:
        response = server.client.request("GET", path)
        assert response.status == 200, path
        text = response.body.decode("utf-8")
        for word in _private_words(server):
            assert word not in text, f"{word!r} shown to an anonymous visitor on {path}"


def test_inspector_pages_need_a_login_and_say_so(server):
    member = server.members[0]["member_id"]
    for path in ("/compliance", f"/compliance/{urllib.parse.quote(DATASET)}/member/{member}",
                 f"/compliance/{urllib.parse.quote(DATASET)}/finding/2024/leader-dlm/{member}/2024",
                 f"/compliance/findings.csv?dataset={urllib.parse.quote(DATASET)}"):
        response = server.client.request("GET", path)
        assert response.status == 401, path
        assert response.content_type == "text/html"
        body = response.body.decode()
        assert "/login" in body and "Traceback" not in body
        # the login link names the page asked for (the visitor's own words), nothing else
        for echo in (path.replace("&", "&amp;"), path):
            body = body.replace(echo + "?", "").replace(echo, "")
        for word in _private_words(server):
            assert word not in body, (word, path)


def test_inspector_sees_the_dataset_with_the_bearer_token(server):
    response = server.client.request("GET", "/compliance", token=INSPECTOR)
    assert response.status == 200
    assert DATASET in response.body.decode()


def _session_client(server):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path):
        try:
            with opener.open(server.url + path) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def post(path, data):
        body = urllib.parse.urlencode(data).encode()
        try:
            with opener.open(server.url + path, data=body) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    return jar, get, post


def test_login_keeps_only_the_role_and_logout_ends_it(server):
    jar, get, post = _session_client(server)
    status, page = get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    assert post("/login", {"csrf": csrf, "token": "wrong"})[0] == 401
    assert post("/login", {"token": INSPECTOR})[0] == 400  # no CSRF token: refused
    status, page = post("/login", {"csrf": csrf, "token": INSPECTOR, "next": "/compliance"})
    assert status == 200 and DATASET in page
    cookies = {c.name: c.value for c in jar}
    assert "kg_session" in cookies
    from itsdangerous import URLSafeTimedSerializer  # noqa: F401  (Flask's signer)
    import base64
    import zlib
    raw = cookies["kg_session"].split(".")
    payload = raw[1] if raw[0] == "" else raw[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if raw[0] == "":
        data = zlib.decompress(data)
    assert INSPECTOR not in data.decode(), "the token must not be kept in the session"
    assert "inspector" in data.decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    post("/logout", {"csrf": csrf})
    assert get("/compliance")[0] == 401


def test_a_forged_session_cookie_is_ignored(server):
    request = urllib.request.Request(server.url + "/compliance",
                                     headers={"Cookie": "kg_session=eyJyb2xlIjoiYWRtaW4ifQ.AAAAAA.forged"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request)
    assert caught.value.code == 401


def test_linked_data_turtle_and_json_ld_for_rdf_clients(server):
    iri = ns.article_iri(19)
    turtle = server.client.request("GET", "/id/article/19", headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.content_type == "text/turtle"
    graph = Graph().parse(data=turtle.body.decode(), format="turtle")
    assert (URIRef(iri), ns.KG.articleNumber, Literal(19)) in graph
    jsonld = server.client.request("GET", "/id/obligation/leader-dlm",
                                   headers={"Accept": "application/ld+json"})
    assert jsonld.status == 200 and jsonld.content_type == "application/ld+json"
    graph = Graph().parse(data=jsonld.body.decode(), format="json-ld")
    assert (URIRef(ns.obligation_iri("leader-dlm")), ns.KG.code, Literal("leader-dlm")) in graph
    json.loads(jsonld.body)
    grounding = server.client.request("GET", "/id/obligation/leader-dlm/grounding",
                                      headers={"Accept": "text/turtle"})
    assert "oa:exact" in grounding.body.decode() or "http://www.w3.org/ns/oa#exact" in grounding.body.decode()


def test_linked_data_sends_browsers_to_the_page(server):
    request = urllib.request.Request(server.url + "/id/article/19/clause/2", headers={"Accept": "text/html"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request)
    assert caught.value.code == 303
    assert caught.value.headers["Location"].endswith("/article/19#clause-2")
    assert server.client.request("GET", "/id/nothing/here", headers={"Accept": "text/turtle"}).status == 404
    assert server.client.request("GET", "/id/article/19", headers={"Accept": "image/png"}).status == 406


def test_private_records_are_not_linked_data_for_anonymous_clients(server):
    member = server.members[0]
    path = f"/id/dataset/{ns.segment(DATASET)}/member/{ns.segment(member['member_id'])}"
    anonymous = server.client.request("GET", path, headers={"Accept": "text/turtle"})
    assert anonymous.status == 401
    assert member["name"] not in anonymous.body.decode()
    inspector = server.client.request("GET", path, headers={"Accept": "text/turtle"}, token=INSPECTOR)
    assert inspector.status == 200
    assert member["name"] in inspector.body.decode()
    for path in (f"/id/graph/catalog", f"/id/dataset/{ns.segment(DATASET)}"):
        assert server.client.request("GET", path, headers={"Accept": "text/turtle"}).status == 401


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_mistyped_path_is_an_html_page_for_browsers_and_json_for_programs(server):
    page = server.client.request("GET", "/nope", headers={"Accept": BROWSER_ACCEPT})
    assert page.status == 404 and page.content_type.startswith("text/html")
    text = page.body.decode()
    assert "<html" in text and "404" in text and 'href="/"' in text
    for accept in (None, "*/*", "application/json"):
        answer = server.client.request("GET", "/nope", headers={"Accept": accept} if accept else {})
        assert answer.status == 404 and answer.json()["error"]["code"] == "not_found"
    # API paths answer JSON even to a browser
    api = server.client.request("GET", "/api/nope", headers={"Accept": BROWSER_ACCEPT})
    assert api.status == 404 and api.json()["error"]["status"] == 404
