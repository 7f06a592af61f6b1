"""乡镇党建指标看板 — entry point: `streamlit run dashboard.py`.

Loads the demo county on the first start with an empty database, then asks for a login (unless an
administrator opened a region to anonymous viewing), draws the sidebar filters (kept in the URL) and the
pages the user's role may open.
"""

from __future__ import annotations

import streamlit as st

from ui.auth import account_box, gate, login_page
from ui.errors import guarded
from ui.notfound import chinese_not_found, not_found_note
from ui.report_flow import reminder_banner
from ui.sidebar import filter_sidebar
from ui.state import engine
from ui.style import apply_style

st.set_page_config(page_title="乡镇党建指标看板", page_icon="🏛️", layout="wide")


@st.cache_resource(show_spinner="首次启动：正在生成并载入演示数据……")
def _bootstrap() -> bool:
    from etl.demo.load import bootstrap

    return bootstrap(engine())


_bootstrap()
actor = gate()
if actor is None:
    login_page()
    st.stop()

# Pages only an account that may import can use (a 审核员 or a leader's 查看 account found a page saying "需要填报员").
IMPORT_PAGES = [
    st.Page("views/report_import.py", title="报告导入", icon="📄"),
    st.Page("views/ledger_upload.py", title="台账上传", icon="📥"),
]
PAGES = {
    "看板": [
        st.Page("views/overview.py", title="总览", icon="📊", default=True),
        st.Page("views/trends.py", title="指标趋势", icon="📈"),
        st.Page("views/compare.py", title="乡镇对比", icon="🏆"),
        st.Page("views/coverage.py", title="数据覆盖", icon="🗂️"),
    ],
    "数据": [
        *IMPORT_PAGES,
        st.Page("views/ledger_form.py", title="在线填报", icon="📝"),
        st.Page("views/review.py", title="数据审核", icon="✅"),
        st.Page("views/report_flow.py", title="上报进度", icon="📮"),
    ],
    "写作": [st.Page("views/summary.py", title="综述生成", icon="✍️")],
    "参考": [st.Page("views/catalog.py", title="指标目录", icon="📚")],
}
ADMIN_PAGES = [
    st.Page("views/users.py", title="用户管理", icon="👥"),
    st.Page("views/audit.py", title="审计日志", icon="🧾"),
]
MANAGE_PAGE = st.Page("views/manage.py", title="文件与乡镇", icon="🗃️")
withheld: list[st.Page] = []  # pages this account may not open: a link to one says so, not 找不到
if not actor.can("import") and not actor.anonymous:
    PAGES["数据"] = [p for p in PAGES["数据"] if p not in IMPORT_PAGES]
    withheld += IMPORT_PAGES
if actor.can("users") or actor.can("audit"):
    PAGES["管理"] = ADMIN_PAGES
else:
    withheld += ADMIN_PAGES
if actor.can("import") or actor.can("delete"):
    PAGES["数据"].append(MANAGE_PAGE)
else:
    withheld.append(MANAGE_PAGE)
if actor.anonymous:
    withheld += PAGES.pop("数据") + PAGES.pop("写作")

chinese_not_found()
page = st.navigation(PAGES, expanded=True)  # every page listed: no English "View more" button
apply_style()
st.sidebar.title("乡镇党建指标看板")
if actor.anonymous:
    st.warning("您未登录：正在匿名只读浏览管理员开放的地区。登录后可查看授权范围内的全部内容。", icon="🔓")
not_found_note({p.url_path: p.title for p in withheld}, login=actor.anonymous)
guarded(account_box, "登录")
guarded(reminder_banner, "催报")
guarded(filter_sidebar, "筛选")
guarded(page.run, page.title)
