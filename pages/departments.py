"""部门 By department: commitments per department by status, the department × town heatmap, one unit's list."""

from tracker import ui

ui.render_unit_page(ui.page_context(), "department")
