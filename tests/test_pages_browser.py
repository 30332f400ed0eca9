"""The pages in a real headless Chromium against a real server with demo data and a check run.

What a person would check: the article text with its highlighted grounding words, a search
for 谈心谈话, the dashboard's charts and a finding traced to its sentence, the query page, the
login; and that an anonymous visitor sees nothing private. Screenshots of the main pages
(1366x900) go to test-artifacts/screenshots/ (KG_SCREENSHOT_DIR overrides).
"""

from __future__ import annotations

import csv
import urllib.parse

import pytest

from _browser import DATASET, chrome_driver, chrome_missing, demo_server, screenshot_dir
from _endpoint_support import INSPECTOR

pytestmark = pytest.mark.skipif(chrome_missing() is not None, reason=chrome_missing() or "")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("pages")
    with demo_server(work) as running:
        running.work = work
        yield running


@pytest.fixture(scope="module")
def shots(request):
    folder = screenshot_dir()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"page screenshots: {folder}")
    return folder


@pytest.fixture
def browser():
    with chrome_driver() as driver:
        yield driver


def _by_css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _wait_for(driver, selector):
    """Wait until the page that a click loads shows `selector` (readiness, not a timing test:
    the bound is generous and only ends a hung page)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 120).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector)))
    return _by_css(driver, selector)


def _login(driver, server, token=INSPECTOR):
    driver.get(server.url + "/login")
    _by_css(driver, "#token")[0].send_keys(token)
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    button = _by_css(driver, "#login-button")[0]
    button.click()
    WebDriverWait(driver, 120).until(expected_conditions.staleness_of(button))


def _seed_obligations():
    from kg_service.regulation.inventory import list_obligations
    from kg_service.store import EmbeddedStore
    from kg_service.store.public import BUILDERS
    import tempfile

    # an independent copy of the regulation graph, not the served store
    with EmbeddedStore(tempfile.mkdtemp()) as store:
        for graph, build in BUILDERS.items():
            store.put_graph(graph, build())
        return list_obligations(store)


def test_article_page_shows_every_clause_and_highlights_the_grounding_words(server, browser, shots):
    browser.get(server.url + "/")
    assert "第十九条" in browser.page_source
    browser.save_screenshot(str(shots / "home.png"))
    browser.get(server.url + "/article/19")
    clauses = _by_css(browser, "li.clause")
    assert len(clauses) >= 3
    marks = [m.text for m in _by_css(browser, "li.clause mark.ground")]
    national = [o for o in _seed_obligations() if o["article_number"] == 19 and o["rule"] == "national"]
    assert national, "the seed has national obligations of Article 19"
    page_text = "".join(c.text for c in clauses)
    for ob in national:
        assert ob["quote"] in page_text
        assert any(m and m in ob["quote"] for m in marks), f"{ob['code']}'s words are not highlighted"
    browser.save_screenshot(str(shots / "article-19.png"))
    link = _by_css(browser, "li.clause mark.ground a")[0]
    link.click()
    _wait_for(browser, "blockquote.clause-quote")
    assert "/obligation/" in browser.current_url
    code = urllib.parse.unquote(browser.current_url.rsplit("/", 1)[-1])
    assert code in _by_css(browser, "h1")[0].text
    assert _by_css(browser, "blockquote.clause-quote mark")[0].text == next(
        o["quote"] for o in national if o["code"] == code)
    browser.save_screenshot(str(shots / "obligation.png"))


def test_local_rule_page_names_its_article_and_what_it_adds(server, browser):
    browser.get(server.url + "/local-rule/yichun")
    body = _by_css(browser, "main")[0].text
    assert "第十九条" in body
    yichun = [o for o in _seed_obligations() if o["rule"] == "yichun"]
    for ob in yichun:
        assert ob["code"] in body
    assert len(_by_css(browser, "li.clause mark.ground")) >= len(yichun)


def test_search_for_tanxin_tanhua_finds_its_clauses(server, browser, shots):
    from kg_service.regulation.seed import load_seed_graph
    from kg_service.namespaces import KG

    graph = load_seed_graph()
    expected = {str(c) for c, text in graph.subject_objects(KG.text)
                if "/clause/" in str(c) and "谈心谈话" in str(text)}
    assert expected, "the seed text mentions 谈心谈话"
    browser.get(server.url + "/search?q=" + urllib.parse.quote("谈心谈话"))
    hits = _by_css(browser, "ul.hits li.hit a.where")
    clause_links = {h.get_attribute("href").split("#", 1)[1] + "@" + h.get_attribute("href").split("#")[0].rsplit("/", 1)[-1]
                    for h in hits if "#clause-" in h.get_attribute("href")}
    wanted = {f"clause-{c.rsplit('/', 1)[-1]}@{c.split('/clause/')[0].rsplit('/', 1)[-1]}" for c in expected}
    assert clause_links == wanted
    highlighted = _by_css(browser, "mark.hit")
    assert highlighted and all(m.text == "谈心谈话" for m in highlighted)
    browser.save_screenshot(str(shots / "search.png"))
    browser.get(server.url + "/search?q=" + urllib.parse.quote("没有这样的词语"))
    assert not _by_css(browser, "li.hit")


def test_obligations_table_filters(server, browser, shots):
    browser.get(server.url + "/obligations")
    assert len(_by_css(browser, "table.data tbody tr")) == 27
    browser.save_screenshot(str(shots / "obligations.png"))
    browser.get(server.url + "/obligations?rule=qingdao&article=20")
    rows = _by_css(browser, "table.data tbody tr")
    seed = [o for o in _seed_obligations() if o["rule"] == "qingdao" and o["article_number"] == 20]
    assert len(rows) == len(seed) > 0
    assert {r.find_element("css selector", "code").text for r in rows} == {o["code"] for o in seed}


def test_dashboard_charts_and_a_finding_traced_to_its_sentence(server, browser, shots):
    _login(browser, server)
    browser.get(server.url + "/compliance")
    charts = _by_css(browser, "svg.chart")
    assert len(charts) == 2
    assert _by_css(browser, "#chart-obligations rect.violated")
    assert _by_css(browser, "#chart-orgs rect.violated")
    browser.save_screenshot(str(shots / "dashboard.png"))
    expected_total = server.manifest["findings"]
    browser.get(server.url + "/compliance?status=violated#findings")
    rows = _by_css(browser, "table.findings tbody tr")
    assert rows and all("violated" in r.get_attribute("innerHTML") for r in rows)
    assert len(rows) <= expected_total
    rows[0].find_element("css selector", "a.trace").click()
    _wait_for(browser, "#trace-clause")
    assert "/finding/" in browser.current_url
    quote = _by_css(browser, "#trace-clause mark")[0].text
    sentence = _by_css(browser, "#trace-clause")[0].text
    code = _by_css(browser, "h1 code")[0].text
    ob = next(o for o in _seed_obligations() if o["code"] == code)
    assert quote == ob["quote"]
    assert sentence == ob["clause_text"]
    browser.save_screenshot(str(shots / "trace.png"))


def test_findings_csv_download_is_the_contract_format(server):
    response = server.client.request("GET", "/compliance/findings.csv",
                                     params={"dataset": DATASET, "year": 2024, "status": "violated"},
                                     token=INSPECTOR)
    assert response.status == 200 and response.content_type == "text/csv"
    rows = list(csv.reader(response.body.decode("utf-8").splitlines()))
    assert rows[0] == ["obligation", "subject_id", "period", "status", "expected", "observed", "article", "rule"]
    assert len(rows) > 1 and all(r[3] == "violated" for r in rows[1:])
    # the generator's ground truth, not the engine's output
    with open(server.work / "demo" / "expected-findings.csv", encoding="utf-8") as fh:
        truth = {tuple(r) for r in csv.reader(fh)} - {tuple(rows[0])}
    assert {tuple(r) for r in rows[1:]} == {t for t in truth if t[3] == "violated"}


def test_member_page_lists_posts_records_and_status(server, browser):
    _login(browser, server)
    members = server.work / "demo" / "members.csv"
    with open(members, encoding="utf-8-sig") as fh:
        first = next(csv.DictReader(fh))
    browser.get(server.url + f"/compliance/{urllib.parse.quote(DATASET)}/member/{urllib.parse.quote(first['member_id'])}")
    assert first["name"] in _by_css(browser, "h1")[0].text
    assert _by_css(browser, "table.data")


def test_query_page_runs_a_query_and_shows_rows(server, browser, shots):
    browser.get(server.url + "/query")
    box = _by_css(browser, "#query")[0]
    box.clear()
    box.send_keys("PREFIX kg: <https://w3id.org/party-kg/ontology#>\n"
                  "SELECT ?code WHERE { ?o a kg:Obligation ; kg:code ?code } ORDER BY ?code")
    _by_css(browser, "#run")[0].click()
    _wait_for(browser, "table.results")
    cells = [c.text for c in _by_css(browser, "table.results tbody td")]
    assert sorted(cells) == sorted(o["code"] for o in _seed_obligations())
    browser.save_screenshot(str(shots / "query.png"))
    box = _by_css(browser, "#query")[0]
    box.clear()
    box.send_keys("SELECT * WHERE { ?s ?p }")
    _by_css(browser, "#run")[0].click()
    assert _wait_for(browser, "#query-error")
    assert "1:25" in _by_css(browser, "#query-error")[0].text  # the position of the mistake


def test_anonymous_visitor_is_asked_to_log_in_and_sees_nothing_private(server, browser):
    browser.get(server.url + "/compliance")
    assert _by_css(browser, "a.button[href*='/login']")
    assert "Traceback" not in browser.page_source
    for path in ("/", "/obligation/leader-dlm", "/compliance", "/query"):
        browser.get(server.url + path)
        assert DATASET not in browser.page_source
    browser.get(server.url + "/search?q=" + urllib.parse.quote(DATASET))
    assert not _by_css(browser, "li.hit")  # the search covers the public regulation only
    _login(browser, server, token="not-a-token")
    assert _by_css(browser, "#login-error")
    browser.get(server.url + "/compliance")
    assert not _by_css(browser, "svg.chart")
