"""The tests, a package so every helper module has one name (tests.conftest, tests.auth_fixtures …)."""
