"""The actors knowledge base: shipped data files valid and complete, lookups in both languages,
user files that add or override entries, and states.yaml reproducible from its build script."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from cronaca import ConfigError
from cronaca.actors.kb import (
    LANGS,
    SECTORS,
    KnowledgeBase,
    Lang,
    default_kb,
    load_kb,
    name_key,
    normalise,
    parse_data,
    sector_codes,
)

DATA = Path(str(resources.files("cronaca.actors").joinpath("data")))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_kb()


# --- the data files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["states.yaml", "organisations.yaml", "sectors.yaml", "states_extra.yaml"])
def test_data_file_has_licence_header(name: str) -> None:
    head = (DATA / name).read_text(encoding="utf-8")[:2000]
    assert head.startswith("#")
    assert "Cronaca team" in head and "Apache-2.0" in head


def test_states_header_credits_cldr() -> None:
    head = (DATA / "states.yaml").read_text(encoding="utf-8")[:2000]
    assert "CLDR" in head and "Unicode" in head


@pytest.mark.parametrize("name", ["states.yaml", "organisations.yaml", "sectors.yaml"])
def test_shipped_file_validates(name: str) -> None:
    data = parse_data((DATA / name).read_text(encoding="utf-8"), name)
    assert len(data.states) + len(data.organisations) + len(data.sectors) > 0


def test_states_extra_validates() -> None:
    build = _build_module()
    extras = build.load_extra()
    assert len({e.alpha3 for e in extras}) == len(extras), "a state is listed twice in states_extra.yaml"


def test_counts(kb: KnowledgeBase) -> None:
    assert len(kb.states) >= 250  # ISO 3166-1 (249) and Kosovo
    assert len(kb.organisations) >= 250
    both = [s for s in kb.states.values() if s.demonyms is not None and s.demonyms.it and s.demonyms.en]
    assert len(both) >= 120
    assert len(kb.sectors) >= 100


def test_every_state_and_org_named_in_both_languages(kb: KnowledgeBase) -> None:
    for state in kb.states.values():
        assert state.names.it and state.names.en, state.alpha3
    for org in kb.organisations.values():
        assert org.names.it and org.names.en, org.id
    for word in kb.sectors.values():
        assert word.forms.it and word.forms.en, word.id


def _codes(text: str) -> list[str]:
    return text.split()


def test_newsworthy_states_have_demonyms(kb: KnowledgeBase) -> None:
    g20 = _codes("ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA")
    eu = _codes(
        "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU "
        "SVK SVN ESP SWE"
    )
    middle_east = _codes("IRN IRQ SYR LBN ISR PSE JOR SAU YEM OMN ARE QAT KWT BHR EGY TUR")
    africa = _codes("NGA ETH EGY COD TZA ZAF KEN SDN DZA MAR UGA AGO MOZ GHA CIV CMR NER MLI LBY TUN SOM")
    americas = _codes("USA MEX BRA ARG COL VEN PER CHL CUB CAN ECU BOL")
    asia = _codes("CHN IND IDN PAK BGD JPN PHL VNM THA MMR KOR PRK AFG KAZ MYS TWN")
    for code in {*g20, *eu, *middle_east, *africa, *americas, *asia}:
        state = kb.states[code]
        assert state.demonyms is not None and state.demonyms.it and state.demonyms.en, code


def test_ids_unique_within_each_file() -> None:
    for name, section, key in [
        ("states.yaml", "states", "alpha3"),
        ("organisations.yaml", "organisations", "id"),
        ("sectors.yaml", "sectors", "id"),
    ]:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)[section]
        ids = [entry[key] for entry in raw]
        assert len(ids) == len(set(ids)), f"duplicate ids in {name}"


def test_iso_codes(kb: KnowledgeBase) -> None:
    assert kb.states["XKX"].iso is False and kb.states["XKX"].alpha2 == "XK"
    assert sum(1 for s in kb.states.values() if s.iso) == 249
    alpha2 = [s.alpha2 for s in kb.states.values()]
    assert len(alpha2) == len(set(alpha2))


def test_orgs_refer_to_known_states_parents_and_sectors(kb: KnowledgeBase) -> None:
    for org in kb.organisations.values():
        assert org.country is None or org.country in kb.states
        assert org.parent is None or org.parent in kb.organisations
        assert all(code in SECTORS for code in sector_codes(org.sector))
    for word in kb.sectors.values():
        assert all(code in SECTORS for code in sector_codes(word.sector))


def test_sector_codes_are_plovers() -> None:
    """Every code we allow is used in the PLOVER agents dictionary, when it is there to check."""
    agents = ROOT.parent / "shared" / "data" / "ngec" / "PLOVER_agents.txt"
    if not agents.is_file():
        pytest.skip("PLOVER agents dictionary not available")
    import re

    used: set[str] = set()
    for code in re.findall(r"\[~([A-Z]+)\]", agents.read_text(encoding="utf-8", errors="replace")):
        used.update(sector_codes(code))
    assert set(SECTORS) <= used


def test_no_name_claimed_twice_unless_ambiguous(kb: KnowledgeBase) -> None:
    """A name shared by two entries (of one kind, in one language) is flagged ambiguous in all
    but at most one of them; loading enforces it, this lists what is shared on purpose."""
    shared = {(kind, lang, key) for kind, lang, key, _ in kb.clashes()}
    assert ("state name", "it", "congo") in shared
    assert ("demonym", "en", "korean") in shared
    for kind, lang, key, ids in kb.clashes():
        index = kb._indexes[(kind, lang)]
        plain = {ref.id for ref in index.refs[key] if not ref.ambiguous}
        assert len(plain) <= 1, (kind, lang, key, ids)


def test_demonym_forms_are_complete(kb: KnowledgeBase) -> None:
    for state in kb.states.values():
        if state.demonyms is None:
            continue
        for d in state.demonyms.it:
            assert all(form[0].islower() for _, form in d.forms()), (state.alpha3, d)
        for e in state.demonyms.en:
            assert e.adj[0].isupper() and e.plural[0].isupper(), (state.alpha3, e)


# --- lookups ----------------------------------------------------------------------------------

STATE_NAMES: list[tuple[str, Lang, str | None]] = [
    ("Stati Uniti", "it", "USA"),
    ("Stati Uniti d'America", "it", "USA"),
    ("Stati Uniti d’America", "it", "USA"),
    ("USA", "it", "USA"),
    ("Usa", "it", "USA"),
    ("gli Usa", "it", "USA"),
    ("usa", "it", None),  # the verb
    ("United States", "en", "USA"),
    ("the United States", "en", "USA"),
    ("US", "en", "USA"),
    ("us", "en", None),
    ("Regno Unito", "it", "GBR"),
    ("Gran Bretagna", "it", "GBR"),
    ("Britain", "en", "GBR"),
    ("Russia", "it", "RUS"),
    ("la Russia", "it", "RUS"),
    ("Federazione Russa", "it", "RUS"),
    ("Corea del Nord", "it", "PRK"),
    ("Nord Corea", "it", "PRK"),
    ("North Korea", "en", "PRK"),
    ("Corea del Sud", "it", "KOR"),
    ("Cina", "it", "CHN"),
    ("China", "en", "CHN"),
    ("Iran", "it", "IRN"),
    ("l'Iran", "it", "IRN"),
    ("l’Iran", "it", "IRN"),
    ("Santa Sede", "it", "VAT"),
    ("Vaticano", "it", "VAT"),
    ("Holy See", "en", "VAT"),
    ("Palestina", "it", "PSE"),
    ("Palestine", "en", "PSE"),
    ("Kosovo", "it", "XKX"),
    ("Taiwan", "en", "TWN"),
    ("Perù", "it", "PER"),
    ("Peru", "it", "PER"),  # text without accents matches names with them
    ("Costa  d'Avorio", "it", "CIV"),
    ("COSTA D'AVORIO", "it", "CIV"),
    ("Ivory Coast", "en", "CIV"),
    ("Birmania", "it", "MMR"),
    ("Turkey", "en", "TUR"),
    ("Türkiye", "en", "TUR"),
    ("Repubblica Democratica del Congo", "it", "COD"),
    ("Germania", "it", "DEU"),
    ("Paesi Bassi", "it", "NLD"),
    ("Olanda", "it", "NLD"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), STATE_NAMES)
def test_state_by_name(kb: KnowledgeBase, text: str, lang: Lang, expected: str | None) -> None:
    hit = kb.state_by_name(text, lang)
    assert (hit.entry.alpha3 if hit else None) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("America", "it", "USA"),
        ("America", "en", "USA"),
        ("Inghilterra", "it", "GBR"),
        ("England", "en", "GBR"),
    ],
)
def test_informal_names_are_flagged_ambiguous(
    kb: KnowledgeBase, text: str, lang: Lang, expected: str
) -> None:
    hit = kb.state_by_name(text, lang)
    assert hit is not None and hit.entry.alpha3 == expected and hit.ambiguous


def test_shared_name_lists_candidates(kb: KnowledgeBase) -> None:
    hit = kb.state_by_name("Congo", "it")
    assert hit is not None and hit.ambiguous
    assert {s.alpha3 for s in hit.candidates} == {"COD", "COG"}
    plain = kb.state_by_name("Stati Uniti", "it")
    assert plain is not None and not plain.ambiguous and len(plain.candidates) == 1


DEMONYMS: list[tuple[str, Lang, str, str | None, str | None]] = [
    ("iraniano", "it", "IRN", "m", "sg"),
    ("iraniana", "it", "IRN", "f", "sg"),
    ("iraniani", "it", "IRN", "m", "pl"),
    ("iraniane", "it", "IRN", "f", "pl"),
    ("Iraniani", "it", "IRN", "m", "pl"),
    ("statunitense", "it", "USA", None, "sg"),
    ("statunitensi", "it", "USA", None, "pl"),
    ("americani", "it", "USA", "m", "pl"),
    ("russo", "it", "RUS", "m", "sg"),
    ("russe", "it", "RUS", "f", "pl"),
    ("tedeschi", "it", "DEU", "m", "pl"),
    ("britannica", "it", "GBR", "f", "sg"),
    ("israeliani", "it", "ISR", "m", "pl"),
    ("palestinesi", "it", "PSE", None, "pl"),
    ("sauditi", "it", "SAU", "m", "pl"),
    ("belghe", "it", "BEL", "f", "pl"),
    ("cinesi", "it", "CHN", None, "pl"),
    ("ucraini", "it", "UKR", "m", "pl"),
    ("American", "en", "USA", None, None),
    ("Americans", "en", "USA", None, "pl"),
    ("Iranian", "en", "IRN", None, None),
    ("Iranians", "en", "IRN", None, "pl"),
    ("Chinese", "en", "CHN", None, None),
    ("Britons", "en", "GBR", None, "pl"),
    ("Israelis", "en", "ISR", None, "pl"),
]


@pytest.mark.parametrize(("word", "lang", "state", "gender", "number"), DEMONYMS)
def test_state_by_demonym(
    kb: KnowledgeBase, word: str, lang: Lang, state: str, gender: str | None, number: str | None
) -> None:
    hit = kb.state_by_demonym(word, lang)
    assert hit is not None, word
    assert (hit.state.alpha3, hit.gender, hit.number) == (state, gender, number)


def test_demonym_misses_and_ambiguity(kb: KnowledgeBase) -> None:
    assert kb.state_by_demonym("american", "en") is None  # English demonyms take a capital
    assert kb.state_by_demonym("tavolo", "it") is None
    korean = kb.state_by_demonym("coreani", "it")
    assert korean is not None and korean.ambiguous and {s.alpha3 for s in korean.candidates} == {"KOR", "PRK"}
    north = kb.state_by_demonym("nordcoreani", "it")
    assert north is not None and north.state.alpha3 == "PRK" and not north.ambiguous


CAPITALS: list[tuple[str, Lang, str | None]] = [
    ("Washington", "it", "USA"),
    ("Washington", "en", "USA"),
    ("Mosca", "it", "RUS"),
    ("Moscow", "en", "RUS"),
    ("Pechino", "it", "CHN"),
    ("Beijing", "en", "CHN"),
    ("Teheran", "it", "IRN"),
    ("Varsavia", "it", "POL"),
    ("Il Cairo", "it", "EGY"),
    ("Nuova Delhi", "it", "IND"),
    ("Londra", "it", "GBR"),
    ("Parigi", "it", "FRA"),
    ("Berlino", "it", "DEU"),
    ("Kiev", "it", "UKR"),
    ("Kyiv", "en", "UKR"),
    ("Gerusalemme", "it", "ISR"),
    ("L'Avana", "it", "CUB"),
    ("Città del Messico", "it", "MEX"),
    ("mosca", "it", None),  # the insect
]


@pytest.mark.parametrize(("text", "lang", "expected"), CAPITALS)
def test_state_by_capital(kb: KnowledgeBase, text: str, lang: Lang, expected: str | None) -> None:
    hit = kb.state_by_capital(text, lang)
    assert (hit.entry.alpha3 if hit else None) == expected


def test_capitals_that_often_mean_something_else(kb: KnowledgeBase) -> None:
    brussels = kb.state_by_capital("Bruxelles", "it")  # often the EU
    assert brussels is not None and brussels.entry.alpha3 == "BEL" and brussels.ambiguous
    kingston = kb.state_by_capital("Kingston", "en")
    assert kingston is not None and kingston.ambiguous


ORGS: list[tuple[str, Lang, str | None]] = [
    ("NATO", "it", "NATO"),
    ("Nato", "it", "NATO"),
    ("nato", "it", None),  # "born"
    ("alleanza atlantica", "it", "NATO"),
    ("l'Alleanza atlantica", "it", "NATO"),
    ("Alleanza Atlantica", "it", "NATO"),
    ("Atlantic Alliance", "en", "NATO"),
    ("Nato", "en", "NATO"),
    ("Onu", "it", "UN"),
    ("ONU", "it", "UN"),
    ("l'Onu", "it", "UN"),
    ("Nazioni Unite", "it", "UN"),
    ("le Nazioni Unite", "it", "UN"),
    ("United Nations", "en", "UN"),
    ("the United Nations", "en", "UN"),
    ("UN", "en", "UN"),
    ("Stato islamico", "it", "ISIS"),
    ("Stato Islamico", "it", "ISIS"),
    ("Daesh", "it", "ISIS"),
    ("Isis", "it", "ISIS"),
    ("Is", "it", "ISIS"),
    ("l'Is", "it", "ISIS"),
    ("Islamic State", "en", "ISIS"),
    ("ISIL", "en", "ISIS"),
    ("Hezbollah", "it", "HEZBOLLAH"),
    ("Hizbollah", "it", "HEZBOLLAH"),
    ("Hizballah", "en", "HEZBOLLAH"),
    ("Hamas", "it", "HAMAS"),
    ("al-Qaeda", "it", "AL_QAEDA"),
    ("Al Qaeda", "it", "AL_QAEDA"),
    ("Al–Qaeda", "it", "AL_QAEDA"),
    ("talebani", "it", "TALIBAN"),
    ("Taliban", "en", "TALIBAN"),
    ("Houthi", "it", "HOUTHIS"),
    ("Ansar Allah", "en", "HOUTHIS"),
    ("Unione europea", "it", "EU"),
    ("Ue", "it", "EU"),
    ("European Union", "en", "EU"),
    ("Aiea", "it", "IAEA"),
    ("IAEA", "en", "IAEA"),
    ("Corte penale internazionale", "it", "ICC"),
    ("International Criminal Court", "en", "ICC"),
    ("Oms", "it", "WHO"),
    ("WHO", "en", "WHO"),
    ("Who", "en", None),
    ("Fmi", "it", "IMF"),
    ("Lega araba", "it", "ARAB_LEAGUE"),
    ("Bce", "it", "ECB"),
    ("Fed", "it", "FED"),
    ("Cia", "it", "CIA"),
    ("Pd", "it", "PD"),
    ("Movimento 5 Stelle", "it", "M5S"),
    ("Fratelli d'Italia", "it", "FDI"),
    ("Lega", "it", "LEGA"),
    ("lega", "it", None),
    ("Forza Italia", "it", "FI"),
    ("Dipartimento di Stato", "it", "US_STATE_DEPT"),
    ("Pentagono", "it", "PENTAGON"),
    ("Pentagon", "en", "PENTAGON"),
    ("Casa Bianca", "it", "WHITE_HOUSE"),
    ("Cremlino", "it", "KREMLIN"),
    ("Farnesina", "it", "FARNESINA"),
    ("Amnesty International", "it", "AMNESTY"),
    ("Medici senza frontiere", "it", "MSF"),
    ("Cosa Nostra", "it", "COSA_NOSTRA"),
    ("'Ndrangheta", "it", "NDRANGHETA"),
    ("’Ndrangheta", "it", "NDRANGHETA"),
    ("Eni", "it", "ENI"),
    ("Ansa", "it", "ANSA"),
    ("Reuters", "en", "REUTERS"),
    ("Pasdaran", "it", "IRGC"),
    ("Wagner", "it", "WAGNER"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), ORGS)
def test_org_by_name(kb: KnowledgeBase, text: str, lang: Lang, expected: str | None) -> None:
    hit = kb.org_by_name(text, lang)
    assert (hit.entry.id if hit else None) == expected


def test_org_facts(kb: KnowledgeBase) -> None:
    pentagon = kb.organisations["PENTAGON"]
    assert (pentagon.type, pentagon.country, pentagon.sector) == ("other", "USA", "MIL")
    state_dept = kb.organisations["US_STATE_DEPT"]
    assert (state_dept.country, state_dept.sector) == ("USA", "GOV")
    assert kb.organisations["UNHCR"].parent == "UN"
    assert kb.organisations["NATO"].type == "igo" and kb.organisations["NATO"].country is None
    assert kb.organisations["HAMAS"].type == "armed_group"
    assert kb.organisations["PD"].type == "party" and kb.organisations["PD"].country == "ITA"
    named_in_the_issue = _codes(
        "NATO UN EU ISIS HAMAS HEZBOLLAH IAEA ICC ICJ WHO IMF WTO OPEC AU ASEAN ARAB_LEAGUE ECB FED CIA FBI "
        "PD M5S FDI LEGA FI"
    )
    for oid in named_in_the_issue:
        assert oid in kb.organisations, oid


def test_shared_org_name(kb: KnowledgeBase) -> None:
    hit = kb.org_by_name("Partito democratico", "it")
    assert hit is not None and hit.entry.id == "PD" and hit.ambiguous
    rsf = kb.org_by_name("RSF", "en")
    assert rsf is not None and rsf.ambiguous and {o.id for o in rsf.candidates} == {"RSF_NGO", "RSF_SUDAN"}


SECTOR_WORDS: list[tuple[str, Lang, str, str]] = [
    ("presidente", "it", "GOV", "president"),
    ("president", "en", "GOV", "president"),
    ("premier", "it", "GOV", "prime minister"),
    ("primo ministro", "it", "GOV", "prime minister"),
    ("ministro", "it", "GOV", "minister"),
    ("ministra", "it", "GOV", "minister"),
    ("ministri", "it", "GOV", "minister"),
    ("ambasciatore", "it", "GOV", "ambassador"),
    ("diplomatici", "it", "GOV", "diplomat"),
    ("esercito", "it", "MIL", "army"),
    ("forze armate", "it", "MIL", "armed forces"),
    ("soldati", "it", "MIL", "soldier"),
    ("militari", "it", "MIL", "military"),
    ("army", "en", "MIL", "army"),
    ("polizia", "it", "COP", "police"),
    ("carabinieri", "it", "COP", "carabinieri"),
    ("parlamento", "it", "LEG", "parliament"),
    ("deputati", "it", "LEG", "member of parliament"),
    ("senatori", "it", "LEG", "senator"),
    ("lawmakers", "en", "LEG", "member of parliament"),
    ("tribunale", "it", "JUD", "court"),
    ("giudice", "it", "JUD", "judge"),
    ("procura", "it", "JUD", "prosecutor"),
    ("pm", "it", "JUD", "prosecutor"),
    ("ribelli", "it", "REB", "rebels"),
    ("insorti", "it", "REB", "rebels"),
    ("miliziani", "it", "UAF", "militia"),
    ("jihadisti", "it", "REBREL", "jihadist"),
    ("terroristi", "it", "REB", "terrorist"),
    ("manifestanti", "it", "CVLOPP", "protesters"),
    ("manifestante", "it", "CVLOPP", "protesters"),
    ("dimostranti", "it", "CVLOPP", "protesters"),
    ("protesters", "en", "CVLOPP", "protesters"),
    ("opposizione", "it", "PTYOPP", "opposition"),
    ("sindacato", "it", "LAB", "trade union"),
    ("imprenditori", "it", "BUS", "entrepreneur"),
    ("aziende", "it", "BUS", "business"),
    ("giornalisti", "it", "JRN", "journalist"),
    ("medici", "it", "MED", "doctor"),
    ("ospedale", "it", "MED", "hospital"),
    ("studenti", "it", "EDU", "student"),
    ("università", "it", "EDU", "university"),
    ("chiesa", "it", "REL", "church"),
    ("vescovo", "it", "REL", "bishop"),
    ("imam", "it", "REL", "cleric"),
    ("civili", "it", "CVL", "civilians"),
    ("cittadini", "it", "CVL", "citizens"),
    ("residenti", "it", "CVL", "residents"),
    ("profughi", "it", "REF", "refugees"),
    ("Presidente", "it", "GOV", "president"),
    ("il presidente", "it", "GOV", "president"),
]


@pytest.mark.parametrize(("word", "lang", "sector", "role"), SECTOR_WORDS)
def test_sector_of(kb: KnowledgeBase, word: str, lang: Lang, sector: str, role: str) -> None:
    hit = kb.sector_of(word, lang)
    assert hit is not None, word
    assert (hit.entry.sector, hit.entry.role) == (sector, role)


def test_sector_word_accents_are_not_ignored(kb: KnowledgeBase) -> None:
    assert kb.sector_of("papa", "it") is not None
    assert kb.sector_of("papà", "it") is None  # "dad", not the pope
    assert kb.sector_of("universita", "it") is not None  # unaccented text still matches


def test_unknown_language_is_a_config_error(kb: KnowledgeBase) -> None:
    with pytest.raises(ConfigError, match="language 'fr'"):
        kb.state_by_name("Italie", "fr")  # type: ignore[arg-type]


def test_normalisation() -> None:
    assert normalise("  Stati   Uniti\u00a0d’America ") == "Stati Uniti d'America"
    assert normalise("al–Qaeda") == "al-Qaeda"
    assert name_key("Perù") == name_key("PERU") == "peru"


# --- user files -------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        """
organisations:
- id: PRO_LOCO_X
  type: ngo
  country: ITA
  sector: NGO
  names:
    it: [Pro Loco di Xville]
    en: [Xville Tourist Board]
- id: NATO
  type: igo
  sector: IGO
  names:
    it: [NATO, Nato, Patto atlantico, Alleanza del Nord Atlantico]
    en: [NATO]
sectors:
- id: mayor
  sector: GOV
  role: mayor
  forms:
    it: [sindaco, sindaca, sindaci, primo cittadino, prima cittadina]
    en: [mayor, mayors]
states:
- alpha3: USA
  alpha2: US
  names:
    it: [Stati Uniti, Usa, USA, Yankeeland]
    en: [United States]
""",
    )
    kb = load_kb([user])
    added = kb.org_by_name("Pro Loco di Xville", "it")
    assert added is not None and added.entry.id == "PRO_LOCO_X"
    nato = kb.org_by_name("Alleanza del Nord Atlantico", "it")
    assert nato is not None and nato.entry.id == "NATO"
    assert kb.org_by_name("alleanza atlantica", "it") is None  # the override replaced the entry
    first = kb.sector_of("primo cittadino", "it")
    assert first is not None and first.entry.id == "mayor"
    yankee = kb.state_by_name("Yankeeland", "it")
    assert yankee is not None and yankee.entry.alpha3 == "USA"
    assert kb.organisations["PENTAGON"].country == "USA"  # the rest is untouched
    assert default_kb().org_by_name("alleanza atlantica", "it") is not None  # shipped KB unchanged


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "organisations:\n- id: nato\n  type: igo\n  sector: IGO\n  names: {it: [x]}\n",
            r"organisations\[0\] \(nato\)",
        ),
        (
            "organisations:\n- id: FOO\n  type: club\n  sector: IGO\n  names: {it: [Foo]}\n",
            r"organisations\[0\] \(FOO\)",
        ),
        (
            "organisations:\n- id: FOO\n  type: igo\n  sector: XYZ\n  names: {it: [Foo]}\n",
            "unknown sector code",
        ),
        ("organisations:\n- id: FOO\n  type: igo\n  sector: IGO\n  names: {it: []}\n", "at least one name"),
        (
            "organisations:\n- id: FOO\n  type: igo\n  sector: IGO\n  names: {it: [Foo]}\n  colour: red\n",
            "colour",
        ),
        (
            "organisations:\n- id: FOO\n  type: igo\n  sector: IGO\n  names: {it: [Foo]}\n  country: ZZZ\n",
            "ZZZ",
        ),
        (
            "organisations:\n- id: FOO\n  type: igo\n  sector: IGO\n  names: {it: [Foo]}\n  parent: BAR\n",
            "BAR",
        ),
        (
            "organisations:\n- {id: FOO, type: igo, sector: IGO, names: {it: [Foo]}}\n"
            "- {id: FOO, type: igo, sector: IGO, names: {it: [Fu]}}\n",
            "repeats the id 'FOO'",
        ),
        (
            "organisations:\n- {id: FOO, type: igo, sector: IGO, names: {it: [Nazioni Unite]}}\n",
            "nazioni unite",
        ),
        ("states:\n- {alpha3: usa, names: {it: [x]}}\n", r"states\[0\] \(usa\)"),
        (
            "sectors:\n- {id: Mayor, sector: GOV, role: mayor, forms: {it: [sindaco]}}\n",
            r"sectors\[0\] \(Mayor\)",
        ),
        ("people:\n- {id: X}\n", "people"),
        ("organisations: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_user_file_fails_clearly(tmp_path: Path, text: str, message: str) -> None:
    user = _write(tmp_path, text, "bad.yaml")
    with pytest.raises(ConfigError, match=message) as info:
        KnowledgeBase([user])
    assert "bad.yaml" in str(info.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        KnowledgeBase([tmp_path / "nope.yaml"])


def test_empty_user_file_changes_nothing(tmp_path: Path) -> None:
    kb = KnowledgeBase([_write(tmp_path, "# nothing\n")])
    assert len(kb.organisations) == len(default_kb().organisations)


# --- states.yaml is the build script's output -------------------------------------------------


def _build_module() -> ModuleType:
    if "build_states" in sys.modules:
        return sys.modules["build_states"]
    spec = importlib.util.spec_from_file_location("build_states", ROOT / "scripts" / "build_states.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_states"] = module  # pydantic resolves the models' annotations through it
    spec.loader.exec_module(module)
    return module


def test_states_yaml_is_reproducible() -> None:
    pytest.importorskip("pycountry")  # a build-time source, not a runtime dependency
    build = _build_module()
    assert build.build() == (DATA / "states.yaml").read_text(encoding="utf-8"), (
        "states.yaml differs from what scripts/build_states.py builds: run the script"
    )


def _iter_names(kb: KnowledgeBase, lang: Lang) -> Iterator[str]:
    for state in kb.states.values():
        yield from (a.name for a in state.names.get(lang))
    for org in kb.organisations.values():
        yield from (a.name for a in org.names.get(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_names_are_normalised(kb: KnowledgeBase, lang: Lang) -> None:
    """Names in the data are stored as lookups normalise them (one apostrophe, single spaces)."""
    for name in _iter_names(kb, lang):
        assert name == normalise(name), name
