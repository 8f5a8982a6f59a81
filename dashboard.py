"""Entry point: `streamlit run dashboard.py`. Loads the config, makes sure the data exists, draws the shared
sidebar (language, filters) and runs the page chosen in st.navigation."""

from __future__ import annotations

import streamlit as st

from tracker import app

# (url path, file, icon); titles come from tracker.i18n so they follow the language switch.
PAGES = (
    ("overview", "pages/overview.py", ":material/dashboard:"),
    ("departments", "pages/departments.py", ":material/account_balance:"),
    ("towns", "pages/towns.py", ":material/holiday_village:"),
    ("commitments", "pages/commitments.py", ":material/checklist:"),
    ("meetings", "pages/meetings.py", ":material/groups:"),
    ("review", "pages/review.py", ":material/rule:"),
    ("figures", "pages/figures.py", ":material/monitoring:"),
    ("briefing", "pages/briefing.py", ":material/slideshow:"),
    ("upload", "pages/upload.py", ":material/upload_file:"),
)

st.set_page_config(
    page_title="工作推进看板", page_icon=str(app.ICON), layout="wide"
)  # local: no outside request
with app.guard():  # an unexpected error shows a short message, never a traceback
    ctx = app.prepare()
    st.set_page_config(page_title=ctx.t("app_title", city=ctx.config.city))
    pages = [
        st.Page(path, title=ctx.t(f"page_{name}"), icon=icon, url_path=name) for name, path, icon in PAGES
    ]
    # The app's root shows the overview too (a hidden twin of it), so both / and /overview work, filters kept.
    home = st.Page(
        PAGES[0][1], title=ctx.t("page_overview"), url_path="home", default=True, visibility="hidden"
    )
    page = st.navigation([*pages, home])
    page.run()
