"""Date cases: one line each, `(sentence, published, expected values)`, all text written here.

Values follow the summary contract (../shared/eval/GUIDELINES.md): ISO 8601 at the precision
the text gives (day, month or year); relative expressions resolve against the publication date
as TimeML/TempEval-3 annotators resolve them; weeks, seasons, decades, durations, clock times
alone and vague spans have no day, month or year value, so they give nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.rules.date_rules import RULES, Ctx
from summarizer.rules.dates import _claims, _rules_for
from tests.summarizer.helpers import run, values

FRI = "2024-05-17"  # a Friday in mid-May
NYF = "2025-01-03"  # a Friday just after New Year
MON = "2024-12-30"  # a Monday just before New Year
NYE = "2024-12-31"  # a Tuesday, the last day of a year
LEAP = "2020-03-01"  # a Sunday the day after 29 February
FEB = "2022-02-07"  # a Monday in early February
NOV = "2024-11-20"  # a Wednesday in late November
SAT = "2024-05-18"  # the Saturday after FRI


def xf(sentence: str, published: str, expected: set[str], reason: str) -> object:
    """A case the rules get wrong today; strict, so fixing it forces the mark off."""
    return pytest.param(
        sentence, published, expected, marks=pytest.mark.xfail(strict=True, reason=reason)
    )


CASES = [
    # full dates, written every usual way
    ("The treaty was signed on March 3, 2021.", FRI, {"2021-03-03"}),
    ("It was ratified on 12 April 2022 in Oslo.", FRI, {"2022-04-12"}),
    ("The vote took place on Sept. 14, 2019.", FRI, {"2019-09-14"}),
    ("Elections were held on 7th June 2015.", FRI, {"2015-06-07"}),
    ("He was born on February 29, 1996.", FRI, {"1996-02-29"}),
    ("Troops left on the 4th of July 2011.", FRI, {"2011-07-04"}),
    ("The ruling of January 9th, 2023 stands.", FRI, {"2023-01-09"}),
    ("The Dec. 25, 1991 resignation ended the union.", FRI, {"1991-12-25"}),
    ("It happened on June 1 2020, officials said.", FRI, {"2020-06-01"}),
    ("Exports rose in Sept. 2021 after the deal.", FRI, {"2021-09"}),
    ("On Tuesday, March 5, 2024, the court ruled.", FRI, {"2024-03-05"}),
    ("On Friday, May 10, the envoy resigned.", FRI, {"2024-05-10"}),
    ("The hearing is on Monday 20 May.", FRI, {"2024-05-20"}),
    ("Signed March 3, 2021, it was ratified on 12 April 2022.", FRI, {"2021-03-03", "2022-04-12"}),
    # ISO and numeric forms
    ("The filing is dated 2023-11-30.", FRI, {"2023-11-30"}),
    ("The log entry read 2024-05-16T22:10:00Z.", FRI, {"2024-05-16"}),
    ("The order, issued 2022/08/15, was revoked.", FRI, {"2022-08-15"}),
    ("The form was stamped 17/05/2024.", FRI, {"2024-05-17"}),
    ("The letter was dated 05/16/2024.", FRI, {"2024-05-16"}),
    ("A memo from 02/04/22 was leaked.", FEB, {"2022-02-04"}),
    ("The notice, 3/9/2024, went unread.", FRI, {"2024-03-09"}),
    ("The ratio was 3/4 of the vote.", FRI, set()),
    ("The 24/7 hotline opened.", FRI, set()),
    ("The 9/11 attacks shook the world.", FRI, set()),
    # a day without a year: the nearest one, or the coming one when the sentence looks ahead
    ("Talks began on March 3.", FRI, {"2024-03-03"}),
    ("The ceasefire began Oct. 19.", FRI, {"2023-10-19"}),
    ("Elections are due Jan. 9.", FRI, {"2025-01-09"}),
    ("The summit will open on June 2.", FRI, {"2024-06-02"}),
    ("The ballots were counted on May 15.", FRI, {"2024-05-15"}),
    ("Polls open on Jan. 7.", MON, {"2025-01-07"}),
    ("The blast on Dec. 28 killed six.", NYF, {"2024-12-28"}),
    ("The party congress ended on 20 December.", NYF, {"2024-12-20"}),
    ("Leaders will meet on February 14.", NYF, {"2025-02-14"}),
    ("The strike began on the 2nd of May.", FRI, {"2024-05-02"}),
    ("On 5 May, the army withdrew.", FRI, {"2024-05-05"}),
    ("On May 5 the army withdrew.", FRI, {"2024-05-05"}),
    ("The deadline passed on Feb. 29.", LEAP, {"2020-02-29"}),
    ("The vote on Mar 3 was close.", FRI, {"2024-03-03"}),
    ("Exports fell in Jul 2023.", FRI, {"2023-07"}),
    ("Sales rose in Sep 2023.", FRI, {"2023-09"}),
    ("Fireworks went off at midnight on Dec. 31.", NYF, {"2024-12-31"}),
    # a day or month written again without a year is the one the text already gave
    ("Fans wait ahead of the Feb. 27 show. Few expect a surprise on Feb. 27.", NOV, {"2025-02-27"}),
    ("Elections will be held in April. Parties say April is too soon.", NOV, {"2025-04"}),
    ("It was signed March 3, 2021. Since March 3 trade grew.", FRI, {"2021-03-03"}),
    # ranges give each end
    ("The summit ran March 20-21.", FRI, {"2024-03-20", "2024-03-21"}),
    ("A second round is planned for 4-5 June.", FRI, {"2024-06-04", "2024-06-05"}),
    ("The fair runs 10–12 October 2025.", FRI, {"2025-10-10", "2025-10-12"}),
    ("Talks were held on March 3 and 4.", FRI, {"2024-03-03", "2024-03-04"}),
    ("The vote runs from 8 to 10 June.", FRI, {"2024-06-08", "2024-06-10"}),
    ("Rallies on 3rd and 4th May drew crowds.", FRI, {"2024-05-03", "2024-05-04"}),
    xf("On May 3 and 4 more troops arrived.", FRI, {"2024-05-03"}, "a count after and: 2nd day"),
    ("The talks ran from May 6 to May 8.", FRI, {"2024-05-06", "2024-05-08"}),
    ("Talks were held Jan. 30-Feb. 2.", FRI, {"2024-01-30", "2024-02-02"}),
    ("The talks, held March 20-21 in Moscow, ended.", FRI, {"2024-03-20", "2024-03-21"}),
    ("Fighting raged between 2009 and 2013.", FRI, {"2009", "2013"}),
    ("He served from 1998 to 2004.", FRI, {"1998", "2004"}),
    ("He led the party in 2014-2016.", FRI, {"2014", "2016"}),
    ("The 2010-11 budget was cut.", FRI, {"2010", "2011"}),
    ("The plan covers 2025/26.", FRI, {"2025", "2026"}),
    ("The war of 1939–45 left the city in ruins.", FRI, {"1939", "1945"}),
    ("Exports fell between January and March.", FRI, {"2024-01", "2024-03"}),
    ("The rains lasted from March to May.", FRI, {"2024-03", "2024-05"}),
    # a month: this year's when it has passed, else last year's, unless the text looks ahead
    ("Fighting resumed in September.", FRI, {"2023-09"}),
    ("Inflation peaked in March 2023.", FRI, {"2023-03"}),
    ("Prices fell in early March.", FRI, {"2024-03"}),
    ("The rains came in mid-April.", FRI, {"2024-04"}),
    ("Troops left in late January.", FRI, {"2024-01"}),
    ("The accord lapsed last December.", FRI, {"2023-12"}),
    ("A vote is expected next February.", FRI, {"2025-02"}),
    ("The plant will close in June.", FRI, {"2024-06"}),
    ("The envoy visited in December.", FRI, {"2023-12"}),
    ("Exports have slumped since August.", FRI, {"2023-08"}),
    ("The army must be ready by March.", FRI, {"2025-03"}),
    ("The court adjourned until July.", FRI, {"2024-07"}),
    ("In December, the party split.", NYF, {"2024-12"}),
    ("The budget passed in November.", MON, {"2024-11"}),
    ("The next round is due in January.", MON, {"2025-01"}),
    ("April was the wettest month on record.", FRI, {"2024-04"}),
    ("The referendum in May 2016 split the country.", FRI, {"2016-05"}),
    ("Aid arrived in the first week of March.", FRI, {"2024-03"}),
    ("The vote took place in March last year.", FRI, {"2023-03"}),
    ("The law takes effect in January next year.", FRI, {"2025-01"}),
    ("The talks collapsed in May of 2019.", FRI, {"2019-05"}),
    ("Prices rose in October of last year.", FRI, {"2023-10"}),
    # a year
    ("The deal collapsed in 2019.", FRI, {"2019"}),
    ("He has ruled since 1996.", FRI, {"1996"}),
    ("The 2020 election was disputed.", FRI, {"2020"}),
    ("The fund will run out by 2030.", FRI, {"2030"}),
    ("He returned in the year 2000.", FRI, {"2000"}),
    ("Growth slowed in early 2022.", FRI, {"2022"}),
    ("The plant opens in mid-2023.", FRI, {"2023"}),
    ("Profits rose in fiscal 2024.", FRI, {"2024"}),
    ("In the summer of 2018, floods hit the north.", FRI, {"2018"}),
    ("Output rose in the first quarter of 2024.", FRI, {"2024"}),
    ("Its 2023 budget was cut.", FRI, {"2023"}),
    ("2019's elections were marred by fraud.", FRI, {"2019"}),
    ("The debt grew in 2021 and 2022.", FRI, {"2021", "2022"}),
    ("Reforms stalled at the end of 2023.", FRI, {"2023"}),
    ("Since '98 the rebels have held the town.", FRI, {"1998"}),
    # a year relative to the publication date
    ("Last year the talks failed.", FRI, {"2023"}),
    ("This year's harvest was poor.", FRI, {"2024"}),
    ("The law expires next year.", FRI, {"2025"}),
    ("A pact was signed earlier this year.", FRI, {"2024"}),
    ("Polls are due later this year.", FRI, {"2024"}),
    ("Late last year the army regrouped.", FRI, {"2023"}),
    ("Last year's floods were the worst.", FRI, {"2023"}),
    ("The war began four years ago.", FRI, {"2020"}),
    ("The war began a year ago.", FRI, {"2023"}),
    ("The war began 10 years ago.", FRI, {"2014"}),
    # a lower bound makes it a span: no year is named
    ("Peace talks broke down more than three years ago.", FRI, set()),
    ("The line closed over two years ago.", FRI, set()),
    ("The mine shut at least five years ago.", FRI, set()),
    ("Elections will be held two years from now.", FRI, {"2026"}),
    ("Last year the talks failed.", NYF, {"2024"}),
    ("The plant will shut by the end of the year.", FRI, {"2024"}),
    ("Rates may rise later in the year.", FRI, {"2024"}),
    ("Sales slumped at the start of the month.", NYF, {"2025-01"}),
    ("In the last year, prices doubled.", FRI, set()),
    ("Over the next year the army will grow.", FRI, set()),
    ("He spent the last month in hiding.", FRI, set()),
    # a year relative to the last year the text gave
    ("He was jailed in 2001 and freed three years later.", FRI, {"2001", "2004"}),
    ("He was jailed in 2001. He was freed three years later.", FRI, {"2001", "2004"}),
    ("She won in 2012; two years earlier she had lost.", FRI, {"2012", "2010"}),
    ("He was elected in 2010 and resigned the following year.", FRI, {"2010", "2011"}),
    ("The firm was set up in 1999; the previous year it had no staff.", FRI, {"1999", "1998"}),
    ("A year later the firm collapsed.", FRI, set()),
    ("The war began in March 2003; two months later Baghdad fell.", FRI, {"2003-03", "2003-05"}),
    ("Prices rose in June 2020 and fell the following month.", FRI, {"2020-06", "2020-07"}),
    ("Today the count ends; four months later a new vote is due.", FRI, {"2024-05-17"}),
    ("Over the next month the talks will go on.", FRI, set()),
    ("She was elected in 2010 and died the same year.", FRI, {"2010"}),
    ("In 2015 he fled; a year later he returned.", FRI, {"2015", "2016"}),
    ("It was a hard winter, that of 2014-15.", FRI, {"2014", "2015"}),
    # a month relative to the publication date
    ("Prices rose last month.", FRI, {"2024-04"}),
    ("The law passed earlier this month.", FRI, {"2024-05"}),
    ("Talks resume next month.", FRI, {"2024-06"}),
    ("A report is due later this month.", FRI, {"2024-05"}),
    ("Rates rose last month.", NYF, {"2024-12"}),
    ("A vote is due next month.", MON, {"2025-01"}),
    ("The strike began two months ago.", FRI, {"2024-03"}),
    ("Six months ago the border closed.", FRI, {"2023-11"}),
    ("A month ago the port reopened.", NYF, {"2024-12"}),
    # a day relative to the publication date or to the last day the text gave
    ("The fire started three days ago.", FRI, {"2024-05-14"}),
    ("He was freed 10 days ago.", FRI, {"2024-05-07"}),
    ("Two days ago the fighting stopped.", NYF, {"2025-01-01"}),
    ("The ship sank on May 2 and was found two days later.", FRI, {"2024-05-02", "2024-05-04"}),
    ("Talks opened on Monday; the next day they broke down.", FRI, {"2024-05-13", "2024-05-14"}),
    ("Polls shut 3 March 2021; counting began the next day.", FRI, {"2021-03-03", "2021-03-04"}),
    ("He left on Friday; the previous day he met rebels.", FRI, {"2024-05-17", "2024-05-16"}),
    ("The strike came a day after the vote.", FRI, {"2024-05-16"}),
    ("Talks began on Monday and ended the same day.", FRI, {"2024-05-13"}),
    ("The strike, which began on March 1, ended on Friday.", FRI, {"2024-03-01", "2024-05-17"}),
    ("A verdict is due three days from now.", FRI, {"2024-05-20"}),
    # today, yesterday, tomorrow and their kin
    ("Yesterday the envoy arrived.", FRI, {"2024-05-16"}),
    ("The ministers meet today.", FRI, {"2024-05-17"}),
    ("A ruling is expected tomorrow.", FRI, {"2024-05-18"}),
    ("Protesters gathered tonight outside parliament.", FRI, {"2024-05-17"}),
    ("Shelling resumed last night.", FRI, {"2024-05-16"}),
    ("The president spoke this morning.", FRI, {"2024-05-17"}),
    ("The rebels attacked the day before yesterday.", FRI, {"2024-05-15"}),
    ("The verdict is due the day after tomorrow.", FRI, {"2024-05-19"}),
    ("Yesterday's strike closed the ports.", LEAP, {"2020-02-29"}),
    ("Tomorrow the polls open.", MON, {"2024-12-31"}),
    ("The talks end tomorrow.", NYE, {"2025-01-01"}),
    # weekdays: the last such day, or the next when the sentence looks ahead
    ("The ministers met on Monday.", FRI, {"2024-05-13"}),
    ("They met again Friday.", FRI, {"2024-05-17"}),
    ("Talks are to resume on Tuesday.", FRI, {"2024-05-21"}),
    ("The cabinet will vote on Wednesday.", FRI, {"2024-05-22"}),
    ("The bill is expected to pass on Thursday.", FRI, {"2024-05-23"}),
    ("The vote is scheduled for Saturday.", FRI, {"2024-05-18"}),
    ("Troops must leave by Sunday.", FRI, {"2024-05-19"}),
    ("The court will rule on Friday.", FRI, {"2024-05-17"}),
    ("Rebels attacked late Monday.", FRI, {"2024-05-13"}),
    ("Strikes hit the city overnight Tuesday.", FRI, {"2024-05-14"}),
    ("The army withdrew on Sunday morning.", FRI, {"2024-05-12"}),
    ("The army withdrew on Saturday.", FRI, {"2024-05-11"}),
    ("Last Friday the envoy left.", FRI, {"2024-05-10"}),
    ("Last Monday the envoy left.", FRI, {"2024-05-13"}),
    ("The summit opens next Monday.", FRI, {"2024-05-20"}),
    ("The summit opens next Friday.", FRI, {"2024-05-24"}),
    ("Monday's vote was postponed.", FRI, {"2024-05-13"}),
    ("Last Tuesday's vote was annulled.", FRI, {"2024-05-14"}),
    ("The strike ran from Monday to Wednesday.", FRI, {"2024-05-13", "2024-05-15"}),
    ("The rally began at 2 p.m. Monday.", FRI, {"2024-05-13"}),
    ("A 2-1 win on Sunday kept them top.", FRI, {"2024-05-12"}),
    ("Since Monday, 40 people have died.", FRI, {"2024-05-13"}),
    ("The curfew ended at 6 a.m. on Sunday.", FRI, {"2024-05-12"}),
    ("The blast hit at 15:38 on Wednesday.", FRI, {"2024-05-15"}),
    ("Voting ended at 1900 GMT on Thursday.", FRI, {"2024-05-16"}),
    ("She will then be in Lagos on Tuesday and Wednesday.", FRI, {"2024-05-21", "2024-05-22"}),
    ("The army is preparing troops, a spokesman said on Monday.", FRI, {"2024-05-13"}),
    ("\u201cWe will fight on,\u201d he said on Monday.", FRI, {"2024-05-13"}),
    ("Mrs May said on Monday that she would stay.", FRI, {"2024-05-13"}),
    ("Markets fell on Thursday.", NYF, {"2025-01-02"}),
    ("The count ended on Tuesday.", NYF, {"2024-12-31"}),
    ("Parliament will reconvene on Monday.", NYF, {"2025-01-06"}),
    ("The talks on Tuesday last week failed.", FRI, {"2024-05-07"}),
    ("He will meet her on Friday next week.", FRI, {"2024-05-24"}),
    ("The meeting on Monday will decide.", FRI, {"2024-05-20"}),
    ("Talks on Thursday are to resume.", FRI, {"2024-05-23"}),
    ("He said on Monday it will go on.", FRI, {"2024-05-13"}),
    ("Elections in March will decide it.", FRI, {"2025-03"}),
    ("The vote is this Friday.", NOV, {"2024-11-22"}),
    ("The rally this Monday drew crowds.", NOV, {"2024-11-18"}),
    ("This Sunday morning the polls open.", FRI, {"2024-05-19"}),
    # "later Friday" is a later hour of the day in focus, never a week on, whatever the tense
    ("The winners will be crowned later Friday in Rome.", SAT, {"2024-05-17"}),
    ("Envoys who will fly home had met earlier Thursday.", SAT, {"2024-05-16"}),
    ("She arrived Friday and will speak later Friday.", SAT, {"2024-05-17"}),
    xf("Polling stations open on Monday.", FRI, {"2024-05-20"}, "future present tense, no cue"),
    # known miss from the held-out sets: a reported "would" whose after-clause act is past
    xf("He said Ruiz would be fit after testifying on Monday.", SAT, {"2024-05-13"}, "would"),
    # "Today," opening a general present means nowadays, no day; an event today is the day
    ("“Today, nations must act,” she said on Friday.", SAT, {"2024-05-17"}),
    ("Today, many countries ban the practice.", FRI, set()),
    ("Today, the old fort is a ruin.", FRI, set()),
    ('She said: "Today, we cannot ignore the north."', FRI, set()),
    ("Today the minister resigned.", FRI, {"2024-05-17"}),
    ("Today, the council will vote on the plan.", FRI, {"2024-05-17"}),
    ("Today is the last day for bids.", FRI, {"2024-05-17"}),
    ("Today, the talks are due to end.", FRI, {"2024-05-17"}),
    ("Today the envoy is in Oslo.", FRI, {"2024-05-17"}),
    ("Today, the rebels are holding the bridge.", FRI, {"2024-05-17"}),
    # the year written before the month and day ("the 2001 Sept. 11 attacks") is theirs
    ("The 2001 Sept. 11 attacks changed the region.", FRI, {"2001-09-11"}),
    ("The memo, dated 2004 March 3, was leaked.", FRI, {"2004-03-03"}),
    ("On 2019 June 4 the dam broke.", FRI, {"2019-06-04"}),
    # holidays on a fixed day of the year are days
    ("Violence flared on Christmas Day.", FRI, {"2023-12-25"}),
    ("Fireworks lit the sky on New Year's Eve.", NYF, {"2024-12-31"}),
    ("The amnesty begins on New Year's Day.", MON, {"2025-01-01"}),
    ("Crowds marched on May Day.", FRI, {"2024-05-01"}),
    # named days and events are not dates
    ("The Good Friday Agreement endures.", FRI, set()),
    ("Super Tuesday decided the race.", FRI, set()),
    ("Black Monday wiped out their savings.", FRI, set()),
    ("Markets are closed on Sundays.", FRI, set()),
    ("Several Sunday newspapers carried the leak.", FRI, set()),
    ("The Sunday papers splashed the story.", FRI, set()),
    ("Friday trading in London was thin.", FRI, {"2024-05-17"}),
    ("She was interviewed on the radio's World Today show.", FRI, set()),
    ("The figures ran in USA Today on Monday.", FRI, {"2024-05-13"}),
    ("Markets Rally Today.", FRI, {"2024-05-17"}),
    ("Menu: AM PM Breakfast Drive World Today Late Night Live Sports Rural Report", FRI, set()),
    # a related-story link list's stamp is boilerplate, not a date of the story
    ("See also: Border row deepens (14 Mar 04 | World )", FRI, set()),
    ("Fresh strikes (2 Jun 03 | Europe ) Talks stall (30 May 03 | Europe )", FRI, set()),
    ("The pact was signed on 14 Mar 04 in Rome.", FRI, {"2004-03-14"}),
    # the outlet's closing stamp is furniture; a story sentence opening the same way is not
    ("It ended on Monday.\n\nPublished in The Courier, May 17th, 2024", FRI, {"2024-05-13"}),
    ("Published in 1998, the report is still cited.", FRI, {"1998"}),
    ("On 5 May 12 rebels were seized.", FRI, {"2024-05-05"}),
    # a fact box's "year: event" entries, even after a capitalised word
    ("1994: Wins a seat in Lisbon 2001: Joins the cabinet", FRI, {"1994", "2001"}),
    ("The October Revolution changed Russia.", FRI, set()),
    ("The Long March is a founding myth.", FRI, set()),
    ("The document, known as the April Charter, sets term limits.", FRI, set()),
    # numbers that are not years
    ("Article 5 of the treaty was invoked.", FRI, set()),
    ("The G20 summit ended without a deal.", FRI, set()),
    ("Resolution 2334 condemned the settlements.", FRI, set()),
    ("Resolution 2012 was vetoed.", FRI, set()),
    ("Flight 1985 crashed on take-off.", FRI, set()),
    ("Room 2004 was searched.", FRI, set()),
    ("The team won 3-1.", FRI, set()),
    ("They won the vote by 52-48.", FRI, set()),
    ("Exports reached 2,500 tons.", FRI, set()),
    ("Exports hit 2023 tonnes.", FRI, set()),
    ("Relatives can ring the hotline on 1800 100 188 for news.", FRI, set()),
    ("The embassy line, 02 2004 5566, was busy all night.", FRI, set()),
    ("The bridge opened in 1998 and 120 trains cross it daily.", FRI, {"1998"}),
    ("The fine was $2019 million.", FRI, set()),
    ("About 2000 people fled.", FRI, set()),
    ("The army sent 1800 troops.", FRI, set()),
    ("Some 1900 refugees crossed.", FRI, set()),
    ("The convoy drove 2000 km.", FRI, set()),
    ("She scored 2022 points.", FRI, set()),
    ("The index rose 2.5% to 2018.5.", FRI, set()),
    ("The talks opened at 0900 local time.", FRI, set()),
    ("The curfew starts at 2000 local time.", FRI, set()),
    ("The 2019 local elections were close.", FRI, {"2019"}),
    ("An F-35 crashed during drills.", FRI, set()),
    ("Covid-19 cases rose.", FRI, set()),
    ("Users of Windows 2000 got no patch.", FRI, set()),
    ("Fans flocked to Euro 2024 in June.", FRI, {"2024-06"}),
    ("The raid came the day before Christmas 2002.", FRI, {"2002"}),
    ("In 2019 the firm moved.", FRI, {"2019"}),
    ("The 1st Marine Division moved north.", FRI, set()),
    ("He was jailed in 2002; it may be 20 years before he is freed.", FRI, {"2002"}),
    ("Nearly a year after the 2003 law, spam is rising.", FRI, {"2003"}),
    # spans, decades, weeks, seasons and vague times are not dates
    ("The 1990s were worse.", FRI, set()),
    ("In the mid-1980s, the rebels regrouped.", FRI, set()),
    ("Unrest spread in the '90s.", FRI, set()),
    ("For decades the two sides fought.", FRI, set()),
    ("Over 25 years the border moved.", FRI, set()),
    ("In recent days troops withdrew.", FRI, set()),
    ("In recent years the economy grew.", FRI, set()),
    ("Over the past year prices doubled.", FRI, set()),
    ("The past year has been hard.", FRI, set()),
    ("Next week the talks resume.", FRI, set()),
    ("Last week the army retreated.", FRI, set()),
    ("The talks last weekend failed.", FRI, set()),
    ("Last summer the fires spread.", FRI, set()),
    ("The 20th century was violent.", FRI, set()),
    ("World War Two ended in Europe.", FRI, set()),
    ("He now lives in exile.", FRI, set()),
    ("In the coming months, prices will rise.", FRI, set()),
    ("The hearing lasted 2 hours.", FRI, set()),
    ("He may return.", FRI, set()),
    ("Theresa May spoke.", FRI, set()),
    ("Jan said he would stay.", FRI, set()),
    ("The 1990's were calm.", FRI, set()),
    ("The Sunday Times reported the deal.", FRI, set()),
    # several dates in one text
    ("Fighting resumed in September and again in early 2022.", FRI, {"2023-09", "2022"}),
    ("Yesterday the envoy arrived, and last year talks failed.", FRI, {"2024-05-16", "2023"}),
    ("They met on Monday. Talks are to resume on Tuesday.", FRI, {"2024-05-13", "2024-05-21"}),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), CASES)
def test_date_values(sentence: str, published: str, expected: set[str]) -> None:
    assert values(run(sentence, published=published)) == expected


def test_every_rule_is_exercised_by_a_case() -> None:
    """Each rule in date_rules.RULES claims a span in at least one case, so none is dead."""
    used = set()
    for case in CASES:
        sentence, published, _ = case.values if hasattr(case, "values") else case
        ctx = Ctx(sentence, date.fromisoformat(published), 2000, date(2000, 1, 1))
        used |= {rule.name for rule, _, _ in _claims(sentence, _rules_for(sentence), ctx)}
    assert {rule.name for rule in RULES} - used == set()
