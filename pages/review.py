"""审核 Review: per meeting, the items the extractor found beside the highlighted source; confirm, reject, edit,
merge and add, one click or many at once."""

from tracker import app

ctx = app.page_context()
app.review_page(ctx)
