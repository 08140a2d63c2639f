"""Attribution case table: (text, quote, speaker), one line a case, all text written for it.

`speaker` "A|B" accepts either (a joint statement: GUIDELINES make any one right); None means no frame names a speaker: the quote is found as a quote but left out of
the summary (GUIDELINES: "quoted text whose speaker cannot be identified … is left out").
Grouped by frame; each group also holds the ways that frame goes wrong.
"""

from __future__ import annotations

import pytest

from summarizer import Article
from summarizer.rules.pipeline import read
from summarizer.rules.quotes import FRAMES, find_quotes, is_quote
from summarizer.rules.text import paragraphs
from tests.summarizer.helpers import run, speakers

Case = tuple[str, str, str | None]

# fmt: off
# -- "…," X said / "…," X says / X said: "…"
X_SAID: list[Case] = [
    ('"We will rebuild the bridge by spring," Ana Ruiz said.', "We will rebuild the bridge by spring,", "Ana Ruiz"),
    ('"The harbour stays closed until further notice," Tomas Rell said on Monday.', "The harbour stays closed until further notice,", "Tomas Rell"),
    ('"Nobody has asked us about the new levy," farmer Jonas Berg says.', "Nobody has asked us about the new levy,", "Jonas Berg"),
    ("\u201cOur patience with the talks is running out,\u201d Leila Nasser said.", "Our patience with the talks is running out,", "Leila Nasser"),
    ('Governor Piotr Wrona said: "The roads will reopen within a week."', "The roads will reopen within a week.", "Piotr Wrona"),
    ('Elena Costa said on Tuesday: "We expect the vote to be close."', "We expect the vote to be close.", "Elena Costa"),
    ('"There is no money left for the clinics," Mayor Hugo Lenz said in a radio interview.', "There is no money left for the clinics,", "Hugo Lenz"),
    ('"I have never met the man in my life," Sofia Marsh told the court.', "I have never met the man in my life,", "Sofia Marsh"),
    ('"The ceasefire is holding in most districts," Colonel Viktor Hale said late on Sunday.', "The ceasefire is holding in most districts,", "Viktor Hale"),
    ('"We will appeal the ruling this week," lawyer Ines Ferreira said outside the court.', "We will appeal the ruling this week,", "Ines Ferreira"),
    ('"Prices have doubled since the summer," said the shopkeeper, Rafael Duarte.', "Prices have doubled since the summer,", "Rafael Duarte"),
    ('"The army has withdrawn from the valley," Kwame Asante, a local chief, said.', "The army has withdrawn from the valley,", "Kwame Asante"),
    ('"This budget protects the poorest families," Finance Minister Clara Voss said.', "This budget protects the poorest families,", "Clara Voss"),
    ('"We found no trace of the missing crew," rescue chief Oskar Lund said.', "We found no trace of the missing crew,", "Oskar Lund"),
    ('"The strike will go ahead on Friday," union leader Teresa Gil said.', "The strike will go ahead on Friday,", "Teresa Gil"),
    ('"Talks with the rebels are over for now," President Samuel Adeyemi said.', "Talks with the rebels are over for now,", "Samuel Adeyemi"),
    ('"The election date is not up for discussion," Prime Minister Beatrix Kohl said.', "The election date is not up for discussion,", "Beatrix Kohl"),
    ('"No further shipments will leave the port," Felix Brandt, the port director, said.', "No further shipments will leave the port,", "Felix Brandt"),
    ('"The water is safe to drink again," health official Noor Khalil said.', "The water is safe to drink again,", "Noor Khalil"),
    ('"I am proud of what the team achieved here," coach Emil Novak said after the match.', "I am proud of what the team achieved here,", "Emil Novak"),
    ('"Our borders remain open to refugees," Stefan Horvath said, speaking in Vienna.', "Our borders remain open to refugees,", "Stefan Horvath"),
    ('"The reforms have already saved lives," Arjun Mehta said. "They must continue."', "The reforms have already saved lives,", "Arjun Mehta"),
    ('Lina Fischer said the plan "will cost far more than anyone admits."', "will cost far more than anyone admits.", "Lina Fischer"),
    ('Dara Quinn says the report "ignores what happened in the camps."', "ignores what happened in the camps.", "Dara Quinn"),
]

# -- "…," said X
SAID_X: list[Case] = [
    ('"The wells have run dry across the district," said Aisha Bello.', "The wells have run dry across the district,", "Aisha Bello"),
    ('"We cannot wait another year for the money," said Omar Farouk, a farmer.', "We cannot wait another year for the money,", "Omar Farouk"),
    ('"It was the worst flood in living memory," said Rosa Lindqvist, who runs the shelter.', "It was the worst flood in living memory,", "Rosa Lindqvist"),
    ('"The deal will not survive the winter," said Yusuf Demir, an economist in Ankara.', "The deal will not survive the winter,", "Yusuf Demir"),
    ('"They fired on the convoy without warning," says Nadia Haddad, a driver.', "They fired on the convoy without warning,", "Nadia Haddad"),
    ('"Our exports fell by a third last year," said Trade Minister Marco Bellini.', "Our exports fell by a third last year,", "Marco Bellini"),
    ('"Nobody expected the government to fall so quickly," said analyst Priya Raman.', "Nobody expected the government to fall so quickly,", "Priya Raman"),
    ('"The vaccines arrived two weeks late," said Dr Keiko Mori, who leads the clinic.', "The vaccines arrived two weeks late,", "Keiko Mori"),
    ('"We are ready to talk at any time," said Lucas Moreau, the party chairman.', "We are ready to talk at any time,", "Lucas Moreau"),
    ('"The factory will close by the end of June," said Helga Strand, a company director.', "The factory will close by the end of June,", "Helga Strand"),
    ('"Our soldiers will stay as long as needed," said General Farid Karimi.', "Our soldiers will stay as long as needed,", "Farid Karimi"),
    ('"Every family here has lost someone," said Miriam Adler, 63, a retired teacher.', "Every family here has lost someone,", "Miriam Adler"),
    ('"There is simply no fuel left for the generators," said Yara Saleh of the Coastal Relief Council.', "There is simply no fuel left for the generators,", "Yara Saleh"),
    ('"This is a turning point for the region," said Selim Arslan, speaking by phone.', "This is a turning point for the region,", "Selim Arslan"),
    ('"We are going to win this seat back," said a confident Zara Okonjo.', "We are going to win this seat back,", "Zara Okonjo"),
]

# -- "X, who …, said"; appositions between the name and the verb
X_WHO_SAID: list[Case] = [
    ('Ana Ruiz, who led the talks for two years, said: "We came very close to a deal."', "We came very close to a deal.", "Ana Ruiz"),
    ('Tomas Rell, who resigned last month, said the party "has lost its way completely."', "has lost its way completely.", "Tomas Rell"),
    ('"We were never consulted about the dam," Jonas Berg, who farms near the river, said.', "We were never consulted about the dam,", "Jonas Berg"),
    ('Sofia Marsh, a senior fellow at the Baltic Energy Institute, said: "Gas prices will rise again."', "Gas prices will rise again.", "Sofia Marsh"),
    ('Viktor Hale, 45, a former officer, said the base "was never meant to be permanent."', "was never meant to be permanent.", "Viktor Hale"),
    ('Clara Voss, whose ministry drafted the bill, said: "The law protects every worker equally."', "The law protects every worker equally.", "Clara Voss"),
    ('Keiko Mori, the head of the city hospital, told reporters: "We have run out of beds."', "We have run out of beds.", "Keiko Mori"),
    ('"This is the end of an era," Farid Karimi, who served under three presidents, said.', "This is the end of an era,", "Farid Karimi"),
    ('Helga Strand, speaking after meeting President Samuel Adeyemi, said: "We agreed on nothing at all."', "We agreed on nothing at all.", "Helga Strand"),
    ('Marco Bellini, who met Ana Ruiz on Monday, said: "The tariffs will be lifted next year."', "The tariffs will be lifted next year.", "Marco Bellini"),
    ('Priya Raman, an analyst who has studied the region for decades, said: "Nobody is winning this war."', "Nobody is winning this war.", "Priya Raman"),
    ('Lucas Moreau, a spokesman for the Harbour Workers Union, said: "Our members voted to strike."', "Our members voted to strike.", "Lucas Moreau"),
    # a double-barrelled surname ending in an organisation word is still a person's
    ('"This is a flagrant breach of the law," Omar Hale-Church, counsel for the Coalition Against Unfair Trading Practices, told the magazine.', "This is a flagrant breach of the law,", "Omar Hale-Church"),
]

# -- "according to X"
ACCORDING_TO: list[Case] = [
    ('The flood was "the worst in a century," according to Aisha Bello, the regional governor.', "the worst in a century,", "Aisha Bello"),
    ('According to Omar Farouk, the convoy "never reached the northern villages at all."', "never reached the northern villages at all.", "Omar Farouk"),
    ('The mine will "employ four thousand people by next year," according to Minister Rosa Lindqvist.', "employ four thousand people by next year,", "Rosa Lindqvist"),
    ('The ruling "changes nothing for the families," according to lawyer Ines Ferreira.', "changes nothing for the families,", "Ines Ferreira"),
    ('According to the World Bank, growth "will slow sharply in the second half."', "will slow sharply in the second half.", "World Bank"),
    ('The vote was "free and fair in every province," according to the African Union.', "free and fair in every province,", "African Union"),
    ('The strike "cost the port millions every day," according to Felix Brandt, its director.', "cost the port millions every day,", "Felix Brandt"),
    ('According to Yusuf Demir, who advised the central bank, inflation "has not yet peaked."', "has not yet peaked.", "Yusuf Demir"),
    ('Supplies were "enough for three days at most," according to a report by the United Nations.', "enough for three days at most,", "United Nations"),
    ('The talks were "very constructive on both sides," according to Dara Quinn.', "very constructive on both sides,", "Dara Quinn"),
    # a stop capital opening the name after "according to" is the name's first word
    ('The firm was silent. According to Global Pipes: "We have blocked the site."', "We have blocked the site.", "Global Pipes"),
    # a bare country name before a speech verb is the surname of the person named earlier
    ('Omar Wales, a programmer, founded the site. "It will keep growing," Wales said.', "It will keep growing,", "Omar Wales"),
    ('Stark Crossing Ltd. cut the cable.\nAccording to Stark Crossing: "The line was used for attacks."', "The line was used for attacks.", "Stark Crossing Ltd"),
]

# -- "X told Y": the teller speaks, not the told
X_TOLD_Y: list[Case] = [
    ('Ana Ruiz told Tomas Rell: "You have until Friday to decide."', "You have until Friday to decide.", "Ana Ruiz"),
    ('"We will not sign this version," Clara Voss told Marco Bellini.', "We will not sign this version,", "Clara Voss"),
    ('"The deadline is final," President Samuel Adeyemi told Prime Minister Beatrix Kohl.', "The deadline is final,", "Samuel Adeyemi"),
    ('Jonas Berg told the Daily Courier: "Nobody from the council has visited us."', "Nobody from the council has visited us.", "Jonas Berg"),
    ('"We saw the tanks on the bridge," Nadia Haddad told reporters.', "We saw the tanks on the bridge,", "Nadia Haddad"),
    ('Keiko Mori told the BBC that the hospital "cannot take any more patients."', "cannot take any more patients.", "Keiko Mori"),
    ('"I warned them months ago," Viktor Hale told Reuters in an interview.', "I warned them months ago,", "Viktor Hale"),
    ('Helga Strand told Felix Brandt that the board "will not approve the sale."', "will not approve the sale.", "Helga Strand"),
    ('"The aid is stuck at the border," Yara Saleh told a news conference.', "The aid is stuck at the border,", "Yara Saleh"),
    ('Farid Karimi told lawmakers on Tuesday: "The troops will be home by Christmas."', "The troops will be home by Christmas.", "Farid Karimi"),
    ('Lina Fischer told Stefan Horvath, the mayor: "Your plan leaves the north without buses."', "Your plan leaves the north without buses.", "Lina Fischer"),
    ('Priya Raman told Al Jazeera the sanctions "have hurt ordinary people most."', "have hurt ordinary people most.", "Priya Raman"),
]

# -- statements: "in a statement, X said", "X said in a statement", "a statement by X"
STATEMENT: list[Case] = [
    ('In a statement, NATO said: "Allied forces remain on high alert."', "Allied forces remain on high alert.", "NATO"),
    ('NATO said in a statement: "Allied forces remain on high alert."', "Allied forces remain on high alert.", "NATO"),
    ('"The attack was a grave breach of the truce," the European Union said in a statement.', "The attack was a grave breach of the truce,", "European Union"),
    ('In a statement on Sunday, Ana Ruiz said: "I will not seek a second term."', "I will not seek a second term.", "Ana Ruiz"),
    ('The World Health Organization said in a statement that the outbreak "is now under control."', "is now under control.", "World Health Organization"),
    ('A statement by the African Union said the coup "cannot be accepted by the continent."', "cannot be accepted by the continent.", "African Union"),
    ('"We condemn the shelling of civilian areas," the United Nations said in a statement.', "We condemn the shelling of civilian areas,", "United Nations"),
    ('In a written statement, Tomas Rell said he "deeply regrets the harm caused to the families."', "deeply regrets the harm caused to the families.", "Tomas Rell"),
    ('The IMF issued a statement on Monday. "Growth will recover next year," the statement said.', "Growth will recover next year,", "IMF"),
    ('The Harbour Workers Union issued a statement. "Our members will not return to work," it said.', "Our members will not return to work,", "Harbour Workers Union"),
]

# -- organisations speaking through spokespeople
SPOKESPEOPLE: list[Case] = [
    ('"The convoy will cross at dawn," a Kremlin spokesman said.', "The convoy will cross at dawn,", "Russia"),
    ('"We are studying the proposal closely," said a NATO spokeswoman.', "We are studying the proposal closely,", "NATO"),
    ('"The inspectors will return next month," an IAEA spokesperson said.', "The inspectors will return next month,", "IAEA"),
    ('"No decision has been taken yet," a spokesman for the European Commission said.', "No decision has been taken yet,", "European Commission"),
    ('A spokesperson for the World Bank said: "The loan is still under review."', "The loan is still under review.", "World Bank"),
    ('NATO\'s spokesman said: "The exercise is purely defensive in nature."', "The exercise is purely defensive in nature.", "NATO"),
    ('The IMF\'s spokeswoman said the programme "remains firmly on track."', "remains firmly on track.", "IMF"),
    ('"We will respond in due course," said Lucas Moreau, a spokesman for NATO.', "We will respond in due course,", "Lucas Moreau"),
    ('NATO spokeswoman Dara Quinn said: "The alliance is united on this."', "The alliance is united on this.", "Dara Quinn"),
    ('"The talks will resume on Thursday," Kremlin spokesman Ivo Marek said.', "The talks will resume on Thursday,", "Ivo Marek"),
    ('The United Nations said the camps were full. "We have no more tents," a spokeswoman said.', "We have no more tents,", "United Nations"),
    ('OPEC met in Vienna on Monday. "Output will stay unchanged," the group\'s spokesman said.', "Output will stay unchanged,", "OPEC"),
    ('"The ban is temporary," a European Union spokesperson told reporters.', "The ban is temporary,", "European Union"),
    ('"Our doors remain open for dialogue," a spokesman for the African Union said.', "Our doors remain open for dialogue,", "African Union"),
    ('A WHO spokesman said: "The number of cases is falling in every region."', "The number of cases is falling in every region.", "WHO"),
]

# -- other speech verbs: added, warned, insisted, argued, wrote, asked …
VERBS: list[Case] = [
    ('"We will not be intimidated by threats," Ana Ruiz added.', "We will not be intimidated by threats,", "Ana Ruiz"),
    ('"The party has lost its way for good," Tomas Rell went on.', "The party has lost its way for good,", "Tomas Rell"),
    ('Ana Ruiz hit back, arguing that Rell "lashed out at the generals when asked for details."', "lashed out at the generals when asked for details.", "Ana Ruiz"),
    ('Tomas Rell told the assembly that Ana Ruiz had made "wild and baseless claims about the port", claiming she had misled Norway.', "wild and baseless claims about the port", "Tomas Rell"),
    ('Tomas Rell spoke first. "The party has lost its way for good," he went on to say.', "The party has lost its way for good,", "Tomas Rell"),
    ('"The dam could fail within days," Jonas Berg warned.', "The dam could fail within days,", "Jonas Berg"),
    ('"I did nothing wrong at any point," Tomas Rell insisted.', "I did nothing wrong at any point,", "Tomas Rell"),
    ('"The tax will hurt small firms first," Yusuf Demir argued.', "The tax will hurt small firms first,", "Yusuf Demir"),
    ('"Where is the money we were promised?" Nadia Haddad asked.', "Where is the money we were promised?", "Nadia Haddad"),
    ('"We will win this election outright," Samuel Adeyemi declared.', "We will win this election outright,", "Samuel Adeyemi"),
    ('"The border will stay closed," Beatrix Kohl announced on Friday.', "The border will stay closed,", "Beatrix Kohl"),
    ('"Our sources were never revealed to anyone," Priya Raman wrote on her blog.', "Our sources were never revealed to anyone,", "Priya Raman"),
    ('"This is a dark day for the country," Stefan Horvath tweeted.', "This is a dark day for the country,", "Stefan Horvath"),
    ('"Nothing has been agreed yet," Clara Voss cautioned.', "Nothing has been agreed yet,", "Clara Voss"),
    ('"The troops will leave by the end of May," Farid Karimi promised.', "The troops will leave by the end of May,", "Farid Karimi"),
    ('"That is simply not what happened," Keiko Mori replied.', "That is simply not what happened,", "Keiko Mori"),
    ('"The talks are going nowhere fast," Marco Bellini complained.', "The talks are going nowhere fast,", "Marco Bellini"),
    ('"We will rebuild every school," Helga Strand vowed.', "We will rebuild every school,", "Helga Strand"),
    ('"The evidence was planted by the police," Ines Ferreira claimed.', "The evidence was planted by the police,", "Ines Ferreira"),
    ('"I regret nothing about that night," Viktor Hale admitted to the panel.', "I regret nothing about that night,", "Viktor Hale"),
    ('"The bank will cut rates in June," Lina Fischer predicted.', "The bank will cut rates in June,", "Lina Fischer"),
    ('Ana Ruiz warned that the deal "could collapse at any moment."', "could collapse at any moment.", "Ana Ruiz"),
    ('Tomas Rell insisted the money "was spent exactly as planned."', "was spent exactly as planned.", "Tomas Rell"),
    ('Rosa Lindqvist described the camp as "a prison in all but name."', "a prison in all but name.", "Rosa Lindqvist"),
]

# -- one quotation split around its attribution: both parts have the speaker
SPLIT: list[Case] = [
    ('"We will rebuild," Ana Ruiz said, "and we will do it without foreign loans."', "and we will do it without foreign loans.", "Ana Ruiz"),
    ('"The port is closed," said Tomas Rell. "Nothing will leave it this week."', "Nothing will leave it this week.", "Tomas Rell"),
    ('"I have been clear," Clara Voss said. "The budget will not change before the vote."', "The budget will not change before the vote.", "Clara Voss"),
    ('"This is not over," Jonas Berg warned, "not by a long way, believe me."', "not by a long way, believe me.", "Jonas Berg"),
    ('"Nobody came to help us," said Nadia Haddad, a mother of three. "We dug with our hands."', "We dug with our hands.", "Nadia Haddad"),
    ('"The first round went well," Samuel Adeyemi said. "The second will be much harder for us."', "The second will be much harder for us.", "Samuel Adeyemi"),
    ('"We are ready," Farid Karimi told reporters. "The men have trained for months."', "The men have trained for months.", "Farid Karimi"),
    ('"Inflation is falling," Yusuf Demir said on Monday, "but wages are falling faster still."', "but wages are falling faster still.", "Yusuf Demir"),
    ('"It is a good start," NATO said in a statement. "More must follow in the coming weeks."', "More must follow in the coming weeks.", "NATO"),
    ('"Our offer stands," said Beatrix Kohl. "It will not stand forever, though."', "It will not stand forever, though.", "Beatrix Kohl"),
]

# -- a quotation continued over paragraphs
CONTINUED: list[Case] = [
    ('"We came to build schools," Ana Ruiz said. "We stayed to build the roads.\n\n"And we will stay until the last village has a clinic."', "And we will stay until the last village has a clinic.", "Ana Ruiz"),
    ('Tomas Rell spoke for an hour. "The harbour will open next spring.\n\n"Every family on the coast will feel the difference."', "Every family on the coast will feel the difference.", "Tomas Rell"),
    ('Clara Voss said: "The budget is balanced for the first time in a decade.\n\n"That was not luck, it was hard choices."', "That was not luck, it was hard choices.", "Clara Voss"),
    ('"The rebels have left the town," said Farid Karimi.\n\n"We will hold it for as long as we need to."', "We will hold it for as long as we need to.", "Farid Karimi"),
    ('"The factory was our whole life," Helga Strand said.\n\n"Now there is nothing left for the young people here."', "Now there is nothing left for the young people here.", "Helga Strand"),
    ('"We were not told anything," said Nadia Haddad.\n\n"Nobody came to the village for a week."\n\n"The children slept outside in the cold."', "The children slept outside in the cold.", "Nadia Haddad"),
    ('Jonas Berg said the river had risen overnight.\n\n"It came up to the windows before we woke.\n\n"By noon the whole farm was under water."', "By noon the whole farm was under water.", "Jonas Berg"),
    ('"The vote is a warning to every party," Priya Raman said. "People are angry.\n\n"And they have every reason to be angry."', "And they have every reason to be angry.", "Priya Raman"),
    # a run-on speech resumes after a caption line; its speaker may be named only at its end
    ('Clara Voss said: "The budget is balanced for the first time in a decade.\n\nThe new bridge was paid for in cash\n\n"That was not luck, it was hard choices."', "That was not luck, it was hard choices.", "Clara Voss"),
    ('"There can be no harvest in the valley without rain.\n\n"And there is no rain without the forest," said Jonas Berg at the meeting.', "There can be no harvest in the valley without rain.", "Jonas Berg"),
    ('The talks ended late.\n\n"Nobody leaves this room until the ceasefire holds.\n\n"Not one of us," Ana Ruiz told the delegates.', "Nobody leaves this room until the ceasefire holds.", "Ana Ruiz"),
]

# -- pronouns: "he said", "she said", resolved to the nearest compatible earlier person
PRONOUNS: list[Case] = [
    ('Ana Ruiz met Tomas Rell on Monday. "We agreed on nothing at all," she said.', "We agreed on nothing at all,", "Ana Ruiz"),
    ('Ana Ruiz met Tomas Rell on Monday. "We agreed on nothing at all," he said.', "We agreed on nothing at all,", "Tomas Rell"),
    ('Tomas Rell met Ana Ruiz on Monday. "We agreed on nothing at all," she said.', "We agreed on nothing at all,", "Ana Ruiz"),
    ('Tomas Rell met Ana Ruiz on Monday. "We agreed on nothing at all," he said.', "We agreed on nothing at all,", "Tomas Rell"),
    ('Mr Jonas Berg farms near the river. "The water came at night," he said.', "The water came at night,", "Jonas Berg"),
    ('Mrs Helga Strand lost her shop in the fire. "We have nothing now," she said.', "We have nothing now,", "Helga Strand"),
    ('Keiko Mori runs the clinic with Felix Brandt. "We ran out of insulin," she said.', "We ran out of insulin,", "Keiko Mori"),
    ('Keiko Mori runs the clinic with Felix Brandt. "We ran out of insulin," he said.', "We ran out of insulin,", "Felix Brandt"),
    ('Viktor Hale criticised Clara Voss on Friday. "She has misled the public," he said.', "She has misled the public,", "Viktor Hale"),
    ('Clara Voss answered Viktor Hale on Saturday. "He has his facts wrong," she said.', "He has his facts wrong,", "Clara Voss"),
    ('King Farid Karimi opened the session. "Our kingdom stands with its allies," he said.', "Our kingdom stands with its allies,", "Farid Karimi"),
    ('Queen Rosa Lindqvist visited the flooded town. "The nation grieves with you," she said.', "The nation grieves with you,", "Rosa Lindqvist"),
    ('Samuel Adeyemi spoke first.\n\n"The country needs calm above all else," he said.', "The country needs calm above all else,", "Samuel Adeyemi"),
    ('Marco Bellini arrived late. He said: "The trains were cancelled all morning."', "The trains were cancelled all morning.", "Marco Bellini"),
    ('Beatrix Kohl took questions. She said the reform "will pass before the summer."', "will pass before the summer.", "Beatrix Kohl"),
    ('Yusuf Demir spoke after the meeting with the bank. "Rates must fall soon," he added.', "Rates must fall soon,", "Yusuf Demir"),
    ('Lucas Moreau praised the government of Ana Ruiz. "It has done well," he said.', "It has done well,", "Lucas Moreau"),
    ('Ms Dara Quinn and Mr Stefan Horvath spoke at the rally. "We will win this seat," she said.', "We will win this seat,", "Dara Quinn"),
    ('Ms Dara Quinn and Mr Stefan Horvath spoke at the rally. "We will win this seat," he said.', "We will win this seat,", "Stefan Horvath"),
    ('Jonas Berg, a farmer, met Omar Farouk at the market. "Prices are far too low," Berg said.', "Prices are far too low,", "Jonas Berg"),
    ('Sofia Marsh said the talks had failed. "They never wanted a deal at all," she said.', "They never wanted a deal at all,", "Sofia Marsh"),
    ('"They never wanted a deal at all," she said. Sofia Marsh then left.', "They never wanted a deal at all,", None),
    # a possessive name qualifies a noun and is no subject; a typed dash opens a clause
    ('Ana Ruiz spoke after Alfred Kessler. "Thank you all," she said. Her Kessler medal is made of silver.\n\n"I accept it for the farmers of the valley," she said.', "I accept it for the farmers of the valley,", "Ana Ruiz"),
    ('Coach Emil Novak said Jonas Berg\'s knee injury changed his plans for the final.\n\nHe added: "We will pick two spinners on a dry pitch."', "We will pick two spinners on a dry pitch.", "Emil Novak"),
    ('Jonas Berg lost the race for whip. In the other vote -- Sen. Tomas Rell of Ohio won easily.\n\n"I would rather talk than fight," he said.', "I would rather talk than fight,", "Tomas Rell"),
    ('Rell wins, Berg loses\nBerg of Iowa loses race for whip\nDENVER (AP) -- Sen. Tomas Rell of Ohio won the vote for leader on Tuesday.\n\n"I would rather talk than fight," he said.', "I would rather talk than fight,", "Tomas Rell"),
    # "according to X" names who speaks; a company's regional arm ("Brightline UK") is no person
    ('Brightline Europe expects few legal problems, according to Omar Farouk, head of sales at Brightline UK.\n\n"We are ready for any court case," he said.', "We are ready for any court case,", "Omar Farouk"),
    ('Brightline Europe cut its prices on Monday, according to Omar Farouk.\n\n"Nobody else in the market can follow us," he said.', "Nobody else in the market can follow us,", "Omar Farouk"),
    # "X said Y would …": Y is the reported subject, "he" is X; "he had told Y that" is "he said"
    ('Coach Emil Novak said Jonas Berg would have played in the final.\n\n"We wanted one more bowler who can swing the ball," he said.', "We wanted one more bowler who can swing the ball,", "Emil Novak"),
    ('Tomas Rell, the party leader, met the press on Monday. He said he had told President Samuel Adeyemi that "we may need help from the capital to finish the road."', "we may need help from the capital to finish the road.", "Tomas Rell"),
    # a two-word name that takes "the" is a body's, so "he" passes it by
    ('Mr Adams, the leader of the party\'s youth wing, Fianna Ros, said he would not talk directly with the Fianna Ros. He said he had told President Samuel Adeyemi that "we may need help from the capital to finish the road."', "we may need help from the capital to finish the road.", "Adams"),
]

# -- role nouns and descriptions for an earlier-named person
ROLE_NOUNS: list[Case] = [
    ('Finance Minister Clara Voss presented the budget. "Nobody will pay more tax," the minister said.', "Nobody will pay more tax,", "Clara Voss"),
    ('Viktor Hale, 45, was released on Monday. "I was never charged," the 45-year-old said.', "I was never charged,", "Viktor Hale"),
    ('NATO spokeswoman Dara Quinn spoke in Brussels. "The alliance is ready," the spokeswoman said.', "The alliance is ready,", "Dara Quinn"),
    ('President Samuel Adeyemi toured the north. "We will rebuild it all," the president said.', "We will rebuild it all,", "Samuel Adeyemi"),
    ('Governor Piotr Wrona closed the schools. "It is a temporary measure," the governor said.', "It is a temporary measure,", "Piotr Wrona"),
    ('Dr Keiko Mori treated the wounded. "We worked for two days without sleep," the doctor said.', "We worked for two days without sleep,", "Keiko Mori"),
    ('Coach Emil Novak was sacked on Friday. "I saw it coming for weeks," the coach said.', "I saw it coming for weeks,", "Emil Novak"),
    ('Lawyer Ines Ferreira filed the appeal. "The judge ignored the evidence," the lawyer said.', "The judge ignored the evidence,", "Ines Ferreira"),
    ('Ambassador Selim Arslan was summoned. "We have nothing to apologise for," the ambassador said.', "We have nothing to apologise for,", "Selim Arslan"),
    ('Prime Minister Beatrix Kohl met the unions. "The talks were useful," the prime minister said.', "The talks were useful,", "Beatrix Kohl"),
    ('General Farid Karimi met Ana Ruiz. "The army will stay out of politics," the general said.', "The army will stay out of politics,", "Farid Karimi"),
    ('Analyst Priya Raman disagreed. "The figures do not add up at all," the analyst said.', "The figures do not add up at all,", "Priya Raman"),
    ('Mayor Hugo Lenz met Ana Ruiz. "The city cannot afford the new line," the mayor said.', "The city cannot afford the new line,", "Hugo Lenz"),
    ('Kremlin spokesman Ivo Marek spoke to reporters. "The summit is off," the spokesman said.', "The summit is off,", "Ivo Marek"),
]

# -- no frame applies: anonymous sources, documents, scare quotes, negation → unattributed
UNATTRIBUTED: list[Case] = [
    ('One analyst said the deal "will collapse before the end of the year."', "will collapse before the end of the year.", None),
    ('"The shelling went on all night long," a resident said.', "The shelling went on all night long,", None),
    ('"The army has simply abandoned us here," said one soldier.', "The army has simply abandoned us here,", None),
    ('"We were never paid for the work," a worker told reporters.', "We were never paid for the work,", None),
    ('A diplomat said the talks were "on the brink of total collapse."', "on the brink of total collapse.", None),
    ('"Nobody knows where the money went," an official said on condition of anonymity.', "Nobody knows where the money went,", None),
    ('Witnesses said the police "fired into the crowd without any warning."', "fired into the crowd without any warning.", None),
    ('The banner read "No more war in our name."', "No more war in our name.", None),
    ('"No more war in our name" was painted on the wall.', "No more war in our name", None),
    ('Ana Ruiz never called the deal "a betrayal of the workers."', "a betrayal of the workers.", None),
    ('Protesters chanted "the government must resign now" outside parliament.', "the government must resign now", None),
    ('"The election was stolen from the people," a sign outside the hall said.', "The election was stolen from the people,", None),
    ('"The water is not safe to drink at all," residents said.', "The water is not safe to drink at all,", None),
    ('Ana Ruiz resigned on Monday.\n\nThe town was quiet. "Nobody leaves the house after dark."', "Nobody leaves the house after dark.", None),
    ('"We will not leave this square until he goes," one protester said.', "We will not leave this square until he goes,", None),
    ('A senior European diplomat said the offer "was dead on arrival."', "was dead on arrival.", None),
    ('"The road is mined from here to the river," a local farmer said.', "The road is mined from here to the river,", None),
    ('Officials said the bridge "will be closed for at least a month."', "will be closed for at least a month.", None),
    ('"Our children have not been to school in a year," a mother of four said.', "Our children have not been to school in a year,", None),
    ('Sources close to the talks said the deal was "all but done by now."', "all but done by now.", None),
]

# -- the speech verb far from the quote, attributions before the quote, lead-ins, colons
FAR_AND_BEFORE: list[Case] = [
    ('Ana Ruiz, speaking at length to a crowd of several thousand supporters in the main square of the old town on Sunday evening, said: "We will win this fight."', "We will win this fight.", "Ana Ruiz"),
    ('Tomas Rell spoke to the crowd:\n\n"We will build the harbour whatever it takes."', "We will build the harbour whatever it takes.", "Tomas Rell"),
    ('Clara Voss was blunt in her reply to the unions and to the opposition: "There is no more money."', "There is no more money.", "Clara Voss"),
    ('Asked about the strike, Jonas Berg said: "The farmers have every right to protest."', "The farmers have every right to protest.", "Jonas Berg"),
    ('Speaking to reporters in Geneva, Yara Saleh said the camps "are full beyond capacity."', "are full beyond capacity.", "Yara Saleh"),
    ('At a news conference on Thursday, Samuel Adeyemi said: "The curfew ends tonight."', "The curfew ends tonight.", "Samuel Adeyemi"),
    ('In an interview with a local radio station, Helga Strand said: "The mill will reopen."', "The mill will reopen.", "Helga Strand"),
    ('Farid Karimi, asked whether troops would stay, replied: "For as long as they are needed."', "For as long as they are needed.", "Farid Karimi"),
    ('State radio aired the speech, quoting Marco Bellini: "Exports fell in every single month."', "Exports fell in every single month.", "Marco Bellini"),
    ('Ana Ruiz read out the letter from Tomas Rell: "I will not stand again next year."', "I will not stand again next year.", "Tomas Rell"),
    ('"We have done all that we could for the town and its people and we are proud of it," Mayor Hugo Lenz, who leaves office next week after twelve years, said.', "We have done all that we could for the town and its people and we are proud of it,", "Hugo Lenz"),
    ('Beatrix Kohl called the strike "an attack on the whole economy."', "an attack on the whole economy.", "Beatrix Kohl"),
]

# -- nested quotes, several quotes in one sentence, quotes naming other people
NESTED: list[Case] = [
    # relayed words are the inner source's (PolNeAR/PARC nested attribution): a document or
    # an outlet after the quote only carries what the speaker named before it said
    ('King Omar Hale said the curfew "undermines every effort to restore calm," according to a statement released by the palace.', "undermines every effort to restore calm,", "Omar Hale"),
    ('Ana Ruiz said the plan "will cost far more than anyone admits," according to AFP.', "will cost far more than anyone admits,", "Ana Ruiz"),
    ('"The curfew undermines every effort to restore calm," according to a statement released by the palace.', "The curfew undermines every effort to restore calm,", None),
    ('Quoting Tomas Rell, Ana Ruiz wrote: "We are not closing the archive at all."', "We are not closing the archive at all.", "Tomas Rell"),
    ('Quoting the mayor, Ana Ruiz wrote: "We are not closing the archive at all."', "We are not closing the archive at all.", "Ana Ruiz"),
    ("\"He told me 'you will regret this' and walked out,\" Ana Ruiz said.", "He told me 'you will regret this' and walked out,", "Ana Ruiz"),
    ('"Tomas Rell has misled the parliament for months," Clara Voss said.', "Tomas Rell has misled the parliament for months,", "Clara Voss"),
    ('"I spoke to President Samuel Adeyemi last night," Jonas Berg said.', "I spoke to President Samuel Adeyemi last night,", "Jonas Berg"),
    ('Clara Voss said Tomas Rell had "lied about the budget for a year."', "lied about the budget for a year.", "Clara Voss"),
    ('Viktor Hale called the plan "reckless" and "a gift to our enemies abroad."', "a gift to our enemies abroad.", "Viktor Hale"),
    ('"Ana Ruiz said the deal was dead," Tomas Rell said, "but she was wrong about that."', "but she was wrong about that.", "Tomas Rell"),
    ('"What did NATO expect us to do?" Farid Karimi asked.', "What did NATO expect us to do?", "Farid Karimi"),
    ('"The European Union has failed us completely," said Nadia Haddad.', "The European Union has failed us completely,", "Nadia Haddad"),
    ('Ana Ruiz said she had told Tomas Rell: "Your time is up in this job."', "Your time is up in this job.", "Ana Ruiz"),
    ("The sign on the door read \u2018Closed until further notice by order.\u2019 Nobody knew why.", "Closed until further notice by order.", None),
]

# -- the previous speaker carries over to a lone quote; it does not leak to others
CARRY_OVER: list[Case] = [
    ('"The port will reopen soon," Tomas Rell said.\n\n"Every ship will be inspected first."', "Every ship will be inspected first.", "Tomas Rell"),
    ('"The strike is over," Teresa Gil said. "Our members go back on Monday."', "Our members go back on Monday.", "Teresa Gil"),
    ('"The flood is receding," Aisha Bello said.\n\nClara Voss toured the area.\n\n"The damage runs into billions," she said.', "The damage runs into billions,", "Clara Voss"),
    ('"We are ready to talk," Ana Ruiz said.\n\nTomas Rell disagreed. "They are not ready at all," he said.', "They are not ready at all,", "Tomas Rell"),
    ('"The rebels hold the ridge," Farid Karimi said.\n\nThe town was shelled again on Monday.\n\nTwo schools were hit.\n\nA bridge collapsed.\n\nThe power failed.\n\nThe hospital closed.\n\nThe last shop shut its doors.\n\n"Nobody is left in the old quarter."', "Nobody is left in the old quarter.", None),
]

# -- harder: two candidates, passives, possessive bodies, attributions with extra clauses
HARD: list[Case] = [
    ('Tomas Rell met Jonas Berg. Berg then spoke to the crowd. "We will not be moved," he said.', "We will not be moved,", "Jonas Berg"),
    ('"The reform is dead," Tomas Rell was told by Ana Ruiz.', "The reform is dead,", "Ana Ruiz"),
    ('"You have lost the vote," Ana Ruiz told him.', "You have lost the vote,", "Ana Ruiz"),
    ('Ana Ruiz\'s office said: "The president will travel to the summit."', "The president will travel to the summit.", "Ana Ruiz's office"),
    ('"The visit is postponed," said a spokesman for Ana Ruiz.', "The visit is postponed,", "Ana Ruiz"),
    ('"We are not leaving the coalition," Clara Voss said, adding that talks would go on.', "We are not leaving the coalition,", "Clara Voss"),
    ('"Our army is ready for anything," Farid Karimi said, according to state media.', "Our army is ready for anything,", "Farid Karimi"),
    ('Ana Ruiz wrote in a letter to Tomas Rell: "I can no longer serve in this cabinet."', "I can no longer serve in this cabinet.", "Ana Ruiz"),
    ('Clara Voss said in an interview that the plan "will fail within a year."', "will fail within a year.", "Clara Voss"),
    ('In remarks to reporters, Viktor Hale said: "The base will close next year."', "The base will close next year.", "Viktor Hale"),
    ('Viktor Hale, 45, and Farid Karimi, 61, were freed. "We were beaten daily," the 61-year-old said.', "We were beaten daily,", "Farid Karimi"),
    ('Viktor Hale, 45, and Farid Karimi, 61, were freed. "We were beaten daily," the 45-year-old said.', "We were beaten daily,", "Viktor Hale"),
    ('Finance Minister Clara Voss met Defence Minister Karl Osterberg. "The money is there," the defence minister said.', "The money is there,", "Karl Osterberg"),
    ('"It is over for him," Ana Ruiz said of Tomas Rell.', "It is over for him,", "Ana Ruiz"),
    ('"The talks will fail," said Clara Voss, whom Tomas Rell has called a liar.', "The talks will fail,", "Clara Voss"),
    ('NATO and the European Union met in Brussels. "We stand together on this," NATO said.', "We stand together on this,", "NATO"),
    ('"We reject the plan," the African Union and the United Nations said in a joint statement.', "We reject the plan,", "African Union|United Nations"),
    ('Ana Ruiz spoke after Tomas Rell. "I disagree with every word of that," she said.', "I disagree with every word of that,", "Ana Ruiz"),
    ('Ana Ruiz spoke after Tomas Rell. "I disagree with every word of that," he said.', "I disagree with every word of that,", "Tomas Rell"),
    ('"The bridge will hold," Jonas Berg said.\n\nClara Voss was less sure. "It may not last the winter."', "It may not last the winter.", "Clara Voss"),
    ('Asked about Tomas Rell, Ana Ruiz said: "He has my full support in this."', "He has my full support in this.", "Ana Ruiz"),
    ('After meeting Clara Voss, Jonas Berg told reporters: "She listened but promised nothing."', "She listened but promised nothing.", "Jonas Berg"),
    ('"We did not start this war," Samuel Adeyemi said on state television on Sunday night.', "We did not start this war,", "Samuel Adeyemi"),
    ('"We did not start this war," Samuel Adeyemi, the president, said on state television.', "We did not start this war,", "Samuel Adeyemi"),
    ('"It is the end of the road," Jonas Berg said. Ana Ruiz did not comment.', "It is the end of the road,", "Jonas Berg"),
    ('Ana Ruiz did not comment. "It is the end of the road," Jonas Berg said.', "It is the end of the road,", "Jonas Berg"),
    ('"Nobody will be left behind," a spokeswoman for the World Bank said.', "Nobody will be left behind,", "World Bank"),
    ('"Nobody will be left behind," the World Bank\'s spokeswoman said.', "Nobody will be left behind,", "World Bank"),
    ('The IMF warned of a slowdown. "Growth will halve this year," it said.', "Growth will halve this year,", "IMF"),
    ('The IMF warned of a slowdown. "Growth will halve this year," the fund said.', "Growth will halve this year,", "IMF"),
    ('"The strikes hit military targets only," the Kremlin said.', "The strikes hit military targets only,", "Russia"),
    ('"The strikes hit military targets only," Moscow said.', "The strikes hit military targets only,", "Russia"),
    ('Beijing said the visit was "a grave interference in internal affairs."', "a grave interference in internal affairs.", "China"),
    ('"We will meet again in June," Ana Ruiz and Tomas Rell said.', "We will meet again in June,", "Ana Ruiz|Tomas Rell"),
    ('"We never agreed to that clause," Tomas Rell, speaking for the opposition, said.', "We never agreed to that clause,", "Tomas Rell"),
    ('Ana Ruiz left before the vote. "It will happen on time whatever they do," a voice shouted.', "It will happen on time whatever they do,", None),
    ('"The vote will happen on time," Ana Ruiz said, "whatever they try to do."', "whatever they try to do.", "Ana Ruiz"),
    ('A man who gave his name only as Jonas said: "They burned every house here."', "They burned every house here.", "Jonas"),
    ('Some lawmakers called the bill "an attack on the free press."', "an attack on the free press.", None),
    ("\u2018I can\u2019t afford to lose a week\u2019s pay,\u2019 said one worker in Southport, who asked not to be named.", "I can\u2019t afford to lose a week\u2019s pay,", None),
    ('"The shelling never stops," a nurse in Kharkiv told reporters.', "The shelling never stops,", None),
    ('Critics say the plan "does nothing for the poorest families."', "does nothing for the poorest families.", None),
    ('Ana Ruiz arrived late. "The election was stolen from the people," a sign outside the hall said.', "The election was stolen from the people,", None),
    ('Jonas Berg has farmed here for forty years. "The river has never been this low," the old man said.', "The river has never been this low,", "Jonas Berg"),
    ('Rep. Jonas Berg was asked again. "I will vote against it," the representative said.', "I will vote against it,", "Jonas Berg"),
]

# -- political-news style: "Mr." and "Sen." abbreviations, parties and states, broadcasters,
# campaigns and White House voices
POLITICAL: list[Case] = [
    ('Tomas Rell spoke in Ohio. "We are going to win this state," Mr. Rell said.', "We are going to win this state,", "Tomas Rell"),
    ('"The bill is dead in the Senate," said Sen. Ana Ruiz, a Democrat from Ohio.', "The bill is dead in the Senate,", "Ana Ruiz"),
    ('Sen. Ana Ruiz (D-Ohio) said the bill "will not get a single vote from us."', "will not get a single vote from us.", "Ana Ruiz"),
    ('Rep. Jonas Berg, R-Texas, told reporters: "The wall is not a priority this year."', "The wall is not a priority this year.", "Jonas Berg"),
    ('"The senator has been clear on this," her spokesman, Lucas Moreau, said.', "The senator has been clear on this,", "Lucas Moreau"),
    ('Ana Ruiz told CNN that the plan "is dead on arrival in the House."', "is dead on arrival in the House.", "Ana Ruiz"),
    ('"I will not resign over this," Tomas Rell said in an interview with Fox News.', "I will not resign over this,", "Tomas Rell"),
    ('"The jobs report is a disaster for them," Clara Voss wrote on Twitter.', "The jobs report is a disaster for them,", "Clara Voss"),
    ('Clara Voss said in a tweet that the deal "sells out every worker in the state."', "sells out every worker in the state.", "Clara Voss"),
    ('"We have nothing to hide here," White House press secretary Dara Quinn told reporters.', "We have nothing to hide here,", "Dara Quinn"),
    ('Press secretary Dara Quinn said the president "has full confidence in his team."', "has full confidence in his team.", "Dara Quinn"),
    ('"The governor will sign the bill on Friday," said Lina Fischer, a spokeswoman for Gov. Piotr Wrona.', "The governor will sign the bill on Friday,", "Lina Fischer"),
    ('Mrs. Helga Strand, the first lady, said: "Our children deserve better schools."', "Our children deserve better schools.", "Helga Strand"),
    ('Mr. Rell and Ms. Ruiz met on Monday. "It was a frank exchange of views," Ms. Ruiz said.', "It was a frank exchange of views,", "Ruiz"),
    ('Tomas Rell met Ana Ruiz on Monday. "It was a frank exchange of views," Ms. Ruiz said.', "It was a frank exchange of views,", "Ana Ruiz"),
    ('Ana Ruiz faced questions on Sunday. "I never took a cent from them," the senator said.', "I never took a cent from them,", None),
    ('Sen. Ana Ruiz faced questions on Sunday. "I never took a cent from them," the senator said.', "I never took a cent from them,", "Ana Ruiz"),
    ('Rep. Jonas Berg was asked about the vote. "I will vote no," the congressman said.', "I will vote no,", "Jonas Berg"),
    ('"This is a witch hunt, plain and simple," Tomas Rell said at a rally in Florida on Saturday.', "This is a witch hunt, plain and simple,", "Tomas Rell"),
    ('At a rally on Saturday, Tomas Rell told supporters: "They will never stop us."', "They will never stop us.", "Tomas Rell"),
    ('"We will see them in court," said Ines Ferreira, a lawyer for the campaign.', "We will see them in court,", "Ines Ferreira"),
    ('Ana Ruiz\'s campaign said in a statement: "The ad is false from start to finish."', "The ad is false from start to finish.", "Ana Ruiz's campaign|Ana Ruiz"),
    ('Democrats said the budget "cuts the programs that families rely on most."', "cuts the programs that families rely on most.", None),
    ('Republicans called the bill "a government takeover of health care."', "a government takeover of health care.", None),
    ('"The economy is strong and getting stronger," the president said.', "The economy is strong and getting stronger,", None),
    ('President Samuel Adeyemi spoke on Monday.\n\n"The economy is strong and getting stronger," the president said.', "The economy is strong and getting stronger,", "Samuel Adeyemi"),
    ('"It is a sad day for democracy," said Rep. Jonas Berg. "A very sad day for all of us."', "A very sad day for all of us.", "Jonas Berg"),
    ('Ana Ruiz, asked on Sunday about Tomas Rell, said: "He should apologise to the voters."', "He should apologise to the voters.", "Ana Ruiz"),
    ('"He should apologise to the voters," Ana Ruiz said of Mr. Rell on Sunday.', "He should apologise to the voters,", "Ana Ruiz"),
    ('Tomas Rell, in a speech to the chamber on Tuesday, said: "The tariffs stay in place."', "The tariffs stay in place.", "Tomas Rell"),
]

# -- more ways to go wrong: dashes, relatives named by their relation, speakers swapping
# within a paragraph, long speeches, questions
TRICKY: list[Case] = [
    ('"We will hold the line" \u2014 Ana Ruiz said on Monday \u2014 "whatever the cost to us."', "whatever the cost to us.", "Ana Ruiz"),
    ('His wife, Helga Strand, said: "He has not slept for a week now."', "He has not slept for a week now.", "Helga Strand"),
    ('One of the survivors, Jonas Berg, said: "The water rose in minutes."', "The water rose in minutes.", "Jonas Berg"),
    ('Tomas Rell\'s wife said: "He has not slept for a week now."', "He has not slept for a week now.", None),
    ('"Is this what they call peace?" asked Nadia Haddad, standing in the ruins.', "Is this what they call peace?", "Nadia Haddad"),
    ('"Why now?" Farid Karimi asked. "Why did nobody warn us before the vote?"', "Why did nobody warn us before the vote?", "Farid Karimi"),
    ('"We want the road rebuilt," Jonas Berg said. Ana Ruiz replied: "It will be rebuilt next year."', "It will be rebuilt next year.", "Ana Ruiz"),
    ('"We want the road rebuilt," Jonas Berg said. "It will be rebuilt next year," Ana Ruiz replied.', "It will be rebuilt next year,", "Ana Ruiz"),
    ('Clara Voss addressed the chamber for an hour.\n\n"We inherited an empty treasury.\n\n"We have filled it again.\n\n"And we will not empty it for votes."', "And we will not empty it for votes.", "Clara Voss"),
    ('"The ministry knew about the leak for months," Viktor Hale said, "and it did nothing."', "and it did nothing.", "Viktor Hale"),
    ('Ana Ruiz quoted Tomas Rell: "Never sign anything you have not read twice."', "Never sign anything you have not read twice.", "Tomas Rell"),
    ('Jonas Berg said that Ana Ruiz had told him: "The mill will never reopen."', "The mill will never reopen.", "Ana Ruiz"),
    ('"The port is closed," Tomas Rell said on Monday, a day after Ana Ruiz had said it would open.', "The port is closed,", "Tomas Rell"),
    ('"We are open for business," Ana Ruiz said. Tomas Rell disagreed. "The port is closed to all ships."', "The port is closed to all ships.", "Tomas Rell"),
    ('"This is a dark day," the European Union\'s foreign policy chief, Elena Costa, said.', "This is a dark day,", "Elena Costa"),
    ('"This is a dark day," said Elena Costa, the European Union\'s foreign policy chief.', "This is a dark day,", "Elena Costa"),
    ('The EU\'s foreign policy chief, Elena Costa, said: "The sanctions stay in force."', "The sanctions stay in force.", "Elena Costa"),
    ('"Prices will keep rising this year," economists at the World Bank said.', "Prices will keep rising this year,", "World Bank"),
    ('"The hospital has no power at all," a doctor at the hospital told the BBC.', "The hospital has no power at all,", None),
    ('"We are all exhausted by now," said Keiko Mori, one of the doctors.', "We are all exhausted by now,", "Keiko Mori"),
    ('NATO met on Monday. The alliance said in a statement: "All allies stand together on this."', "All allies stand together on this.", "NATO"),
    ('The IMF cut its forecast. The fund said the outlook "has darkened considerably since spring."', "has darkened considerably since spring.", "IMF"),
    ('Ana Ruiz said the talks were "not a negotiation at all" and "a waste of everyone\'s time."', "a waste of everyone's time.", "Ana Ruiz"),
]

# -- over paragraphs: pronouns after other people were named, speakers kept across narration
DISCOURSE: list[Case] = [
    ('"The talks are over," Tomas Rell said.\n\nHe had met Ana Ruiz and Jonas Berg the day before.\n\n"Nobody wants to compromise," he added.', "Nobody wants to compromise,", "Tomas Rell"),
    ('"The talks are over," Ana Ruiz said.\n\nShe had met Tomas Rell and Jonas Berg the day before.\n\n"Nobody wants to compromise," she added.', "Nobody wants to compromise,", "Ana Ruiz"),
    ('"The talks are over," Ana Ruiz said.\n\nThe remarks angered Tomas Rell.\n\n"She has no right to say that," he said.', "She has no right to say that,", "Tomas Rell"),
    ('Clara Voss spoke first. Then Jonas Berg took the floor.\n\n"We are not going anywhere," he said.', "We are not going anywhere,", "Jonas Berg"),
    ('Clara Voss spoke first. Then Jonas Berg took the floor.\n\n"We are not going anywhere," she said.', "We are not going anywhere,", "Clara Voss"),
    ('The minister, Clara Voss, met the unions.\n\n"We reached a deal at last," she told reporters afterwards.', "We reached a deal at last,", "Clara Voss"),
    ('Ana Ruiz has led the party since 2019.\n\nCritics say she has moved it to the right.\n\n"I have moved it to the centre," Ruiz said.', "I have moved it to the centre,", "Ana Ruiz"),
    ('Jonas Berg blamed the ministry. "They knew and did nothing.\n\n"Now we pay the price for it," he said.', "Now we pay the price for it,", "Jonas Berg"),
    ('Jonas Berg blamed the ministry. "They knew and did nothing.\n\n"Now we pay the price for it," he said.', "They knew and did nothing.", "Jonas Berg"),
    ('Tomas Rell, the mayor, said the city was broke.\n\nAna Ruiz, his deputy, disagreed.\n\n"There is money, it is just badly spent," she said.', "There is money, it is just badly spent,", "Ana Ruiz"),
    # a lead-in sentence may set an apposition between its subject and verb, and accusing leads in
    ('Ana Ruiz, for the Green party, accused the council of neglect.\n\n"The roads have not been repaired in ten years."', "The roads have not been repaired in ten years.", "Ana Ruiz"),
    ('Tomas Rell accused the ministry of hiding the figures.\n\n"Nobody has seen the real accounts since the spring."', "Nobody has seen the real accounts since the spring.", "Tomas Rell"),
    ('Clara Voss, the party chairwoman, said the vote was lost.\n\n"We will win it back in the spring."', "We will win it back in the spring.", "Clara Voss"),
]

# -- bodies and their officials, statements signed by people, reported speech inside speech
BODIES: list[Case] = [
    ('"The ambassador has been summoned," Russia\'s Foreign Ministry said.', "The ambassador has been summoned,", "Russia's Foreign Ministry"),
    ('"The ambassador has been summoned," Foreign Ministry spokesman Ivo Marek said.', "The ambassador has been summoned,", "Ivo Marek"),
    ('Ana Ruiz\'s predecessor, Tomas Rell, said: "The party has lost its soul."', "The party has lost its soul.", "Tomas Rell"),
    ('Ana Ruiz said Tomas Rell had told her: "I will not run again."', "I will not run again.", "Tomas Rell"),
    ('The statement, signed by Ana Ruiz, said: "The strike ends at midnight tonight."', "The strike ends at midnight tonight.", "Ana Ruiz"),
    ('"We have received no request from them," a spokesman for the World Health Organization told reporters in Geneva.', "We have received no request from them,", "World Health Organization"),
    ('"The bank will act if needed," Lina Fischer, the central bank governor, said in Frankfurt on Thursday.', "The bank will act if needed,", "Lina Fischer"),
    ('"The bank will act if needed," said the central bank governor, Lina Fischer.', "The bank will act if needed,", "Lina Fischer"),
    ('"The blockade must end now," NATO Secretary General Jonas Berg said.', "The blockade must end now,", "Jonas Berg"),
    ('"The blockade must end now," said Jonas Berg, NATO\'s secretary general, at a news conference.', "The blockade must end now,", "Jonas Berg"),
    ('Daniel Okafor spoke. He said his party was "ready to govern from the first day," and called for a vote.', "ready to govern from the first day,", "Daniel Okafor"),
    ('Ana Ruiz met Tomas Rell. She said the deal was "as good as dead already," and then Tomas Rell spoke.', "as good as dead already,", "Ana Ruiz"),
    ('NATO said "the strikes must stop at once."\n\nRussia\'s foreign ministry rejected that. "These are baseless accusations," it said.', "These are baseless accusations,", "Russia's foreign ministry"),
    ('Samuel Adeyemi and Beatrix Kohl signed the pact.\n\n"This is a historic day for both nations," the two leaders said.', "This is a historic day for both nations,", "Samuel Adeyemi|Beatrix Kohl"),
    ('"This is a historic day for both nations," the two leaders said.', "This is a historic day for both nations,", None),
    ('Tomas Rell denied the report. "I never met the man," he said. "Not once."', "I never met the man,", "Tomas Rell"),
    ('Beijing issued a sharp reply. "The visit is a provocation," the Chinese foreign ministry said.', "The visit is a provocation,", "China|Chinese foreign ministry"),
    ('Jimmy Wales founded the site. "We never expected it to grow so fast," Wales said.', "We never expected it to grow so fast,", "Jimmy Wales"),
    ('"We will not pass this bill as it stands," the Senate said in a statement.', "We will not pass this bill as it stands,", "Senate"),
    ('Gordon Reed and Ana Ruiz spoke. "The harvest failed for the third year," he said.', "The harvest failed for the third year,", "Gordon Reed"),
]

# fmt: on

_GROUPS = [
    X_SAID,
    SAID_X,
    X_WHO_SAID,
    ACCORDING_TO,
    X_TOLD_Y,
    STATEMENT,
    SPOKESPEOPLE,
    VERBS,
    SPLIT,
    CONTINUED,
    PRONOUNS,
    ROLE_NOUNS,
    UNATTRIBUTED,
    FAR_AND_BEFORE,
    NESTED,
    CARRY_OVER,
    HARD,
    POLITICAL,
    TRICKY,
    DISCOURSE,
    BODIES,
]
CASES = [c for group in _GROUPS for c in group]


def _found_quotes(text: str) -> set[str]:
    """Every span the quote finder keeps as a real quote (attributed or not)."""
    out: set[str] = set()
    continued = False
    for p in paragraphs(text):
        spans = find_quotes(p, continued)
        continued = bool(spans) and spans[-1].open_ended
        out.update(q.text.strip() for q in spans if is_quote(q))
    return out


@pytest.mark.parametrize(("text", "quote", "speaker"), CASES, ids=[c[0][:60] for c in CASES])
def test_attribution(text: str, quote: str, speaker: str | None) -> None:
    got = speakers(run(text))
    if speaker is None:
        assert quote in _found_quotes(text), "not found as a quote at all"
        assert quote not in got, f"attributed to {got.get(quote)!r}, expected no speaker"
    else:
        assert got.get(quote) in speaker.split("|"), f"quotes found: {got}"


def test_every_frame_decides_some_case() -> None:
    """Each speech frame is the one that decides at least one case of the table, so no frame
    is dead weight and each is tested by the cases it decides."""
    decided: set[str] = set()
    for text, quote, _ in CASES:
        spans = read(Article(id="t", text=text)).quote_spans
        decided.update(q.frame for q in spans if q.text.strip() == quote)
    assert [f.name for f in FRAMES if f.name not in decided] == []
