"""Actors: gazetteer forms, metonyms, alias merging, roles, key flags, outlets excluded."""

from __future__ import annotations

from tests.summarizer.helpers import names, run, speakers


def test_surname_and_full_name_merge_and_titles_are_dropped() -> None:
    s = run(
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Monday.\n\n"
        "Putin praised Xi, and Xi thanked Putin for the welcome."
    )
    actors = {a.name: a for a in s.actors}
    assert "Vladimir Putin" in actors and "Xi Jinping" in actors
    assert "Putin" in actors["Vladimir Putin"].aliases
    assert actors["Vladimir Putin"].role == "Russian President"
    assert actors["Vladimir Putin"].mentions == 3
    assert "Putin" not in actors and "Xi" not in actors


def test_case_variants_and_acronyms_merge() -> None:
    s = run(
        "Nato ministers met in Brussels. The North Atlantic Treaty Organization said NATO "
        "would expand its air patrols.\n\n"
        "The African Union (AU) sent observers, and the AU said they would stay a month."
    )
    nato = [a for a in s.actors if a.name in ("NATO", "Nato", "North Atlantic Treaty Organization")]
    assert len(nato) == 1 and nato[0].type == "organization"
    au = [a for a in s.actors if a.name == "African Union"]
    assert len(au) == 1 and "AU" in au[0].aliases


def test_capitals_for_governments_and_country_short_forms() -> None:
    s = run(
        "Washington warned Beijing on Tuesday. The U.S. said China must stop the drills, and "
        "the Kremlin backed Beijing.\n\n"
        "The meeting was held in Geneva, and reporters waited in Paris."
    )
    got = set(names(s))
    assert {"U.S.", "China", "Russia"} <= got
    assert "France" not in got  # a capital used only as a place is not an actor
    us = next(a for a in s.actors if a.name == "U.S.")
    assert "Washington" in us.aliases


def test_key_actors_first_and_passing_mentions_not_key() -> None:
    s = run(
        "Kenya and Ethiopia signed a water treaty on Friday.\n\n"
        "Kenyan President Amos Kibet said the deal would last. Kibet thanked Ethiopia.\n\n"
        "Observers from Norway attended the ceremony.",
        title="Kenya and Ethiopia sign water treaty",
    )
    by = {a.name: a for a in s.actors}
    assert by["Kenya"].key and by["Ethiopia"].key and by["Amos Kibet"].key
    assert not by["Norway"].key
    assert s.actors[-1].name == "Norway"


def test_outlet_places_groups_and_events_are_not_actors() -> None:
    s = run(
        "KABUL (Daily Planet) - Taliban officials met envoys from Qatar on Sunday, the Daily "
        "Planet has learned.\n\n"
        "Uyghurs in Xinjiang and Hutu refugees were discussed, as was the Winter Olympics.\n\n"
        "Western diplomats posted photos on Twitter.",
        source="Daily Planet",
    )
    got = set(names(s))
    assert {"Taliban", "Qatar"} <= got
    for not_actor in (
        "Daily Planet",
        "Uyghurs",
        "Xinjiang",
        "Hutu",
        "Winter Olympics",
        "Twitter",
        "Western",
        "Afghanistan",
    ):
        assert not_actor not in got


def test_org_names_from_suffix_and_cue_words() -> None:
    s = run(
        "The Baltic Energy Institute published a report. The state-run Daily Kurier newspaper "
        "said the Finance Ministry had agreed."
    )
    got = set(names(s))
    assert "Baltic Energy Institute" in got and "Finance Ministry" in got


def test_regions_models_and_places_only_named_as_locations_are_not_actors() -> None:
    s = run(
        "Drones struck a market in North Kordofan on Monday. Residents of El-Obeid fled to "
        "Khartoum and later to El-Obeid again.\n\n"
        "The army said the Airbus H125 helicopter seen in North Kordofan was not its own."
    )
    got = set(names(s))
    assert not got & {"North Kordofan", "El-Obeid", "El", "Obeid", "Airbus H125"}


def test_titled_person_of_an_organisation_is_two_actors() -> None:
    s = run(
        "\u201cThe index shows a steady decline in every region we studied,\u201d said "
        "Professor Hanna Lindqvist of Uppsala University."
    )
    got = set(names(s))
    assert {"Hanna Lindqvist", "Uppsala University"} <= got
    assert list(speakers(s).values()) == ["Hanna Lindqvist"]
