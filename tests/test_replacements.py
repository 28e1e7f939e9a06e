"""Alternatives that can be pasted as written (issue 16, item 3).

A rule's alternative is a replacement unless it says ``replaces: false``; a replacement is put in
place of exactly the words the rule reports, where it fits, and must leave a sentence no rule
fires on, with no word doubled and no word of the note lost.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tilint.fix import apply_edits, stand_in
from tilint.grammar import grammar_breaks, vowel_sound
from tilint.replacements import check_replacements
from tilint.rules import RuleError, builtin_rules_dir, load_rules
from tilint.runner import Linter


def _rule(folder: Path, alternatives: str, flag: str = "Client is so uncooperative today.", fid: str = "AG1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        f"id: {fid}", f"name: agency-uncooperative-{fid.lower()}", "category: judgment", "severity: warning",
        "message: '\"{match}\" judges the person.'", "why: A label hides what happened.", "alternatives:",
        *("  " + line for line in alternatives.splitlines()),
        "source: our own judgment", "patterns:", "  - uncooperative", "examples:", "  flag:", f"    - {flag}",
        "  pass:", "    - Client cooperated with the detective.",
    ]
    (folder / f"{fid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _paste(text: str, words: str, alternative: str) -> str | None:
    start = text.index(words)
    edit = stand_in(alternative, text, start, start + len(words))
    return None if edit is None else apply_edits(text, [edit])


# --- the rule file ---------------------------------------------------------------------------


def test_a_replacement_with_a_placeholder_is_a_rules_error(tmp_path: Path) -> None:
    _rule(tmp_path, "- described what (name) asked for\n")
    with pytest.raises(RuleError, match=r"placeholder.*replaces: false"):
        load_rules([tmp_path], None)


def test_advice_may_hold_a_placeholder_and_is_kept_apart(tmp_path: Path) -> None:
    _rule(tmp_path, '- {text: "describe what (name) asked for", replaces: false}\n- had other plans\n')
    rule = next(r for r in load_rules([tmp_path], None) if r.id == "AG1")
    assert rule.alternatives == ("describe what (name) asked for", "had other plans")
    assert rule.advice == ("describe what (name) asked for",)


def test_replaces_must_be_true_or_false(tmp_path: Path) -> None:
    _rule(tmp_path, "- {text: had other plans, replaces: maybe}\n")
    with pytest.raises(RuleError, match="replaces: expected true or false"):
        load_rules([tmp_path], None)


def test_advice_is_never_offered_as_a_replacement_in_interactive_fix(tmp_path: Path) -> None:
    rules = _rule(tmp_path / "rules", "- {text: was reluctant, replaces: false}\n- was hesitant\n")
    note = tmp_path / "note.txt"
    note.write_text("Client was uncooperative at intake.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--no-color", "--rules", str(rules), "--select", "AG1",
                                      "--fix", "--interactive", str(note)], input="2\n")
    assert "1) hesitant" in result.output  # "was" is already in the note
    assert "2)" not in result.output  # the advice has no number to pick
    assert "- was reluctant" in result.output
    assert note.read_text(encoding="utf-8") == "Client was uncooperative at intake.\n"


def test_two_alternatives_fitted_to_the_same_words_are_offered_once(tmp_path: Path) -> None:
    rules = _rule(tmp_path / "rules", "- was hesitant\n- is hesitant\n")  # both become "hesitant" after "was"
    note = tmp_path / "note.txt"
    note.write_text("Client was uncooperative at intake.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--no-color", "--rules", str(rules), "--select", "AG1",
                                      "--fix", "--interactive", str(note)], input="s\n")
    assert "1) hesitant" in result.output
    assert "2)" not in result.output


# --- putting an alternative in place ---------------------------------------------------------


@pytest.mark.parametrize(("text", "words", "alternative", "expected"), [
    # an alternative that brings its own verb takes the place of the linking verb and softeners
    ("Client is so damaged right now.", "damaged", "is coping with a lot", "Client is coping with a lot right now."),
    ("She seems kind of broken.", "broken", "is rebuilding", "She is rebuilding."),  # "kind of" is one softener
    ("Honestly she's completely broken.", "broken", "is rebuilding", "Honestly she is rebuilding."),
    # ... in the tense and number of the verb it replaces
    ("Client was completely broken when she arrived.", "broken", "is coping with a lot",
     "Client was coping with a lot when she arrived."),
    ("All three kids are deeply damaged.", "damaged", "is coping with a lot", "All three kids are coping with a lot."),
    # a verb is inflected like the one it replaces
    ("She refuses shelter every night.", "refuses", "declined", "She declines shelter every night."),
    ("Resident keeps refusing referrals.", "refusing", "declined", "Resident keeps declining referrals."),
    # a noun names as many people as the one it replaces
    ("Several prostitutes were staying at the motel.", "prostitutes", "person in the sex trade",
     "Several people in the sex trade were staying at the motel."),
    ("Two victims came in.", "victims", "a survivor", "Two survivors came in."),
    # ... and one person where the match names one, with the "a" or "an" that needs
    ("Outreach met a homeless man near the yard.", "homeless man", "people without stable housing",
     "Outreach met a person without stable housing near the yard."),
    ("Client is an illegal alien from Honduras.", "illegal alien", "person without legal immigration status",
     "Client is a person without legal immigration status from Honduras."),
    ("Her husband is illegal, so she is afraid.", "illegal", "undocumented immigrant",
     "Her husband is an undocumented immigrant, so she is afraid."),
    ("Her parents are both illegal.", "illegal", "undocumented immigrant", "Her parents are both undocumented immigrants."),
    ("The farm used illegals for the harvest.", "illegals", "undocumented immigrant",
     "The farm used undocumented immigrants for the harvest."),
    ("Addicts in the program get two tries.", "Addicts", "person who uses drugs", "People who use drugs in the program get two tries."),
    ("The shelter is not set up for the mentally ill.", "the mentally ill", "person living with a mental illness",
     "The shelter is not set up for people living with a mental illness."),
    ("We have three CSEC kids in the cottage.", "CSEC kids", "youth who experienced exploitation",
     "We have three youths who experienced exploitation in the cottage."),  # an acronym gives no capital
    # a main verb takes the place of "is" in its tense
    ("Client is wheelchair-bound after the injury.", "wheelchair-bound", "uses a wheelchair",
     "Client uses a wheelchair after the injury."),
    ("Her father has been confined to a wheelchair since May.", "confined to a wheelchair", "uses a wheelchair",
     "Her father has used a wheelchair since May."),
    # "his" for a man, a perfect kept before "since", a relative word for the relative word only
    ("Client's brother committed suicide last year.", "committed suicide", "ended her life",
     "Client's brother ended his life last year."),
    ("The 16 yo has been escorting since she was 14.", "has been escorting", "was trafficked for sex",
     "The 16 yo has been trafficked for sex since she was 14."),
    ("Spoke with a woman that came in today.", "woman that", "who", "Spoke with a woman who came in today."),
    ("Her boyfriend (16 yo) is a felon.", "felon", "youth involved with juvenile court",
     "Her boyfriend (16 yo) is a youth involved with juvenile court."),  # the note says he is young
    ("Client (16) is a felon.", "felon", "youth involved with juvenile court",
     "Client (16) is a youth involved with juvenile court."),  # every age the age switch reads: "(16)"
    ("Her brother, aged fifteen, is a felon.", "felon", "youth involved with juvenile court",
     "Her brother, aged fifteen, is a youth involved with juvenile court."),  # a number word
    ("She had sex with an older man at 14.", "had sex with", "was sexually abused by",
     "She was sexually abused by an older man at 14."),  # how old she was then: the man is no child
    ("Client is a runaway.", "runaway", "youth who left home", "Client is a youth who left home."),
    # read as a supervisor would, on the README's examples and the blind sets (issue 16): an age in a
    # note needs no "a", "we" speak as "we", a clitic keeps its space, "former" keeps its past
    ("Referral: 23yo schizophrenic, needs housing.", "schizophrenic", "person living with a mental illness",
     "Referral: 23yo person living with a mental illness, needs housing."),
    ("Intake: 14-year-old woman brought in by patrol.", "woman", "girl", "Intake: 14-year-old girl brought in by patrol."),
    ("Every woman who walks through our door becomes one of ours.", "ours", "the people I work with",
     "Every woman who walks through our door becomes one of the people we work with."),
    ("She's still in denial about the trafficking.", "'s still in denial about", "is not ready to talk about",
     "She is not ready to talk about the trafficking."),
    ("You're not allowed to leave the building alone.", "You're not allowed", "Everyone is asked not to",
     "Everyone is asked not to leave the building alone."),
    ("Client is a former addict and mentors residents.", "former addict", "person in recovery",
     "Client is a person in recovery and mentors residents."),
    # a full stop the match ends on stays, and "was" takes the number of the verb it replaces
    ("Girls as young as 13 are seduced by older boyfriends and choose the life.", "choose the life.", "was exploited",
     "Girls as young as 13 are seduced by older boyfriends and are exploited."),
    ("She chooses the life.", "chooses the life.", "was exploited", "She is exploited."),
    # words the alternative writes as they stand are left as they are, with the line break between them
    ("Please make sure the\ngirls have bus passes.", "the\ngirls", "the women", "Please make sure the\nwomen have bus passes."),
    ("Client alleges\nthat he was paid.", "alleges\nthat", "reported that", "Client reports\nthat he was paid."),
    # "the" in place of a possessive word keeps every describing word and a possessive after the noun
    ("Spoke with my trafficking victim about court.", "my", "the", "Spoke with the trafficking victim about court."),
    ("Our survivors will attend the workshop.", "Our", "the", "The survivors will attend the workshop."),
    ("Took three of my victims' children to school.", "my", "the", "Took three of the victims' children to school."),
    # an alternative written to open a sentence keeps a small letter mid-sentence, and its capital at the start
    ("During phase 1, you're not allowed to leave the building alone.", "you're not allowed", "Everyone is asked not to",
     "During phase 1, everyone is asked not to leave the building alone."),
    ("Reminder: you're not allowed to leave the building alone.", "you're not allowed", "Everyone is asked not to",
     "Reminder: everyone is asked not to leave the building alone."),
    # "her" for a man: "him" where it is the object ("for her to", "put her at"), "his" before a noun
    ("Asked him why he didn't leave.", "why he didn't leave", "what made it hard for her to leave",
     "Asked him what made it hard for him to leave."),
    ("Her son committed suicide in May.", "committed suicide", "ended her life", "Her son ended his life in May."),
])
def test_an_alternative_fits_the_sentence(text: str, words: str, alternative: str, expected: str) -> None:
    assert _paste(text, words, alternative) == expected


@pytest.mark.parametrize(("text", "words", "alternative"), [
    ("Took three of my victims' children to school.", "my victims", "the people I work with"),  # possessive
    ("Client is, honestly, damaged.", "damaged", "is coping with a lot"),  # no verb to take the place of
    ("Client is a victim of depression.", "a victim of depression", "was diagnosed with"),  # would lose a word
    # "a" is no softener: no linking verb stands just before "broken", so "is struggling" cannot take its place
    ("She is a broken young woman.", "broken", "is struggling"),
    # where the sentence would read wrong
    ("Client is a long-time PTSD sufferer.", "sufferer", "lives with"),  # a person's verb after a condition
    ("The shelter is not set up for the disabled.", "the disabled", "uses a wheelchair"),  # a verb after "for"
    ("He is a total mess today.", "mess", "is having a very hard day"),  # "a total is having"
    ("The 13-year-old chose to sell sex.", "sell sex", "was trafficked for sex"),  # "to was"
    ("I think she is too damaged to benefit from group.", "damaged", "is struggling"),  # "too ... to" loses "too"
    ("Pt is so broken after the trial that she may never work again.", "broken", "is struggling"),  # "so ... that"
    ("Client is so OCD about her bed.", "OCD", "person living with a mental illness"),  # a noun after "so"
    ("Her bipolar roommate skips meals.", "bipolar", "person living with a mental illness"),  # a describing word
    ("The coach, 41, had sex with a 14-year-old player.", "had sex with", "was sexually abused by"),  # turned round
    ("Staff will decide where you are placed.", "decide", "help her decide"),  # "her" when speaking to "you"
    ("We have three CSEC kids in the cottage.", "CSEC kids", "person with a felony conviction"),  # a child stays a child
    ("Her brother is a juvenile delinquent.", "juvenile delinquent", "person with a felony conviction"),
    ("Her boyfriend is a felon on parole.", "felon", "youth involved with juvenile court"),  # nothing says he is young
    # an age at an event says how old she was then, not that anyone here is young now
    ("Client, 32, was first trafficked at 14; her boyfriend is a felon.", "felon", "youth involved with juvenile court"),
    ("Trafficked at the age of fifteen, she married a felon.", "felon", "youth involved with juvenile court"),
    ("The coach had sex with a fifteen-year-old player.", "had sex with", "was sexually abused by"),  # turned round
    # what a supervisor would not sign (issue 16): a choice the sentence makes a condition
    ("Say: You must answer all questions before we can assign you a bed.", "You must", "You can choose whether to"),
    ("Rule 1: You must attend all groups, no exceptions.", "You must", "You can choose whether to"),
    ("Say: You must be back by 8pm or you lose your bed.", "You must", "You can choose whether to"),
    ("Say: You need to be honest with me, or this won't work.", "You need to", "You can choose whether to"),
    ("Script: You need to tell me all of it if you want my help.", "You need to", "You can choose whether to"),
    # ... "everyone" while the sentence still speaks to "you"
    ("Say: You may not use your phone during your first 30 days.", "You may not", "Everyone is asked not to"),
    # ... a word the sentence has just said
    ("Youth is a known runner from placements.", "runner", "youth who left home"),
    # ... a clause after "that" left without it
    ("She's still in denial that what happened to her was trafficking.", "'s still in denial that", "is not ready to talk about"),
    ("She's still in denial that what happened to her was trafficking.", "'s still in denial that", "sees the situation another way"),
    # ... "former addict" made a person who uses drugs now
    ("Client is a former addict and mentors residents.", "former addict", "person who uses drugs"),
    # ... "so" and "too" without what they lead to, a verb after "so", two verbs across an adverb
    ("Many of the women arrive so damaged that they cannot work.", "damaged", "is struggling"),
    ("Client is so broken she can barely get through group.", "broken", "is struggling"),
    ("Honestly she's too far gone for our program.", "far gone", "is struggling"),
    ("At 15, D. was already dating a man in his forties.", "dating", "was sexually abused by"),
    # ... a verb phrase for a describing word or a clause, "to" without its verb, a word for a sentence
    ("Non-compliant residents accounted for most exits.", "Non-compliant", "did not keep to"),
    ("Say: You're going to the shelter tonight, it's already arranged.", "it's already arranged", "help you decide"),
    ("Say: Don't argue with me, just sign here.", "Don't argue", "Everyone is asked not to"),
    ("Say: No visits for two weeks. These are the rules.", "These are the rules.", "optional"),
    # a placeholder or an ellipsis, which a rule file may not give a replacing alternative, is advice here too
    ("Client is so uncooperative today.", "uncooperative", "(describe what happened)"),
    ("Client is so uncooperative today.", "uncooperative", "chose not to …"),
    ("Client is so uncooperative today.", "uncooperative", "chose not to ..."),
    ("Client is so uncooperative today.", "uncooperative", "declined [the referral]"),
    # a determiner stands in only for a determiner or possessive word: not "Two the testified", "Met two of the."
    ("Two survivors of mine testified at the hearing.", "survivors of mine", "the"),
    ("Met two of my victims.", "my victims", "the"),
    ("Our clients are survivors of ours.", "survivors of ours", "the"),
    # "her" or "his" where the sentence is about "they" or several people: the verbs would not follow
    ("They committed suicide together in 2019.", "committed suicide", "ended her life"),
    ("Both women committed suicide that year.", "committed suicide", "ended her life"),
    ("Asked them why they didn't leave.", "why they didn't leave", "what made it hard for her to leave"),
])
def test_an_alternative_that_cannot_fit_is_advice_there(text: str, words: str, alternative: str) -> None:
    assert _paste(text, words, alternative) is None


# --- grammar around the words put in ---------------------------------------------------------


def _breaks(marked: str, alternative: str | None = None, original: str = "") -> list[str]:
    """grammar_breaks on a sentence whose replaced words are marked [[like this]]."""
    start = marked.index("[[")
    end = marked.index("]]") - 2
    text = marked.replace("[[", "").replace("]]", "")
    return grammar_breaks(text, start, end, alternative or text[start:end], original or text[start:end])


@pytest.mark.parametrize(("marked", "alternative", "original", "problem"), [
    ("Client is an [[person without legal immigration status]] from Honduras.", None, "", '"a" before'),
    ("She had a [[upsetting]] morning.", None, "", '"an" before'),
    ("She continues to [[has]] nightmares.", None, "", "base form"),
    ("She continues to [[declines]] the bed.", None, "", "base form"),
    ("She would not [[declines]] the referral.", None, "", "base form"),
    ("The 13-year-old chose to [[was trafficked for sex]] to keep her friend safe.", None, "", "base form"),
    ("She [[decline]] to talk about it.", None, "", "does not agree"),
    ("They [[declines]] every referral.", None, "", "does not agree"),
    ("Both girls [[is struggling]] at school.", None, "", "plural subject"),
    ("Training slide says [[abuse images]] is often traded.", None, "", "plural subject"),
    ("[[People who uses drugs]] come in at night.", None, "", "plural subject"),
    ("Night staff should watch the [[youths who is away from placement]].", None, "", "plural subject"),
    ("Client is a long-time PTSD [[lives with]] and uses a support animal.", None, "sufferer", "after a condition"),
    ("Client is [[uses a wheelchair]] after the injury.", None, "", "two verbs"),
    ("The shelter is not set up for [[uses a wheelchair]].", None, "", "noun should be"),
    ("He is a total [[is having a very hard day]].", None, "mess", "noun should be"),
    ("The 15-year-old began [[was trafficked for sex]] last winter.", None, "", "two verbs"),
    ("The client's [[state]] that she was never paid was passed on.", "stated", "claim", "noun should be"),
    ("Client worries her son will [[end her life]].", None, "", 'named "son"'),
    ("I will [[help her decide]] the housing option that works for your case.", None, "", 'spoken to "you"'),
    ("Her [[person living with a mental illness]] roommate skips meals.", None, "bipolar", "describing word"),
    ("Resident has been very [[person in recovery]] all week.", None, "", 'after "very"'),
    ("Client is [[person in recovery]] now.", None, "", 'needs "a"'),
    ("The drop-in center was started by two [[person in the sex trade]].", None, "", "number with one"),
    ("Outreach met a [[people without stable housing]] near the yard.", None, "", "one with several"),
    ("Detective called it a [[domestic violence]].", None, "domestic", "not counted"),
    ("Spoke with a [[who]] came in today.", None, "woman that", "the noun it stands for"),
    ("She is [[struggling]] to benefit from group.", None, "too damaged", '"too ... to"'),
    ("Clt is [[struggling]] by what happened.", None, "traumatized", '"by"'),
    ("Resident [[did not keep to]].", None, "was non-compliant", "ends the sentence"),
    ("The 16 yo [[was trafficked for sex]] since she was 14.", None, "has been escorting", "perfect"),
    ("The coach, 41, [[was sexually abused by]] a 14-year-old player.", None, "had sex with", "the child did it"),
    ("The 14-year-old [[sexually abused]] her mother's landlord.", None, "had sex with", "the child the one"),
    ("Per the nurse, the 14-year-old is [[sexually abused]] older men.", None, "sexually active with", "with an object"),
])
def test_grammar_breaks_are_found(marked: str, alternative: str | None, original: str, problem: str) -> None:
    found = _breaks(marked, alternative, original)
    assert any(problem in f for f in found), found


@pytest.mark.parametrize(("marked", "alternative", "original"), [
    ("Client is an [[undocumented immigrant]] from Honduras.", None, ""),
    ("She met her advocate for an [[hour]].", None, ""),
    ("Client gave a [[urine sample]] at intake.", None, ""),
    ("She was referred to an [[SUD]] program.", None, ""),
    ("She chose to [[decline]] the bed.", None, ""),
    ("She went to [[meetings]] every week.", None, ""),
    ("She [[declines]] the bed every night.", None, ""),
    ("Did she [[decline]] the bed?", None, ""),
    ("She would not [[decline]] the referral.", None, ""),
    ("They [[decline]] the referral.", None, ""),
    ("Client reports a john [[assaulted]] her in the motel.", None, ""),
    ("Her son [[lives with]] asthma.", None, ""),
    ("Pt has [[reported]] several times that the crew leader kept her card.", "reported", "alleged"),
    ("Team meeting: client is [[going through a lot]] today.", "is going through a lot", ""),
    ("Client was [[strangled]] during the assault.", None, ""),
    ("Resident has been [[living with]] panic attacks since the raid.", "lives with", ""),
    ("Supervisor email: we keep [[the people I work with]].", None, ""),
    ("[[Declined]] shelter placement.", None, ""),
    ("Supervisor asked whether her [[circumstances that put her at risk]] make her a fit.", None, ""),
    ("Two [[people who use drugs]] came in.", None, ""),
    ("The [[staff]] are worn out.", None, ""),
    ("The 14-year-old [[was sexually abused by]] a 30-year-old man.", None, "had sex with"),
    ("The coach, 41, [[sexually abused]] a 14-year-old player.", None, "had sex with"),
    ("Suspect [[assaulted]] client while she was unconscious.", None, "had sex with"),
    ("Client worries her son will [[end his life]].", None, ""),
    ("Client is a [[person in recovery]] now.", None, ""),
    ("Client is an IV [[person who uses drugs]].", None, ""),
    ("Staff will [[help you decide]] where you are placed.", None, ""),
])
def test_grammar_that_reads_right_passes(marked: str, alternative: str | None, original: str) -> None:
    assert _breaks(marked, alternative, original) == []


@pytest.mark.parametrize(("word", "an"), [
    ("hour", True), ("honest", True), ("undocumented", True), ("urine", False), ("user", False), ("union", False),
    ("uninsured", True), ("one-time", False), ("SUD", True), ("HIV", True), ("PTSD", False), ("18-year-old", True),
    ("11", True), ("14-year-old", False), ("European", False), ("advocate", True), ("person", False),
])
def test_a_or_an_follows_the_sound(word: str, an: bool) -> None:
    assert vowel_sound(word) is an


# --- the check -------------------------------------------------------------------------------


def _check(folder: Path) -> list[str]:
    linter = Linter(load_rules([folder], None))
    report = check_replacements(linter, [r for r in linter.rules if r.id.startswith("AG")])
    return [problem.describe() for problem in report.problems()]


def test_the_check_passes_an_alternative_that_reads_cleanly(tmp_path: Path) -> None:
    assert _check(_rule(tmp_path, "- hesitant\n")) == []


@pytest.mark.parametrize(("alternatives", "flag", "problem"), [
    ("- uncooperative and tired\n", "Client is so uncooperative today.", "still gives AG1"),
    ("- hesitant\n", "Client seemed uncooperative, hesitant at intake.", "writes a word twice"),
    ("- hesitant\n", "Client is so uncooperative today; so uncooperative.", "leaves the rule firing"),
    ("- What happened today?\n", "Client is so uncooperative today.", "fits none of the flag examples"),
])
def test_the_check_reports_an_alternative_that_does_not(tmp_path: Path, alternatives: str, flag: str, problem: str) -> None:
    problems = _check(_rule(tmp_path, alternatives, flag))
    assert problems and problem in problems[0], problems


def test_the_check_reports_a_word_lost(tmp_path: Path) -> None:
    (tmp_path / "AG2.yaml").write_text(textwrap.dedent("""\
        id: AG2
        name: agency-claims
        category: credibility
        severity: warning
        message: '"{match}" doubts the person.'
        why: Doubt silences.
        alternatives:
          - reported that
        source: our own judgment
        patterns:
          - [{IS_TITLE: true}, {LOWER: claims}, {LOWER: that}]
        examples:
          flag:
            - Maria claims that the recruiter took her passport.
          pass:
            - Maria reported that the recruiter took her passport.
        """), encoding="utf-8")
    problems = _check(tmp_path)
    assert problems and 'loses "Maria"' in problems[0], problems


def test_test_rules_fails_on_a_bad_replacement(tmp_path: Path) -> None:
    _rule(tmp_path, "- uncooperative and tired\n")
    result = CliRunner().invoke(cli, ["test-rules", "--no-variants", "--replacements", str(tmp_path)])
    assert result.exit_code == 1
    assert "AG1 agency-uncooperative-ag1: flag example 1" in result.output
    assert "Replacements: 0 of 1 read cleanly" in result.output


# Problems the pack knows of and has not solved yet, as (rule, kind of problem): none. (TI101 lost
# describing words with "the people I work with" in place of "my trafficking victim"; it now reports
# only "my"/"our" and "the" stands in, keeping "the trafficking victim".) Add one only with a reason.
KNOWN: set[tuple[str, str]] = set()


def test_every_built_in_replacement_reads_cleanly() -> None:
    linter = Linter(load_rules([builtin_rules_dir()], None))
    problems = [p.describe() for p in check_replacements(linter).problems()
                if not any(p.rule.id == rule and getattr(p, "problem", "").startswith(kind) for rule, kind in KNOWN)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
