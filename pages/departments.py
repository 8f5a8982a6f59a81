"""部门 By department: commitments per department by status, the department × town heatmap, one unit's list."""

from tracker import app

app.render_unit_page(app.page_context(), "department")
