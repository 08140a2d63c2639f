"""Statements by governments, ministries and groups: joint statements, "the ministry said",
"the spokesperson added", "the bloc said", quotations that run on without a new mark, scare
quotes inside an attribution (all text written for these tests)."""

from __future__ import annotations

from tests.summarizer.helpers import names, run, speakers


def test_joint_statement_by_several_governments_goes_to_one_of_them() -> None:
    s = run(
        "In a joint statement on Monday, the foreign ministers of Chile, Peru and Bolivia "
        "condemned the new border fence.\n\n"
        "\u201cThis unilateral step violates every agreement signed since the war,\u201d the "
        "joint statement said.\n\n"
        "\u201cThe ministers affirm that the border must stay open to all traders,\u201d they "
        "said.\n\n"
        "The ministers added that the fence was \u201ca blow to regional trust and to the rule "
        "of law\u201d."
    )
    got = speakers(s)
    assert len(got) == 3
    assert set(got.values()) == {"Chile"}


def test_collective_subject_is_not_the_last_named_person() -> None:
    s = run(
        "The foreign ministers of Chile and Peru, and trade envoy Ana Ruiz, said in a joint "
        "statement: \u201cWe will not accept tariffs imposed without any consultation.\u201d"
    )
    assert list(speakers(s).values()) == ["Chile"]


def test_the_ministry_said_points_to_the_ministry_not_the_last_person() -> None:
    s = run(
        "Army spokesperson Lars Berg said 500 troops were ready.\n\n"
        "Norway\u2019s foreign ministry said on Friday the mission was humanitarian.\n\n"
        "\u201cNorway rejects all attempts to redraw the border by force,\u201d the ministry "
        "said."
    )
    assert list(speakers(s).values()) == ["Norway\u2019s foreign ministry"]


def test_the_spokesperson_added_points_to_the_office_that_issued_the_statement() -> None:
    s = run(
        "UN chief Ana Sol called the move unlawful, according to a statement by her "
        "spokesman Piet Vos.\n\n"
        "Oslo urged restraint, said a statement issued by the Foreign Office spokesperson.\n\n"
        "\u201cNorway calls on both sides to return to the table at once,\u201d the "
        "spokesperson added."
    )
    assert "Foreign Office" in names(s)
    assert list(speakers(s).values()) == ["Foreign Office"]


def test_the_bloc_said_points_to_the_organisation_named_before() -> None:
    s = run(
        "The Organisation of Coastal States joined the criticism. In a statement, the bloc "
        "said the reports were \u201cbased on invented and distorted claims\u201d.\n\n"
        "Palestinian group Hamas condemned the vote, calling it an attempt \u201cto seize "
        "farmland in the valley by decree\u201d. In a statement, the group called the vote "
        "\u201ca void decision by an illegitimate power\u201d."
    )
    assert "Organisation of Coastal States" in names(s)
    assert speakers(s) == {
        "based on invented and distorted claims": "Organisation of Coastal States",
        "to seize farmland in the valley by decree": "Hamas",
        "a void decision by an illegitimate power": "Hamas",
    }


def test_quote_running_on_without_a_new_mark_is_still_a_quote() -> None:
    s = run(
        "On Monday, analyst Mira Holm said \u201cthe vote is only the beginning of a long fight.\n\n"
        "What the government wants is full control of the north,\u201d she said."
    )
    got = speakers(s)
    assert got.get("What the government wants is full control of the north,") == "Mira Holm"


def test_scare_quotes_do_not_cut_off_the_attribution() -> None:
    s = run(
        "President Ana Ruiz flew to Lima on Monday.\n\n"
        "\u201cThrough this trip we hope to deepen our trade ties\u201d with Peru, and to "
        "\u201cdiversify\u201d partnerships, Ruiz\u2019s office said."
    )
    assert list(speakers(s).values()) == ["Ruiz\u2019s office"]


def test_organisation_of_name_goes_on_over_and() -> None:
    s = run(
        "In a statement, the Department of Rivers and Coastal Affairs said its staff would "
        "keep watching \u201ca handful of stranded boats in the bay\u201d this week."
    )
    assert "Department of Rivers and Coastal Affairs" in names(s)
    assert list(speakers(s).values()) == ["Department of Rivers and Coastal Affairs"]
