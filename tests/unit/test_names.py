"""People's names as lists and forms write them, and how each person is greeted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbot.domain.names import (
    PARTICLES,
    PersonName,
    Salutation,
    greeting,
    parse_name,
    surname_sort_key,
)

F, H, D = Salutation.FRAU, Salutation.HERR, Salutation.DIVERS


@pytest.mark.parametrize(
    ("line", "salutation", "expected"),
    [
        ("Dr. Anna Weber", "Frau", (F, "Dr.", "Anna", "Weber")),
        ("Anna Weber", "Frau Dr.", (F, "Dr.", "Anna", "Weber")),
        ("Krause, Jens", "Herr", (H, "", "Jens", "Krause")),
        ("Ursula von der Leyen", "Frau", (F, "", "Ursula", "von der Leyen")),
        ("von der Leyen, Ursula", None, (None, "", "Ursula", "von der Leyen")),
        ("Prof. Dr. Hans-Peter van den Berg", "Herr", (H, "Prof. Dr.", "Hans-Peter", "van den Berg")),  # noqa: E501
        ("Herr Prof. Dr. Karl zu Guttenberg", None, (H, "Prof. Dr.", "Karl", "zu Guttenberg")),
        ("Maria de la Cruz", "Frau", (F, "", "Maria", "de la Cruz")),
        ("Kai Uwe Petersen", None, (None, "", "Kai Uwe", "Petersen")),
        ("Weber", "Frau", (F, "", "", "Weber")),
        ("Kim Lee", "divers", (D, "", "Kim", "Lee")),
        ("", None, (None, "", "", "")),
    ],
)  # fmt: skip
def test_a_name_in_one_line(
    line: str, salutation: str | None, expected: tuple[Salutation | None, str, str, str]
) -> None:
    name = parse_name(line, salutation=salutation)
    assert (name.salutation, name.title, name.first_name, name.last_name) == expected


def test_split_columns_win_over_the_name_line() -> None:
    name = parse_name(
        "Weber Anna", salutation="Frau", title="Prof. Dr.", first_name="Anna", last_name="Weber"
    )
    assert name == PersonName(F, "Prof. Dr.", "Anna", "Weber")
    # a title written into the surname column goes in front
    assert parse_name(None, first_name="Jens", last_name="Dr. Krause").formal_name == "Dr. Krause"


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        (PersonName(F, "Dr.", "Anna", "Weber"), "de", "Sehr geehrte Frau Dr. Weber"),
        (PersonName(H, "", "Jens", "Krause"), "de", "Sehr geehrter Herr Krause"),
        (PersonName(F, "", "Ursula", "von der Leyen"), "de", "Sehr geehrte Frau von der Leyen"),
        (PersonName(None, "", "Kai", "Petersen"), "de", "Guten Tag Kai Petersen"),
        (PersonName(D, "", "Kim", "Lee"), "de", "Guten Tag Kim Lee"),
        (PersonName(None, "Dr.", "Kai", "Petersen"), "de", "Guten Tag Dr. Kai Petersen"),
        (PersonName(), "de", "Guten Tag"),
        (PersonName(F, "Dr.", "Anna", "Weber"), "en", "Dear Dr Weber"),
        (PersonName(H, "Prof. Dr.", "Jens", "Krause"), "en", "Dear Professor Krause"),
        (PersonName(F, "", "Grace", "Miller"), "en", "Dear Ms Miller"),
        (PersonName(H, "", "Jens", "Krause"), "en", "Dear Mr Krause"),
        (PersonName(None, "", "Kai", "Petersen"), "en", "Dear Kai Petersen"),
        (PersonName(), "en", "Hello"),
    ],
)  # fmt: skip
def test_greetings(name: PersonName, language: str, expected: str) -> None:
    assert greeting(name, language) == expected


def test_the_front_desk_sorts_by_surname_as_german_lists_do() -> None:
    people = [
        PersonName(None, "", "Ursula", "von der Leyen"),
        PersonName(None, "", "Jörg", "Müller"),
        PersonName(None, "", "Anna", "Ärztin"),
        PersonName(None, "", "Jens", "Krause"),
        PersonName(None, "", "Paul", "Mueller"),
    ]
    ordered = sorted(people, key=lambda p: surname_sort_key(p, ""))
    assert [p.last_name for p in ordered] == [
        "Ärztin",
        "Krause",
        "von der Leyen",
        "Mueller",
        "Müller",
    ]


# Names as people have them: capitalised words, sometimes with particles and a title.
# A given name that is also a title or a salutation ("Pd", "Prof", "Dr", "Mr", "Frau") is
# ambiguous in writing itself: left out.
_word = st.from_regex(r"[A-ZÄÖÜ][a-zäöüß]{1,10}(-[A-Z][a-z]{1,8})?", fullmatch=True).filter(
    lambda word: parse_name(f"{word} Weber").first_name == word
)
_particles = st.lists(st.sampled_from(sorted(PARTICLES - {"y"})), max_size=2).map(" ".join)
_titles = st.sampled_from(["", "Dr.", "Prof. Dr.", "Dr.-Ing."])


@given(_titles, st.lists(_word, min_size=1, max_size=3), _particles, _word)
def test_any_name_comes_apart_and_together_again(
    title: str, first: list[str], particles: str, last: str
) -> None:
    surname = f"{particles} {last}".strip()
    first_name = " ".join(first)
    written = " ".join(p for p in (title, first_name, surname) if p)
    for line in (written, f"{surname}, {' '.join(p for p in (title, first_name) if p)}"):
        name = parse_name(line, salutation="Frau")
        assert (name.title, name.first_name, name.last_name) == (title, first_name, surname)
        assert greeting(name, "de") == " ".join(
            p for p in ("Sehr geehrte Frau", title, surname) if p
        )


@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=20)))
def test_any_text_gives_a_name_and_a_one_line_greeting(text: str, salutation: str | None) -> None:
    name = parse_name(text, salutation=salutation)
    for language in ("de", "en"):
        line = greeting(name, language)
        assert line and "\n" not in line and line == line.strip()
    assert set(name.full_name.split()) <= set(text.replace(",", " ").split())


def test_commas_beyond_the_first_are_no_part_of_a_name() -> None:
    """Hypothesis found ",," coming back as the given name ","."""
    assert parse_name(",,").full_name == ""
    assert (parse_name("Weber,,").first_name, parse_name("Weber,,").last_name) == ("", "Weber")
