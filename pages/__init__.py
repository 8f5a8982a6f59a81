"""The dashboard's pages, each a script `dashboard.py` runs through st.navigation (st.Page by path, never
imported). A regular package only so that import-linter can hold the pages to their contract (pyproject.toml,
"pages-only-app"); Streamlit's own pages/ discovery skips `__init__.py`."""
