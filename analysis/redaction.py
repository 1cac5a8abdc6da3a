"""Mask personal details in free text before anyone other than an admin reads it.

Call ``redact(text)`` on every comment a results page or export shows, or
``redact_series(comments)`` on a column of them. Pure Python ``re``; no other imports.

What is masked, and the marker that replaces it:

- email addresses: ``[email removed]``
- UK phone numbers, mobile and landline, written with spaces, hyphens, dots or brackets,
  with ``0``, ``+44``, ``0044`` or ``+44 (0)``: ``[phone number removed]``
- full UK postcodes, in any case and with or without the space: ``[postcode removed]``
- anything that looks like a reference or account number: National Insurance numbers,
  letters followed by 4 or more digits (``CRM-123456``, ``HB/12345``), a number of 5 or more
  characters after a word such as "reference", "account" or "case", and any run of 8 or more
  digits: ``[reference removed]``

- people's names (staff or residents): ``[name removed]``. Four rules, each a realistic way
  a name is written in a comment about a contact:

  1. a title and what follows it: "Mr Patel", "Mrs J. Smith", "Dr Okafor", "Cllr Ahmed";
  2. a role word such as "officer", "advisor", "agent", "receptionist", "lady" or "member of
     staff", followed by capitalised words: "The officer, John Smith" becomes "The officer,
     [name removed]", "Advisor Sarah" becomes "Advisor [name removed]", "a lady called Priya";
  3. a verb of dealing with someone followed by capitalised words: "spoke to Gary",
     "dealt with by Mohammed Ali", "her name was Chloe", "thanks to Aisha";
  4. two or three capitalised words in a row ("I met John Smith there"), and a common first
     name on its own ("Sarah was lovely"), from the short list in ``FIRST_NAMES``.

  The capitalised words a council comment is full of are not names: services, places,
  days and months, streets ("Smith Street", "Station Road") and the words in
  ``NOT_NAMES``. A capitalised word after rules 2 and 3 that is one of those is left alone,
  so "transferred to Council Tax" and "the officer on Monday" stay as written.

  No maintained name-recognition library is used: Microsoft Presidio and spaCy need a
  language model downloaded from outside the package registries, so they cannot be
  installed and run offline here, and they do not know that "Council Tax" is a service.
  These rules are tested on literal comments (tests/analysis/test_redaction.py).

What is deliberately left alone: amounts (``£1,250.00``), times (``10:30``), dates
(``12/03/2026``), years, durations, house numbers and street names, council tax bands,
and a postcode district on its own (``HA1``). A district covers thousands of homes, so it
does not single anyone out, and masking it would also hit ordinary words and names such as
"A4 paper" or "the M25". Street addresses are not detected: the comment question asks
residents not to include them.
"""

import re

EMAIL_MARKER = "[email removed]"
PHONE_MARKER = "[phone number removed]"
POSTCODE_MARKER = "[postcode removed]"
REFERENCE_MARKER = "[reference removed]"

EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")

# National Insurance number: 2 letters, 6 digits (often in pairs), a final letter A to D.
NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)

# A UK number has 9 or 10 digits after the trunk 0 (or after +44). Between digits we allow
# a space, hyphen, dot or closing bracket, so "(020) 8863 5611" and "07700-900-123" match,
# but never a slash or colon, so dates and times do not.
PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)"
    r"\d(?:(?:\)\s?|[\s.-])?\d){8,9}"
    r"(?![\d])"
)

# Full postcodes: outward code (A9, A99, A9A, AA9, AA99, AA9A) then inward code (9AA).
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*(?P<inward>\d[A-Z]{2})\b", re.IGNORECASE)
# "Flat B2 4th floor" is not a postcode: a lower-case ordinal is read as a word.
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")

# A number (with at least one digit) after a word that says it is a reference.
LABELLED_REFERENCE = re.compile(
    r"\b(?P<label>(?:ref(?:erence)?|account|acc|case|claim|application|customer|ticket|"
    r"booking|crm|council tax)(?:\s+(?:number|no\.?|num|ref(?:erence)?))?(?:\s+is)?"
    r"\s*[:#]?\s*)(?P<number>(?=[A-Z/-]*\d)[A-Z0-9][A-Z0-9/-]{4,})\b",
    re.IGNORECASE,
)
# Letters then 4 or more digits, as case and system references are written: CRM-123456.
CODED_REFERENCE = re.compile(r"\b[A-Z]{1,5}[-/]?\d{4,}(?:[-/]\d+)*\b")
# 8 or more digits in a row (hyphens allowed between groups): account and card numbers.
LONG_NUMBER = re.compile(r"(?<![\d£$€.,])\d(?:-?\d){7,}(?![\d])")


NAME_MARKER = "[name removed]"

# A capitalised name: Sarah, O'Brien, McDonald, Smith-Jones, Zoë.
NAME_WORD = r"[A-Z][a-zà-ÿ]*(?:'[A-Z])?[a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:-[A-Z][a-zà-ÿ]+)?"
_NAMES = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}"

TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Cllr|Councillor)\.?"
    rf"\s+(?:[A-Z]\.?\s+){{0,2}}{_NAMES}"
)
ROLE_WORDS = (
    r"officers?|advis[eo]rs?|agents?|assistants?|managers?|supervisors?|receptionists?|"
    r"case\s?workers?|caseworkers?|operators?|workers?|clerks?|inspectors?|wardens?|"
    r"colleagues?|representatives?|reps?|co-?ordinators?|team\s+leaders?|"
    r"members?\s+of\s+staff|staff\s+members?|lady|ladies|gentleman|gentlemen|man|woman|"
    r"guy|girl|chap|person|someone|somebody|call\s+handlers?|handlers?"
)
ROLE_NAME = re.compile(
    rf"\b(?P<lead>(?i:{ROLE_WORDS})(?:\s*,\s*|\s+)"
    r"(?:(?i:called|named|whose\s+name\s+was|by\s+the\s+name\s+of)\s+)?)"
    rf"(?P<name>{_NAMES})"
)
DEALT_WITH = (
    r"spoke|speak|speaking|spoken|talked|talking|dealt|dealing|served|seen|helped|"
    r"transferred|put\s+through|passed|handed|called\s+back|rang\s+back|phoned\s+back|"
    r"asked\s+for|ask\s+for|asking\s+for|names?\s+(?:was|were|is)|called|named|"
    r"thanks|thank\s+you|thanks\s+to|grateful\s+to|praise\s+for"
)
VERB_NAME = re.compile(
    rf"\b(?P<lead>(?i:{DEALT_WITH})\s+(?:(?i:to|with|by|from)\s+)?)(?P<name>{_NAMES})"
)
CAPITALISED_RUN = re.compile(rf"\b{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}\b")
SINGLE_WORD = re.compile(rf"\b{NAME_WORD}\b")


def _words(text: str) -> frozenset[str]:
    """A set of words written as a paragraph, one space apart, so a long list stays short."""
    return frozenset(text.split())


# Capitalised words that are not names in a council comment: a run of capitals containing
# one is left alone.
NOT_NAMES = _words(
    """
    a an the this that these those i i'm i've it its my our your their his her we they you
    he she there here what when where why how who which after before then once and but or
    if so as at in on of to for from by with very really great good excellent poor bad
    thank thanks please yes no hello hi dear sorry ok okay overall nobody nothing everyone
    someone somebody all not just also still again finally eventually
    council councils tax taxes housing benefit benefits universal credit blue badge badges
    civic centre center customer customers service services team teams department
    departments contact reception access harrow london borough city england britain uk
    british english wales scotland government gov website online email emails phone
    phones telephone webchat chat social media facebook twitter instagram whatsapp google
    nhs gp police fire royal mail post office bank holiday holidays christmas easter eid
    diwali ramadan covid pcn parking permit permits penalty charge notice planning
    environmental health waste recycling bin bins bulky collection collections street
    streets road roads lane avenue close way drive place gardens crescent park hill grove
    court square terrace walk rise green station library libraries school schools college
    hospital office offices house houses estate tower towers hall halls building parade
    broadway mews row yard northwick wealdstone pinner stanmore edgware wembley rayners
    kenton headstone sudbury hatch end north south east west high central upper lower
    adult adults social care children children's family families early years education
    electoral register registration registrar registrars births deaths marriages
    homelessness homeless landlord landlords tenancy tenants repairs repair rent rents
    complaint complaints freedom information foi subject request requests report reports
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december mon tue wed thu fri sat sun
    am pm mr mrs ms miss dr
    """
)
# The last word of a place's name: "Smith Street", "Elm Park", "Byron Hall".
PLACE_ENDINGS = _words(
    """
    street road lane avenue close way drive place gardens crescent park hill grove court
    square terrace walk rise green station library centre center school college hospital
    house estate tower hall building parade broadway mews row yard council office
    """
)
# Common first names that are seldom anything else: "Sarah was lovely". Names that are
# also ordinary words ("Will", "Bill", "Grace", "May", "Mark", "Rose", "Guy") are left out.
FIRST_NAMES = _words(
    """
    aaliyah abdul abdullah adam ahmed aisha alan alex alexander ali alice alison amanda
    amar amelia amina amir amit amy andrea andrew angela anil anita ann anna anne anthony
    anjali arjun arun asha ashley barbara ben benjamin beverley brian carl carol caroline
    catherine charlotte chloe chris christine christopher claire colin craig daniel david
    deborah deepak dennis derek diane dominic donna dylan edward elaine eleanor elizabeth
    ellie emily emma eric ethan farah fatima fiona gary gemma geoffrey george graham gurpreet
    hannah harjit harry hassan heather helen ian imran isabella jack jacqueline james jane
    janet jason jennifer jessica joanne john jonathan joseph joshua julie karen kate
    katherine kathleen keith kelly kevin kirsty laura lauren leah lee linda lisa liam lucy
    luke manoj margaret maria mariam martin mary matthew megan michael michelle mohammed
    mohammad mohamed muhammad nadia natalie neha neil nicholas nicola nikhil noah oliver
    olivia omar paul pauline peter philip pooja priya rachel rahul raj rajesh rakesh ravi
    rebecca richard robert sajid samantha sandeep sanjay sarah sharon shirley simon sophie
    stephen steven stuart sunita susan tariq thomas timothy tracey tracy usha vijay vikram
    yasmin yusuf zara zainab zoe
    """
)


def _is_not_a_name(words: list[str]) -> bool:
    lowered = [w.lower() for w in words]
    return lowered[-1] in PLACE_ENDINGS or any(w in NOT_NAMES for w in lowered)


def _mask_after_lead(match: re.Match) -> str:
    """Keep the role or verb and mask the name after it. The name stops at the first word
    that is not a name ("Advisor Sarah Monday"); "spoke to Smith Street" is a place."""
    words = match["name"].split()
    kept = 0
    for word in words:
        if word.lower() in NOT_NAMES or word.lower() in PLACE_ENDINGS:
            break
        kept += 1
    if kept == 0 or (kept < len(words) and words[kept].lower() in PLACE_ENDINGS):
        return match[0]
    return match["lead"] + NAME_MARKER + "".join(" " + word for word in words[kept:])


def _mask_run(match: re.Match) -> str:
    words = match[0].split()
    return match[0] if _is_not_a_name(words) else NAME_MARKER


def _mask_first_name(match: re.Match) -> str:
    return NAME_MARKER if match[0].lower() in FIRST_NAMES else match[0]


def redact_names(text: str) -> str:
    """``text`` with people's names replaced by ``[name removed]`` (rules in the module's
    docstring)."""
    text = TITLED_NAME.sub(NAME_MARKER, text)
    text = ROLE_NAME.sub(_mask_after_lead, text)
    text = VERB_NAME.sub(_mask_after_lead, text)
    text = CAPITALISED_RUN.sub(_mask_run, text)
    return SINGLE_WORD.sub(_mask_first_name, text)


def _postcode_marker(match: re.Match) -> str:
    return match[0] if ORDINAL.fullmatch(match["inward"]) else POSTCODE_MARKER


def redact(text: str | None) -> str:
    """``text`` with personal details replaced by clear markers; missing text becomes ``""``."""
    if not isinstance(text, str) or not text:
        return ""
    text = EMAIL.sub(EMAIL_MARKER, text)
    text = NI_NUMBER.sub(REFERENCE_MARKER, text)
    text = PHONE.sub(PHONE_MARKER, text)
    text = POSTCODE.sub(_postcode_marker, text)
    text = LABELLED_REFERENCE.sub(lambda m: m["label"] + REFERENCE_MARKER, text)
    text = CODED_REFERENCE.sub(REFERENCE_MARKER, text)
    text = LONG_NUMBER.sub(REFERENCE_MARKER, text)
    return redact_names(text)


def redact_series(comments):
    """A pandas Series of comments, each redacted (missing values become empty text)."""
    return comments.map(redact)
