"""Checks across settings that one field's validator cannot make: paths stay in the project folder, the
database, logs, config and sources are distinct files, and a PostgreSQL log store is named without a password."""

from __future__ import annotations

import os
from pathlib import Path

from tracker.config.settings import Config
from tracker.errors import ConfigError


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def real_paths(paths: list[Path]) -> list[str]:
    """os.path.realpath of many paths with each folder resolved once (a project may name 100,000 sources):
    a file's real path is its folder's real path and its name, unless the name is itself a link."""
    folders: dict[str, str] = {}
    out = []
    for p in paths:
        full = os.path.abspath(p)
        folder, name = os.path.split(full)
        if name in ("", ".", "..") or os.path.islink(full):
            out.append(os.path.realpath(full))
            continue
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        out.append(os.path.join(real, name))
    return out


def _inside_text(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_inside(
    config: Config, reals: list[str] | None = None, named: list[tuple[str, Path]] | None = None
) -> None:
    """Refuse config paths that leave the project folder (the config's own), unless allowed_folders names
    the folder they are in; symbolic links are followed, so a link cannot lead out either. (`reals`: the real
    paths of config.files(), when already known; `named`: config.files() itself, when already made.)"""
    home = config.base_dir.resolve()
    allowed = [str(home), *(str(config.resolve(f).resolve()) for f in config.allowed_folders)]
    named = named if named is not None else config.files()
    for (setting, path), real in zip(named, reals or real_paths([p for _, p in named]), strict=True):
        if not any(_inside_text(real, folder) for folder in allowed):
            raise ConfigError(
                code="safe.config_outside",
                file=str(config.config_file or "config.yaml"),
                setting=setting,
                path=str(path),
                home=str(home),
                lang=config.language,
            )


def check_logs(config: Config) -> None:
    """Refuse a PostgreSQL log store without a URL, a URL that does not parse, and a URL holding a password
    (the config is kept in version control; the password belongs in PGPASSWORD or ~/.pgpass)."""
    logs = config.logs
    file = str(config.config_file or "config.yaml")
    if logs.store == "postgres" and not (logs.postgres_url or "").strip():
        raise ConfigError(code="safe.config_pg_no_url", file=file, lang=config.language)
    if logs.postgres_url is None:
        return
    from psycopg import Error as PgError  # only for a config that names a server
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(logs.postgres_url)
    except PgError:
        raise ConfigError(code="safe.config_pg_bad_url", file=file, lang=config.language) from None
    if parts.get("password"):
        raise ConfigError(code="safe.config_pg_password", file=file, lang=config.language)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check_distinct(
    config: Config,
    database: Path | None = None,
    reals: list[str] | None = None,
    named: list[tuple[str, Path]] | None = None,
) -> None:
    """Refuse a config in which the database, the logs, the config file and the sources are not all
    different files (a build would overwrite one of them): the same real path, or the same file through a
    hard link. The first such pair in the config's order is named; linear in the number of files. (`named`:
    config.files(database), when already made; `reals` their real paths.)"""
    named = list(named) if named is not None else config.files(database)
    if config.config_file is not None:
        named.append(("config", config.config_file))
    if reals is not None and config.config_file is not None:
        reals = [*reals, *real_paths([config.config_file])]
    keys = [
        (("path", real), ("file", _file_id(p)))
        for (_, p), real in zip(named, reals or real_paths([p for _, p in named]), strict=True)
    ]
    where: dict[tuple, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            if k[1] is not None:
                where.setdefault(k, []).append(i)
    for i, ks in enumerate(keys):
        later = [j for k in ks if k[1] is not None for j in where[k] if j > i]
        if later:
            first, second, b = named[i][0], named[min(later)][0], named[min(later)][1]
            raise ConfigError(
                code="safe.config_same_file",
                file=str(config.config_file or "config.yaml"),
                first=first,
                second=second,
                path=str(b),
                lang=config.language,
            )
