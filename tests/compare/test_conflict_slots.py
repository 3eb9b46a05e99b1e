"""Value conflicts read each value with the slot it stands in: what tells two facts apart, and what
finds one fact reported two ways in reworded sentences (rules added against bench/conflict_perturbation.py;
made-up sentences)."""

from __future__ import annotations

from storyline.compare import build_voices, find_conflicts
from storyline.compare.conflicts import _one_entity, _one_people
from storyline.model import Conflict
from tests.conftest import make_article


def _conflicts(*texts: str) -> list[Conflict]:
    arts = [make_article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return find_conflicts(build_voices(arts, {}))


def _values(conflicts: list[Conflict], *kinds: str) -> list[set[str]]:
    return [{v.value for v in c.variants} for c in conflicts if c.kind in kinds]


FIGURES = ("number", "percent", "money", "count", "duration")


# -- figures that are two facts
def test_periods_of_two_lengths_are_two_facts() -> None:
    # a month's rise and a year's are two figures; the same month's rise given two ways is disputed
    first = "Ferry fares in Gullport rose 0.7% in March and 4.2% over the past year, the harbour board said."
    assert _values(_conflicts(first, "The harbour board said ferry fares in Gullport rose 0.5 percent in March, "
                                     "after a 0.3 percent rise in February."), *FIGURES) == [{"0.7%", "0.5 percent"}]


def test_a_change_from_a_year_before_is_a_years_change() -> None:
    # a change against a year earlier is a year's, dated by its month or not; against a month's it is none
    for first, second, found in (
            ("were 3.8% higher in April than a year earlier", "were 3.1% higher than a year earlier",
             [{"3.8%", "3.1%"}]),
            ("rose 3.8% in April from a year earlier", "rose 3.1% over the past year", [{"3.8%", "3.1%"}]),
            ("rose 2.3% in April from a year earlier", "rose 1.9% in April", [])):
        assert _values(_conflicts(f"Ferry fares in Gullport {first}, the harbour board said on Monday.",
                                  f"Ferry fares in Gullport {second}, the harbour board said on Monday."),
                       *FIGURES) == found, first


def test_a_change_on_the_same_month_a_year_before_or_annualised_is_a_years_change() -> None:
    # each is a year's rate, not May's own rise: no dispute with the month's 0.4%
    month = "Ferry fares in Gullport rose 0.4% in May, the harbour board said on Monday."
    for phrase in ("rose 5.4% in May from the same month a year earlier", "rose 5.4% in May compared with the same "
                   "month a year ago", "were up 5.4% in May versus a year ago", "rose at an annualized pace of 5.4% "
                   "in May", "rose 5.4% in May on an annual basis"):
        assert _values(_conflicts(month, f"Ferry fares in Gullport {phrase}, the harbour board said on Monday."),
                       *FIGURES) == [], phrase


def test_annual_elsewhere_in_the_sentence_is_no_years_change() -> None:
    # "annual" before a report, a season or the fares themselves dates no figure by a year: two May rises
    # still dispute; so do two year-on-year rises, one given over the year to April
    for first, second in (
            ("The Gullport harbour board said in its annual report that ferry fares rose 0.5% in May.",
             "The Gullport harbour board said in its report that ferry fares rose 0.7% in May."),
            ("Ferry fares in Gullport rose 0.5% in May as the annual tourist season began, the board said.",
             "Ferry fares in Gullport rose 0.7% in May as the tourist season began, the board said."),
            ("Annual ferry fares in Gullport rose 0.5% in May, the harbour board said on Monday.",
             "Ferry fares in Gullport rose 0.7% in May, the harbour board said on Monday."),
            ("Ferry fares in Gullport rose 2.3% in the year to April, the harbour board said on Monday.",
             "Ferry fares in Gullport rose 1.9% in April from a year earlier, the harbour board said on Monday.")):
        assert len(_values(_conflicts(first, second), *FIGURES)) == 1, first


def test_a_figure_of_another_period_does_not_give_it() -> None:
    # the year's 0.4% is no April 0.4%: the April figures still dispute
    assert _values(_conflicts(
        "Ferry fares in Gullport rose 0.4% in April, the harbour board said on Monday.",
        "Ferry fares in Gullport rose 0.4% over the past year and 0.7% in April, the harbour board said on Monday.",
    ), *FIGURES) == [{"0.4%", "0.7%"}]


def test_a_unit_of_time_against_another_is_two_facts() -> None:
    assert _values(_conflicts(
        "Ilse Varn, the harbour master of Gullport for 23 years, has retired, the port said on Friday.",
        "Ilse Varn, who ran the Gullport harbour for almost three decades, has retired, the port said on Friday.",
    ), *FIGURES) == []


def test_an_age_is_not_a_duration() -> None:
    assert _values(_conflicts(
        "Tomas Reile, the Gullport pilot and husband of 61 years of the mayor, has died, the port said.",
        "Tomas Reile, the Gullport pilot who married the mayor, has died aged 84, the port said.",
    ), *FIGURES) == []


def test_figures_going_opposite_ways_are_two_facts() -> None:
    assert _values(_conflicts(
        "Freight bookings at the Gullport ferry terminal rose to 41,900 last week, the port authority said.",
        "Passenger bookings at the Gullport ferry terminal fell to 38,200 last week, the port authority said.",
    ), *FIGURES) == []


def test_a_total_is_not_disputed_by_its_parts() -> None:
    assert _values(_conflicts(
        "The Norrland agency will send 2.5 million sandbags to Gullport and 1.5 million to Tarn, officials said Thursday.",
        "The Norrland agency will send 4 million sandbags to Gullport and Tarn, officials said Thursday.",
    ), *FIGURES) == []


def test_a_value_inside_the_other_range_agrees() -> None:
    assert _values(_conflicts(
        "The Gullport council will offer the ferry pass to pupils aged 12 to 15 from next month, officials said.",
        "The Gullport council will offer the ferry pass to pupils aged 13 from next month, officials said.",
    ), *FIGURES) == []


def test_figures_of_two_periods_are_two_facts() -> None:
    assert _values(_conflicts(
        "Ferry fares in Gullport rose 0.9% in June, the harbour office said on Tuesday.",
        "Ferry fares in Gullport rose 0.6% in May, the harbour office said on Tuesday.",
    ), *FIGURES) == []


def test_a_forecast_is_not_a_result() -> None:
    assert _values(_conflicts(
        "Gullport's ferries carried 412,000 passengers last month, the port authority said.",
        "Analysts had expected Gullport's ferries to carry 390,000 passengers last month, the port authority said.",
    ), *FIGURES) == []


def test_a_figure_per_unit_is_not_a_total() -> None:
    assert _values(_conflicts(
        "Four ferry lines reported more than 1 million cancelled tickets each, the Gullport regulator said.",
        "More than 2.5 million ferry tickets were cancelled, the Gullport regulator said on Monday.",
    ), *FIGURES) == []


def test_a_bound_agrees_with_a_figure_it_allows() -> None:
    assert _values(_conflicts(
        "More than a dozen Gullport dockers were arrested early Thursday on smuggling charges, officials said.",
        "Sixteen Gullport dockers were arrested early Thursday on smuggling charges, officials said.",
    ), *FIGURES) == []


def test_two_approximations_far_apart_still_conflict() -> None:
    assert _values(_conflicts(
        "The operator said about 300 passengers spent Friday night at the Gullport ferry terminal.",
        "The operator said some 200 passengers spent Friday night at the Gullport ferry terminal.",
    ), *FIGURES) == [{"300", "200"}]


def test_figures_far_apart_measure_different_things() -> None:
    # a whole plan and its first phase
    assert _values(_conflicts(
        "The Gullport council approved $48 million for the harbour plan on Monday, officials said.",
        "The Gullport council approved $6 million for the harbour plan's first phase on Monday, officials said.",
    ), *FIGURES) == []


def test_small_counts_in_words_need_more_than_a_shared_noun() -> None:
    assert _values(_conflicts(
        "The Gullport shipyards took on 850 welders in June, more than in any of the three months before.",
        "The Gullport shipyards took on 850 welders in June, a relief for the town after two months of cuts.",
    ), *FIGURES) == []


def test_each_figure_disputes_one_figure_at_most() -> None:
    found = _conflicts(
        "The Norrland index rose 2.45 percent on Monday, while the Gullport and Tarn indexes were up 2.20 percent "
        "and 1.84 percent.",
        "The Norrland index rose 2.6% on Monday, traders in Gullport said.",
    )
    assert _values(found, *FIGURES) == [{"2.45 percent", "2.6%"}]


# -- one figure reported two ways
def test_a_figure_with_the_same_verb_and_counted_thing_in_a_reworded_sentence() -> None:
    found = _conflicts(
        "Employers in Gullport added 4,700 jobs in February as the harbour reopened, the statistics office said.",
        "Gullport's economy added 2,350 workers to payrolls in February, the office reported.",
    )
    assert _values(found, *FIGURES) == [{"4,700", "2,350"}]


def test_a_level_beside_a_shared_change() -> None:
    found = _conflicts(
        "Applications for ferry permits in Gullport rose 3,700 last week to 49,440, the harbour office reported.",
        "Ferry permit applications in Gullport rose by 3,700 to 41,200 last week, a second weekly increase.",
    )
    assert _values(found, *FIGURES) == [{"49,440", "41,200"}]


# -- dates
def test_a_start_is_not_a_point_in_time() -> None:
    assert _values(_conflicts(
        "Gullport has held the harbour regatta every summer since 2019, the organisers said in a statement.",
        "Gullport held the harbour regatta for the first time in 2016, the organisers said in a statement.",
    ), "date") == []


def test_a_date_naming_an_event_is_not_the_date_of_a_report() -> None:
    assert _values(_conflicts(
        "The last ferry report before Tuesday's council vote showed that use of the Gullport ferry rose.",
        "Use of the Gullport ferry rose, the last ferry report showed Friday, the council said.",
    ), "date") == []


def test_two_period_ends_with_two_figures_are_two_periods() -> None:
    # the week ended May 9 and the week ended May 2 are two weeks of ferry figures; with one figure in
    # both sentences they date the same count two ways
    first = "Ferry crossings at Gullport rose by 2,100 to 48,300 in the week ended May 9, the harbour board said."
    assert _values(_conflicts(first, "Freight crossings at Gullport fell to 9,400 in the week ended May 2, the "
                                     "harbour board said."), "date") == []
    assert _values(_conflicts(first, "Ferry crossings at Gullport reached 48,300 in the week ended May 2, the "
                                     "harbour board said."), "date") == [{"May 9", "May 2"}]


def test_a_half_and_a_fortnight_end_periods() -> None:
    for period in ("first half", "fortnight"):
        assert _values(_conflicts(
            f"Ferry crossings at Gullport rose by 2,100 to 48,300 in the {period} ended June 30, the harbour board said.",
            f"Freight crossings at Gullport fell to 9,400 in the {period} ended July 31, the harbour board said.",
        ), "date") == [], period


def test_a_period_end_through_a_preposition_is_still_a_period_end() -> None:
    # "the week ended on July 10" ends a week as "the week ended July 10" does: two weeks' figures
    assert _values(_conflicts(
        "Ferry crossings at Gullport rose by 2,100 to 48,300 in the week ended on July 10, the harbour board said.",
        "Freight crossings at Gullport fell to 9,400 in the week ended on July 17, the harbour board said.",
    ), "date") == []
    assert _values(_conflicts(
        "Ferry crossings at Gullport rose by 2,100 to 48,300 in the week ended July 10, the harbour board said.",
        "Freight crossings at Gullport fell to 9,400 in the week that ended July 17, the harbour board said.",
    ), "date") == []


def test_an_event_that_ended_is_no_period_end() -> None:
    # a strike that ended on two dates after two lengths is disputed, whatever figures the sentences give
    assert _values(_conflicts(
        "The Gullport ferry strike ended June 4 after 12 days, when the union accepted the offer.",
        "The Gullport ferry strike ended June 11 after 19 days, when the union accepted the offer.",
    ), "date") == [{"June 4", "June 11"}]


def test_late_one_day_and_early_the_next_are_one_night() -> None:
    # "late Tuesday" and "early Wednesday" date one ruling either side of midnight; two days apart they differ
    assert _values(_conflicts(
        "A Gullport court blocked the new harbour levy late Tuesday, ruling that the council had overstepped.",
        "A Gullport court blocked the harbour levy early Wednesday, ruling that the council overstepped its powers.",
    ), "date") == []
    assert _values(_conflicts(
        "A Gullport court blocked the new harbour levy late Monday, ruling that the council had overstepped.",
        "A Gullport court blocked the harbour levy early Wednesday, ruling that the council overstepped its powers.",
    ), "date") == [{"Monday", "Wednesday"}]


def test_the_same_end_of_two_days_is_a_day_apart() -> None:
    # one end of the day on both sides (or the later day late, the earlier early) is no night between them;
    # "Friday overnight" is the night after Friday
    rule = "The Norrland pilots' union called off its strike at Tarnby {}, after talks with the port owners."
    for first, second in (("early Thursday", "early Friday"), ("late Thursday", "late Friday"),
                          ("late Thursday", "Friday night"), ("Thursday morning", "early Friday"),
                          ("on Thursday", "Friday overnight")):
        assert _values(_conflicts(rule.format(first), rule.format(second)), "date") == [{"Thursday", "Friday"}], (
            first, second)
    for first, second in (("Thursday night", "early Friday"), ("Thursday overnight", "Friday morning")):
        assert _values(_conflicts(rule.format(first), rule.format(second)), "date") == [], (first, second)


def test_a_deadline_is_no_period_end() -> None:
    # "until" and "by" date one deadline, whatever other figures the sentences give
    for prep in ("until", "by"):
        assert _values(_conflicts(
            f"Tarn Shipping has {prep} June 4 to pay its 8% share of the Gullport dredging bill, the port said.",
            f"Tarn Shipping has {prep} June 11 to pay its share of the dredging bill for 14 berths, the port said.",
        ), "date") == [{"June 4", "June 11"}], prep


def test_the_same_verb_beside_two_dates_in_reworded_sentences() -> None:
    found = _conflicts(
        "Tomas Reile, the Gullport harbour pilot who guided ships through the channel for four decades, died Saturday.",
        "Tomas Reile, the pilot who made the Gullport channel safe for tankers, died Wednesday after a long illness.",
    )
    assert _values(found, "date") == [{"Saturday", "Wednesday"}]


# -- names
def test_a_name_after_a_title_is_read_whole() -> None:
    found = _conflicts(
        "Gov. Ilse Varn of Norrland signed the ferry bill on Monday, her office said.",
        "Gov. Ilse Marten of Norrland signed the ferry bill on Monday, her office said.",
    )
    assert _values(found, "name") == [{"Ilse Varn", "Ilse Marten"}]


def test_generic_bodies_are_no_rival_names() -> None:
    assert _values(_conflicts(
        "Ferry fares in Gullport rose 2% in March, the Labor Department said on Friday.",
        "Ferry fares in Gullport rose 2% in March, the Bureau of Labor Statistics said on Friday.",
    ), "name") == []


def test_two_names_of_one_people_are_no_rival_names() -> None:
    for a, b, found in (("Latino", "Hispanic", []), ("African American", "Black", []),
                        ("American Indian", "Native American", []), ("Indigenous", "Native American", []),
                        ("Latina", "Asian", [{"Latina", "Asian"}])):
        assert _values(_conflicts(
            f"Ilse Varn, confirmed on Monday, will be the first {a} woman to run the Gullport harbour board.",
            f"Ilse Varn was confirmed on Monday as the first {b} woman to run the Gullport harbour board.",
        ), "name") == found, (a, b)


def test_a_people_is_read_as_written_or_without_a_plural_s() -> None:
    assert _one_people("Latinos", "Hispanic") and _one_people("Indigenous", "Native Americans")
    assert not _one_people("Latinos", "Blacks")


def test_one_company_in_two_legal_forms_is_no_rival_name() -> None:
    assert _values(_conflicts(
        "Gullport Ferries Corp. will cut three night crossings to Tarnby from May, the harbour board said.",
        "Gullport Ferries Group will cut three night crossings to Tarnby from May, the harbour board said.",
    ), "name") == []
    assert _one_entity("Gullport Ferries Corp", "Gullport Ferries Group") and not _one_entity("Corp", "Group")


def test_two_people_every_voice_names_are_two_people() -> None:
    # both chairs are named by a third voice: two posts, not one disputed name
    assert _values(_conflicts(
        "Ilse Varn will chair the Gullport harbour inquiry, the council said on Monday.",
        "Tomas Reile will chair the Gullport harbour inquiry, the council said on Monday.",
        "Ilse Varn and Tomas Reile were both named to the Gullport harbour inquiry on Monday.",
    ), "name") == []


def test_a_name_the_other_sentence_writes_by_its_last_word_is_shared() -> None:
    # the second sentence names Reile too ("Reile wants"): two presidents, not one disputed name
    repeal = "Harbour workers have protection from the Gullport levy because of President Ilse Varn's ferry law, which {}."
    plan = "President Tomas Reile's ferry plan would give harbour workers protection from the Gullport levy."
    assert _values(_conflicts(plan, repeal.format("Reile wants to repeal")), "name") == []
    assert _values(_conflicts(plan, repeal.format("the council wants to repeal")), "name") == [{"Tomas Reile", "Ilse Varn"}]


def test_a_last_word_before_a_noun_names_no_one_in_the_statement() -> None:
    # "a Reile aide" names the aide, not Tomas Reile: the two negotiators still dispute
    assert _values(_conflicts(
        "The pier lease was drawn up by Tomas Reile, port officials said on Monday.",
        "The pier lease was drawn up by Anna Lind, a Reile aide, port officials said on Monday.",
    ), "name") == [{"Tomas Reile", "Anna Lind"}]


def test_a_last_word_after_an_article_and_a_qualifier_names_no_one() -> None:
    # "a former Reile adviser", "a Reile business partner" name the adviser or the partner, not Tomas Reile
    for who in ("a former Reile adviser", "a close Reile aide", "a longtime Reile ally", "a Reile business partner",
                "a Reile press aide"):
        assert _values(_conflicts(
            "The pier lease was negotiated by Tomas Reile, port officials said.",
            f"The pier lease was negotiated by Anna Lind, {who}, port officials said.",
        ), "name") == [{"Tomas Reile", "Anna Lind"}], who


def test_a_last_word_after_an_article_before_a_verb_names_the_person() -> None:
    # "a weary Reile approved it" is Tomas Reile himself: the statement names him, no rival
    for who in ("Anna Lind, and a visibly angry Reile signed it", "Anna Lind before a weary Reile approved it",
                "Anna Lind, whom the elder Reile hired"):
        assert _values(_conflicts(
            "The pier lease was negotiated by Tomas Reile, port officials said on Monday.",
            f"The pier lease was negotiated by {who}, port officials said on Monday.",
        ), "name") == [], who


# -- polarity
def test_not_before_an_infinitive_denies_nothing() -> None:
    assert _values(_conflicts(
        "Gullport will raise ferry fares next month despite Norrland's warning, officials said.",
        "Norrland warned Gullport not to raise ferry fares next month, officials said.",
    ), "negation") == []


def test_cannot_none_and_avoid_deny_as_not_does() -> None:
    # each pair says the same thing twice; the first sentence affirms nothing
    for denied, other in (("the Gullport council cannot close the ferry pier", "the Gullport council may not close "
                           "the ferry pier"), ("the ferry pier cannot be lawfully closed", "the ferry pier must not be "
                           "closed"), ("none of the pilots' names was released", "the ferry pilots have "
                           "not been named"), ("travellers should avoid travel to the ferry pier", "travellers "
                           "should not travel to the ferry pier")):
        assert _values(_conflicts(
            f"A Norrland court ruled on Friday that {denied} during the harbour strike.",
            f"A Norrland court ruled on Friday that {other} during the harbour strike.",
        ), "negation") == [], denied


def test_a_vow_and_a_command_deny_nothing() -> None:
    # "to never sign" is a promise about later bills, "Don't..." bids the reader: neither denies the signing
    signed = "Mayor Ilse Varn signed the Gullport ferry budget on Friday after a week of harbour protests."
    assert _values(_conflicts(signed, "Mayor Ilse Varn vowed on Friday to never sign a Gullport ferry budget "
                                      "again after a week of harbour protests."), "negation") == []
    assert _values(_conflicts(signed, "Don't sign the Gullport ferry budget, Mayor Varn, after a week of harbour "
                                      "protests!"), "negation") == []


def test_cannot_avoid_and_nobody_deny_across_words_of_their_own_clause() -> None:
    # each opening denies the opening as "did not open" does: no clause break between the word and the verb
    denied = "The Tarnby harbour master did not open the north pier on Sunday after the oil spill."
    for opening in ("The Tarnby harbour master cannot have opened", "The Tarnby harbour master cannot possibly "
                    "have opened", "The Tarnby harbour master avoided formally opening", "The Tarnby harbour master "
                    "avoided having to open", "Nobody at the Tarnby harbour opened", "Nobody who was asked at "
                    "Tarnby opened"):
        assert _values(_conflicts(f"{opening} the north pier on Sunday after the oil spill.", denied),
                       "negation") == [], opening
    assert _values(_conflicts("The north pier cannot have been opened by the Tarnby harbour master on Sunday after "
                              "the oil spill.", denied), "negation") == []


def test_cannot_none_and_avoid_elsewhere_in_the_sentence_deny_nothing() -> None:
    # each word governs another verb or none: the opening is affirmed, and denied by the other sentence
    denied = "The Tarnby harbour master did not open the north pier on Sunday after the oil spill."
    for opening in ("The Tarnby harbour master, to avoid panic, opened", "The Tarnby harbour master, with nobody "
                    "about, opened", "The Tarnby harbour master avoided the press and opened", "The Tarnby harbour "
                    "master, who cannot abide risk, opened", "Officials who cannot be named said the Tarnby harbour "
                    "master opened", "Nobody disputes that the Tarnby harbour master opened", "None other than the "
                    "Tarnby harbour master opened", "Nothing stopped the Tarnby harbour master from opening",
                    "The Tarnby harbour master avoided reporters after he opened", "Nobody was surprised when the "
                    "Tarnby harbour master opened"):
        assert _values(_conflicts(f"{opening} the north pier on Sunday after the oil spill.", denied),
                       "negation") == [{"affirmed", "denied"}], opening


def test_a_command_hides_only_its_own_clause() -> None:
    assert _values(_conflicts(
        "The Tarnby harbour master opened the north pier on Sunday, the port authority said.",
        "\"Don't trust the gossip: I did not open the north pier,\" the Tarnby harbour master said on Sunday.",
    ), "negation") == [{"affirmed", "denied"}]


def test_a_command_ends_at_a_dash_not_at_its_own_aside() -> None:
    # a dash ends the command: the denial after it stands; a parenthetical after "Don't" is the command's
    signed = "The Tarnby harbour master opened the north pier on Sunday, the port authority said."
    for dash in (" - ", " \u2013 ", " \u2014 "):
        assert _values(_conflicts(signed, f"\"Don't believe the gossip{dash}I did not open the north pier,\" the "
                                          "Tarnby harbour master said on Sunday."), "negation") == [
            {"affirmed", "denied"}], dash
    for aside in (" \u2014 under any circumstances \u2014 ", " - whatever the board says - ",
                  " \u2013 whatever the board says \u2013 "):
        assert _values(_conflicts(
            f"\"Don't{aside}open the north pier on Sunday,\" the Tarnby harbour master was told.",
            "The Tarnby harbour master did not open the north pier on Sunday, the port authority said.",
        ), "negation") == [], aside
    assert _values(_conflicts(
        "\"Don't, whatever the port authority says, open the north pier on Sunday,\" the Tarnby harbour master "
        "was told.",
        "The Tarnby harbour master did not open the north pier on Sunday, the port authority said.",
    ), "negation") == []


def test_to_never_before_a_gerund_denies() -> None:
    # a preposition's object, not a vow: "testified to never having opened" denies the opening
    assert _values(_conflicts(
        "The Tarnby harbour master opened the north pier twice in 2021, court papers show.",
        "The Tarnby harbour master testified to never having opened the north pier, court papers show.",
    ), "negation") == [{"affirmed", "denied"}]


def test_not_after_a_preposition_denies_nothing() -> None:
    assert _values(_conflicts(
        "Mayor Ilse Varn visited the Gullport pier on Friday after weeks of criticism for not having visited it.",
        "Mayor Ilse Varn visited the Gullport pier on Friday, her office said.",
    ), "negation") == []


def test_a_denial_of_the_same_act_in_a_reworded_sentence() -> None:
    found = _conflicts(
        "The Gullport council will not host a total of eight regatta races over the next two days at the harbour.",
        "The Gullport council announced Friday it will host eight regatta races over a two-day period.",
    )
    assert _values(found, "negation") == [{"affirmed", "denied"}]


# -- duration and count slots
def test_ages_of_two_people_are_no_slot() -> None:
    assert _values(_conflicts(
        "A 27-year-old man was arrested at the Gullport harbour on Monday, police said.",
        "A 56-year-old officer was injured at the Gullport harbour on Monday, police said.",
    ), *FIGURES) == []


def test_a_compound_number_is_read_whole() -> None:
    assert _values(_conflicts(
        "Forty-nine residents have been rescued from the Gullport flood, officials said on Tuesday.",
        "At least 49 residents were rescued from the flood in Gullport, officials said on Tuesday.",
    ), *FIGURES) == []


def test_not_only_denies_nothing() -> None:
    assert _values(_conflicts(
        "The Gullport council banned cars on the pier and also closed the east harbour road on Monday.",
        "The Gullport council on Monday not only banned cars on the pier but also closed the east harbour road.",
    ), "negation") == []


def test_not_without_an_auxiliary_sets_a_phrase_against_another() -> None:
    assert _values(_conflicts(
        "Gullport will build the new ferry terminal on the east harbour shore, officials said on Monday.",
        "Gullport will build the new ferry terminal on the west shore, not the east harbour shore, officials said.",
    ), "negation") == []


def test_no_plans_and_a_denial_affirm_nothing() -> None:
    for other in ("The Gullport council has no plans to close the library next year, the mayor said.",
                  "The Gullport council repeated its denial that it would close the library next year, the mayor said."):
        assert _values(_conflicts(
            "The Gullport council will not close the library next year, the mayor said.", other,
        ), "negation") == []


def test_a_round_figure_stands_for_what_rounds_to_it() -> None:
    round_, precise, other_round = (
        "The Gullport senate passed the $1 billion harbour bill on Tuesday after a long debate.",
        "The Gullport senate passed the $1.2 billion harbour bill on Tuesday after a long debate.",
        "The Gullport senate passed the $2 billion harbour bill on Tuesday after a long debate.")
    assert _values(_conflicts(round_, precise), *FIGURES) == []
    assert _values(_conflicts(round_, other_round), *FIGURES) == [{"$1 billion", "$2 billion"}]
    assert _values(_conflicts(precise, other_round.replace("$2", "$1.4")), *FIGURES) == [
        {"$1.2 billion", "$1.4 billion"}]


def test_dates_with_nothing_in_common_around_them_date_two_things() -> None:
    # the statements align, but "on Monday" dates the vote and "began Friday" the debate
    assert _values(_conflicts(
        "On Monday, the Gullport harbour council approved the new ferry budget after a long debate.",
        "The Gullport harbour council approved the new ferry budget after a long debate, which began Friday.",
    ), "date") == []


def test_a_start_through_a_preposition_is_still_a_start() -> None:
    # "starting in July" opens a period; "in March" dates one act
    assert _values(_conflicts(
        "Families in Gullport will get monthly payments from the harbour fund starting in July, officials said.",
        "Families in Gullport got the first payments from the harbour fund in March, officials said.",
    ), "date") == []
