"""乡镇 By town: all 14 towns by status (blanks included), the department × town heatmap, one town's list."""

from tracker import ui

ui.render_unit_page(ui.page_context(), "town")
