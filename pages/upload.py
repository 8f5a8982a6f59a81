"""添加报告 Add reports: upload Word, PDF, web-page or text reports, preview what is extracted, confirm
(administrators only; the same code path as `python -m extract add`)."""

from tracker import app

ctx = app.page_context()
app.render_upload(ctx)
app.sources_table(ctx)
