"""Work-tracking dashboard for local government: shared code (config, database, queries, charts)."""

# Importing the package installs the translator that keyed UserErrors render through (tracker.i18n).
from tracker import i18n as _i18n  # noqa: F401
