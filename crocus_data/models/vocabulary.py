"""Controlled vocabularies: every enum value carries a one-line definition.

The definitions travel into the descriptor, the JSON Schemas and the data
dictionary, so a reader never has to guess what a code means.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class DocumentedEnum(StrEnum):
    """A string enum whose members are declared as ``NAME = "value", "definition"``."""

    definition: str

    def __new__(cls, value: str, definition: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member


class DatePrecision(DocumentedEnum):
    DAY = "day", "Both bounds are the same calendar day."
    MONTH = "month", "The text gives a month only; the bounds are its first and last day."
    YEAR = "year", "The text gives a year only; the bounds are its first and last day."
    RANGE = "range", "The bounds come from reasoning (see the note); the date lies somewhere between them."
    OPEN = "open", "At least one bound is unknown and left empty."


class DateDerivation(DocumentedEnum):
    STATED = "stated", "The text states the full date."
    YEAR_FROM_PUBLICATION = (
        "year_from_publication",
        "The text gives day and month; the year is that of the reporting document's dateline.",
    )
    YEAR_INFERRED = (
        "year_inferred",
        "The text gives day and month; the year is inferred from the surrounding text (see the note).",
    )
    RELATIVE = (
        "relative",
        "Derived from another date in the text and a stated relation such as 'later', 'earlier' or "
        "'nearly three months since' (see the note).",
    )
    BOUNDED_BY_CONTEXT = (
        "bounded_by_context",
        "Not dated in the text; bounded only by dates around it, e.g. not before the incident it "
        "concerns and not after the reporting document (see the note).",
    )
    NOT_REPORTED = "not_reported", "The text gives no date and nothing bounds it."


class Attribution(DocumentedEnum):
    SOURCE = "source", "The document asserts it in its own voice."
    SPEAKER = (
        "speaker",
        "The document attributes it to a speaker: on statements the speaker column, on other tables "
        "the statement named in statement_id.",
    )
    UNATTRIBUTED = (
        "unattributed",
        "The document reports it without saying who asserts it (e.g. 'were identified as').",
    )


class IncidentType(DocumentedEnum):
    ARMED_ATTACK = "armed_attack", "People attacked with weapons in a public place."
    HOSTAGE_TAKING = "hostage_taking", "People were seized and held as hostages."
    COURT_APPEARANCE = (
        "court_appearance",
        "People appeared before a court, or are shown in a courtroom ('Footage from the courtroom showed them').",
    )


class IncidentRelation(DocumentedEnum):
    DATED_RELATIVE_TO = (
        "dated_relative_to",
        "The document dates this incident by reference to the related one.",
    )
    SAME_ORGANISATION_NAMED = (
        "same_organisation_named",
        "The document names the same organisation in connection with both incidents (as claimant, "
        "perpetrator or affiliation); it does not by itself say the same people took part.",
    )


class ActorKind(DocumentedEnum):
    PERSON = "person", "One individual, named or unnamed."
    GROUP = "group", "Several individuals the text speaks of together, usually unnamed ('six detainees')."
    ORGANISATION = "organisation", "A formal body: a ministry, agency, service, armed group or news agency."
    COLLECTIVE = (
        "collective",
        "A loose category of people that is not a formal body ('Russian media', 'Duma deputies').",
    )
    STATE = "state", "A country or its government spoken of as a whole ('Russia', 'Moscow', 'Ukraine')."


class ActorAttribute(DocumentedEnum):
    NATIONALITY = "nationality", "Citizenship or nationality, as worded ('Tajik nationals')."
    ORIGIN = "origin", "Where the actor is said to come from ('from Tajikistan', 'from Ingushetia')."
    AFFILIATION = "affiliation", "Membership of, or link to, an organisation (see related_actor_id)."
    ROLE = "role", "The actor's part in an incident (see role and incident_id)."
    WHEREABOUTS = "whereabouts", "Where the actor was, or was going, at a stated time."


class Role(DocumentedEnum):
    ALLEGED_PERPETRATOR = (
        "alleged_perpetrator",
        "Said (by the attributed speaker or the document) to have carried out the incident; no court "
        "finding is reported.",
    )
    CLAIMED_RESPONSIBILITY = (
        "claimed_responsibility",
        "The actor itself (an organisation) claimed to have carried out the incident, in a claim of "
        "responsibility: a claim, not a finding.",
    )
    CONFESSED = (
        "confessed",
        "The person is reported to have confessed to carrying out the incident. A confession made in custody "
        "(statements.made_in_custody) may have been coerced; it is not a finding.",
    )
    ACCUSED = "accused", "Reported as facing criminal charges."
    HOSTAGE = "hostage", "Reported as held hostage."
    INTERVENING_FORCE = (
        "intervening_force",
        "Reported as the force that stormed, rescued or killed in ending the incident.",
    )


class DetentionStatus(DocumentedEnum):
    DETAINED = "detained", "The text says the actor was detained."
    ARRESTED = "arrested", "The text says the actor was arrested."
    HELD = "held", "The text speaks of the actor as a detainee or as held in a prison, without reporting the detention."


class Treatment(DocumentedEnum):
    TORTURE = "torture", "The text calls it torture or signs of torture."
    VIOLENCE = "violence", "The text reports violence without calling it torture."
    INJURIES = "injuries", "Visible injuries or their dressings (bruises, bandages)."
    MUTILATION = "mutilation", "Part of the body cut off."
    ELECTROCUTION = "electrocution", "Electric shocks applied to the person."
    INCAPACITATION = "incapacitation", "Unable to walk, see or respond; a state of shock."
    KILLING = (
        "killing",
        "The person was killed while held ('shot dead six detainees', 'the hostage-takers were killed when special "
        "forces stormed the facility').",
    )


class StatementKind(DocumentedEnum):
    CLAIM_OF_RESPONSIBILITY = (
        "claim_of_responsibility",
        "The speaker (an organisation) says it carried out the incident.",
    )
    CONFESSION = (
        "confession",
        "A person says that he or she carried out the incident (made_in_custody says whether in custody).",
    )
    ATTRIBUTION_OF_RESPONSIBILITY = (
        "attribution_of_responsibility",
        "The speaker says the target carried out, organised or is responsible for the incident.",
    )
    ALLEGATION_OF_INVOLVEMENT = (
        "allegation_of_involvement",
        "The speaker links the target to the incident short of responsibility (help, shelter). Saying where "
        "suspects were heading is a report, unless the text says it links the place to the incident.",
    )
    ACCUSATION = "accusation", "The speaker alleges wrongdoing by the target other than the incident itself."
    IDENTIFICATION = "identification", "The speaker says who people are or where they come from."
    DENIAL = "denial", "The speaker rejects or dismisses another claim."
    REPORT = "report", "The speaker gives an account of events."
    CALL = "call", "The speaker demands or proposes an action."
    ASSESSMENT = "assessment", "A characterisation or comparison, such as a record death toll."


class StatementRendering(DocumentedEnum):
    """How the document gives a statement: the first of quoted, reported, characterised that its words allow."""

    QUOTED = (
        "quoted",
        "The document gives what was said in quotation marks, as the speaker's words (a single word in quotation "
        "marks inside indirect speech does not make a statement quoted).",
    )
    REPORTED = (
        "reported",
        "Not quoted, but the document gives the content of what was said as a clause of indirect speech: after a "
        "verb of saying ('stated that', 'alleging that', 'declared that', 'which said those citizens were') or "
        "'according to'.",
    )
    CHARACTERISED = (
        "characterised",
        "Neither quoted nor reported: the document names what the speaker did with its own verb and object, "
        "with no clause of what was said ('claimed responsibility for the attack', 'called for', 'pointed to', "
        "'admitted for the first time', 'repeatedly attempted to link'): the framing is the publication's.",
    )
    OWN_VOICE = "own_voice", "The document's own statement (attribution 'source')."


class RelationKind(DocumentedEnum):
    RESPONDS_TO = "responds_to", "The statement answers the target (a statement, claim, figure or material)."
    DENIES = "denies", "The statement denies, dismisses or rejects the target."
    REPEATS = "repeats", "The statement repeats the target statement: the same statement, reported in two places."
    CORRECTS = "corrects", "The statement corrects or supersedes the target (the speaker's own earlier account)."
    PRECEDES = (
        "precedes",
        "The statement was made before the target statement, as the text orders them ('first alleged ... then', "
        "'had earlier stated', 'This came after').",
    )
    CONTRASTS_WITH = (
        "contrasts_with",
        "The text sets the statement against the target ('While X claimed ..., Y pointed to ...'), without saying "
        "that one answers, denies or follows the other.",
    )


class ActorRelation(DocumentedEnum):
    POSSIBLY_SAME_AS = (
        "possibly_same_as",
        "The text may refer to the same people or body under both rows, but does not say so.",
    )
    POSSIBLY_MEMBER_OF = (
        "possibly_member_of",
        "The text can be read as placing the actor in the group ('Another' after 'One of them'), but does "
        "not say so: nothing claimed of the group is claimed of the actor.",
    )
    ALLEGED_MEMBER_OF = (
        "alleged_member_of",
        "The actor is said (by the attribution) to be part of the group ('identified as part of the group'): "
        "an allegation, not a finding.",
    )


class MaterialKind(DocumentedEnum):
    VIDEO = "video", "Moving pictures: videos, footage."
    PHOTOGRAPH = "photograph", "Still pictures: photographs, mugshots."


class Measure(DocumentedEnum):
    KILLED = "killed", "People killed in the incident."
    INJURED = "injured", "People injured in the incident."
    ATTACKERS = "attackers", "People who carried out the attack."
    DETAINED = "detained", "People detained in connection with the incident."
    ARRESTED = "arrested", "People arrested in connection with the incident."
    GROUP_SIZE = "group_size", "Number of people in the group named by actor_id."
    HOSTAGES_TAKEN = "hostages_taken", "People taken hostage."
    HOSTAGES_FREED = "hostages_freed", "Hostages freed or rescued."
    HOSTAGES_INJURED = "hostages_injured", "Hostages injured."
    HOSTAGE_TAKERS = "hostage_takers", "People who took or held the hostages."
    HOSTAGE_TAKERS_KILLED = "hostage_takers_killed", "Hostage-takers killed."
    PAYMENT = "payment", "A sum of money said to have been paid or promised for the act."


class Qualifier(DocumentedEnum):
    BARE = "bare", "A number with no qualifier of its own; the text does not say whether it is exact."
    AT_LEAST = "at_least", "'At least N': N is a lower bound."
    AT_MOST = "at_most", "'At most N' / 'up to N': N is an upper bound."
    APPROXIMATELY = "approximately", "'Around N' / 'about N'."
    RANGE = "range", "The text gives a range: see value_low and value_high."
    VAGUE = "vague", "A word, not a number ('a few', 'a handful'); value is empty."
    UNQUANTIFIED = "unquantified", "The text says it happened but gives no number; value is empty."
    UNCLEAR = "unclear", "The text says the number is unclear or unknown; value is empty."


class Unit(DocumentedEnum):
    PEOPLE = "people", "A count of people."
    ROUBLES = "roubles", "Russian roubles."


class Language(DocumentedEnum):
    EN = "en", "English."
