"""乡镇 By town: all 14 towns by status (blanks included), the department × town heatmap, one town's list."""

from tracker import app

app.render_unit_page(app.page_context(), "town")
