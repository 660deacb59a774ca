"""The screening matcher: normalisation, romanisation, company forms, scripts, scores, reasons; the issue's examples."""
from __future__ import annotations

import pytest

from models import search
from models.matching import MatchQuery, score_name
from models.matching.normalise import name_words, readings
from models.matching.romanisation import key, loose_key
from tests.conftest import shared_file

pytestmark = pytest.mark.both_engines      # every store fixture in this file: SQLite, then PostgreSQL


@pytest.mark.parametrize("a, b", [("GWANGSEON", "KWANGSON"), ("GORYEO", "KORYO"), ("JEONG", "JONG"),
                                  ("GYEONG", "KYONG"), ("TAEK", "THAEK"), ("HSIANG", "XIANG"), ("LEE", "RI"),
                                  ("PARK", "PAK"), ("CHOI", "CHOE"), ("MEIHSIANG", "MEIXIANG")])
def test_romanisations_share_a_key(a, b):
    assert key(a) == key(b)


def test_the_loose_key_also_merges_o_and_u_and_different_names_stay_apart():
    assert key("JOSEON") != key("CHOSUN") and loose_key("JOSEON") == loose_key("CHOSUN")
    assert len({key(w) for w in ("KIM", "KIL", "SU", "SO", "JONG", "HONG")}) == 6


def test_company_forms_and_stop_words():
    assert [w.norm for w in name_words("Korean Polish Shipping Co., Ltd.")] == ["KOREAN", "POLISH", "SHPG", "CO", "LTD"]
    assert [w.norm for w in name_words("KOREAN POLISH SHPG COMPANY LIMITED")] == ["KOREAN", "POLISH", "SHPG", "CO", "LTD"]
    assert [w.norm for w in name_words("General Bureau of Reconnaissance")] == ["GENERAL", "BUREAU", "RECONNAISSANCE"]
    assert [w.norm for w in name_words("Ltd Liability Company Rustmash")] == ["LLC", "RUSTMASH"]
    assert [w.norm for w in name_words("SergeiLavrov")] == ["SERGEI", "LAVROV"]
    assert [w.norm for w in name_words("of")] == ["OF"]             # a query of stop words only keeps them


def test_scripts_are_transliterated():
    assert [w.norm for w in name_words(readings("김정은")[0][0])] == ["GIM", "JEONG", "EUN"]
    hanja = [[w.norm for w in name_words(r)] for r, _how in readings("金正恩")]
    assert hanja == [["JIN", "ZHENG", "EN"], ["GIM", "JEONG", "EUN"]]          # Mandarin, then Sino-Korean
    assert [w.norm for w in name_words(readings("Путин")[0][0])] == ["PUTIN"]
    assert "Cyrillic" in readings("Путин")[0][1]


def test_scores_say_why():
    gwangseon = score_name(MatchQuery.parse("Gwangseon"), "KOREA KWANGSON BANKING CORP")
    assert "romanisation: GWANGSEON~KWANGSON" in gwangseon.reasons
    typo = score_name(MatchQuery.parse("Kim Su Gill"), "KIM, Su Gil")
    assert "spelling: GILL~GIL" in typo.reasons and 80 <= typo.score < 100
    exact = score_name(MatchQuery.parse("kim su gil"), "KIM, Su Gil")
    assert exact.exact and exact.score == 100
    run = score_name(MatchQuery.parse("sergeilavrov"), "LAVROV, Sergei Viktorovich")
    assert "run-together: SERGEILAVROV~SERGEI LAVROV" in run.reasons and run.score >= 90
    company = score_name(MatchQuery.parse("Korea Kwangson Banking Corporation"), "KOREA KWANGSON BANKING CORP")
    assert company.score == 100 and "company form: CORPORATION~CORP" in company.reasons
    assert score_name(MatchQuery.parse("Kim Jong Un"), "KIM, Won Hong").score < 80


# The examples of issue 17: (query, the name it must find in the top 3)
EXAMPLES = [("Kim Su Gill", "KIM, Su Gil"), ("Reconnaisance General Bureau", "RECONNAISSANCE GENERAL BUREAU"),
            ("VLADIMR PUTIN", "PUTIN, Vladimir Vladimirovich"), ("Gwangseon", "KOREA KWANGSON BANKING CORP"),
            ("Goryeo", "KORYO BANK"), ("Jeong Gyeong-taek", "JONG, Kyong Thaek"),
            ("Chen Meixiang", "CHEN, Mei Hsiang"), ("Korea Kwangson Banking Corporation", "KOREA KWANGSON BANKING CORP"),
            ("Korean Polish Shipping Co., Ltd.", "KOREAN POLISH SHPG CO LTD"),
            ("General Bureau of Reconnaissance", "RECONNAISSANCE GENERAL BUREAU"),
            ("SergeiLavrov", "LAVROV, Sergei Viktorovich"), ("김정은", "KIM, Jong Un"), ("金正恩", "KIM, Jong Un"),
            ("Путин", "PUTIN, Vladimir Vladimirovich")]


def _top3_names(conn, query: str, threshold: float) -> list[str]:
    """The names of the top 3 designations, each followed by the alias that matched (if not the name)."""
    hits = search.search_ids(conn, query, threshold=threshold)[:3]
    names = dict(conn.execute("SELECT designation_id, name FROM designations"))
    return [n for h in hits for n in dict.fromkeys([names[h.designation_id], h.label])]


@pytest.fixture
def fixture_store(bundled_store):
    """The bundled DPRK entries plus two Russian ones written as OFAC's sdn.csv writes names."""
    conn = bundled_store.conn
    with bundled_store.transaction():
        for i, (name, aka) in enumerate([("PUTIN, Vladimir Vladimirovich", "PUTIN, Vladimir"),
                                         ("LAVROV, Sergei Viktorovich", "LAVROV, Sergey")], start=900001):
            conn.execute("INSERT INTO designations (designation_id, authority, list_name, source_id, name, type,"
                         " programs, first_seen, last_seen, dprk, file_id) VALUES (?, 'OFAC', 'OFAC SDN', ?, ?,"
                         " 'individual', 'RUSSIA-EO14024', '2024-05-03', '2024-05-03', 0,"
                         " (SELECT MIN(file_id) FROM source_files))", (i, str(i), name))
            conn.execute("INSERT INTO designation_aliases VALUES (?, ?, 'aka', NULL)", (i, aka))
    search.refresh_index(conn)
    return bundled_store


@pytest.mark.parametrize("query, name", EXAMPLES)
def test_issue_examples_find_their_target_in_the_top_3(fixture_store, query, name):
    assert name in _top3_names(fixture_store.conn, query, search.DEFAULT_THRESHOLD)


@pytest.mark.parametrize("query", ["Joseon", "Chosun"])
def test_joseon_finds_chosun_and_choson(fixture_store, query):
    top = [h.label for h in search.search_ids(fixture_store.conn, query)[:3]]      # the names or aliases matched
    assert top and all(loose_key("JOSEON") in {w.loose for w in name_words(n)} for n in top)


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    """OFAC's SDN list of 2024-05-03 with the aliases of 2025-12-24, names and aliases only."""
    from models.importers.ofac_csv import parse_ofac_csv
    from models.store import Store

    entries = parse_ofac_csv(shared_file("ofac/2024-05-03/sdn.csv"),
                             {"ofac_alt_csv": shared_file("ofac/2025-12-24/alt.csv")}, "2024-05-03").entries
    store = Store(tmp_path_factory.mktemp("real") / "sdn.sqlite3")
    conn = store.conn
    with store.transaction():
        conn.execute("INSERT INTO source_files (dataset, format, file_name, sha256, imported_at, record_count)"
                     " VALUES ('ofac_sdn', 'ofac_csv', 'sdn.csv', 'x', '2026-01-01', ?)", (len(entries),))
        for i, e in enumerate(entries, start=1):
            conn.execute("INSERT INTO designations (designation_id, authority, list_name, source_id, name, type,"
                         " programs, first_seen, last_seen, dprk, file_id) VALUES (?, 'OFAC', 'OFAC SDN', ?, ?, ?,"
                         " ?, '2024-05-03', '2024-05-03', 1, 1)", (i, e.source_id, e.name, e.type, "; ".join(e.programs)))
            conn.executemany("INSERT INTO designation_aliases VALUES (?, ?, ?, NULL)",
                             [(i, a, kind) for a, kind, _q in e.aliases if a])
    search.refresh_index(conn)
    yield store
    store.close()


@pytest.mark.parametrize("query, name", EXAMPLES + [("Joseon Expo", "CHOSUN EXPO")])
def test_issue_examples_on_the_real_list(real_store, query, name):
    assert name in _top3_names(real_store.conn, query, search.DEFAULT_THRESHOLD)


@pytest.mark.parametrize("query", ['AND', 'OR', 'NOT', 'NEAR', '"', 'kim*', 'a:b', '(', '^x', "'", '""', '*',
                                   'NEAR(kim su, 2)', '"kim" AND "su"', 'kim -su', 'name:kim'])
def test_query_syntax_never_errors(fixture_store, query):
    search.search_ids(fixture_store.conn, query)
    search.match_ids(fixture_store.conn, query)


@pytest.mark.parametrize("query", ['kim su gil OR NOT', '"kim su gil"', 'kim* su gil', '(kim) su-gil:'])
def test_operator_words_and_characters_are_text(fixture_store, query):
    assert search.search_ids(fixture_store.conn, query)[0].label == "KIM, Su Gil"


def test_exact_matches_come_first(fixture_store):
    hits = search.search_ids(fixture_store.conn, "KORYO BANK", threshold=0)
    assert hits[0].exact and hits[0].label == "KORYO BANK"
    assert [h.exact for h in hits] == sorted((h.exact for h in hits), reverse=True)


def test_threshold_filters(fixture_store):
    conn = fixture_store.conn
    assert search.search_ids(conn, "Kim Su Gill", threshold=80)
    assert not search.search_ids(conn, "Kim Su Gill", threshold=99.5)
    assert all(h.score >= 60 for h in search.search_ids(conn, "Kim Su", threshold=60))
