"""The ontology's codes: PLOVER sectors and the special country codes (one place each)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SECTORS: frozenset[str] = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP "
    "PRE REL SOC".split()
)
# Codes that stand in for a country when an actor is not a state (PLOVER/CAMEO conventions).
SPECIAL_COUNTRIES: frozenset[str] = frozenset(
    "IGO UNO EUR NGO NGM ISM IMG MNC AFR ASA BLK CAF CAS CAU CRB EAF EEU EIN LAM MEA MDT NAF "
    "NMR PGS SAF SAM SAS SEA SCN WAF WEU WST".split()
)
# What a noun that is never a party names (nonactors.tsv): a natural or accidental cause, a
# weapon, a document, a thing or abstraction, a role in sport or in markets.
NONACTOR_KINDS: frozenset[str] = frozenset(
    {"cause", "weapon", "document", "thing", "sport", "market"})
# The special codes of organisations and movements (not regions): never "the article's
# country", never one of "the two countries", never lent to a domestic sector.
ORGANISATION_CODES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# CAMEO role and agent codes (PETRARCH/Phoenix dictionaries) as PLOVER sectors. The codes the
# two share mean the same, except that CAMEO's MED is the media (PLOVER's JRN) and its HLH is
# health (PLOVER's MED); PLOVER folds CAMEO's insurgents (INS) and separatists (SEP) into REB.
# CAMEO codes without a PLOVER sector are left out on purpose: DEV (development), ENV
# (environment), HRI (human rights), MOD and RAD (moderate, radical), PPL (people), the faiths
# (CHR, CTH, MUS, JEW, BUD, HIN, ...: PLOVER keeps a faith out of the sector, and its REL is for
# religious bodies and clergy, which these codes do not tell from believers) and the
# organisation types (IGO, NGO, NGM, IMG, MNC: in PLOVER these stand in for the country).
CAMEO_SECTORS: Mapping[str, str] = MappingProxyType(
    {**{code: code for code in SECTORS if code != "MED"},
     "MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB"})
