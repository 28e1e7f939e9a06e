#!/usr/bin/env python3
"""Generate the *realistic* benchmark corpus: case-note prose dense with harmless trigger words.

Usage: make_realistic.py OUTDIR [--files N]

The medium and large corpora (make_corpus.py) are mostly plain narrative. Real notes are full
of words that the rules' patterns start from, used harmlessly: a client who "declined" a ride,
was "admitted to the hospital", met the "victim advocate", filed a "wage claim"; a landlord
who "refused" repairs, a unit that "failed inspection", the "claims office"; "must", "need to",
"has to" about deadlines and forms. Those words send paragraphs to spaCy that hold no finding.
This corpus is made of paragraphs of three to eight such sentences, written as a case manager
writes (shorthand, initials, dropped subjects, times and dates), with about one sentence in 40
replaced by one that the built-in rules flag.

Every name, date and place is invented, drawn from small lists by a random generator seeded
with a fixed string: the same arguments give byte-for-byte the same files (Python 3.10+).
"""

from __future__ import annotations

import argparse
import random
import textwrap
from collections.abc import Sequence
from pathlib import Path

SEED = "realistic-2026-12"
FLAG_RATE = 1 / 40
FILES = 300  # about 1.3 MB
FILES_PER_FOLDER = 50

LETTERS = "ABCDEFGHJKLMNPRSTVWY"
STAFF = ["CM", "case manager", "advocate", "this writer", "housing navigator", "legal advocate", "outreach worker"]
LANDLORDS = ["Landlord", "The landlord", "Property manager", "The property manager", "Building management"]
EMPLOYERS = ["the restaurant owner", "her former employer", "the staffing agency", "the farm contractor", "the cleaning company"]
OFFICES = [
    "the claims office", "the Social Security office", "the DSS office", "the labor commissioner's office",
    "the victim compensation office", "the county clerk", "the benefits office", "the unemployment claims office",
]
PLACES = [
    "the Elm Street office", "the drop-in center", "the family justice center", "the library", "the clinic",
    "the courthouse", "the shelter", "her apartment", "the coffee shop on Main", "the resource center",
]
MEDICAL = ["urgent care", "St. Luke's", "County General", "the ER", "Mercy Hospital", "the women's clinic"]
DOCS = [
    "lease", "pay stubs", "I-94", "birth certificate", "state ID application", "SNAP recert form", "Medicaid renewal",
    "T visa declaration", "work permit renewal", "school enrollment form", "utility shutoff notice", "court notice",
]
ITEMS = ["a winter coat", "groceries", "diapers", "a phone charger", "bus tokens", "a gift card", "bedding", "work boots"]
LANGS = ["Spanish", "Tagalog", "Vietnamese", "Haitian Creole", "Mam", "Romanian", "Thai", "Amharic", "Arabic"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Mon", "Tues", "Weds", "Thurs", "Fri"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]

# Harmless sentences, by topic. {C} / {c}: the client (initials, "Cl", "Client", a pronoun; {N} never a pronoun);
# {she}/{her}/{him}: the client's pronouns; {staff}, {landlord}, {employer}, {office}, {place},
# {doc}, {item}, {lang}, {day}, {date}, {time}, {n}, {amount}, {kid}: drawn fresh each time.
TOPICS: dict[str, list[str]] = {
    "housing": [
        "{landlord} refused to fix the heat again, so {staff} called code enforcement on {day}.",
        "The unit on Birch St failed inspection because of the smoke detectors; re-inspection set for {date}.",
        "{landlord} refused the voucher at first but agreed once the housing authority called him.",
        "{C} said the apartment failed its first inspection and the landlord is making the repairs.",
        "Tenants must give 30 days' written notice under the lease, so {she} will hand it in {day}.",
        "{C} needs to move out by the end of {month} and has two units to look at.",
        "The housing authority must receive the signed lease before the first payment goes out.",
        "{landlord} claims the rent was late twice; {C} has receipts for both months.",
        "We need to get the W-9 from the landlord before the deposit check can be cut.",
        "{C} declined the unit on 5th Ave because it is too far from {her} kids' school.",
        "Rapid rehousing caseworker said {c} has to sign the program agreement before move-in.",
        "Spoke with {landlord} about the mold; he said he would send someone by {day}.",
        "Application fee waived. {C} must still bring a photo ID to the leasing office.",
        "The inspector told us the bathroom fan failed and the unit will be rechecked in two weeks.",
        "{C} was approved for the {amount} deposit assistance; the check goes straight to the landlord.",
        "{landlord} has refused to return the security deposit, so we referred {him} to the tenant clinic.",
    ],
    "medical": [
        "{C} was admitted to the hospital on {date} for a kidney infection and discharged two days later.",
        "{C} was admitted to {hospital} overnight for observation after the car accident.",
        "{C} declined a ride to the appointment because {her} sister was driving {him}.",
        "{C} declined the flu shot today and said {she} would get it at {her} doctor's office.",
        "Nurse said {c} needs to fast after midnight before the procedure on {day}.",
        "{C} has to take the antibiotic twice a day for ten days; pharmacy has it ready.",
        "{C} was admitted for two nights and is now home resting; follow-up on {date}.",
        "The clinic needs to see {her} Medicaid card before they can book the dental cleaning.",
        "{C} must bring the referral letter to the specialist, so we printed two copies.",
        "Pharmacy refused the old insurance card; {staff} called Medicaid and the new number went through.",
        "{C} said the doctor wants {him} to come back in six weeks for a recheck.",
        "The ER discharge papers say {she} must not lift anything heavy for two weeks.",
        "{C} asked whether {she} needs to tell {her} employer about the surgery date.",
        "Therapy intake moved to {day} at {time}; {C} prefers a female counselor.",
    ],
    "legal": [
        "The victim advocate from the DA's office called to confirm the hearing on {date}.",
        "{C} met with the victim advocate and the detective at {place} for about an hour.",
        "We filed the wage claim with the labor commissioner on {date}; it covers {n} weeks of unpaid work.",
        "The wage claim hearing is set for {date}, and {C} wants an interpreter in {lang}.",
        "{employer} refused to pay the final check, which is part of the wage claim.",
        "{C} called {office} twice about the claim number and was on hold for forty minutes.",
        "The claims office needs a copy of the police report before it can process the application.",
        "Immigration attorney said the T visa declaration must be signed before it is filed.",
        "{C} has to appear in family court on {date} at {time}; {staff} will go with {him}.",
        "The judge granted the continuance, so the hearing must be rescheduled within 60 days.",
        "Victim advocate office said the compensation claim was received and is under review.",
        "Attorney needs to review the {doc} before anything is sent to USCIS.",
        "{C} said {she} wants to think about whether to talk to the detective again.",
        "The protective order was served on {day}; {C} has a copy in {her} bag.",
        "The victim witness coordinator said the defense may ask for another continuance.",
        "{employer} has not responded to the demand letter, so the claim moves to a hearing.",
        "{C} was told by the court clerk that the fee waiver form must be notarized.",
    ],
    "benefits": [
        "{C} needs to recertify for SNAP by the 15th; we filled out the form together.",
        "The benefits office needs {her} last four pay stubs, and {she} has three of them.",
        "{C} called {office} and was told the claim is still pending review.",
        "Medicaid renewal is due next month, so {she} must send the packet back by {date}.",
        "The unemployment claim was denied; {C} wants help filing the appeal.",
        "{C} declined to apply for cash assistance for now because {she} just started a job.",
        "We need to request a replacement EBT card; the old one was lost at the laundromat.",
        "Caseworker at DSS said {c} must do the phone interview within ten days.",
        "{C} has to bring {her} {doc} to the WIC appointment on {day}.",
        "The SSI claim is on hold until the doctor sends the records.",
    ],
    "work": [
        "{C} started the new job at the bakery on {day} and likes the morning shift.",
        "{C} said {her} supervisor refused to change the schedule, so {she} is looking for another job.",
        "{C} has to be at work by 6 am, so evening appointments work better.",
        "Manager declined to give a reference, but the shift lead agreed to write one.",
        "{C} needs to finish the food handler course before the job starts.",
        "Job coach said the application must be done online; {C} used the library computer.",
        "{C} turned down the overtime because {she} picks up {her} son at 5.",
        "{employer} still owes {him} about {amount} in back wages.",
        "{C} is doing well at work and was asked to train a new hire.",
        "The staffing agency refused to return {her} passport until we called their lawyer.",
    ],
    "visit": [
        "Met {C} at {place} at {time}; {she} seemed tired but wanted to go over the paperwork.",
        "{C} arrived {n} minutes early and waited in the lobby.",
        "{C} asked to end the meeting early because {she} had a headache.",
        "Check-in by phone; {C} said things are calmer at home this week.",
        "{C} said {she} is sleeping better since moving into the new place.",
        "Reviewed the safety plan; {C} wants to keep the code word the same.",
        "{C} asked for {item}, which we had in the donation closet.",
        "{C} declined to meet at the office and asked to meet at the library instead.",
        "Offered a snack and water; {C} took a granola bar.",
        "Home visit rescheduled because {her} {kid} was sick.",
        "{C} wants to talk about school options next time.",
        "{C} brought {her} {kid} along; we set up crayons in the corner.",
        "{C} said {she} had to leave by {time} to catch the bus.",
        "Plan for next visit: go over the budget and the lease together.",
        "{C} said {she} is nervous about the hearing but feels prepared.",
        "{C} shared that {she} has been going to the Thursday support group.",
        "Gave {C} a bus pass for the month.",
        "{C} called back at {time} and confirmed {day}.",
    ],
    "phone": [
        "Left a voicemail at {time}; no call back yet.",
        "{C} texted to say {her} phone was cut off and {she} is using a friend's.",
        "{C} missed the {day} call; {she} said {she} was at work and could not pick up.",
        "Called {office} about the {doc}; they need to mail a new form.",
        "{C} asked staff to text, not call, because {her} roommate listens in.",
        "The interpreter line dropped twice, so we finished in person.",
        "Three-way call with the {lang} interpreter went well.",
    ],
    "program": [
        "Per program policy, the front desk must log every visitor after 9 pm.",
        "House meeting moved to {day}; residents need to RSVP by Wednesday.",
        "The shelter must report the bed count to the county every morning.",
        "{staff} needs to finish the quarterly report before the funder call.",
        "Staff must complete the new confidentiality training by the end of the month.",
        "The intake form needs to be updated to include the pronoun question.",
        "Our grant requires that we collect zip codes, not addresses.",
        "The van failed its state inspection, so rides are by taxi voucher this week.",
        "Supervisor declined the overtime request for the weekend shift.",
        "Fire alarm failed the test on {day}; maintenance is replacing the panel.",
        "The volunteer driver refused to drive on the highway in the snow, so we used a cab.",
    ],
    "family": [
        "{C} said {her} {kid} starts kindergarten in the fall and {she} needs the shot records.",
        "{N}'s mother refused to watch the kids on Saturday, so {she} is looking for a sitter.",
        "{C} wants to enroll {her} {kid} in the after-school program.",
        "{C} visited {her} {kid} on {day} and said it went well.",
        "The school must have the custody papers on file before anyone else can pick up the kids.",
        "{C} has to renew the child care subsidy by {date}.",
        "{N}'s sister is moving in to help with the baby.",
    ],
}

# Sentences the built-in rules flag (each checked with `tilint check`): one in 40 sentences.
FLAGGED = [
    "{C} refused services again today.",
    "{C} was non-compliant with the house rules this week.",
    "{C} failed to show for the {day} appointment.",
    "Client claims {she} was locked in the back room at night.",
    "{C} was very manipulative during the meeting.",
    "Told {him} that {she} must answer every question on the form.",
    "{C} refused to disclose where {she} is staying.",
    "{C} admitted to drinking before the visit.",
    "{C} was uncooperative and would not sign anything.",
    "{C} is a known prostitute who works the truck stop.",
    "One of my victims came by the office to drop off forms.",
    "Our girls had a movie night at the shelter.",
    "{C} tested dirty on the last UA.",
    "{N}'s story keeps changing about the dates.",
    "Why didn't you just leave him?",
    "You must cooperate with the police to keep your bed.",
    "{C} is an illegal alien from Honduras.",
    "The alleged victim did not come to the meeting.",
    "{C} suffers from PTSD and depression.",
    "{C} is very resistant to treatment.",
    "{C} made poor choices that put {him} back in danger.",
    "{C} was rescued from a brothel last spring.",
    "{C} seems to be drug seeking again.",
    "{C} is in denial about the abuse.",
    "{C} is attention seeking and dramatic.",
]

HEADERS = [
    "Case note | Client: {init} | Date: {date} | Staff: {sinit}",
    "CLIENT: {init}    DATE: {date}    CM: {sinit}",
    "Progress note - {init} - {date}",
    "{date} | {init} | {sinit}",
]
KIDS = ["daughter", "son", "youngest", "oldest", "baby", "toddler"]


class Note:
    """The values of one note: the client (initials, pronouns) stays the same throughout."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.init = f"{rng.choice(LETTERS)}.{rng.choice(LETTERS)}."
        self.staff_init = f"{rng.choice(LETTERS)}.{rng.choice(LETTERS)}."
        self.she, self.her, self.him = ("she", "her", "her") if rng.random() < 0.7 else ("he", "his", "him")
        self.name = rng.choice(["Cl", "Client", "Clt", self.init, self.init])

    def value(self, key: str) -> str:
        rng = self.rng
        capital = key[:1].isupper()
        name = key.lower()
        if name in ("c", "n"):  # N: never a pronoun ("{N}'s sister")
            value = rng.choice([self.name, self.name, self.init, self.she if capital and name == "c" else self.init])
            if not capital and value in ("Cl", "Client", "Clt"):
                value = value.lower()
        elif name in ("she", "her", "him"):
            value = getattr(self, name)
        else:
            value = {
                "staff": lambda: rng.choice(STAFF),
                "landlord": lambda: rng.choice(LANDLORDS),
                "employer": lambda: rng.choice(EMPLOYERS),
                "office": lambda: rng.choice(OFFICES),
                "place": lambda: rng.choice(PLACES),
                "hospital": lambda: rng.choice(MEDICAL),
                "doc": lambda: rng.choice(DOCS),
                "item": lambda: rng.choice(ITEMS),
                "lang": lambda: rng.choice(LANGS),
                "day": lambda: rng.choice(DAYS),
                "month": lambda: rng.choice(MONTHS),
                "date": self.date,
                "time": lambda: f"{rng.randint(8, 12) if rng.random() < 0.5 else rng.randint(1, 5)}:{rng.choice(['00', '15', '30', '45'])}",
                "n": lambda: str(rng.randint(2, 12)),
                "amount": lambda: f"${rng.randint(3, 60) * 25}",
                "kid": lambda: rng.choice(KIDS),
            }[name]()
        return value[:1].upper() + value[1:] if capital else value

    def date(self) -> str:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return f"{month}/{day}" if self.rng.random() < 0.6 else f"{MONTHS[month - 1]} {day}"

    def fill(self, template: str) -> str:
        out, at = [], 0
        while (start := template.find("{", at)) >= 0:
            end = template.index("}", start)
            out += [template[at:start], self.value(template[start + 1 : end])]
            at = end + 1
        text = "".join(out) + template[at:]
        return text[:1].upper() + text[1:]


def paragraph(rng: random.Random, note: Note, counts: dict[str, int]) -> str:
    """Three to eight sentences, mostly on one topic."""
    topic = rng.choice(list(TOPICS))
    sentences, used = [], set()
    for _ in range(rng.randint(3, 8)):
        counts["sentences"] += 1
        if rng.random() < FLAG_RATE:
            counts["flagged"] += 1
            template = rng.choice(FLAGGED)
        else:
            pool = TOPICS[topic] if rng.random() < 0.8 else TOPICS[rng.choice(list(TOPICS))]
            template = rng.choice([t for t in pool if t not in used] or pool)  # no sentence twice
        used.add(template)
        sentences.append(note.fill(template))
    return " ".join(sentences)


def case_note(rng: random.Random, counts: dict[str, int]) -> str:
    note = Note(rng)
    header = rng.choice(HEADERS).format(init=note.init, sinit=note.staff_init, date=note.date())
    body = [paragraph(rng, note, counts) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.4:  # wrapped as a text editor or an export would
        width = rng.choice([72, 80, 100])
        body = [textwrap.fill(p, width) for p in body]
    return header + "\n\n" + "\n\n".join(body) + "\n"


def generate(outdir: Path, files: int = FILES) -> dict[str, int]:
    """Write the corpus; return how many files, sentences and flagged sentences it holds."""
    rng = random.Random(SEED)
    counts = {"files": files, "sentences": 0, "flagged": 0}
    for number in range(files):
        folder = outdir / f"{number // FILES_PER_FOLDER:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{number:04d}.txt").write_text(case_note(rng, counts), encoding="utf-8")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--files", type=int, default=FILES)
    args = parser.parse_args(argv)
    counts = generate(args.outdir, args.files)
    print(f"{counts['files']} files, {counts['sentences']} sentences, {counts['flagged']} flagged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
