"""Value conflicts of aligned statements: what is reported and what is not (regressions found with
bench/conflict_perturbation.py)."""

from __future__ import annotations

from storyline.compare import build_voices, find_conflicts
from storyline.model import Conflict
from tests.conftest import make_article


def _conflicts(*texts: str) -> list[Conflict]:
    arts = [make_article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return find_conflicts(build_voices(arts, {}))


def _values(conflicts: list[Conflict], kind: str) -> list[set[str]]:
    return [{v.value for v in c.variants} for c in conflicts if c.kind == kind]


def test_number_with_shared_context_despite_paraphrase() -> None:
    # the sentences overlap little, but the figure stands among the same words ("service members killed")
    found = _conflicts(
        "A Thursday attack outside the airport in Kabul killed 26 service members supporting the mission.",
        "The 13 service members killed in Kabul on Thursday died in gruesome violence, officials said.",
    )
    assert _values(found, "number") == [{"26", "13"}]


def test_figure_both_sentences_give_is_not_disputed() -> None:
    # "916,000" is in both; "416,000" is last month's figure, not a rival for this one
    assert _values(_conflicts(
        "Hiring accelerated in March as employers added 916,000 jobs, the Labor Department said Friday.",
        "Employers added 916,000 jobs in March, up from 416,000 in February, the Labor Department said Friday.",
    ), "number") == []


def test_number_ends_before_a_trailing_comma_and_scale_words_need_a_word_end() -> None:
    found = _conflicts(
        "The U.S. is drawing down its forces in Iraq from 5,200 to 3,000, the top commander said Wednesday.",
        "The U.S. is drawing down its forces in Iraq from 5,200 to 3,000 troops, the commander said Wednesday.",
    )
    assert found == []
    assert _values(_conflicts(
        "More than 400 American millionaires and billionaires are sending a letter to Congress this week.",
        "More than 400 millionaires and billionaires will reportedly send a letter to Congress this week.",
    ), "number") == []


def test_each_denying_statement_is_its_own_conflict() -> None:
    found = _conflicts(
        "The senate did not pass the budget bill on Tuesday after a long debate. "
        "The governor will not sign the water bill this week, aides said.",
        "The senate passed the budget bill on Tuesday after a long debate. "
        "The governor will sign the water bill this week, aides said.",
    )
    denied = sorted(v.text for c in found if c.kind == "negation" for v in c.variants if v.value == "denied")
    assert len(denied) == 2 and denied[0] != denied[1]


def test_implicit_denial_is_not_an_affirmation() -> None:
    # "declined to indict" and "decided not to indict" say the same thing
    assert _values(_conflicts(
        "On Tuesday, the attorney general said a grand jury had declined to indict any officers in the case.",
        "The attorney general said Tuesday that the grand jury decided not to indict any officers in the case.",
    ), "negation") == []


def test_negation_needs_the_negated_predicate_in_the_other_statement() -> None:
    found = _conflicts(
        "The Alabama Senate on Tuesday passed the most restrictive abortion ban, and the mother is not in danger.",
        "The Alabama Senate on Tuesday passed the most restrictive abortion ban in the country, officials said.",
    )
    assert _values(found, "negation") == []
    found = _conflicts(
        "The Alabama Senate on Tuesday did not pass the most restrictive abortion ban in the country.",
        "The Alabama Senate on Tuesday passed the most restrictive abortion ban in the country, officials said.",
    )
    assert _values(found, "negation") == [{"affirmed", "denied"}]


def test_name_replaced_where_the_voice_uses_the_other_name_elsewhere() -> None:
    # voice a names Ellzey elsewhere; in this statement it gives another name for the winner
    found = _conflicts(
        "Voters in North Texas picked GOP state Rep. Jake Bedminster to fill a vacant House seat on Tuesday. "
        "Ellzey had been endorsed by nobody of note.",
        "GOP state Rep. Jake Ellzey won a special election runoff in North Texas to fill a vacant House seat on Tuesday.",
    )
    assert {"Jake Bedminster", "Jake Ellzey"} in _values(found, "name")  # names after a title are read whole


def test_spellings_and_forms_of_one_name_are_not_a_conflict() -> None:
    assert _values(_conflicts(
        "The FBI learned of the contacts between the gunman and an al-Qaida operative after breaking the encryption.",
        "The FBI learned of the contacts between the gunman and an al Qaeda operative, a U.S. official said.",
    ), "name") == []
    assert _values(_conflicts(
        "President Donald Trump encouraged all Floridians to vote by mail on Tuesday, officials said.",
        "President Donald Trump on Tuesday encouraged voters in Florida to vote by mail, officials said.",
    ), "name") == []


def test_name_at_the_start_of_the_other_sentence_is_shared() -> None:
    assert _values(_conflicts(
        "The Louisiana state legislature failed to override the Democratic governor's veto of the sports bill.",
        "Louisiana's Republican state legislature failed to override the Democratic governor's veto of the sports bill.",
    ), "name") == []


def test_stem_keeps_double_s_words_whole() -> None:
    from storyline.compare.base import stem

    assert stem("pass") == stem("passed") == stem("passes") == "pass"
    assert stem("bills") == "bill" and stem("loss") == stem("losses") == "loss"


def test_number_among_three_shared_words_despite_little_overlap() -> None:
    # the rest of the two sentences differs, but "initial jobless claims" pins the figure down
    found = _conflicts(
        "Initial jobless claims rose to 810,000 last week, economists at the bank noted in a research memo.",
        "Initial jobless claims climbed to 405,000 last week as layoffs spread across restaurants and hotels.",
    )
    assert _values(found, "number") == [{"810,000", "405,000"}]


def test_scale_words_do_not_anchor_a_figure() -> None:
    # the expected figure and the actual one share only "million": two facts, not one disputed one
    assert _values(_conflicts(
        "Economists had been expecting around 2.1 million new filings for the week, the survey showed on Thursday.",
        "The Labor Department said on Thursday that 3.1 million people filed new claims for jobless benefits.",
    ), "number") == []


def test_name_in_the_same_two_word_place() -> None:
    found = _conflicts(
        "The city of Minneapolis has agreed to pay $27 million to settle a civil lawsuit with the Floyd family.",
        "The city of Denver settled the civil suit brought by the Floyd family for a record sum on Friday.",
    )
    assert _values(found, "name") == [{"Minneapolis", "Denver"}]


def test_last_name_differs_after_the_same_first_name() -> None:
    found = _conflicts(
        "Sen. Bernie Sanders said he was unaware of the allegations against aides working on his campaign in 2016.",
        "Sen. Bernie Aduhelm said on Tuesday he was unaware of the allegations against aides on his campaign.",
    )
    assert {"Bernie Sanders", "Bernie Aduhelm"} in _values(found, "name")


def test_title_and_first_name_of_one_person_are_not_rivals() -> None:
    assert _values(_conflicts(
        "A federal appeals court says President Trump cannot block critics from his Twitter account, a ruling shows.",
        "The appeals court ruled unanimously that Donald Trump cannot block critics from his Twitter account.",
    ), "name") == []


def test_no_before_a_noun_is_not_a_denial() -> None:
    # "all no votes" counts votes against; it denies nothing the other sentence states
    assert _values(_conflicts(
        "The bill passed in a 364-62 vote on Tuesday, with all no votes coming from Republicans in the House.",
        "The vote on Tuesday was 364 to 62, and all the votes in opposition came from Republicans in the House.",
    ), "negation") == []


def test_abbreviation_of_a_name_is_not_a_rival() -> None:
    assert _values(_conflicts(
        "President Trump said her name just twice on Friday night at a campaign rally in Pensacola, Fla.",
        "President Trump rallied his base at a campaign event in Pensacola, Florida on Friday night.",
    ), "name") == []


def test_last_word_of_a_longer_name_is_no_name() -> None:
    # "new" is written in lower case, so "New York" loses its first word; what is left ("York") names
    # nothing and is no rival for "Brooklyn"
    found = _conflicts(
        "A federal judge in New York on Friday ordered the agency to restore the new program fully.",
        "A federal judge in Brooklyn on Friday ordered the agency to restore the program fully.",
    )
    assert _values(found, "name") == []


def test_full_names_need_more_than_one_neighbour_and_one_word_around() -> None:
    # two full names are two deliberate references: one shared neighbour ("praised by") and one shared
    # word around them do not make them one fact told two ways; two single names in the same place do
    full = ("On Sunday the new Gullport budget was praised by Ilse Varn, who chairs the council.",
            "The new Gullport budget, long delayed, was praised by Oskar Brandt after the vote on Sunday.")
    assert _values(_conflicts(*full), "name") == []
    single = [t.replace("Ilse ", "").replace("Oskar ", "") for t in full]
    assert _values(_conflicts(*single), "name") == [{"Varn", "Brandt"}]


def test_two_sources_of_a_report_do_not_disagree() -> None:
    # outlets citing different sources for one fact report who told them, not two versions of the fact
    for a, b in (("Economists in a Gullstat survey expected the harbour index to rise 3 percent in May.",
                  "Economists in a Portmark survey expected the harbour index to rise 3 percent in May."),
                 ("The council will close the Gullport pier for repairs next week, officials told Portmark.",
                  "The council will close the Gullport pier for repairs next week, officials told Gullstat.")):
        assert _values(_conflicts(a, b), "name") == []
    # the same place that is no source is disputed
    assert _values(_conflicts(
        "Economists in Gullstat expected the harbour index to rise 3 percent in May.",
        "Economists in Portmark expected the harbour index to rise 3 percent in May.",
    ), "name") == [{"Gullstat", "Portmark"}]


def test_change_then_level_is_no_range() -> None:
    # "by 12,000 to 640,000" is a change and a level, not a range that would hold "320,000"
    found = _conflicts(
        "Applications for jobless aid in the region climbed by 12,000 to 640,000 last week, the ministry said.",
        "The number of new applications for jobless aid in the region climbed 12,000 last week to 320,000.",
    )
    assert _values(found, "number") == [{"640,000", "320,000"}]


def test_age_after_age_of_despite_a_following_word() -> None:
    found = _conflicts(
        "The retired admiral Tom Halvorsen has died at age 91 of heart failure, his family said.",
        "Tom Halvorsen, the retired admiral, died on Sunday at the age of 78 due to heart failure.",
    )
    assert _values(found, "number") == [{"91", "78"}]


def test_a_small_figure_elsewhere_does_not_make_a_total() -> None:
    # "nearly 1,400 ... two weeks" once read as 1,400 + 2 = "1,000" to the thousand
    found = _conflicts(
        "The navy plans to station nearly 1,400 sailors at the port, officials said, two weeks after the storm.",
        "The navy has plans to station 1,000 sailors at the port, a shift after the storm, officials said.",
    )
    assert _values(found, "number") == [{"1,400", "1,000"}]


def test_name_compared_at_a_later_mention() -> None:
    # the other sentence names "Castrian" twice; its first mention (before "Prime Minister") stands
    # elsewhere, its second in the same place as "Brennish" ("crown prince, ... media")
    found = _conflicts(
        "Prime Minister Dana Kohl flew to Verlund on Sunday to meet its crown prince, Brennish media reported Monday.",
        "Castrian Prime Minister Dana Kohl secretly flew to Verlund on Sunday to meet the crown prince, Castrian media "
        "said.",
    )
    assert _values(found, "name") == [{"Brennish", "Castrian"}]


def test_a_close_figure_of_another_period_does_not_hide_a_rival() -> None:
    # "6.1%" is close to "from 6%" of the other sentence (within rounding), but that is the rate of March
    found = _conflicts(
        "Even so, the jobless rate in the valley climbed to 7.1% from 6% in March.",
        "The jobless rate in the valley climbed to 6.1% in April, up from 6% a month earlier.",
    )
    assert _values(found, "percent") == [{"7.1%", "6.1%"}]


def test_a_year_after_a_figure_is_its_period() -> None:
    # "5,210 incidents in 2016" and "6,480 in 2018" are two years, not one disputed count
    found = _conflicts(
        "There were 6,905 reported burglaries in the county last year, up from 6,480 in 2018, the sheriff said.",
        "Sheriff's figures show burglaries in the county rose from 5,210 incidents in 2016 to 6,905 in 2019.",
    )
    assert _values(found, "number") == []


def test_a_period_after_from_is_the_base_not_the_period() -> None:
    # "0.9% from May" is June's rise over May: the other sentence gives it too, and "0.6% in May" is another month
    found = _conflicts(
        "The bureau's report showed that producer prices in June rose 0.9% from May and 4.8% over the past year.",
        "The bureau said Tuesday that producer prices rose 0.9% in June, faster than the 0.6% increase in May.",
    )
    assert [v for v in _values(found, "percent") if "0.9%" in v] == []


def test_age_written_after_a_name() -> None:
    # "Harlan, 67," is an age: with the same age slot the sentences need overlap less
    found = _conflicts(
        "Harlan, 67, was in Port Ellery on Tuesday when he was involved in a single-car crash.",
        "Harlan, 45, sustained the injuries in a one-car crash in Cedar Bluff Hills, Vermont on Tuesday morning.",
    )
    assert _values(found, "number") == [{"67", "45"}]
