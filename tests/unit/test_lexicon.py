"""The lexicon answers exactly as simplemma's own dictionaries do, for every language read."""

from __future__ import annotations

import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest
import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import StreamDictionaryFactory

from mailbot.understand import lexicon
from mailbot.understand.lexicon import Dictionary, Lexicon

# simplemma's public low-memory reader of its shipped data: the reference, without decoding
# 1 GB of dictionaries into this process
SIMPLEMMA = StreamDictionaryFactory(cache_max_size=2)  # a language and English
SIMPLEMMA_LEMMATIZER = simplemma.Lemmatizer(
    lemmatization_strategy=DefaultStrategy(dictionary_factory=SIMPLEMMA)
)


@pytest.mark.parametrize("lang", lexicon.LANGUAGES)
def test_every_language_has_simplemmas_forms_and_lemmas(lang: str) -> None:
    theirs = SIMPLEMMA.get_dictionary(lang)
    ours = lexicon.LEXICON.get_dictionary(lang)
    assert len(ours) == len(theirs)
    forms = list(islice(theirs, 0, None, 97))  # ~100,000 forms over the eleven languages
    assert [ours.get(form) for form in forms] == [theirs[form] for form in forms]
    # forms that are no key: a letter added, or the case changed
    others = [form + "q" for form in forms[::3]] + [form.swapcase() for form in forms[::3]]
    assert [ours.get(form) for form in others] == [theirs.get(form) for form in others]
    # and through simplemma's whole strategy (rules, affixes, hyphens): the same lemmas
    words = forms[::30] + others[::10]
    languages = (lang, "de") if lang == "en" else (lang, "en")
    assert [lexicon.lemmatize(word, languages) for word in words] == [
        SIMPLEMMA_LEMMATIZER.lemmatize(word, languages) for word in words
    ]
    assert [lexicon.is_known(word, (lang,)) for word in words] == [
        simplemma.is_known(word, lang, low_memory=True) for word in words
    ]


def test_a_slip_check_in_eleven_languages_keeps_the_worker_small() -> None:
    """Decoded by simplemma, the eleven dictionaries took the worker to about 1 GB."""
    code = (
        "from mailbot.understand import clauses\n"
        "clauses.warm_up()\n"
        "assert clauses.lemma('teilnehemn') == 'teilnehmen'\n"
        "assert clauses.lemma('partecipate') == 'partecipate'\n"
        "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(done.stdout) < 100 * 1024  # kB; about 45 MB, of which 40 are Python and imports


def test_a_file_is_built_once_and_built_again_when_broken(tmp_path: Path) -> None:
    Lexicon(tmp_path).prepare(["en"])
    built = tmp_path / "en.lex"
    assert Lexicon(tmp_path).get_dictionary("en")["attended"] == "attend"
    built.write_bytes(built.read_bytes()[:-10])  # e.g. a disk that filled up
    assert Lexicon(tmp_path).get_dictionary("en")["attended"] == "attend"
    assert Dictionary.from_file(built)["attended"] == "attend"


def test_without_a_writable_cache_the_words_are_kept_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert Lexicon(blocked / "cache").get_dictionary("en")["attended"] == "attend"
    assert not (blocked / "cache").exists()


def test_a_dictionary_is_a_mapping_of_sorted_forms() -> None:
    pairs = [(f"form{n:05}".encode(), f"lemma{n // 3}".encode()) for n in range(3000)]
    dictionary = Dictionary.in_memory(lexicon.encode(iter(pairs), len(pairs)))
    assert len(dictionary) == 3000
    assert list(dictionary) == [form.decode() for form, _ in pairs]
    assert dictionary["form02999"] == "lemma999"
    assert "form00000" in dictionary
    assert dictionary.get("form") is None
    assert dictionary.get("form03000", "none") == "none"
    assert dictionary.get("form00001\tlemma0\nform00002") is None  # never read across lines
    with pytest.raises(KeyError):
        dictionary["zzz"]
