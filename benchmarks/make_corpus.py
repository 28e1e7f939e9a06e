#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus of synthetic case notes, intake scripts and emails.

Usage: make_corpus.py SIZE OUTDIR, SIZE one of small, medium, large, huge, archive, export.

small is one clean 2 KB note (no flagged phrase) for start-up timing; the others hold about
2 MB, 20 MB and 100 MB (1 MB = 10**6 bytes) in 200, 2,000 and 10,000 files, mostly .txt with
some .md. About one sentence in 40 carries a phrase that tilint's built-in rules flag. Every
person, date and place is invented. The same arguments always give byte-for-byte the same files.
"""

from __future__ import annotations

import random
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SIZES", "Spec", "generate", "main"]

FLAG_RATE = 1 / 40  # share of sentences that carry a flagged phrase
FILES_PER_FOLDER = 100
SEED = 20240611


@dataclass(frozen=True)
class Spec:
    """How much text a corpus size holds."""

    files: int
    total_bytes: int


SIZES: dict[str, Spec] = {
    "small": Spec(1, 2_000),
    "medium": Spec(200, 2_000_000),
    "large": Spec(2_000, 20_000_000),
    "huge": Spec(10_000, 100_000_000),
    "archive": Spec(20_000, 200_000_000),  # ten years of exported notes: memory (benchmarks/memory.py)
    "export": Spec(1, 50_000_000),  # one huge export: a file split between workers
}

# ---------------------------------------------------------------------------------------------
# Slot values. Templates name slots in braces; each lookup draws a fresh value, except the
# per-document ones (the client, the writer, pronouns), which stay fixed within one file.

FIRST_LETTERS = "ABCDEFGHJKLMNOPRSTVWYZ"
STAFF_ROLES = [
    "case manager", "advocate", "housing navigator", "intake coordinator", "legal advocate",
    "peer mentor", "program supervisor", "employment specialist", "outreach worker",
]
PLACES = [
    "the drop-in center", "the Elm Street office", "the main office", "the county courthouse",
    "the public library on 5th Avenue", "the DSS office on Grand Street", "a coffee shop near her work",
    "the community health center", "the shelter common room", "the small meeting room",
    "the Westside resource center", "the food pantry on Oak Street", "the transit center",
    "the church hall on Mill Road", "the youth center", "the clinic waiting room",
]
AGENCIES = [
    "Legal Aid", "Northside Legal Services", "the county housing authority", "Catholic Charities",
    "the Department of Social Services", "the immigration legal clinic", "Harbor Health Clinic",
    "the Workforce Center", "the county victim witness office", "the food bank",
    "Lutheran Social Services", "the refugee resettlement office", "the local rape crisis center",
    "the domestic violence coalition", "the Social Security office", "the community college",
    "the public defender's office", "the tenants' union", "Mercy Family Health", "the WIC office",
]
LANGUAGES = [
    "Spanish", "Tagalog", "Vietnamese", "Mandarin", "Haitian Creole", "Romanian", "Thai", "Amharic",
    "Portuguese", "Ukrainian", "Korean", "K'iche'", "Arabic", "Nepali", "Russian", "French",
]
DOCUMENTS = [
    "birth certificate", "I-94 record", "pay stubs", "lease", "Social Security card", "state ID",
    "passport copy", "I-914 application", "Continued Presence letter", "SNAP recertification form",
    "Medicaid renewal packet", "bank statement", "school enrollment form", "work authorization card",
    "police report number", "letter of eligibility", "utility bill", "housing voucher paperwork",
    "tax return", "vaccination record", "doctor's note", "court notice",
]
BENEFITS = [
    "SNAP", "Medicaid", "WIC", "cash assistance", "TANF", "the utility assistance program",
    "the refugee cash assistance program", "the state disability program", "a transit discount card",
    "the child care subsidy", "the emergency rental assistance fund", "Lifeline phone service",
]
MEDICAL = [
    "dental appointment", "follow-up with her primary care provider", "prenatal visit", "eye exam",
    "physical therapy session", "counseling intake", "lab work", "vaccination appointment",
    "dermatology referral", "hearing test", "podiatry visit", "medication review", "chest X-ray",
]
COURTS = [
    "family court", "immigration court", "the county courthouse", "municipal court", "housing court",
    "the district court", "small claims court",
]
TRANSPORT = ["bus pass", "train ticket", "gas card", "taxi voucher", "bike share pass", "monthly transit card"]
VEHICLES = ["Lyft ride", "ride in the agency van", "taxi", "medical transport ride", "volunteer driver"]
HOUSING = [
    "the county housing authority", "Open Door Housing", "the transitional housing program",
    "the rapid rehousing program", "Hope Street Apartments", "the emergency rental assistance office",
]
STREETS = [
    "Elm Street", "Grand Avenue", "Route 9", "Mill Road", "Oak Street", "Lincoln Boulevard",
    "Harbor Drive", "Maple Avenue", "Pine Street", "Cedar Lane", "Water Street", "Union Avenue",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
JOBS = [
    "a bakery", "a hotel laundry", "a warehouse", "a nail salon", "a restaurant kitchen", "a cleaning company",
    "a daycare", "a grocery store", "a packing plant", "a home care agency", "a car wash", "a print shop",
]
ITEMS = [
    "a winter coat", "a phone charger", "groceries", "diapers", "school supplies", "a prepaid phone",
    "bus tokens", "a grocery gift card", "bedding", "toiletries", "work boots", "a backpack",
]
FEELINGS = ["tired", "hopeful", "relieved", "nervous", "calm", "focused", "quiet", "upbeat", "anxious"]


def _initials(rng: random.Random) -> str:
    """Made-up initials such as "R.M."."""
    return f"{rng.choice(FIRST_LETTERS)}.{rng.choice(FIRST_LETTERS)}."


class Slots:
    """The values for one document: fixed ones set at creation, fresh draws for the rest."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.year = rng.choice([2022, 2023, 2024])
        self.fixed: dict[str, str] = {"c": _initials(rng), "w": _initials(rng)}
        she = rng.random() < 0.65
        self.fixed.update(
            {"she": "she", "her": "her", "obj": "her", "hers": "hers"} if she
            else {"she": "he", "her": "his", "obj": "him", "hers": "his"}
        )
        self.fixed["role"] = rng.choice(STAFF_ROLES)
        self.draws: dict[str, Callable[[], str]] = {
            "staff": lambda: f"{rng.choice(STAFF_ROLES)} {_initials(rng)}",
            "peer": lambda: _initials(rng),
            "place": lambda: rng.choice(PLACES),
            "agency": lambda: rng.choice(AGENCIES),
            "lang": lambda: rng.choice(LANGUAGES),
            "doc": lambda: rng.choice(DOCUMENTS),
            "benefit": lambda: rng.choice(BENEFITS),
            "med": lambda: rng.choice(MEDICAL),
            "court": lambda: rng.choice(COURTS),
            "ride": lambda: rng.choice(TRANSPORT),
            "vehicle": lambda: rng.choice(VEHICLES),
            "housing": lambda: rng.choice(HOUSING),
            "mins": lambda: str(rng.choice([10, 15, 20, 25, 30, 40, 45, 50, 60])),
            "hours": lambda: str(rng.randint(12, 40)),
            "street": lambda: rng.choice(STREETS),
            "day": lambda: rng.choice(WEEKDAYS),
            "month": lambda: rng.choice(MONTHS),
            "date": self._date,
            "time": self._time,
            "job": lambda: rng.choice(JOBS),
            "item": lambda: rng.choice(ITEMS),
            "feel": lambda: rng.choice(FEELINGS),
            "n": lambda: str(rng.randint(2, 14)),
            "amount": lambda: f"${rng.randint(2, 95) * 10}",
            "phone": lambda: f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            "case": lambda: f"{rng.randint(10, 99)}-{rng.randint(1000, 99999)}",
            "year": lambda: str(self.year - rng.randint(0, 3)),
        }

    def _date(self) -> str:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        style = self.rng.random()
        if style < 0.5:
            return f"{month:02d}/{day:02d}/{self.year}"
        if style < 0.8:
            return f"{MONTHS[month - 1]} {day}"
        return f"{self.rng.choice(WEEKDAYS)}, {MONTHS[month - 1][:3]} {day}"

    def _time(self) -> str:
        hour, minute = self.rng.randint(8, 17), self.rng.choice([0, 0, 15, 30, 45])
        suffix = "am" if hour < 12 else "pm"
        hour = hour if hour <= 12 else hour - 12
        return f"{hour}:{minute:02d} {suffix}" if minute else f"{hour} {suffix}"

    def __getitem__(self, key: str) -> str:
        capital = key[:1].isupper()
        name = key[0].lower() + key[1:]
        if name == "client":  # at the start of a sentence the pronoun may stand for the client
            value = self.rng.choice(["client", "client", self.fixed["c"], self.fixed["c"], *[self.fixed["she"]] * capital])
        elif name in self.fixed:
            value = self.fixed[name]
        else:
            value = self.draws[name]()
        return value[:1].upper() + value[1:] if capital else value


# ---------------------------------------------------------------------------------------------
# Clean sentences by topic. {Client} is "Client", the initials or the pronoun. Near-misses of
# rules ("victim advocate", "admitted to the hospital", "asylum claim") are included on purpose.

TOPICS: dict[str, list[str]] = {
    "visit": [
        "Met with {client} at {place} at {time} for a scheduled check-in.",
        "{Client} arrived on time and said {she} had slept well this week.",
        "We reviewed the goals {she} set last month and updated two of them.",
        "{Client} said {she} felt {feel} about the week ahead.",
        "{Client} brought {her} {doc} so we could make copies for the file.",
        "I offered water and a snack, and {client} accepted a granola bar.",
        "{Client} asked to keep the meeting short because {she} starts work at {time}.",
        "We talked about what went well since our last meeting on {date}.",
        "{Client} shared that {her} new roommate has been friendly and helpful.",
        "The meeting lasted about {mins} minutes.",
        "{Client} asked for {item}, and I gave {obj} one from the supply closet.",
        "{Client} said {she} would like to meet at {place} next time because it is closer to {her} job.",
        "{Client} reported that {she} has been cooking more at home and saving money on food.",
        "I asked how {she} would like to use our time today, and {she} chose to focus on housing.",
        "Home visit completed at {her} apartment on {street} with {staff}.",
        "{Client} showed us the new curtains {she} bought with {her} first paycheck.",
        "{Client} mentioned that {her} sister may visit from out of state in {month}.",
        "We ended the meeting by confirming the next appointment for {date} at {time}.",
        "{Client} wrote the next appointment in {her} calendar and took a reminder card.",
        "{Client} said the new schedule at {job} is working better for {obj}.",
    ],
    "transport": [
        "Provided {client} with a {ride} to get to {place} on {day}.",
        "Arranged a {vehicle} for the {med} on {date}.",
        "{Client} asked whether the agency can cover a {vehicle} for next week.",
        "The bus from {her} apartment takes about {mins} minutes, so {she} plans to leave early.",
        "I drove {client} to {agency} in the agency car and waited in the lobby.",
        "{Staff} picked {client} up at {time} and dropped {obj} off at {place}.",
        "{Client} has a learner's permit and is studying for the road test in {month}.",
        "Gave {client} a printed map of the bus routes between {street} and {place}.",
        "The {vehicle} was late, so we called the dispatcher and rescheduled for {time}.",
        "Reimbursed {client} {amount} for taxi fares with receipts attached to the file.",
        "{Client} said the {ride} made it much easier to keep {her} appointments this month.",
        "Transit office confirmed that the reduced fare card will arrive by mail within {n} days.",
    ],
    "housing": [
        "Submitted the housing application to {housing} on {date}.",
        "{Client} is number {n} on the waiting list for the transitional housing program.",
        "We reviewed the lease at the apartment on {street} line by line before {she} signed it.",
        "{Client} asked about the security deposit, and I explained the {amount} grant from the housing fund.",
        "Landlord confirmed that the unit will be ready on the first of {month}.",
        "{Client} would like a ground-floor unit close to the bus line.",
        "I called {housing} to check the status of the housing voucher and left a message.",
        "The housing inspection is scheduled for {date} at {time}.",
        "{Client} toured two apartments with {staff} and preferred the one on {street}.",
        "Helped {client} fill out the rental assistance form and scanned {her} {doc}.",
        "The property manager asked for two references, and {client} chose {her} supervisor at {job} and a former teacher.",
        "{Client} has been at the emergency shelter for {n} weeks and has a bed until the end of {month}.",
        "We discussed a budget for rent, utilities and groceries on {her} current income.",
        "Applied for {benefit} to help with the first month of utilities.",
        "{Client} moved into the new apartment on {date} and said {she} is settling in.",
        "Delivered {item} and kitchen supplies donated by {agency}.",
        "The Runaway and Homeless Youth program sent a list of open beds for the weekend.",
    ],
    "court": [
        "{Client} has a hearing in {court} on {date} at {time}.",
        "Victim advocate {peer} from the prosecutor's office will attend the hearing with {obj}.",
        "We visited the courtroom ahead of time so {client} could see where {she} will sit.",
        "{Client} asked whether {she} can bring a support person, and the clerk said yes.",
        "The attorney at {agency} filed a motion to continue the case to {month}.",
        "{Client} met with {her} immigration attorney about the asylum claim.",
        "The T-visa application was mailed by certified mail on {date}.",
        "Attorney reports that the Continued Presence request is still pending.",
        "{Client} received a notice that the hearing moved to {date}.",
        "We reviewed what to expect on the day, including security screening and the waiting area.",
        "{Client} chose not to give a statement at this time, and the attorney will follow up if that changes.",
        "The protective order was granted for one year.",
        "Court staff confirmed that a {lang} interpreter has been requested for the hearing.",
        "The case number is {case}, and copies of the filings are in the locked cabinet.",
        "{Client} said {she} felt prepared after the practice session with {her} attorney.",
        "The Office for Victims of Crime grant covers the cost of the court transcript.",
        "The victim compensation claim was filed on {date} for lost wages and medical bills.",
    ],
    "benefits": [
        "Helped {client} apply for {benefit} online using the computer at {place}.",
        "{Client} received the approval letter for {benefit} on {date}.",
        "The caseworker at {agency} asked for {her} {doc} before the interview.",
        "{C}'s {benefit} renewal is due by the end of {month}.",
        "We called the {benefit} hotline together and waited about {mins} minutes on hold.",
        "The benefits interview is scheduled by phone for {date} at {time}.",
        "{Client} asked how a new job would change {her} benefits, and we went through the income limits.",
        "Submitted the verification documents for {benefit} through the online portal.",
        "{Client} said the EBT card arrived in the mail on {day}.",
        "I explained the difference between {benefit} and {benefit}, and {client} decided to apply for both.",
        "The eligibility worker at {agency} was helpful and answered all of our questions.",
        "{Client} is eligible for the certification letter from the Office on Trafficking in Persons.",
        "Printed the confirmation page for the {benefit} application for {her} records.",
    ],
    "medical": [
        "{Client} has a {med} at {agency} on {date} at {time}.",
        "{Client} was admitted to the hospital overnight for observation and was discharged on {day}.",
        "Scheduled the {med} and added it to {her} calendar.",
        "{Client} asked for a provider who speaks {lang}, and the clinic found one for {date}.",
        "The pharmacy on {street} will have {her} prescription ready after {time}.",
        "{Client} picked up {her} rescue inhaler refill from the pharmacy.",
        "{Client} reported that the new glasses help with reading the bus schedule.",
        "I helped {client} complete the patient intake form at the clinic.",
        "{Client} has been attending weekly counseling sessions with a therapist at {agency}.",
        "{Client} said the counselor has been a good fit and {she} plans to keep going.",
        "The dentist recommended two more visits, and {client} scheduled them for {month}.",
        "{Client} said {she} has been sleeping better since starting the new medication.",
        "Medicaid covered the visit, so there was no copay.",
        "{Client} asked for information about the free flu shot clinic, and I gave {obj} the flyer.",
        "{Client} wanted to go to the {med} alone, and we agreed {she} would text me afterwards.",
    ],
    "safety": [
        "We updated the safety plan together and {client} kept a copy.",
        "{Client} identified two people {she} can call if {she} feels unsafe.",
        "We talked about safe routes between {her} apartment and {job}.",
        "{Client} changed {her} phone number last week and shared the new one with staff only.",
        "{Client} chose a code word to use with {her} sister if {she} needs help.",
        "We reviewed the hotline number and {client} saved it in {her} phone under a different name.",
        "{Client} said {she} feels safer since the locks were changed.",
        "Discussed what {client} would like to do if {she} sees the former employer in the neighborhood.",
        "{Client} decided to keep {her} social media accounts private for now.",
        "Safety plan reviewed and no changes needed this week.",
        "{Client} knows that {she} can come to the office any weekday without an appointment.",
        "We went over which documents {she} would want to take if {she} had to leave quickly.",
    ],
    "interpreter": [
        "Meeting held with a {lang} interpreter by phone.",
        "A {lang} interpreter from the language line joined the call at {time}.",
        "{Client} prefers to speak {lang} for legal topics and English for everyday topics.",
        "The interpreter read the consent form aloud and {client} asked two questions about it.",
        "We paused several times so the interpreter could check the meaning of a word.",
        "{Client} asked for a female interpreter for future meetings, and we updated {her} file.",
        "The in-person {lang} interpreter was not available, so we used video interpretation.",
        "{Client} said the interpreter spoke a different dialect, so we will request another one next time.",
        "Interpreter ID for today's call was {case}.",
        "The interpreter reminded everyone that she keeps all information confidential.",
    ],
    "phone": [
        "Called {client} at {time} to confirm tomorrow's appointment.",
        "{Client} called the office on {day} to ask about {her} {doc}.",
        "Left a voicemail for {client} and sent a text with the new appointment time.",
        "{Client} returned my call and said {she} is available on {day} afternoon.",
        "Spoke with the caseworker at {agency} about the status of the referral.",
        "Received a call from {staff} about a job opening at {job}.",
        "Texted {client} the address of {place} and the bus route.",
        "{Client} called to say {she} was running late because of traffic on {street}.",
        "Phone check-in lasted about {n} minutes.",
        "Called {agency} at {phone} and was told the office reopens on {day}.",
        "{Client} sent a photo of the letter from {agency} so I could read it before our meeting.",
        "No answer when I called at {time}, so I will try again on {day}.",
    ],
    "work": [
        "{Client} started a new job at {job} on {date}.",
        "{Client} is working {hours} hours a week and would like more shifts.",
        "We updated {her} resume together and added the food handler certificate.",
        "{Client} has a job interview at {job} on {day} at {time}.",
        "{Client} enrolled in an English class at the community college that meets twice a week.",
        "{Staff} helped {client} practice interview questions.",
        "{Client} received {her} first paycheck and opened a savings account at the credit union.",
        "{Client} asked about a GED program, and I printed the schedule for {month}.",
        "{Client} is on the waiting list for the certified nursing assistant course.",
        "The Workforce Center offered {client} a spot in the forklift training program.",
        "{Client} said {her} manager at {job} has been understanding about appointment times.",
        "We looked at the paycheck together to check that the hours and pay rate were correct.",
    ],
    "family": [
        "{Client} talked to {her} mother by video call on {day} and said it went well.",
        "{Client} sent {amount} home to {her} family this month.",
        "{C}'s son started kindergarten and {client} attended the parent meeting.",
        "We found a child care center near {job} that accepts the subsidy.",
        "{Client} would like to bring {her} children to the family event at {place} in {month}.",
        "{Client} is looking into family reunification, and the attorney at {agency} will explain the process.",
        "{C}'s cousin helped with the move on {day}.",
        "{Client} asked for help buying a birthday present for {her} daughter, and we used a gift card.",
        "The school counselor called to say {c}'s daughter is doing well in class.",
    ],
    "admin": [
        "Updated the file with the signed release of information for {agency}.",
        "Referral sent to {agency} on {date}.",
        "Consent forms reviewed and signed by {client}.",
        "Closed the open task for the {doc} because it was received.",
        "Case reviewed with {staff} in supervision on {day}.",
        "Next steps: follow up with {agency} about the {doc} and confirm the {med}.",
        "Entered the contact in the database under case number {case}.",
        "The file was saved to the secure shared drive.",
        "Staff training on the new intake form is scheduled for {date}.",
        "Filed the receipts for the {ride} in the reimbursement folder.",
        "The grant report for {month} is due on {date}.",
        "Sent the monthly statistics to {staff} for the board report.",
    ],
}

# Questions and statements that an intake or screening script tells staff to say.
SCRIPT_LINES = [
    'Ask: "Where are you staying right now, and is it somewhere you feel safe?"',
    'Ask: "Is there anything you need today, like food, a phone or a place to sleep?"',
    'Ask: "Would you like an interpreter for our conversation?"',
    'Ask: "What is the best way to reach you, and is it safe to leave a message?"',
    'Ask: "Do you have any health needs we should know about today?"',
    'Ask: "Is there someone you trust who you would like us to be able to contact?"',
    'Ask: "What would be most helpful for you right now?"',
    'Ask: "Do you have your identity documents with you, or does someone else have them?"',
    'Say: "Thank you for telling me. We can take this at whatever pace works for you."',
    'Say: "We can help with housing, legal services, medical care and benefits if you would like."',
    'Ask: "Are you working right now, and are you paid for the work you do?"',
    'Ask: "Would you like to talk with an attorney about your options?"',
    'Note the preferred name and pronouns in the file.',
    'If the person is tired or upset, offer water and a break.',
    'Offer a copy of the rights and confidentiality sheet in {lang}.',
    'Record only what the person chooses to share.',
]
SCRIPT_OPENINGS = [
    "You can skip any question you don't want to answer.",
    "We can stop or take a break at any time, just let me know.",
    "Everything you share stays confidential, except where the law requires us to report.",
    "There are no right or wrong answers, and you decide how much to share.",
]

# Sentences that carry a phrase the built-in rules flag (checked with tilint check).
FLAGGED: list[str] = [
    "I checked in with two of my victims at {place} this afternoon.",
    "Please make sure our girls have a {ride} for {day}.",
    "Client claims {her} former employer still has {her} passport.",
    "The volunteer asked {obj} why didn't you leave when the door was unlocked.",
    "Night staff asked {obj} what is wrong with you after the argument in the kitchen.",
    "{Client} refused services when {staff} offered a referral to {agency}.",
    "{Client} has been non-compliant with the house rules since {date}.",
    "{Client} failed to show for the {med} on {date}.",
    "The alleged victim met with the detective at {place} on {date}.",
    "The officer described {obj} as the prostitute from the motel on {street}.",
    "The landlord referred to {her} cousin as an illegal alien.",
    "{Client} had a dirty UA at the clinic on {date}.",
    'Ask: "Tell me everything that happened at the house on {street}."',
    'Say: "You must answer every question before we can continue."',
    "{Client} was rescued from {job} in {year}.",
    "{Client} is uncooperative with the caseworker at {agency}.",
    "Client was a no-show for the housing interview on {day}.",
    "{Client} relapsed over the weekend and called the hotline.",
    "According to the referral, {client} is a drug addict.",
    "{C}'s pimp kept the money from every shift.",
    "{Client} suffers from PTSD according to the report from {agency}.",
    "{Client} made poor choices about who {she} trusted.",
    "{Her} story is inconsistent with the police report.",
    "Night staff wrote that {client} is manipulative and attention-seeking.",
    "{Client} refused to disclose where {she} stayed last month.",
]

EMAIL_SUBJECTS = [
    "Coverage for {day}", "Update on {c}", "Housing waitlist", "Court date moved", "Interpreter requests",
    "Team meeting notes", "Van schedule for {month}", "Reminder: monthly reports", "Benefits renewals",
    "Supply closet", "Training on {date}",
]
EMAIL_OPENINGS = ["Hi team,", "Hi all,", "Good morning,", "Hello everyone,", "Hi {peer},"]
EMAIL_CLOSINGS = ["Thanks,", "Thank you,", "Best,", "Thanks so much,", "See you {day},"]
EMAIL_LINES = [
    "Quick update before {day}'s team meeting.",
    "Please add your availability for the {month} schedule to the shared calendar.",
    "The agency van is booked on {day} morning, so please plan rides for the afternoon.",
    "Let me know if you have questions or want to talk any of this through.",
    "I will be out of the office on {date}, and {staff} is covering for me.",
    "Please remember to lock the file cabinet at the end of the day.",
    "We received a donation of {item} from {agency}, and it is in the supply closet.",
    "Monthly statistics are due by {date}, so please enter your contacts by then.",
    "Thanks to everyone for the extra work this week.",
]


def _sentence(rng: random.Random, slots: Slots, pool: Sequence[str], flag_rate: float) -> str:
    """One sentence from *pool* (callers pass a single template), or, with probability
    *flag_rate*, a flagged sentence instead."""
    template = rng.choice(FLAGGED) if rng.random() < flag_rate else rng.choice(pool)
    return template.format_map(slots)


def _paragraph(rng: random.Random, slots: Slots, flag_rate: float) -> str:
    """Two to six sentences on one topic."""
    pool = TOPICS[rng.choice(sorted(TOPICS))]
    count = rng.randint(2, 6)
    picks = rng.sample(pool, min(count, len(pool)))
    return " ".join(_sentence(rng, slots, [t], flag_rate) for t in picks)


def _wrap(text: str, width: int | None) -> str:
    """*text* wrapped at *width* columns, or left on one line."""
    return textwrap.fill(text, width) if width else text


def case_note(rng: random.Random, slots: Slots, size: int, flag_rate: float, markdown: bool) -> str:
    """A case note: a short header, then topic paragraphs."""
    width = rng.choice([None, None, 78, 80, 100])
    date, role = slots["date"], slots["role"]
    if markdown:
        parts = [f"# Case note: {slots['c']}", f"Date: {date}  \nStaff: {slots['w']}, {role}"]
    else:
        parts = [f"CASE NOTE\nClient: {slots['c']}\nDate: {date}\nStaff: {slots['w']}, {role}"]
    total = sum(map(len, parts))
    while total < size:
        if markdown and rng.random() < 0.15:
            parts.append(f"## {rng.choice(['Housing', 'Legal', 'Health', 'Benefits', 'Safety', 'Next steps', 'Work'])}")
        paragraph = _wrap(_paragraph(rng, slots, flag_rate), width)
        if markdown and rng.random() < 0.1:
            paragraph = "\n".join(f"- {s}" for s in _split_sentences(paragraph.replace("\n", " ")))
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def intake_script(rng: random.Random, slots: Slots, size: int, flag_rate: float, markdown: bool) -> str:
    """An intake script: an opening that offers skipping and stopping, then prompts for staff."""
    title = f"Intake script, version {rng.randint(1, 9)}.{rng.randint(0, 9)}"
    parts = [f"# {title}" if markdown else title.upper()]
    parts.append(" ".join(rng.sample(SCRIPT_OPENINGS, 3)))
    _fill(rng, slots, parts, size, flag_rate, SCRIPT_LINES, 0.5, (2, 5), "\n")
    return "\n\n".join(parts) + "\n"


def _fill(
    rng: random.Random, slots: Slots, parts: list[str], size: int, flag_rate: float,
    lines: Sequence[str], chance: float, count: tuple[int, int], joiner: str,
) -> None:
    """Add paragraphs to *parts* until they hold *size* characters: with *chance*, *count* of
    *lines* (script prompts, email lines) joined by *joiner*; otherwise a narrative paragraph."""
    total = sum(map(len, parts))
    while total < size:
        if rng.random() < chance:
            picks = rng.sample(lines, rng.randint(*count))
            paragraph = joiner.join(_sentence(rng, slots, [t], flag_rate) for t in picks)
        else:
            paragraph = _paragraph(rng, slots, flag_rate)
        parts.append(paragraph)
        total += len(paragraph) + 2


def email(rng: random.Random, slots: Slots, size: int, flag_rate: float, markdown: bool) -> str:
    """A supervisor's email to the team."""
    parts = [f"Subject: {rng.choice(EMAIL_SUBJECTS).format_map(slots)}\nFrom: {slots['w']}, program supervisor",
             rng.choice(EMAIL_OPENINGS).format_map(slots)]
    _fill(rng, slots, parts, size, flag_rate, EMAIL_LINES, 0.3, (2, 4), " ")
    parts.append(f"{rng.choice(EMAIL_CLOSINGS).format_map(slots)}\n{slots['w']}")
    return "\n\n".join(parts) + "\n"


def _split_sentences(text: str) -> list[str]:
    """*text* cut after each ".", "?" or "!" that a space or the end follows."""
    out: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in ".?!" and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(text[start : i + 1].strip())
            start = i + 1
    tail = text[start:].strip()
    return out + ([tail] if tail else [])


def small_note() -> str:
    """The clean 2 KB note used to time start-up; it holds no flagged phrase."""
    rng = random.Random(f"{SEED}-small")
    slots = Slots(rng)
    return case_note(rng, slots, SIZES["small"].total_bytes - 120, 0.0, markdown=False)


def generate(size: str, outdir: Path) -> list[Path]:
    """Write the corpus for *size* under *outdir*; return the files written."""
    spec = SIZES[size]
    outdir.mkdir(parents=True, exist_ok=True)
    if size == "small":
        path = outdir / "note.txt"
        path.write_bytes(small_note().encode("utf-8"))
        return [path]
    rng = random.Random(f"{SEED}-{size}")
    average = spec.total_bytes / spec.files
    written: list[Path] = []
    for index in range(spec.files):
        file_rng = random.Random(f"{SEED}-{size}-{index}")
        target = int(average * rng.uniform(0.35, 1.65))
        kind = rng.choices(["note", "intake", "email"], weights=[70, 12, 18])[0]
        markdown = rng.random() < 0.2
        writer = {"note": case_note, "intake": intake_script, "email": email}[kind]
        text = writer(file_rng, Slots(file_rng), target, FLAG_RATE, markdown)
        name = {"note": "note", "intake": "intake-script", "email": "email"}[kind]
        folder = outdir / f"batch-{index // FILES_PER_FOLDER:03d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}-{index:05d}.{'md' if markdown else 'txt'}"
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: make_corpus.py SIZE OUTDIR."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] not in SIZES:
        print(f"usage: make_corpus.py {{{','.join(SIZES)}}} OUTDIR", file=sys.stderr)
        return 2
    files = generate(args[0], Path(args[1]))
    total = sum(p.stat().st_size for p in files)
    print(f"{args[0]}: {len(files)} files, {total:,} bytes in {args[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
