"""Quotes: spans, continuation over paragraphs, attribution patterns, pronouns, scare quotes."""

from __future__ import annotations

from tests.summarizer.helpers import run, speakers


def test_interrupted_quote_gives_two_quotes_with_one_speaker() -> None:
    s = run(
        "Foreign Minister Lena Varga spoke in Budapest on Thursday.\n\n"
        "\u201cWe will not accept any new conditions,\u201d Varga said. \u201cThe talks must "
        "resume without delay and without threats.\u201d"
    )
    assert speakers(s) == {
        "We will not accept any new conditions,": "Lena Varga",
        "The talks must resume without delay and without threats.": "Lena Varga",
    }


def test_quote_running_over_paragraphs_is_one_quote_per_paragraph() -> None:
    s = run(
        "Prime Minister Tomas Rell addressed parliament on Monday.\n\n"
        '"Our country has waited long enough for this agreement to be signed," Rell said. '
        '"The harbour will open next spring.\n\n'
        '"Every family on the coast will feel the difference within a year."'
    )
    got = speakers(s)
    assert got["The harbour will open next spring."] == "Tomas Rell"
    assert got["Every family on the coast will feel the difference within a year."] == "Tomas Rell"


def test_said_x_with_apposition_and_x_told_reporters() -> None:
    s = run(
        "Tensions rose along the border this week.\n\n"
        "\u201cThis is a deliberate provocation by the army,\u201d said Amira Haddad, an analyst "
        "at the Levant Policy Institute.\n\n"
        "Defence Minister Karl Osterberg told reporters: \u201cWe have moved no troops at all "
        "this month.\u201d"
    )
    got = speakers(s)
    assert got["This is a deliberate provocation by the army,"] == "Amira Haddad"
    assert got["We have moved no troops at all this month."] == "Karl Osterberg"
    haddad = next(a for a in s.actors if a.name == "Amira Haddad")
    assert haddad.role and "analyst" in haddad.role and haddad.key


def test_according_to_and_organisation_speaking_through_spokesman() -> None:
    s = run(
        "The ministry issued a statement on the blockade.\n\n"
        "\u201cThe convoy will pass through the northern corridor tomorrow,\u201d said a Kremlin "
        "spokesman.\n\n"
        "The plan was \u201cthe only realistic way to feed the city this winter,\u201d according "
        "to Greta Lind, director of the Nordic Relief Council."
    )
    got = speakers(s)
    assert got["The convoy will pass through the northern corridor tomorrow,"] == "Russia"
    assert got["the only realistic way to feed the city this winter,"] == "Greta Lind"


def test_pronoun_resolves_to_last_person_named_outside_quotes() -> None:
    s = run(
        "Opposition leader Daniel Okafor met President Ruth Mensah on Tuesday.\n\n"
        "Mensah left early. Okafor stayed to brief the press about the meeting.\n\n"
        "\u201cI asked President Mensah for a date and received nothing at all,\u201d he said."
    )
    assert speakers(s) == {
        "I asked President Mensah for a date and received nothing at all,": "Daniel Okafor"
    }


def test_scare_quotes_titles_and_anonymous_speakers_are_left_out() -> None:
    s = run(
        "President Ruth Mensah called the deal \u201cborderless\u201d and praised the "
        "\u201cspecial partnership\u201d on Friday. She has read \u201cWar And Peace In Our Time\u201d "
        "twice, aides said.\n\n"
        "One analyst said the agreement \u201cwill collapse before the end of the year.\u201d"
    )
    assert s.quotes == []


def test_quote_before_speech_verb_in_same_sentence() -> None:
    s = run(
        "Chinese state media praised the visit, quoting Ambassador Li Wen's remarks: "
        "\u201cOur partnership is stronger than at any time in history.\u201d\n\n"
        "Trade Minister Oskar Brandt called the tariffs \u201ca tax on our own farmers and "
        "workers\u201d in a speech."
    )
    got = speakers(s)
    assert got["Our partnership is stronger than at any time in history."] == "Li Wen"
    assert got["a tax on our own farmers and workers"] == "Oskar Brandt"
