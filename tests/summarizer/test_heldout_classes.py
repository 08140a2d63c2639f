"""Error classes seen on unseen articles: hyphenated names, descriptors before titles, outlets,
government bodies as speakers, long speeches and pronouns, gerunds and zones (all text
written for these tests)."""

from __future__ import annotations

from tests.summarizer.helpers import names, run, speakers


def test_hyphenated_names_stay_whole_but_hyphenated_countries_split() -> None:
    s = run(
        "Foreign Minister Marie-Hélène Duclos-Varenne said “this is a very serious matter "
        "for all of us”.\n\n"
        "Duclos-Varenne spoke after Russia-Ukraine talks in Geneva. Envoy Omar al-Khatib said "
        "“the talks will go on next week without fail”."
    )
    got = set(names(s))
    assert "Marie-Hélène Duclos-Varenne" in got and "Omar al-Khatib" in got
    assert {"Russia", "Ukraine"} <= got
    assert set(speakers(s).values()) == {"Marie-Hélène Duclos-Varenne", "Omar al-Khatib"}


def test_state_party_and_rank_words_go_to_the_role() -> None:
    s = run(
        "Ohio Democratic Congresswoman Dana Pell criticised the bill. Rear Admiral Tomas Berg "
        "said “the fleet will stay in the region for months”.\n\nPell said she would vote no."
    )
    by = {a.name: a for a in s.actors}
    assert "Dana Pell" in by and by["Dana Pell"].role == "Ohio Democratic Congresswoman"
    assert "Tomas Berg" in by and by["Tomas Berg"].role == "Rear Admiral"


def test_outlets_that_only_report_are_not_actors_or_speakers() -> None:
    s = run(
        "Minister Lena Ostrova described the plan as “a measure designed to ensure full "
        "control of the area”, the Jerusalem Post reported.\n\n"
        "Ostrova told Reuters the army would stay, Wafa news agency reported."
    )
    got = set(names(s))
    assert not {"Jerusalem Post", "Reuters", "Wafa"} & got
    assert list(speakers(s).values()) == ["Lena Ostrova"]


def test_government_bodies_are_actors_and_speakers() -> None:
    s = run(
        "Norway’s foreign ministry said the ruling “cannot be accepted by any state”.\n\n"
        "The Chilean presidency called the vote “a grave and dangerous escalation”. "
        "Kerr’s office said talks would resume, and Fiji's Foreign Office agreed."
    )
    got = set(names(s))
    assert {"Norway’s foreign ministry", "Chilean presidency", "Kerr’s office"} <= got
    assert "Fiji's Foreign Office" in got
    assert set(speakers(s).values()) == {"Norway’s foreign ministry", "Chilean presidency"}


def test_passing_security_forces_are_not_actors() -> None:
    s = run("Talks went on as Peruvian forces patrolled the border with Chile and Bolivia.")
    assert "Peruvian forces" not in names(s)


def test_he_said_skips_objects_and_keeps_the_speech_speaker() -> None:
    s = run(
        "Interim leader Ravi Mehta stepped down on Monday.\n\n"
        "Mehta returned from exile after the government of Mira Dass was toppled, and she "
        "fled abroad.\n\n"
        "“That was the day of great liberation for us all,” he said.\n\n"
        "Arun Pal, 60, chief of the largest party, will lead the country.\n\n"
        "Voters backed the charter, a pillar of Mehta’s agenda, which ousted Dass.\n\n"
        "“We did not start from zero but from a deficit,” he said."
    )
    assert set(speakers(s).values()) == {"Ravi Mehta"}


def test_sentence_initial_gerund_and_zones_are_not_actors() -> None:
    s = run(
        "Speaking from Lima, political analyst Hugo Eid told reporters the plan was "
        "“a bureaucratic move to take land”.\n\n"
        "The land lies in Area D, and Area D is contested."
    )
    got = set(names(s))
    assert "Speaking" not in got and "Area D" not in got
    assert speakers(s) == {"a bureaucratic move to take land": "Hugo Eid"}
