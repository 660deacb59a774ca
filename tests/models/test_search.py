"""Name and alias search: folding, romanisation variants, word order, the index kept current."""
from __future__ import annotations

import pytest

from models import search, search_index
from models.matching import label_words
from models.matching.keys import index_keys

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


@pytest.mark.parametrize("a, b", [("KIM Su Gil", "Su Gil Kim"), ("Il-ho", "Il Ho"), ("Kím", "KIM"),
                                  ("CH'OE", "Choe")])
def test_fold_and_words(a, b):
    assert sorted(search.words(a)) == sorted(search.words(b))


@pytest.mark.parametrize("variants", [("RI", "LEE", "RHEE", "YI"), ("PAK", "PARK"), ("JONG", "CHONG", "JEONG"),
                                      ("CHOE", "CHOI")])
def test_transliteration_variants_share_a_canonical_form(variants):
    assert len({search.canonical_word(v) for v in variants}) == 1


def test_formula_injection_is_neutralised():
    from models.safe_text import safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+x", "-2", "@SUM", "\tA", "\rB", "ok", 3)] == \
        ["'=1+1", "'+x", "'-2", "'@SUM", "'\tA", "'\rB", "ok", 3]


@pytest.fixture
def conn(bundled_store):
    search.refresh_index(bundled_store.conn)
    return bundled_store.conn


@pytest.mark.parametrize("query", ["kim su gil", "Su-gil Kim", "SU GIL KIM", "sugil kim", "Kim Sugil"])
def test_word_order_and_hyphens_find_the_same_entry(bundled_store, conn, query):
    frame = search.search(bundled_store, query)
    assert frame["name"].iloc[0] == "KIM, Su Gil"


def test_air_koryo_finds_the_airline_first_then_linked_people(bundled_store, conn):
    frame = search.search(bundled_store, "air koryo")
    assert frame["name"].iloc[0] == "AIR KORYO"
    linked = frame[frame["matched_alias"] == "linked to AIR KORYO"]["name"]
    assert {"RI, Sok", "YAN, Zhiyong"} <= set(linked)


def test_variants_find_ri_and_pak(bundled_store, conn):
    assert "RI JAE IL" in set(search.search(bundled_store, "Lee Jae Il")["name"])
    assert "RI JAE IL" in set(search.search(bundled_store, "Rhee Jae-il")["name"])
    assert any(n.upper().startswith(("PAK", "PAEK", "BAEK")) for n in search.search(bundled_store, "park")["name"])


def test_matched_alias_is_reported(bundled_store, conn):
    row = bundled_store.rows("SELECT designation_id, alias FROM designation_aliases LIMIT 1")[0]
    hits = search.search_ids(conn, row["alias"])
    hit = next(h for h in hits if h.designation_id == row["designation_id"])
    assert hit.score > 0


def test_short_queries_and_fast_path_agree(conn):
    result = search.match_ids(conn, "k")           # more than SCORED names: the best of them, scored
    assert result.ids and result.shown is not None and result.scores and result.partial
    assert len(result.ids) <= search.SCORED
    full = [h.designation_id for h in search.search_ids(conn, "kim su")]
    assert search.match_ids(conn, "kim su").ids == full
    capped = search.match_ids(conn, "k", limit=10)
    assert capped.partial and len(capped.ids) <= 10


def test_index_follows_renames_and_new_aliases(bundled_store, conn):
    conn.execute("BEGIN IMMEDIATE")     # not store.transaction(): on PostgreSQL that re-indexes before it commits
    conn.execute("UPDATE designations SET name = 'ZZTEST RENAMED' WHERE designation_id = 4992")
    conn.execute("INSERT INTO designation_aliases VALUES (5018, 'QQUNIQUE ALIAS', 'aka', NULL)")
    conn.execute("COMMIT")
    assert search.refresh_index(conn) >= 2
    assert [h.designation_id for h in search.search_ids(conn, "zztest")] == [4992]
    assert search.search_ids(conn, "air koryo")[0].designation_id != 4992
    assert search.search_ids(conn, "qqunique")[0].shown == "QQUNIQUE ALIAS"


def _answers(conn) -> dict[str, list]:
    """Each query's hits; for "park" and "k" (more names than are scored: the best of a part, which part
    depends on where the names sit in the index) the best score."""
    answers: dict[str, list] = {q: [(h.designation_id, h.shown) for h in search.search_ids(conn, q)]
                                for q in ("kim su gil", "air koryo", "tanchon", "lee jae il")}
    for q in ("park", "k"):
        assert search.match_ids(conn, q).partial
        answers[q] = [round(search.search_ids(conn, q)[0].score, 6)]
    return answers


def _filed(conn) -> set[tuple[str, int]]:
    """The (key, term) rows the index should hold: every term's keys, computed afresh."""
    return {(k, t) for t, label in conn.execute("SELECT term_id, label FROM search_terms")
            for k in index_keys(label_words(label))}


def test_rebuilding_every_entry_gives_the_same_answers(bundled_store, conn, monkeypatch):
    """The full re-index (after an import of everything) empties the index at once and files the keys in order."""
    before = _answers(conn)
    terms = conn.execute("SELECT COUNT(*) FROM search_terms").fetchone()[0]
    monkeypatch.setattr(search_index, "OPTIMIZE_AT", 10)
    conn.execute("INSERT OR IGNORE INTO search_dirty SELECT designation_id FROM designations")
    assert search.refresh_index(conn) == 752
    assert _answers(conn) == before
    assert conn.execute("SELECT COUNT(*) FROM search_terms").fetchone()[0] == terms
    assert {tuple(r) for r in conn.execute("SELECT key, term_id FROM search_keys")} == _filed(conn)
    assert conn.execute("SELECT COUNT(*) FROM search_dirty").fetchone()[0] == 0
    if bundled_store.engine == "sqlite":
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_partial_refresh_keeps_the_other_entries(bundled_store, conn):
    before = _answers(conn)
    conn.execute("INSERT OR IGNORE INTO search_dirty SELECT designation_id FROM designations LIMIT 100")
    assert search.refresh_index(conn) == 100
    assert _answers(conn) == before
    assert {tuple(r) for r in conn.execute("SELECT key, term_id FROM search_keys")} == _filed(conn)   # no stale keys


def test_deleted_entries_do_not_make_a_partial_refresh_a_full_one(bundled_store, conn):
    """More dirty ids than designations (deletions count too) must not drop the untouched entries' terms."""
    unlinked = "SELECT designation_id, name FROM designations d WHERE NOT EXISTS (SELECT 1 FROM designation_links l" \
               " WHERE d.designation_id IN (l.from_id, l.to_id)) ORDER BY designation_id"
    (kept, name), (edited, _name) = conn.execute(unlinked + " LIMIT 2").fetchall()
    assert kept in {h.designation_id for h in search.search_ids(conn, name)}
    conn.execute("BEGIN IMMEDIATE")     # not store.transaction(): on PostgreSQL that re-indexes before it commits
    conn.execute("DELETE FROM designations WHERE designation_id IN (SELECT designation_id FROM designations"
                 " WHERE designation_id NOT IN (?, ?) ORDER BY designation_id DESC LIMIT 600)", (kept, edited))
    conn.execute("UPDATE designations SET name = 'ZZEDITED' WHERE designation_id = ?", (edited,))
    conn.execute("COMMIT")
    dirty = {r[0] for r in conn.execute("SELECT designation_id FROM search_dirty")}
    assert kept not in dirty and len(dirty) > conn.execute("SELECT COUNT(*) FROM designations").fetchone()[0]
    search.refresh_index(conn)
    assert kept in {h.designation_id for h in search.search_ids(conn, name)}      # untouched: still found
    assert [h.designation_id for h in search.search_ids(conn, "zzedited")] == [edited]


def test_a_name_is_filed_under_its_word_keys_pairs_and_whole_run_together_form():
    from models.matching.normalise import name_words

    keys = set(index_keys(name_words("KIM, Su Gil")))
    assert {"kim", "so", "kir"} <= keys                     # loose romanisation keys of the words
    assert {"kimso", "sokir", "sokim", "kimsokir"} <= keys   # pairs (the first both ways) and the whole name
    assert "KIM" not in keys                                 # spellings only where a whole-word variant exists
    assert "PARK" in set(index_keys(name_words("PARK Jong Su")))


def test_one_letter_off_is_found_through_the_near_spelling_table(conn):
    source = search_index.SqlKeys(conn)
    tanchon = label_words("TANCHON")[0].loose
    for typo in ("TANCHOM", "TANHON", "TANCHONN", "TNACHON"):   # wrong, missing, extra, swapped letter
        assert tanchon in search_index._near_keys(source, label_words(typo)[0].loose, 100)


@pytest.mark.parametrize("query", ["kim su gil", "tanchom bank", "Korea Kwangson Banking Corporation", "k",
                                   "goryeo", "김정은"])
def test_batch_screening_reads_the_same_candidates_from_memory(conn, query):
    parsed = search.Query.parse(query).match
    live = search_index.find_candidates(search_index.SqlKeys(conn), parsed, True, 300)
    memory = search_index.find_candidates(search_index.MemoryKeys(conn, kinds=(0, 1, 2)), parsed, True, 300)
    assert live == memory and live[0]


def test_upgrading_a_store_with_the_old_trigram_index_rebuilds_it_as_keys(tmp_path):
    import sqlite3

    from models.schema import MIGRATIONS
    from models.store import Store

    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for version, script in enumerate(MIGRATIONS[:7]):          # the schema before the key index
        old.executescript(f"BEGIN; {script}; PRAGMA user_version = {version + 1}; COMMIT;")
    old.execute("INSERT INTO source_files (dataset, format, file_name, sha256, imported_at, record_count)"
                " VALUES ('x', 'x', 'x', 'x', '2026-01-01', 1)")
    old.execute("INSERT INTO designations (designation_id, authority, list_name, source_id, name, type, programs,"
                " first_seen, last_seen, dprk, file_id) VALUES (1, 'OFAC', 'SDN', '1', 'KOREA KWANGSON BANKING CORP',"
                " 'entity', 'DPRK', '2024-01-01', '2024-01-01', 1, 1)")
    old.commit()
    assert old.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'search_fts'").fetchone()[0] == 1
    old.close()
    store = Store(path)
    assert store.conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'search_fts'").fetchone()[0] == 0
    assert search.refresh_index(store.conn) == 1
    assert [h.designation_id for h in search.search_ids(store.conn, "Gwangseon")] == [1]
    store.close()


def test_after_warm_up_no_keystroke_loads_a_module():
    """The first Hangul, Chinese or Cyrillic keystroke once cost 0.3-1 s of imports (pypinyin, anyascii)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]         # this checkout's models, as pytest imports them
    script = ("import sys\nfrom models import search\nsearch.warm_up()\nbefore = set(sys.modules)\n"
              "for text in ['k', 'kim su g', '김정은', '金正恩', 'Путин']:\n"
              "    q = search.Query.parse(text)\n"
              "    search.score_rows(q, [(1, 'KIM Su Gil', 'name'), (2, '金正恩', 'aka'), (3, 'Путин', 'aka')])\n"
              "    search.prescore(q, [(1, 'KIM SU GIL', 1.0), (2, 'KIM JONG UN', 1.0)], keep=1)\n"
              "print(sorted(set(sys.modules) - before))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"
    cold = subprocess.run([sys.executable, "-c", script.replace("search.warm_up()", "pass")],
                          capture_output=True, text=True, check=True, cwd=root)
    assert "pypinyin" in cold.stdout                 # what the warm-up spares the first keystroke
