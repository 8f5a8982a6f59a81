"""A compiled copy of the config beside it, so a build that finds nothing changed does not parse YAML again.

Parsing and validating config.yaml costs about half a second at 10,000 sources (YAML, then pydantic); a
scheduled build runs every few minutes and usually finds nothing to do. `load_compiled` reads the file's bytes,
and when `.<name>.compiled` beside it was made from exactly those bytes (and this code's version of the config
model), it unpickles the validated Config from it instead; otherwise it parses the file as `load_config` does.
`keep_compiled` writes the copy once a build with the config succeeded (`python -m extract`). The checks that
depend on the file system as it is now (files inside the allowed folders, no two paths naming one file) run
again unless none of the files and folders they look at changed identity since they last passed
(fs_signature: one lstat per file instead of resolving every path). The copy's first lines also give the
config's language (`compiled_language`), which a command needs before it parses its arguments, and a config
read from a copy whose checks still held is not checked or written again by `keep_compiled`.

A config that changed is parsed again, but the source entries it shares with the copy are not: each
`- {id: …, path: …}` line of the `sources:` block that the copy was made with stands for the Source it gave
(`_load_reusing`), so adding a report to a config of 10,000 parses and validates one entry, not 10,000. The
result is the same Config; on any problem the whole file is parsed as load_config does, so every message is the
same too.

The copy is derived and may be deleted at any time. It is read with an unpickler that builds only the config's
own models, paths and dates, so a file put there by someone else cannot run code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import re
import secrets
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path, PosixPath, PurePosixPath

import pydantic
from pydantic import BaseModel

import tracker
from tracker import config as cfg
from tracker.build.fingerprint import gc_paused
from tracker.config import Config, ConfigError, Source, load_config, parse_config, read_yaml
from tracker.store.files import write_atomic

_ALLOWED = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
    ("pathlib", "PosixPath"): PosixPath,
    ("pathlib", "PurePosixPath"): PurePosixPath,
}


def _model_version() -> str:
    """Hash of the code that parses and validates a config (tracker/config*) and of pydantic's version."""
    h = hashlib.sha256(pydantic.VERSION.encode())
    home = Path(tracker.__file__).parent
    files = sorted(home.glob("config*.py")) + sorted((home / "config").rglob("*.py"))
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


MODEL_VERSION = _model_version()


def compiled_path(config_path: Path) -> Path:
    """Where the compiled copy of a config file is kept: beside it, hidden."""
    config_path = Path(config_path)
    return config_path.with_name(f".{config_path.name}.compiled")


class _Unpickler(pickle.Unpickler):
    """Builds only the config models (pydantic models of tracker.config), paths and dates."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) in _ALLOWED:
            return _ALLOWED[(module, name)]
        if module == "tracker.config" or module.startswith("tracker.config."):
            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a config")


FORMAT = "2"  # the copy's layout: key, signature and language lines, then the pickled body


def _key(raw: bytes, path: Path) -> bytes:
    """What the copy must have been made from: the versions, the file's absolute path and its bytes."""
    head = f"{FORMAT}\0{MODEL_VERSION}\0{Path(path).absolute()}\0".encode()
    return hashlib.sha256(head + raw).hexdigest().encode() + b"\n"


def _base(path: Path) -> str:
    """What a copy's source entries must have been validated with: this code's version and the file's path."""
    return hashlib.sha256(f"{FORMAT}\0{MODEL_VERSION}\0{Path(path).absolute()}".encode()).hexdigest()


_FIELDS = tuple(Source.model_fields)


def _pack(sources: Sequence[Source]) -> tuple[tuple[object, ...], ...]:
    """Each source as a tuple of its fields (the path as text) and the fields it was given: unpickled in a
    fraction of the time 10,000 models take."""
    return tuple(
        (
            *(str(v) if isinstance(v, Path) else v for v in (getattr(s, f) for f in _FIELDS)),
            *s.model_fields_set,
        )
        for s in sources
    )


def _unpack(rows: object) -> tuple[Source, ...] | None:
    """The sources _pack packed (None when `rows` is not what it makes), set as pydantic's own unpickling sets
    a model (the values are what _Unpickler allows: plain values, dates and the config's models)."""
    if not isinstance(rows, tuple):
        return None
    n, fields, new, setattr_ = len(_FIELDS), _FIELDS, Source.__new__, object.__setattr__
    out = []
    for row in rows:
        if not (isinstance(row, tuple) and len(row) >= n and isinstance(row[0], str)):
            return None
        source = new(Source)
        setattr_(source, "__pydantic_fields_set__", set(row[n:]))
        setattr_(source, "__pydantic_extra__", None)
        setattr_(source, "__pydantic_private__", None)
        values = dict(zip(fields, row, strict=False))  # the first n: the fields given follow them
        values["path"] = Path(row[0])
        setattr_(source, "__dict__", values)
        out.append(source)
    return tuple(out)


def _pickle(config: Config, base: str, items: tuple[str, ...]) -> bytes:
    """The copy's body (see _unpickle)."""
    rest = config.model_copy(update={"sources": ()})
    return pickle.dumps((rest, _pack(config.sources), base, items), protocol=pickle.HIGHEST_PROTOCOL)


def _unpickle(body: bytes) -> tuple[Config, str, tuple[str, ...]] | None:
    """The copy's body: the config (its sources packed by _pack), _base of the file, and the text of each
    source entry's line (or ())."""
    try:
        found = _Unpickler(io.BytesIO(body)).load()
    except Exception:  # noqa: BLE001 - a broken or foreign copy is made again
        return None
    if not (isinstance(found, tuple) and len(found) == 4 and isinstance(found[0], Config)):
        return None
    rest, packed, base, items = found
    if (
        not isinstance(base, str)
        or not isinstance(items, tuple)
        or not all(isinstance(i, str) for i in items)
    ):
        return None
    sources = _unpack(packed)
    if sources is None:
        return None
    return rest.model_copy(update={"sources": sources}), base, items


def _read_copy(copy: Path, key: bytes) -> tuple[Config, str] | None:
    """The config in the copy and the signature of the files it was last checked against (fs_signature)."""
    try:
        data = copy.read_bytes()
    except OSError:
        return None
    if not data.startswith(key):
        return None
    signature, _, rest = data[len(key) :].partition(b"\n")
    body = rest.partition(b"\n")[2]  # after the language line
    found = _unpickle(body)
    return (found[0], signature.decode("ascii", "replace")) if found is not None else None


def _known_sources(copy: Path, path: Path) -> dict[str, Source]:
    """The Source each line of the copy's `sources:` block gave (for a copy made from other bytes of the same
    file, by this code's version)."""
    try:
        data = copy.read_bytes()
    except OSError:
        return {}
    body = data.split(b"\n", 3)[3] if data.count(b"\n") >= 3 else b""
    with gc_paused():
        found = _unpickle(body)
    if found is None or found[1] != _base(path) or len(found[2]) != len(found[0].sources):
        return {}
    return dict(zip(found[2], found[0].sources, strict=True))


# A source entry on one line as a flow mapping of plain words: it means the same wherever it stands in the block
# (no quotes, anchors, aliases, tags, comments or nested collections)
_ENTRY = re.compile(r"(?P<indent> *)- (?P<item>\{[^\n{}\[\]#&*!|>'\"%@`<?\\]*\})[ ]*")
_BLOCK = re.compile(r"sources:[ ]*")


def _block(lines: Sequence[str]) -> range:
    """The lines of the top-level `sources:` block (empty when there is none written as a block)."""
    for i, line in enumerate(lines):
        if _BLOCK.fullmatch(line):
            end = i + 1
            while end < len(lines) and (not lines[end] or lines[end][0] in " #"):
                end += 1
            return range(i + 1, end)
    return range(0)


def entry_lines(text: str, sources: int) -> tuple[str, ...]:
    """The text of each source entry, in order, when the `sources:` block holds only one-line entries (and
    blank or comment lines); else ()."""
    lines = text.split("\n")
    items = []
    for i in _block(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _ENTRY.fullmatch(line)
        if m is None:
            return ()
        items.append(m["item"])
    return tuple(items) if len(items) == sources and len(set(items)) == len(items) else ()


def _load_reusing(path: Path, raw: bytes, known: Mapping[str, Source], must_exist: bool) -> Config:
    """load_config, with each source line the copy knows standing for its Source (not parsed or validated
    again); on any problem the file is parsed by load_config, which raises its own message."""
    try:
        lines = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return load_config(path, must_exist=must_exist)
    nonce = secrets.token_hex(8)  # a placeholder no config can contain by chance
    stands: dict[str, Source] = {}
    for i in _block(lines):
        m = _ENTRY.fullmatch(lines[i])
        if m is not None and m["item"] in known:
            mark = f"{nonce}-{i}"
            lines[i] = f'{m["indent"]}- "{mark}"'
            stands[mark] = known[m["item"]]
    if not stands:
        return load_config(path, must_exist=must_exist)
    try:
        data = read_yaml("\n".join(lines), path)
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            raise ValueError
        found = data["sources"]
        sources = [stands.get(s, s) if isinstance(s, str) else s for s in found]
        if sum(1 for s in found if isinstance(s, str) and s in stands) != len(stands):
            raise ValueError  # a line was not an entry of the list after all
        return parse_config({**data, "sources": sources}, path, hashlib.sha256(raw).hexdigest())
    except (ConfigError, ValueError):
        return load_config(path, must_exist=must_exist)


def check_files(config: Config) -> None:
    """The config's checks against the file system as it is now (parse_config runs the same ones)."""
    named = config.files()
    reals = cfg.real_paths([p for _, p in named])
    cfg.check_inside(config, reals, named)
    cfg.check_distinct(config, reals=reals, named=named)
    cfg.check_logs(config)


def fs_signature(config: Config) -> str:
    """A hash of what the file-system checks depend on: for every file the config names, its kind and identity
    without following a link (and the identity of what a link points to), and the same for every folder above
    them and above the allowed folders. Equal signatures mean the checks' results are the same: a file or
    folder replaced, moved or turned into a link changes its identity."""
    base = str(config.base_dir)
    named = [str(p) for _, p in config.model_copy(update={"sources": ()}).files()]
    named += [str(config.config_file or "")] + [str(config.resolve(f)) for f in config.allowed_folders]
    named += [p if os.path.isabs(p) else os.path.join(base, p) for p in (str(s.path) for s in config.sources)]
    h = hashlib.sha256()
    folders: set[str] = set()
    for p in named:
        full = os.path.abspath(p)
        h.update(f"{full}\0{_identity(full)}\n".encode())
        folders.add(os.path.dirname(full))
    above: set[str] = set()
    for f in folders:
        while f not in above:
            above.add(f)
            f = os.path.dirname(f)
    for f in sorted(above):
        h.update(f"{f}\0{_identity(f)}\n".encode())
    return h.hexdigest()


def _identity(path: str) -> tuple[int, ...] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        try:
            to = os.stat(path)
            return (st.st_mode, st.st_dev, st.st_ino, st.st_mtime_ns, to.st_mode, to.st_dev, to.st_ino)
        except OSError:
            return (st.st_mode, st.st_dev, st.st_ino, st.st_mtime_ns)
    return (st.st_mode, st.st_dev, st.st_ino)


def load_compiled(path: Path | str, *, must_exist: bool = True) -> Config:
    """The config at `path`, from its compiled copy when that was made from the same bytes (see the module
    docstring), else parsed by load_config; the file-system checks are made again unless nothing they look at
    changed since the copy's were (fs_signature)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return load_config(path, must_exist=must_exist)
    except OSError as e:
        raise ConfigError(code="safe.config_unreadable", file=str(path), reason=e.strerror) from None
    copy = compiled_path(path)
    with gc_paused():
        found = _read_copy(copy, _key(raw, path))
        checked = found is not None and fs_signature(found[0]) == found[1]
    if found is None:
        known = _known_sources(copy, path)
        if known:
            return _load_reusing(path, raw, known, must_exist)
        return load_config(path, must_exist=must_exist)
    if not checked:
        check_files(found[0])
    else:
        _CURRENT[:] = [(found[0], _own_files(found[0]))]  # keep_compiled has nothing to write for it
    return found[0]


# the config load_compiled last read from a copy that was current, checks and all, with _own_files then
_CURRENT: list[tuple[Config, list[tuple[int, ...] | None]]] = []


def _own_files(config: Config) -> list[tuple[int, ...] | None]:
    """The identity of each file the config names other than its sources (the database, the logs): the ones a
    build itself replaces or creates, so a build may change the signature through them."""
    return [_identity(os.path.abspath(p)) for _, p in config.model_copy(update={"sources": ()}).files()]


def compiled_language(path: Path | str) -> str | None:
    """The language of the config at `path` when its compiled copy was made from its bytes as they are now,
    read from the copy's first lines (None otherwise): a command needs it before anything else, and parsing a
    config of 30,000 sources only for it took seconds."""
    path = Path(path)
    try:
        key = _key(path.read_bytes(), path)
        with open(compiled_path(path), "rb") as f:
            head = f.read(len(key) + 256)
    except OSError:
        return None
    if not head.startswith(key):
        return None
    lines = head[len(key) :].split(b"\n")
    return lines[1].decode("ascii", "replace") if len(lines) > 2 and lines[1] in (b"zh", b"en") else None


def keep_compiled(config: Config) -> None:
    """Write the compiled copy of a config loaded from its file, when the file still holds the bytes it was
    parsed from, with the signature of the files it was checked against; called once a build with it
    succeeded, so a command that fails leaves nothing new behind."""
    path = config.config_file
    if path is None or not config.config_sha256:
        return
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return
    if hashlib.sha256(raw).hexdigest() != config.config_sha256:
        return  # edited since it was loaded: the next build parses it again
    if _CURRENT and _CURRENT[0][0] is config and _CURRENT[0][1] == _own_files(config):
        return  # read from a copy whose checks still held, and the build replaced none of its files
    key = _key(raw, Path(path))
    copy = compiled_path(Path(path))
    signature = fs_signature(config)  # taken before the checks: a change after it is checked next time
    found = _read_copy(copy, key)
    if found is not None and found[1] == signature:
        return
    try:
        check_files(config)
    except ConfigError:
        return  # not kept: the next build parses the file and says what is wrong
    items = entry_lines(raw.decode("utf-8", "replace"), len(config.sources))
    body = _pickle(config, _base(Path(path)), items)
    try:
        write_atomic(copy, key + signature.encode() + b"\n" + config.language.encode() + b"\n" + body)
    except OSError:
        pass  # a read-only folder: parsed each time, as without the copy
