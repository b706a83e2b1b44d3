"""The demo generator's sentence banks: actor references, templates per category (third and first person),
hedge frames, off-lexicon phrasings, decoys, negated cues, material reports, stance and filler sentences."""

from __future__ import annotations

import pandas as pd

# Actor references
# --------------------------------------------------------------------------------------------------

# (text, plural)
_REFS: dict[str, tuple[tuple[str, bool], ...]] = {
    "RUS": (("Putin", False), ("Vladimir Putin", False), ("the Kremlin", False), ("Moscow", False),
            ("Russia", False), ("Sergei Lavrov", False), ("Lavrov", False), ("Dmitry Peskov", False),
            ("the Russian president", False), ("the Russian foreign ministry", False),
            ("Russian officials", True)),
    "UKR": (("Zelensky", False), ("Volodymyr Zelensky", False), ("Kyiv", False), ("Ukraine", False),
            ("the Ukrainian president", False), ("Ukrainian officials", True), ("@FM", False)),
    "USA": (("Washington", False), ("the White House", False), ("the United States", False),
            ("the State Department", False), ("@PRES", False), ("American officials", True)),
    "EU": (("Brussels", False), ("the European Union", False), ("the European Commission", False),
           ("EU leaders", True)),
    "NATO": (("NATO", False), ("the NATO secretary general", False), ("@NATO", False), ("NATO allies", True)),
    "WEST": (("the West", False), ("Western governments", True), ("Western capitals", True),
             ("the G7", False)),
    "CHN": (("Beijing", False), ("China", False), ("Xi Jinping", False), ("the Chinese foreign ministry", False),
            ("Chinese diplomats", True)),
    "TUR": (("Ankara", False), ("Turkey", False), ("Recep Tayyip Erdogan", False), ("Erdogan", False),
            ("Turkish diplomats", True)),
    "UN": (("the United Nations", False), ("the UN secretary general", False), ("Antonio Guterres", False),
           ("UN officials", True)),
}
_OWN_REFS: dict[str, tuple[tuple[str, bool], ...]] = {
    "readout": (("Russia", False), ("the Russian side", False), ("the Russian Federation", False),
                ("Moscow", False)),
    "statement": (("Ukraine", False), ("the Ukrainian side", False), ("Kyiv", False)),
}
_STATEMENT_RUS_REFS = (("the aggressor state", False), ("the occupiers", True), ("Moscow", False),
                       ("Russia", False), ("the Kremlin", False), ("Putin", False))
_OPPONENTS: dict[str, tuple[str, ...]] = {
    "RUS": ("Kyiv", "the Kyiv regime", "the West", "NATO", "Washington"),
    "UKR": ("Moscow", "the Kremlin", "Russia", "Putin"),
    "WEST": ("Moscow", "the Kremlin", "Russia", "Putin"),
    "OTHER": ("both sides", "the warring parties", "Moscow and Kyiv"),
}
_FIRST_OPPONENTS = {"RUS": ("Kyiv", "the Kyiv regime", "the West"), "UKR": ("Russia", "Moscow", "the occupiers")}


def _dated_name(placeholder: str, date: pd.Timestamp) -> str:
    if placeholder == "@FM":
        return "Dmytro Kuleba" if date < pd.Timestamp("2024-09-05") else "Andrii Sybiha"
    if placeholder == "@PRES":
        return "Joe Biden" if date < pd.Timestamp("2025-01-20") else "Donald Trump"
    return "Jens Stoltenberg" if date < pd.Timestamp("2024-10-01") else "Mark Rutte"


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


# --------------------------------------------------------------------------------------------------
# Template banks. Third-person templates are clauses (no final stop) so that hedge frames can wrap them;
# {S} subject, {be}/{have}/{was} agree with it, {O}/{Op} opponent (possessive), {T}/{T2}/{T3} topic terms.
# Each entry: (text, actors it may be used with; empty = any).
# --------------------------------------------------------------------------------------------------

_R, _U, _W, _X = ("RUS",), ("UKR",), ("USA", "EU", "NATO", "WEST"), ("CHN", "TUR", "UN")

_THIRD: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nuclear_threat": (
        ("{S} warned that Russia could use nuclear weapons if the West crossed its red lines, in remarks on {T}",
         _R),
        ("{S} threatened a nuclear response to any attack on Russian territory, in remarks that also "
         "touched on {T}", _R),
        ("{S} {have} again raised the spectre of nuclear war in a statement about {T}", _R),
        ("{S} said that Russian nuclear forces had been put on high alert amid the dispute over {T}", _R),
        ("{S} reminded the West that Russia is a nuclear power, in comments on {T}", _R),
        ("{S} warned of catastrophic consequences if Moscow used a nuclear weapon, in a statement on {T}", _W),
        ("{S} told the Kremlin that any nuclear strike would bring a devastating response, citing {T}", _W),
    ),
    "military_threat": (
        ("{S} warned that any new strikes around {T} would be met with a devastating response", _R + _W + _U),
        ("{S} threatened to strike decision-making centres if {O} crossed the line around {T}", _R),
        ("{S} vowed to retaliate with overwhelming force for the attacks around {T}", _R + _U),
        ("{S} warned {O} that the alliance would defend every inch of its territory, in remarks on {T}",
         ("NATO",)),
        ("{S} threatened {O} with a military response, in a statement that mentioned {T}", _R + _W),
        ("{S} warned that more troops could be sent to the region, in a statement on {T}", _R + _W),
    ),
    "demand": (
        ("{S} demanded that {O} withdraw all troops from Ukrainian territory, in a statement that referred "
         "to {T}", _U + _W),
        ("{S} demanded that {O} recognise the new territorial realities, in remarks on {T}", _R),
        ("{S} insisted that {O} must accept Russia's conditions before anything else, citing {T}", _R),
        ("{S} called on {O} to pay reparations for every ruined town, in a statement on {T}", _U),
        ("{S} issued an ultimatum to {O}, in a statement that mentioned {T}", _R + _W),
        ("{S} demanded that {O} abandon any plans for NATO membership, citing {T}", _R),
        ("{S} demanded that {O} end the occupation and return all deported children, in remarks on {T}",
         _U + _W),
    ),
    "maximalist_aims": (
        ("{S} said that all the goals of the special military operation would be achieved, including "
         "around {T}", _R),
        ("{S} vowed to fight until total victory, whatever the cost of the battle for {T}", _R + _U),
        ("{S} promised to liberate every inch of Ukrainian land, including the peninsula and {T}", _U),
        ("{S} declared that the so-called new regions would remain part of Russia forever, citing {T}", _R),
        ("{S} said that nothing short of complete victory would end the fighting over {T}", _R + _U),
    ),
    "nationhood_denial": (
        ("{S} claimed that Ukrainians and Russians are one people, pointing to {T}", _R),
        ("{S} said that Ukraine had never had a real tradition of statehood, citing {T}", _R),
        ("{S} described Ukraine as an artificial state with no right to exist on its own, in a long "
         "lecture on {T}", _R),
        ("{S} questioned whether a Ukrainian nation even exists, in remarks about {T}", _R),
        ("{S} called Ukraine an invention of the West, in a speech full of references to {T}", _R),
    ),
    "mobilisation_offensive": (
        ("{S} announced a partial mobilisation of reservists to reinforce the troops around {T}", _R),
        ("{S} launched a new offensive, with troops pushing toward {T}", _R + _U),
        ("{S} ordered a fresh call-up of three hundred thousand men, with many of them sent to {T}", _R),
        ("{S} opened a new front and sent fresh units toward {T}", _R),
        ("{S} launched a counteroffensive to push the occupiers back from {T}", _U),
        ("{S} announced a new wave of mobilisation to strengthen the units near {T}", _R + _U),
    ),
    "rejection_of_talks": (
        ("{S} rejected {Op} call for talks, saying they would only legitimise the occupation of {T}", _U + _W),
        ("{S} dismissed {Op} ceasefire offer as a trick to buy time, in remarks on {T}", _U + _R + _W),
        ("{S} ruled out any negotiations with {O} while the fighting over {T} goes on", _R + _U),
        ("{S} rejected {Op} peace formula as detached from reality, in remarks on {T}", _R),
        ("{S} refused to negotiate with {O}, calling the idea a trap, in a statement on {T}", _R + _U),
        ("{S} said there would be no talks with {O} until the question of {T} is settled on the battlefield",
         _R + _U),
    ),
    "readiness_for_talks": (
        ("{S} {be} ready for negotiations, according to a statement that referred to {T}", ()),
        ("{S} signalled readiness to negotiate with {O}, in remarks on {T}", _R + _U + _W),
        ("{S} said that the door to peace talks remained open, when asked about {T}", ()),
        ("{S} {be} open to talks, provided that the realities on the ground are taken into account, "
         "including {T}", _R),
        ("{S} expressed willingness to resume negotiating with {O}, citing {T}", _R + _U),
        ("{S} {be} interested in negotiations about a ceasefire, in a statement that mentioned {T}", _R + _U),
    ),
    "ceasefire_proposal": (
        ("{S} proposed a ceasefire along the current front line, in a statement that referred to {T}", ()),
        ("{S} offered a thirty-day truce, in remarks on {T}", ()),
        ("{S} called for an immediate cease-fire, citing {T}", ()),
        ("{S} floated the idea of a truce to freeze the fighting, when asked about {T}", ()),
        ("{S} {be} ready for a ceasefire, according to a plan that mentions {T}", _R + _U),
    ),
    "peace_plan_summit": (
        ("{S} presented a peace plan with several points, including one on {T}", ()),
        ("{S} announced a peace summit to rally support for a just peace, in remarks on {T}", _U + _W),
        ("{S} urged world leaders to attend the peace summit, citing {T}", _U + _W),
        ("{S} put forward a twelve-point peace proposal that refers to {T}", ("CHN",)),
        ("{S} backed the peace summit and its final text, which mentions {T}", _W + _X),
    ),
    "mediation": (
        ("{S} offered to mediate between Moscow and Kyiv, in a statement that referred to {T}", ()),
        ("{S} offered to host talks between the warring parties, citing {T}", ()),
        ("{S} acted as a go-between in indirect contacts, according to a statement on {T}", ()),
        ("{S} said it was willing to act as a mediator to end the war, in remarks on {T}", ()),
    ),
    "humanitarian_deal": (
        ("{S} agreed to a prisoner exchange, according to a statement on {T}", _R + _U),
        ("{S} signed a deal to allow the safe export of grain through the Black Sea, in a text that "
         "refers to {T}", ()),
        ("{S} agreed on humanitarian corridors for civilians trapped near the front, in remarks on {T}", ()),
        ("{S} brokered an exchange of prisoners of war, according to a statement on {T}", _X),
        ("{S} agreed to return the bodies of fallen soldiers, in a deal that mentions {T}", _R + _U),
    ),
    "concession": (
        ("{S} indicated that neutral status could be discussed as part of a deal, citing {T}", _U),
        ("{S} signalled a willingness to compromise, in remarks on {T}", _R + _U),
        ("{S} agreed to scale down military activity around the capital, in a statement on {T}", _R),
        ("{S} softened the conditions for a settlement, in a statement that referred to {T}", _R + _U),
    ),
    "diplomatic_contact": (
        ("{S} held a phone call with {O} to discuss {T}", _R + _U + _W),
        ("{S} met {Op} foreign minister on the sidelines of a conference, citing {T}", _R + _U + _W),
        ("{S} sent a delegation to meet officials from {O}, in a visit linked to {T}", _R + _U + _W),
        ("{S} exchanged messages with {O} through a discreet channel, according to a statement on {T}", ()),
        ("{S} held a round of consultations with both sides, in remarks on {T}", _X),
    ),
}

# First-person sentences (complete, with final punctuation); actor = the speaker's side.
_FIRST: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nuclear_threat": (
        ("We will use all the means at our disposal to protect our people, and this is not a bluff.", _R),
        ("Anyone who threatens us must know that our response will be immediate and devastating, including with "
         "nuclear weapons.", _R),
        ("Our strategic nuclear forces are ready, and the West should remember that when it speaks about {T}.",
         _R),
    ),
    "military_threat": (
        ("We will strike decision-making centres if the attacks around {T} continue.", _R),
        ("We will respond to every provocation with force, and {O} knows it.", _R + _U),
        ("We will strike back at every target the occupiers use, including around {T}.", _U),
    ),
    "demand": (
        ("We demand that {O} recognise the new territorial realities, and this applies to {T} as well.", _R),
        ("We demand the complete withdrawal of Russian troops from our land, and {T} is no exception.", _U),
        ("We insist that {O} must pay for every ruined home.", _U),
        ("We demand that {O} stop pumping weapons into the region, and the issue of {T} is no exception.", _R),
    ),
    "maximalist_aims": (
        ("We will achieve all the goals of the special military operation, whatever happens around {T}.", _R),
        ("We will liberate every inch of our land, including the peninsula.", _U),
        ("We will fight until complete victory, and {T} will be ours again.", _U),
    ),
    "nationhood_denial": (
        ("Russians and Ukrainians are one people, and nothing about {T} changes that.", _R),
        ("There has never been a separate Ukrainian nation, and the story of {T} proves it.", _R),
    ),
    "mobilisation_offensive": (
        ("We are mobilising additional forces to complete our tasks near {T}.", _R),
        ("Our forces are advancing, and we will keep pushing the occupiers back from {T}.", _U),
        ("We have launched a new offensive in the direction of {T}.", _R + _U),
    ),
    "rejection_of_talks": (
        ("We will not negotiate with {O} while it refuses to accept the realities, including {T}.", _R),
        ("There will be no negotiations with {O} while our land is occupied.", _U),
        ("We reject any ceasefire that would freeze the occupation, and the case of {T} shows why.", _U),
        ("We see no point in any talks with {O}, which has banned them by decree.", _R),
    ),
    "readiness_for_talks": (
        ("We are ready for negotiations, and {T} can be part of them.", ()),
        ("We have never refused to negotiate, and we remain open to talks, including on {T}.", _R),
        ("We are prepared to discuss {T} at the negotiating table.", ()),
        ("Our position is clear: we are open to dialogue with {O}.", ()),
    ),
    "ceasefire_proposal": (
        ("We propose a ceasefire along the current line of contact, and we have said so about {T} too.", ()),
        ("We are ready to agree to a truce if the other side does the same, and {T} will be on the table.", ()),
        ("We support an immediate and complete cease-fire in the air and at sea.", _U),
    ),
    "peace_plan_summit": (
        ("Our peace formula offers a path to a just peace, including on {T}.", _U),
        ("We invite every nation to join our peace summit, where {T} will be discussed.", _U),
    ),
    "humanitarian_deal": (
        ("We have agreed on another exchange of prisoners with {O}.", ()),
        ("We have agreed to open humanitarian corridors, and {T} was part of the discussion.", ()),
    ),
    "concession": (
        ("We are prepared to discuss neutral status as part of a settlement, including {T}.", _U),
        ("We are willing to make compromises, even on {T}.", ()),
    ),
    "diplomatic_contact": (
        ("Today I had a long phone call with our partners about {T}.", ()),
        ("We held consultations with {O} on {T} this week.", ()),
    ),
}

_HEDGE_FRAMES: tuple[str, ...] = (
    "Anonymous sources told Reuters that {c}.",
    "According to people familiar with the matter, {c}.",
    "Leaked documents suggest that {c}.",
    "Reportedly, {c}.",
    "Allegedly, {c}.",
    "Unnamed officials said that {c}.",
    "There are unconfirmed reports that {c}.",
    "Once again there is a story in the media that, secretly, {c}.",
    "Media reports citing unnamed diplomats say that {c}.",
    "Sources close to the negotiators claim that {c}.",
)
_PLAIN_PREFIXES: tuple[str, ...] = ("", "", "", "", "On Tuesday, ", "Once again, ", "In a televised address, ",
                                    "Earlier this week, ", "In an interview, ", "Last night, ")

# Off-lexicon phrasings: true signals worded as commentary words them but as the cue lexicon does not (checked
# by tests/test_demo.py: the default scorer finds no cue of the category in them), so that recovering the
# planted truth tests the scorer rather than mirroring its lexicon. Third-person clauses, like _THIRD.
_OFF_LEXICON_RATE = 0.15  # share of third-person signal sentences drawn from these banks instead
_OFF_LEXICON: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nuclear_threat": (
        ("{S} hinted that the most powerful weapons Russia has could be used over {T}", _R),
        ("{S} said that the whole world could burn in radioactive ash if {O} went on meddling in {T}", _R),
    ),
    "military_threat": (
        ("{S} said that anyone who touches the land around {T} would bitterly regret it", _R + _U),
        ("{S} let {O} know that patience over {T} was running out and that a painful answer was coming",
         _R + _W),
    ),
    "demand": (
        ("{S} told {O} to pull every soldier out of the country, in a message that mentioned {T}", _U + _W),
    ),
    "maximalist_aims": (
        ("{S} said the war would go on until the enemy lays down its arms for good, whatever happens at {T}",
         _R + _U),
    ),
    "mobilisation_offensive": (
        ("{S} sent tens of thousands of fresh recruits to the front near {T}", _R),
        ("{S} pushed forward along the whole line in a major push toward {T}", _R + _U),
    ),
    "rejection_of_talks": (
        ("{S} said that sitting down with {O} would be a waste of time, in remarks on {T}", _R + _U),
    ),
    "readiness_for_talks": (
        ("{S} said the time had come to sit across the table from {O}, in remarks on {T}", _R + _U + _W),
        ("{S} said that a deal with {O} was within reach, when asked about {T}", ()),
    ),
    "ceasefire_proposal": (
        ("{S} suggested that the guns should fall silent for thirty days, citing {T}", ()),
        ("{S} proposed that both armies stop shooting along the front from Sunday, in remarks on {T}", ()),
    ),
    "mediation": (
        ("{S} offered to bring people from Moscow and Kyiv into the same room, citing {T}", _X + _W),
    ),
    "humanitarian_deal": (
        ("{S} agreed to swap captured soldiers with {O}, according to a statement on {T}", _R + _U),
    ),
    "diplomatic_contact": (
        ("{S} spoke at length with {Op} leader about the war, in a conversation that touched on {T}", _R + _U + _W),
    ),
}
# Lexicon words in other senses (economic "demand", a business "summit", "mobilising builders", "no doubt",
# a sports "attack"): planted as none, so the tests fail when the scorer takes them for signals. Filler sentences.
_DECOY_RATE = 0.08  # share of filler sentences drawn from this bank instead
_DECOYS: tuple[str, ...] = (
    "Demand for housing near {T} has risen sharply, estate agents say.",
    "Consumer demand for steel and cement slowed this spring, while {T} stayed in the news.",
    "The annual summit of small business owners spent a whole session on {T}.",
    "The city is mobilising builders and plumbers to repair the roofs before winter, while {T} is debated.",
    "There is no doubt that {T} will remain a subject of heated debate in the universities.",
    "The football club launched a new attack on the league title after a season dominated by {T}.",
    "The two bakeries called a truce in their price war, and the local paper wrote about {T} instead.",
    "Talks between the teachers' union and the school board on salaries dragged on, as did the debate on {T}.",
)

# Negated cues: signal none, negated True. (text, topic or "" for diplomacy default)
_NEGATED_NEGOTIATION: tuple[str, ...] = (
    "{S} {be} not ready for negotiations, in spite of the reports about {T}.",
    "{S} {be} not interested in a ceasefire.",
    "{S} did not propose any truce, despite the reports about {T}.",
    "{S} {have} not offered to negotiate with {O}.",
    "{S} {be} not seeking talks with {O} at this stage.",
    "There is no sign that {S} {be} ready for peace talks, despite the news about {T}.",
    "{S} did not agree to a cease-fire, and the disagreement over {T} remains.",
    "{S} {have} never proposed a peace plan, whatever is said about {T}.",
)
_NEGATED_ESCALATION: dict[str, tuple[str, ...]] = {
    "nuclear": ("{S} did not threaten to use nuclear weapons, despite the claims about {T}.",
                "{S} {be} not planning any nuclear test, in spite of the rumours about {T}."),
    "battlefield": ("{S} {be} not planning a new wave of mobilisation for the fighting around {T}.",
                    "{S} {have} not announced any new offensive toward {T}."),
    "diplomacy": ("{S} did not demand any territorial concessions in the statement about {T}.",),
}
_MATERIAL_CONFLICT: dict[str, tuple[str, ...]] = {
    "RUS": (
        "Russian forces shelled Ukrainian positions overnight, and the fighting over {T} intensified.",
        "Russian missiles struck power stations across the country while the battle for {T} went on.",
        "Russian troops attacked again in the fighting over {T}.",
        "Russian glide bombs hit residential buildings, and the fighting near {T} continued.",
    ),
    "UKR": (
        "Ukrainian units struck a Russian supply depot in the fighting over {T}.",
        "Ukrainian drones hit a fuel depot deep inside Russia, while the fighting over {T} continued.",
        "Ukrainian troops repelled several assaults in the battle for {T}.",
    ),
}
_MATERIAL_COOPERATION: tuple[str, ...] = (
    "{S} delivered a new package of military aid to Ukraine, in a decision linked to {T}.",
    "{S} announced another round of deliveries to Ukraine, with {T} in the spotlight.",
    "{S} approved new weapons for Ukraine after weeks of debate about {T}.",
    "{S} shipped more ammunition to Ukraine, as the discussion about {T} went on.",
)

_OPINION_STANCE: dict[tuple[str, str], tuple[str, ...]] = {
    ("negotiations", "FAVOR"): (
        "Talks must start now to stop the killing.",
        "It is time for both sides to sit down at the negotiating table.",
        "A negotiated settlement is the only realistic way to end this war.",
        "Diplomacy deserves a real chance, even on an issue as hard as {T}.",
        "Western leaders should push much harder for a ceasefire.",
        "Every month without negotiations costs thousands of lives.",
        "The only way out of this war is a compromise reached at the table, including on {T}.",
    ),
    ("negotiations", "AGAINST"): (
        "There is no reason to believe the Kremlin is sincere about negotiations.",
        "Negotiating now would only reward aggression.",
        "A ceasefire today would simply give Russia time to rearm.",
        "Talks with Moscow at this stage would be a trap for Ukraine.",
        "Pushing Kyiv into negotiations now would be a serious mistake, whatever is said about {T}.",
        "I am deeply skeptical that these negotiations will lead anywhere.",
    ),
    ("military_aid", "FAVOR"): (
        "Western military support for Ukraine has to continue even as negotiations are ongoing.",
        "The West must keep sending weapons to Ukraine, whatever the debate about {T}.",
        "Cutting aid now would be a gift to the Kremlin.",
        "Ukraine needs more air defence and more ammunition, and it needs them now.",
        "Supporting Ukraine is the best investment in European security we can make.",
        "Every delay caused by arguments over {T} costs Ukrainian lives.",
    ),
    ("military_aid", "AGAINST"): (
        "The West should scale down its aid to Ukraine.",
        "Sending more weapons will only prolong the war.",
        "Western taxpayers should stop paying for this war, whatever is said about {T}.",
        "Military aid to Kyiv has become a blank cheque that must end.",
        "Europe should stop arming Ukraine and think about its own security.",
    ),
    ("Russia", "FAVOR"): (
        "Russia has legitimate security interests that the West keeps ignoring.",
        "Moscow's concerns about NATO expansion deserve to be taken seriously.",
        "The Russian view of {T} is more reasonable than Western media admit.",
        "Russia has every right to protect Russian speakers in the region.",
    ),
    ("Russia", "AGAINST"): (
        "Russia's war of aggression is a crime that must not be rewarded.",
        "The Kremlin cannot be trusted to keep any promise.",
        "Russian forces have committed atrocities that must be punished.",
        "Moscow's imperial ambitions are a threat to all of Europe, and its lectures about {T} change nothing.",
    ),
    ("Ukraine", "FAVOR"): (
        "Ukraine is fighting for the freedom of all Europeans.",
        "Ukrainians have shown extraordinary courage in defending their country.",
        "Ukraine deserves a clear path to membership in the European Union.",
        "Ukraine's resistance deserves our admiration, whatever Moscow says about {T}.",
    ),
    ("Ukraine", "AGAINST"): (
        "The government in Kyiv is corrupt and cannot be trusted.",
        "Ukraine's leadership has made one reckless decision after another.",
        "Kyiv keeps dragging the West deeper into a war it cannot win.",
        "The Ukrainian leadership has been exploiting {T} to silence its critics.",
    ),
}
_SIDE_STANCE: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("readout", "Russia", "FAVOR"): (
        "Russia has always defended its sovereignty and will continue to do so.",
        "Our country has every right to ensure its own security, whatever anyone says about {T}.",
    ),
    ("readout", "Ukraine", "AGAINST"): (
        "The Kyiv regime has turned Ukraine into an instrument of the West.",
        "The current authorities in Kyiv have lost all legitimacy.",
    ),
    ("readout", "military_aid", "AGAINST"): (
        "Western weapons deliveries only prolong the conflict and the suffering of people.",
        "Pumping Ukraine with weapons will not change the outcome, whatever is decided about {T}.",
    ),
    ("statement", "Ukraine", "FAVOR"): (
        "Ukrainians have shown the whole world what courage means.",
        "Our people are strong, and Ukraine will prevail.",
    ),
    ("statement", "Russia", "AGAINST"): (
        "Russia is a terrorist state that must be held accountable.",
        "The Russian regime understands only force.",
    ),
    ("statement", "military_aid", "FAVOR"): (
        "Our partners must keep supporting Ukraine with weapons, because every delay costs lives.",
        "We need more air defence, and every discussion about {T} must end with decisions.",
    ),
}

_FILLER_GENERAL: tuple[str, ...] = (
    "Much of the coverage this week focused on {T} and {T2}.",
    "The question of {T} keeps coming back.",
    "Analysts pointed to {T}, {T2} and {T3} as the key issues.",
    "Few details about {T} have been made public so far.",
    "There was also a long discussion of {T} and what it means for {T2}.",
    "It is worth looking closely at {T} here.",
    "Commentators noted new details about {T} and {T2}.",
    "This is why the issue of {T} matters so much in this war.",
    "A great deal now depends on {T} and {T2}.",
    "The story of {T} is more complicated than it looks.",
    "Nobody should underestimate the role of {T}.",
    "The latest news about {T} and {T2} paints a mixed picture.",
    "Behind the headlines about {T}, the real issue is {T2}.",
    "Over the past month, {T} and {T2} have dominated the news.",
    "The numbers on {T}, {T2} and {T3} tell their own story.",
)
_FILLER_KIND: dict[str, tuple[str, ...]] = {
    "readout": (
        "Today we discussed {T} and {T2} in detail.",
        "Colleagues, let us turn to {T}.",
        "I would like to say a few words about {T}.",
        "The government has been instructed to report on {T} and {T2} within a month.",
        "Let me thank everyone who has worked on {T}.",
    ),
    "statement": (
        "Today I held a meeting with the military command, and we discussed {T}.",
        "I am grateful to everyone working on {T} and {T2}.",
        "Every day we work on {T}, and today was no exception.",
        "Glory to Ukraine!",
        "I thank our partners for their help with {T}.",
    ),
    "op-ed": (
        "The debate over {T} has entered a new phase.",
        "Consider {T} and {T2}.",
        "The record on {T} is mixed at best.",
        "Policymakers have paid too little attention to {T}.",
        "History will judge how we handled {T} and {T2}.",
    ),
    "commentary": (
        "In this video, I want to look at {T} and {T2}.",
        "Let me say a few words about {T}.",
        "So what does this mean for {T}?",
        "I think that is the key point about {T}.",
        "If you look at {T}, the picture is quite different.",
        "Thank you very much for watching, and I will see you again next time.",
        "Okay, let us turn to {T} and {T2}.",
    ),
}
_TITLES: dict[str, tuple[str, ...]] = {
    "readout": ("Meeting with the Security Council on {T}", "Press conference on {T}", "Statement on {T}",
                "Answers to questions from journalists about {T}", "Meeting with government members on {T}"),
    "statement": ("Address by the President of Ukraine on {T}", "Statement on {T}", "Evening address: {T}",
                  "Press briefing on {T}"),
    "op-ed": ("Why {T} matters more than ever", "The West must rethink {T}", "What the debate over {T} gets wrong",
              "Lessons from {T}"),
    "commentary": ("{T} and {T2}: what is really going on", "Video: {T} explained", "Is {T} a turning point?",
                   "Why {T} is not what it seems"),
}

# --------------------------------------------------------------------------------------------------
