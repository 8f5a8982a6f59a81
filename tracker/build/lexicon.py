"""jieba's dictionary kept in the build cache in compact form (extract.words.Lexicon), so that extracting a few
reports loads only the words their texts can need instead of the whole dictionary.

The file is `jieba-<hash>.lexicon` in the cache folder, the hash that of the dictionary file jieba ships and of
the form's version: a jieba upgrade makes a new one. Like everything in the folder it may be deleted at any time;
the next extraction makes it again from jieba's own file (not from jieba's cache in the temporary folder).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from extract import words
from tracker.store.files import write_atomic

FORM = "1"  # the compact form's version (extract.words): a new one is written when it changes


def lexicon_file(folder: Path) -> Path:
    """Where the compact dictionary for the installed jieba is kept in the cache folder `folder`."""
    h = hashlib.sha256(FORM.encode() + b"\0" + words.dictionary_file().read_bytes()).hexdigest()[:16]
    return folder / f"jieba-{h}.lexicon"


def load(folder: Path) -> words.Lexicon:
    """The lexicon kept in `folder`, made there first when it is missing or unreadable."""
    path = lexicon_file(folder)
    try:
        return words.Lexicon.from_bytes(path.read_bytes())
    except (OSError, ValueError):
        pass
    lex = words.Lexicon.from_jieba()
    if folder.is_dir():
        for old in folder.glob("jieba-*.lexicon"):  # made for another jieba
            if old != path:
                old.unlink(missing_ok=True)
        write_atomic(path, lex.to_bytes())
    return lex


def keep_in(folder: Path) -> None:
    """Have this process's extraction take its dictionary from the cache folder `folder` when it first needs it."""
    words.use(functools.partial(load, folder))
