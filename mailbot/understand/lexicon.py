"""simplemma's dictionaries of the languages mailbot reads, opened in milliseconds and small.

simplemma decodes a whole dictionary into a Python dict at first use: German and English take
about a second and 170 MB, the nine other languages read (only to tell a typing slip from a word
of theirs) about 1 GB more. Here each language is a file of sorted ``form<TAB>lemma`` lines cut
into blocks of about 4 KB, each block zlib-compressed, with the first form of every block in an
index: a lookup bisects the index, inflates one block (the last ones used are kept) and finds
the form in it. A worker holds the index (3 MB for the eleven languages) and the blocks it used.

The files are built from the installed simplemma through its public API
(``DefaultDictionaryFactory``) into a cache folder keyed by simplemma's version, so they always
hold exactly what simplemma would look up: too big to ship (35 MB for the eleven languages),
built once per machine. Each language is built in a child process, which decodes the dictionary
(up to 600 MB for Polish, for ten seconds) and exits; the worker itself never decodes one.
``prepare`` builds what is missing and is called once at worker start-up.

``LEXICON`` plugs into simplemma as its ``DictionaryFactory``: lemmas come out identical to
simplemma's own (tests/unit/test_lexicon.py compares forms of every language).
"""

from __future__ import annotations

import logging
import os
import struct
import subprocess
import sys
import tempfile
import weakref
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from simplemma.utils import normalize_token

from mailbot.errors import LexiconError

log = logging.getLogger(__name__)

# German and English are read; the others only so that a word of theirs is not taken for a slip.
READ = ("de", "en")
OTHERS = ("fr", "nl", "es", "it", "pt", "pl", "cs", "da", "tr")
LANGUAGES = READ + OTHERS

_MAGIC = b"MBLEX01\n"  # a new layout takes a new magic; an old file is then built again
_HEADER = struct.Struct("<8sIII")  # magic, forms, blocks, length of the index of first forms
_BLOCK = 4096  # bytes of lines per block before compression: ~15 µs to inflate one
_KEPT_BLOCKS = 128  # inflated blocks kept per language (≤ 0.5 MB)


class Dictionary(Mapping[str, str]):
    """One language's forms and their lemmas, read from its built file."""

    def __init__(self, read: Callable[[int, int], bytes], size: int) -> None:
        """``read(offset, length)``: bytes of the file, which is ``size`` bytes long."""
        magic, count, blocks, index_length = _HEADER.unpack(read(0, _HEADER.size))
        if magic != _MAGIC:
            raise ValueError("not a lexicon file of this version")
        self._count: int = count
        self._offsets = array("I", read(_HEADER.size, 4 * (blocks + 1)))
        self._base = _HEADER.size + 4 * (blocks + 1) + index_length
        self._firsts = read(self._base - index_length, index_length).split(b"\n")
        if len(self._firsts) != blocks or self._base + self._offsets[-1] != size:
            raise ValueError("truncated lexicon file")
        self._read = read
        self._inflated = lru_cache(maxsize=_KEPT_BLOCKS)(self._inflate)

    @classmethod
    def in_memory(cls, data: bytes) -> Dictionary:
        return cls(lambda offset, length: data[offset : offset + length], len(data))

    @classmethod
    def from_file(cls, path: Path) -> Dictionary:
        """Read as needed, not mapped: a mapped file's pages would count as the worker's."""
        fd = os.open(path, os.O_RDONLY)
        try:
            dictionary = cls(
                lambda offset, length: os.pread(fd, length, offset), os.fstat(fd).st_size
            )
        except BaseException:
            os.close(fd)
            raise
        weakref.finalize(dictionary, os.close, fd)
        return dictionary

    def _inflate(self, block: int) -> bytes:
        start = self._offsets[block]
        return zlib.decompress(self._read(self._base + start, self._offsets[block + 1] - start))

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        form = key.encode()
        if b"\t" in form or b"\n" in form:
            return default  # no form has one, and it would match across lines
        block = bisect_right(self._firsts, form) - 1
        if block < 0:
            return default
        lines = self._inflated(block)
        found = lines.find(b"\n" + form + b"\t")
        if found < 0:
            return default
        start = found + len(form) + 2
        return lines[start : lines.index(b"\n", start)].decode()

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        for block in range(len(self._firsts)):
            for line in self._inflate(block).split(b"\n")[1:-1]:
                yield line.partition(b"\t")[0].decode()

    def __len__(self) -> int:
        return self._count


def encode(pairs: Iterable[tuple[bytes, bytes]], count: int) -> bytes:
    """The file of ``count`` (form, lemma) pairs, sorted by form."""
    blocks: list[bytes] = []
    firsts: list[bytes] = []
    lines: list[bytes] = []
    size = 0

    def close_block() -> None:
        nonlocal lines, size
        blocks.append(zlib.compress(b"\n" + b"".join(lines), 6))
        lines, size = [], 0

    for form, lemma in pairs:
        if b"\n" in form + lemma or b"\t" in form + lemma:
            raise ValueError(f"a form or lemma with a line break or tab: {form!r}")
        if not lines:
            firsts.append(form)
        lines.append(form + b"\t" + lemma + b"\n")
        size += len(lines[-1])
        if size >= _BLOCK:
            close_block()
    if lines:
        close_block()
    offsets = array("I", [0])
    for block in blocks:
        offsets.append(offsets[-1] + len(block))
    index = b"\n".join(firsts)
    header = _HEADER.pack(_MAGIC, count, len(blocks), len(index))
    return header + offsets.tobytes() + index + b"".join(blocks)


def build(lang: str) -> bytes:
    """The file of ``lang``, from simplemma's own dictionary (decoded whole: run it in a child)."""
    forms = DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang)
    keys = sorted(key.encode() for key in forms)
    return encode(((key, forms[key.decode()].encode()) for key in keys), len(keys))


def cache_folder() -> Path:
    """systemd's CacheDirectory=, else the user's cache folder; one per simplemma version."""
    base = os.environ.get("CACHE_DIRECTORY") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    version = getattr(simplemma, "__version__", "unknown")
    return root / "mailbot" / f"lexicon-{_MAGIC[:-1].decode()}-simplemma-{version}"


class Lexicon:
    """simplemma's ``DictionaryFactory`` over the built files: each opened at first use."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._open: dict[str, Dictionary] = {}

    @property
    def folder(self) -> Path:
        return self._folder or cache_folder()

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        dictionary = self._open.get(lang)
        if dictionary is None:
            dictionary = self._open[lang] = self._load(lang)
        return dictionary

    def prepare(self, languages: Iterable[str] = LANGUAGES) -> None:
        """Build the missing files, each in a child process (once per machine and version)."""
        missing = [lang for lang in languages if not (self.folder / f"{lang}.lex").exists()]
        if missing:  # otherwise a first start would be half a minute of silence
            log.info(
                "building the word lists once for this machine (%s; about half a minute) in %s",
                " ".join(missing),
                self.folder,
            )
        for lang in languages:
            self.get_dictionary(lang)

    def _load(self, lang: str) -> Dictionary:
        if lang not in LANGUAGES:
            raise ValueError(f"Unsupported language: {lang}")
        path = self.folder / f"{lang}.lex"
        try:
            return Dictionary.from_file(path)
        except (OSError, ValueError):
            pass  # not built yet, or by another layout: built again
        data = _build_in_child(lang)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as written:
                written.write(data)
            os.replace(written.name, path)  # whole or not at all, also with two workers at once
        except OSError:
            pass  # no writable cache folder: this process keeps its copy in memory
        return Dictionary.in_memory(data)


def _build_in_child(lang: str) -> bytes:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mailbot.understand.lexicon", lang],
            capture_output=True,
            check=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise LexiconError(f"could not build the {lang} word list from simplemma: {exc}") from exc
    return done.stdout


LEXICON = Lexicon()
_LOOKUP = DictionaryLookupStrategy(LEXICON)
_LEMMATIZER = simplemma.Lemmatizer(
    lemmatization_strategy=DefaultStrategy(dictionary_factory=LEXICON)
)


def lemmatize(word: str, languages: tuple[str, ...]) -> str:
    """``simplemma.lemmatize`` over the lexicon: the lemma in the first language that has one."""
    return _LEMMATIZER.lemmatize(word, languages)


def is_known(word: str, languages: Iterable[str]) -> bool:
    """``simplemma.is_known`` over the lexicon: ``word`` is a form of one of ``languages``."""
    form = normalize_token(word)
    return any(_LOOKUP.get_lemma(form, lang) is not None for lang in languages)


if __name__ == "__main__":
    sys.stdout.buffer.write(build(sys.argv[1]))
