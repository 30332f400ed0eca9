"""The pages' own words in Chinese (first) and English, and the reader's language.

The language comes from `?lang=zh|en` (remembered in the session) and defaults to Chinese.
Texts of the regulation itself come from the graph in the chosen language where it has them.
"""

from __future__ import annotations

from flask import request, session

LANGS = ("zh", "en")

WORDS = {
    "site": ("党和国家机关基层组织工作条例 · 知识图谱", "Basic-Level Organisation Work Regulation · Knowledge Graph"),
    "site_short": ("基层组织工作条例知识图谱", "Regulation knowledge graph"),
    "home": ("首页", "Home"),
    "articles": ("条文", "Articles"),
    "article": ("条文", "Article"),
    "local_rules": ("地方细则", "Local rules"),
    "local_rule": ("地方细则", "Local rule"),
    "obligations": ("义务", "Obligations"),
    "obligation": ("义务", "Obligation"),
    "search": ("检索", "Search"),
    "search_placeholder": ("检索条文、义务、地方细则，如：谈心谈话", "Search clauses, obligations, local rules, e.g. 谈心谈话"),
    "dashboard": ("合规看板", "Compliance"),
    "query": ("SPARQL 查询", "SPARQL query"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "logged_in_as": ("当前身份", "Signed in as"),
    "role_anonymous": ("访客", "visitor"),
    "role_inspector": ("检查员", "inspector"),
    "role_admin": ("管理员", "administrator"),
    "home_lead": ("本服务以知识图谱收录《中国共产党党和国家机关基层组织工作条例》第十九条、第二十条及宜春、青岛两地实施细则，把其中的义务逐条落到原文字句，并用 SPARQL 检查机关党组织的记录是否合规。",
                  "This service holds Articles 19 and 20 of the Regulation on the Work of Basic-Level Organisations in Party and State Organs and the Yichun and Qingdao implementing rules as a knowledge graph, grounds every obligation in the exact words of the text, and checks an organisation's records against them with SPARQL."),
    "counts": ("收录内容", "What it holds"),
    "clauses": ("条款（句）", "clauses (sentences)"),
    "clause": ("第{n}句", "sentence {n}"),
    "interpretations": ("对模糊用语的解释", "interpretations of vague words"),
    "datasets": ("数据集", "datasets"),
    "implements": ("细化", "implements"),
    "adds": ("增设的义务", "obligations it adds"),
    "source": ("来源", "Source"),
    "jurisdiction": ("适用地区", "Jurisdiction"),
    "full_text": ("全文", "Full text"),
    "grounded_here": ("本句所依据的义务", "Obligations grounded in this sentence"),
    "code": ("代码", "Code"),
    "name": ("名称", "Name"),
    "rule": ("适用规则", "Rule"),
    "rule_national": ("全国", "national"),
    "rule_yichun": ("宜春", "Yichun"),
    "rule_qingdao": ("青岛", "Qingdao"),
    "bearer": ("义务主体", "Bearer"),
    "kind": ("检查类型", "Check kind"),
    "all": ("全部", "all"),
    "filter": ("筛选", "Filter"),
    "grounding": ("原文依据", "Grounding words"),
    "parameters": ("参数", "Parameters"),
    "default": ("默认值", "Default"),
    "interpretation": ("解释", "Interpretation"),
    "reads_word": ("把“{word}”解释为 {value}", "reads “{word}” as {value}"),
    "fixed_number": ("原文明确的数值", "a number the text states"),
    "check": ("检查方法", "How it is checked"),
    "check_query": ("查询文件", "Query file"),
    "bearer_selection": ("义务主体的选取", "Who is bound"),
    "comparison": ("比较", "Comparison"),
    "current_compliance": ("最近一次检查结果", "Latest check results"),
    "no_runs": ("尚无检查记录。", "No check has been run yet."),
    "bound": ("应履行", "bound"),
    "met": ("已履行", "met"),
    "violated": ("未履行", "violated"),
    "pending": ("期限未到", "pending"),
    "compliant": ("已履行", "compliant"),
    "status": ("状态", "Status"),
    "rate": ("履行率", "Compliance rate"),
    "results_for": ("“{q}”的检索结果", "Results for “{q}”"),
    "no_results": ("没有找到匹配的内容。", "Nothing matches."),
    "hits": ("共 {n} 处", "{n} hits"),
    "in_clauses": ("条款", "Clauses"),
    "dataset": ("数据集", "Dataset"),
    "year": ("年度", "Year"),
    "as_of": ("截止日期", "As of"),
    "show": ("显示", "Show"),
    "run_check": ("运行检查", "Run the checks"),
    "run_check_note": ("按所选年度与截止日期检查全部义务，结果（含已履行项）保存为最新检查。",
                       "Checks every obligation for the chosen year and as-of date and stores the results (compliant ones included) as the latest run."),
    "latest_run": ("最新检查", "Latest run"),
    "per_obligation": ("各项义务履行情况", "Compliance per obligation"),
    "per_org": ("各组织履行情况", "Compliance per organisation"),
    "findings": ("检查结论", "Findings"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "subject": ("对象", "Subject"),
    "period": ("期间", "Period"),
    "expected": ("应达", "Expected"),
    "observed": ("实际", "Observed"),
    "organisation": ("组织", "Organisation"),
    "trace": ("溯源", "Trace"),
    "evidence": ("证据", "Evidence"),
    "no_evidence": ("未找到符合条件的记录。", "No qualifying record was found."),
    "finding": ("检查结论", "Finding"),
    "window_end": ("期限", "Deadline"),
    "run": ("检查", "Run"),
    "member": ("党员", "Member"),
    "posts": ("职务", "Posts"),
    "records": ("记录", "Records"),
    "member_obligations": ("义务与履行情况", "Obligations and status"),
    "branch": ("所在支部", "Branch"),
    "join_date": ("入党日期", "Joined"),
    "birth_date": ("出生日期", "Born"),
    "date": ("日期", "Date"),
    "type": ("类型", "Type"),
    "figure": ("数值", "Figure"),
    "no_datasets": ("库中还没有数据集。用 kg-service import 导入。", "The store holds no dataset yet; import one with kg-service import."),
    "query_help": ("在下面编写 SPARQL 1.1 查询，按你的权限在 /sparql 上运行。可从示例载入研究查询。",
                   "Write a SPARQL 1.1 query; it runs on /sparql with your rights. Load a research query as an example."),
    "examples": ("示例查询", "Example queries"),
    "load": ("载入", "Load"),
    "run_query": ("运行", "Run"),
    "download": ("下载", "Download"),
    "rows": ("{n} 行", "{n} rows"),
    "login_title": ("检查员 / 管理员登录", "Inspector / administrator login"),
    "login_help": ("粘贴管理员发给你的令牌。服务器只在会话中记住你的身份，不保存令牌。",
                   "Paste the token you were given. The server remembers only your role in the session, never the token."),
    "token": ("令牌", "Token"),
    "bad_token": ("令牌无效。", "That token is not valid."),
    "needs_login": ("此页面需要登录", "This page needs a login"),
    "needs_inspector": ("此页面仅对检查员和管理员开放。请先登录。", "Only inspectors and administrators may see this page. Please log in."),
    "needs_more": ("你当前的身份无权查看此页面。", "Your role may not see this page."),
    "not_found": ("找不到该页面", "Page not found"),
    "error": ("出错了", "Something went wrong"),
    "back_home": ("返回首页", "Back to the home page"),
    "statements": ("相关陈述", "Statements"),
    "property": ("属性", "Property"),
    "value": ("值", "Value"),
    "rdf_formats": ("以 RDF 获取", "Get as RDF"),
    "lang_switch": ("English", "中文"),
    "footer": ("数据依据《中国共产党党和国家机关基层组织工作条例》第十九条、第二十条；IRI 均可解析。",
               "Based on Articles 19 and 20 of the Regulation; every IRI dereferences."),
    "more_orgs": ("另有 {n} 个组织未列出。", "{n} more organisations not shown."),
    "chart_note": ("绿色：已履行；红色：未履行；灰色：期限未到。", "Green: met; red: violated; grey: pending."),
    "compliant_not_stored": ("本次检查未保存已履行项，图中只显示未履行与期限未到。", "This run stored no compliant findings; the chart shows violated and pending only."),
    "of_total": ("{shown} / {total} 条", "{shown} of {total}"),
    "query_error": ("查询未能运行", "The query did not run"),
    "topic": ("主题", "Topic"),
}


def current_lang() -> str:
    asked = request.args.get("lang")
    if asked in LANGS:
        if session.get("lang") != asked:
            session["lang"] = asked
        return asked
    saved = session.get("lang")
    return saved if saved in LANGS else "zh"


def translate(key: str, lang: str | None = None, **values) -> str:
    lang = lang or current_lang()
    pair = WORDS.get(key)
    if pair is None:
        return key  # a missing word shows its key rather than failing the page
    text = pair[LANGS.index(lang)]
    return text.format(**values) if values else text
