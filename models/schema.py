"""The SQLite schema and its forward migrations.

`MIGRATIONS[i]` moves a database from version i to version i + 1. Never edit a released
migration: append a new one. Dates are ISO text: `YYYY-MM-DD`, or `YYYY-MM` where the source
only gives the month (the row's `date_precision` says which).
"""
from __future__ import annotations

import sqlite3

V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

-- Every imported file: where it came from and which snapshot of its source it is.
CREATE TABLE source_files (
    file_id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,              -- cns_missiles, statements, ofac_sdn, un_consolidated, ...
    format TEXT NOT NULL,               -- cns_csv, cns_xlsx, statements_csv, ...
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    publisher TEXT,
    title TEXT,
    url TEXT,
    snapshot_date TEXT,                 -- the source's own date for this version of the data
    snapshot_date_basis TEXT,           -- how snapshot_date was found (file content, file name, user, ...)
    imported_at TEXT NOT NULL,
    record_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (format, sha256)
);

CREATE TABLE launches (
    launch_id TEXT PRIMARY KEY,         -- L<date>-<n>: stable for a given date and salvo order
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL CHECK (date_precision IN ('day', 'month')),
    time_utc TEXT,
    facility TEXT,
    missile_count INTEGER NOT NULL,
    classes TEXT NOT NULL,
    max_apogee_km REAL,
    max_distance_km REAL,
    outcome TEXT NOT NULL,
    confirmation TEXT NOT NULL
);

-- One row per missile, as CNS keeps them.
CREATE TABLE missiles (
    missile_id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,              -- cns
    source_key TEXT NOT NULL,           -- the CNS sequence number (F1)
    launch_id TEXT REFERENCES launches (launch_id) ON DELETE SET NULL,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL CHECK (date_precision IN ('day', 'month')),
    time_utc TEXT,
    missile_name TEXT,
    missile_class TEXT NOT NULL CHECK (missile_class IN
        ('SRBM', 'MRBM', 'IRBM', 'ICBM', 'SLBM', 'SLV', 'HGV', 'cruise', 'unknown')),
    agency TEXT,
    facility TEXT,
    facility_location TEXT,
    latitude REAL,
    longitude REAL,
    landing_location TEXT,
    apogee_km REAL,                     -- NULL when the source says Unknown, N/A, a range or nothing
    apogee_text TEXT,                   -- the source's own wording, kept when it is not a plain number
    distance_km REAL,
    distance_text TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'unknown')),
    confirmation TEXT NOT NULL CHECK (confirmation IN ('confirmed', 'unconfirmed', 'unknown')),
    notes TEXT,
    source_urls TEXT,                   -- the source's own references, one per line
    entered_on TEXT,                    -- the source's "date entered/updated"
    file_id INTEGER NOT NULL REFERENCES source_files (file_id),
    UNIQUE (dataset, source_key)
);
CREATE INDEX missiles_date ON missiles (date);

CREATE TABLE countries (
    iso3 TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- Dated group memberships: UNSC by year, G7, EU, NATO, Quad, ASEAN, Five Eyes.
CREATE TABLE country_groups (
    group_name TEXT NOT NULL,
    iso3 TEXT NOT NULL REFERENCES countries (iso3),
    role TEXT,                          -- e.g. 'permanent' / 'elected' for the Security Council
    valid_from TEXT NOT NULL,
    valid_to TEXT,                      -- inclusive; NULL while still a member
    source_url TEXT,
    PRIMARY KEY (group_name, iso3, valid_from)
);

CREATE TABLE statement_series (
    series_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT
);

CREATE TABLE statements (
    statement_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('joint_statement', 'resolution_vote', 'draft_resolution_vote',
                                       'press_statement', 'presidential_statement')),
    series_id TEXT REFERENCES statement_series (series_id),
    date TEXT NOT NULL,
    title TEXT NOT NULL,
    trigger_event TEXT,
    venue TEXT,
    url TEXT,
    source_note TEXT,
    positions_known INTEGER NOT NULL DEFAULT 1,   -- 0: the source names no signatories / roll call
    outcome TEXT,                                 -- votes: adopted / not adopted (veto) / ...
    file_id INTEGER NOT NULL REFERENCES source_files (file_id)
);
CREATE INDEX statements_date ON statements (date);

-- The launch dates a statement names as its trigger (launch ids are derived, dates are sourced).
CREATE TABLE statement_triggers (
    statement_id TEXT NOT NULL REFERENCES statements (statement_id) ON DELETE CASCADE,
    launch_date TEXT NOT NULL,
    PRIMARY KEY (statement_id, launch_date)
);

-- Each country's recorded position; a joint statement only lists who joined.
CREATE TABLE positions (
    statement_id TEXT NOT NULL REFERENCES statements (statement_id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL REFERENCES countries (iso3),
    position TEXT NOT NULL CHECK (position IN ('joined', 'yes', 'no', 'abstain', 'absent')),
    file_id INTEGER NOT NULL REFERENCES source_files (file_id),
    PRIMARY KEY (statement_id, iso3)
);

-- Sanctions: one row per entry of one list; snapshots date it.
CREATE TABLE list_snapshots (
    snapshot_id INTEGER PRIMARY KEY,
    list_name TEXT NOT NULL,            -- OFAC SDN, OFAC Consolidated, UN Consolidated
    authority TEXT NOT NULL,            -- OFAC, UN 1718 Committee, ...
    snapshot_date TEXT NOT NULL,
    date_basis TEXT NOT NULL,
    file_id INTEGER NOT NULL REFERENCES source_files (file_id),
    UNIQUE (list_name, snapshot_date)
);

CREATE TABLE designations (
    designation_id INTEGER PRIMARY KEY,
    authority TEXT NOT NULL,
    list_name TEXT NOT NULL,
    source_id TEXT NOT NULL,            -- OFAC ent_num, UN reference number
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('individual', 'entity', 'vessel', 'aircraft')),
    programs TEXT,                      -- '; '-joined
    title TEXT,
    nationality TEXT,
    listed_on TEXT,                     -- only when the source gives it
    first_seen TEXT,
    last_seen TEXT,
    removed_on TEXT,                    -- first snapshot without the entry after it was seen
    remarks TEXT,
    dprk INTEGER NOT NULL DEFAULT 0,
    dprk_reason TEXT,
    content_hash TEXT,
    file_id INTEGER NOT NULL REFERENCES source_files (file_id),
    UNIQUE (list_name, source_id)
);

CREATE TABLE designation_snapshots (
    designation_id INTEGER NOT NULL REFERENCES designations (designation_id) ON DELETE CASCADE,
    snapshot_id INTEGER NOT NULL REFERENCES list_snapshots (snapshot_id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    content TEXT NOT NULL,              -- JSON of the entry's fields in that snapshot, for "what changed"
    dprk INTEGER NOT NULL DEFAULT 0,    -- derived in that snapshot (a link's target can change the verdict)
    dprk_reason TEXT,
    link_targets TEXT,                  -- JSON: per "Linked To" in content, the target's source_id or null
    PRIMARY KEY (designation_id, snapshot_id)
);
CREATE INDEX designation_snapshots_snapshot ON designation_snapshots (snapshot_id);

CREATE TABLE designation_aliases (
    designation_id INTEGER NOT NULL REFERENCES designations (designation_id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_type TEXT,
    quality TEXT
);
CREATE INDEX designation_aliases_id ON designation_aliases (designation_id);

CREATE TABLE designation_addresses (
    designation_id INTEGER NOT NULL REFERENCES designations (designation_id) ON DELETE CASCADE,
    address TEXT,
    city TEXT,
    state_province TEXT,
    postal_code TEXT,
    country TEXT,
    remarks TEXT
);
CREATE INDEX designation_addresses_id ON designation_addresses (designation_id);

CREATE TABLE designation_identifiers (
    designation_id INTEGER NOT NULL REFERENCES designations (designation_id) ON DELETE CASCADE,
    id_type TEXT NOT NULL,              -- IMO, Passport, DOB, Nationality, Website, ...
    id_value TEXT NOT NULL,
    country TEXT
);
CREATE INDEX designation_identifiers_id ON designation_identifiers (designation_id);

CREATE TABLE designation_links (
    from_id INTEGER NOT NULL REFERENCES designations (designation_id) ON DELETE CASCADE,
    to_id INTEGER NOT NULL REFERENCES designations (designation_id) ON DELETE CASCADE,
    relation TEXT NOT NULL,             -- linked_to, shared_address, shared_identifier, associated
    source TEXT,                        -- the text the link was read from
    PRIMARY KEY (from_id, to_id, relation)
);

-- Revenue-stream tags: suggested by rules, confirmed or edited by the user (never lost on re-import).
CREATE TABLE revenue_tags (
    designation_id INTEGER NOT NULL REFERENCES designations (designation_id) ON DELETE CASCADE,
    stream TEXT NOT NULL CHECK (stream IN ('labour', 'minerals', 'shipping', 'cyber', 'finance',
                                           'procurement', 'other')),
    status TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
    reason TEXT,
    updated_at TEXT,
    PRIMARY KEY (designation_id, stream)
);
"""

# V2: the name/alias search index (FTS5 trigram over normalised text; kept current from search_dirty,
# which triggers fill on every change to designations or aliases) and cached network layouts.
V2 = """
CREATE TABLE search_terms (
    term_id INTEGER PRIMARY KEY,         -- also the rowid of its search_fts row
    designation_id INTEGER NOT NULL,    -- no cascade: models.search deletes terms and index rows together
    label TEXT NOT NULL,                -- the name or alias as the source spells it
    kind INTEGER NOT NULL               -- 0 the name, 1 an alias, 2 the name of an entry it is linked to
);
CREATE INDEX search_terms_designation ON search_terms (designation_id);
CREATE VIRTUAL TABLE search_fts USING fts5(norm, tokenize = 'trigram');
CREATE TABLE search_dirty (designation_id INTEGER PRIMARY KEY);
INSERT INTO search_dirty SELECT designation_id FROM designations;
CREATE TRIGGER search_dirty_insert AFTER INSERT ON designations BEGIN
    INSERT OR IGNORE INTO search_dirty VALUES (new.designation_id); END;
CREATE TRIGGER search_dirty_update AFTER UPDATE OF name ON designations BEGIN
    INSERT OR IGNORE INTO search_dirty VALUES (new.designation_id); END;
CREATE TRIGGER search_dirty_delete AFTER DELETE ON designations BEGIN
    INSERT OR IGNORE INTO search_dirty VALUES (old.designation_id); END;
CREATE TRIGGER search_dirty_alias_insert AFTER INSERT ON designation_aliases BEGIN
    INSERT OR IGNORE INTO search_dirty VALUES (new.designation_id); END;
CREATE TRIGGER search_dirty_alias_delete AFTER DELETE ON designation_aliases BEGIN
    INSERT OR IGNORE INTO search_dirty VALUES (old.designation_id); END;
CREATE TRIGGER search_dirty_link_insert AFTER INSERT ON designation_links BEGIN
    INSERT OR IGNORE INTO search_dirty VALUES (new.from_id); INSERT OR IGNORE INTO search_dirty VALUES (new.to_id); END;
CREATE TRIGGER search_dirty_link_delete AFTER DELETE ON designation_links BEGIN
    INSERT OR IGNORE INTO search_dirty VALUES (old.from_id); INSERT OR IGNORE INTO search_dirty VALUES (old.to_id); END;

-- Network layouts, cached so positions stay put between sessions: one row per node per layout key.
CREATE TABLE network_layout (
    layout_key TEXT NOT NULL,           -- which graph (a hash of its node and edge sets)
    designation_id INTEGER NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    PRIMARY KEY (layout_key, designation_id)
);
"""

# V3: DPRK-related designations found without a scan: the ledger and the timeline read only those,
# and a consolidated store can hold a million other entries.
V3 = """
CREATE INDEX designations_dprk ON designations (dprk, listed_on);
"""

# Statements 2023-2026 and preliminary launches: Council procedural votes as a statement kind (the CHECK
# list is widened in place, which keeps every row and every column other migrations may have added);
# each launch event says which dataset counted it (cns, or nagix: preliminary, third-party); Security
# Council seats imported from a membership file keep their file (reference rows have none).
STATEMENTS_2023_AND_PRELIMINARY_LAUNCHES = r"""
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''presidential_statement'')',
                                       '''presidential_statement'', ''procedural_vote'')')
 WHERE type = 'table' AND name = 'statements';
PRAGMA writable_schema = RESET;
ALTER TABLE launches ADD COLUMN dataset TEXT NOT NULL DEFAULT 'cns';
ALTER TABLE country_groups ADD COLUMN file_id INTEGER REFERENCES source_files (file_id);
"""

# Designation dates: every source's claim about when an entry was designated, removed or changed
# (designation_dates, keyed by list and source id so a claim can arrive before or after its entry),
# the per-entry presence derived from a dated snapshot series (series_entries, with its versions in
# series_versions), and the best claim on each designation (designated_* / removed_*; see
# models.designation_dates). removed_on keeps its meaning: on or before that date; removed_from is the
# earliest possible date.
DESIGNATION_DATES = """
ALTER TABLE designations ADD COLUMN designated_on TEXT;         -- the day, or a window's first day
ALTER TABLE designations ADD COLUMN designated_to TEXT;         -- the day, or a window's last day
ALTER TABLE designations ADD COLUMN designated_precision TEXT;  -- day, window, on_or_before, unknown
ALTER TABLE designations ADD COLUMN designated_source TEXT;
ALTER TABLE designations ADD COLUMN removed_from TEXT;
ALTER TABLE designations ADD COLUMN removed_precision TEXT;
ALTER TABLE designations ADD COLUMN removed_source TEXT;

CREATE TABLE designation_dates (
    claim_id INTEGER PRIMARY KEY,
    list_name TEXT NOT NULL,
    source_id TEXT,                     -- NULL when the record matched no list entry (or several)
    event TEXT NOT NULL CHECK (event IN ('designated', 'removed', 'changed')),
    date_from TEXT,                     -- NULL: no lower bound (on or before date_to)
    date_to TEXT NOT NULL,
    precision TEXT NOT NULL CHECK (precision IN ('day', 'window', 'on_or_before')),
    source TEXT NOT NULL,               -- OFAC change archive, OFAC SDN scrape history, ...
    rank INTEGER NOT NULL,              -- 1 an official dated record, 2 a dense snapshot history
    basis TEXT NOT NULL,                -- how the date is known, in words
    name TEXT,                          -- the entry as the source names it
    match TEXT NOT NULL DEFAULT 'id' CHECK (match IN ('id', 'matched', 'ambiguous', 'unmatched')),
    record_ref TEXT,                    -- where in the file (line, commit)
    file_id INTEGER NOT NULL REFERENCES source_files (file_id)
);
CREATE INDEX designation_dates_entry ON designation_dates (list_name, source_id);
CREATE INDEX designation_dates_file ON designation_dates (file_id);

CREATE TABLE series_versions (
    file_id INTEGER NOT NULL REFERENCES source_files (file_id),
    seq INTEGER NOT NULL,
    version_ref TEXT NOT NULL,          -- commit id or file name
    taken_at TEXT NOT NULL,             -- commit time (UTC ISO) or the file's date
    day TEXT NOT NULL,                  -- its calendar date (US Eastern for OFAC)
    entries INTEGER NOT NULL,
    PRIMARY KEY (file_id, seq)
);

CREATE TABLE series_entries (
    file_id INTEGER NOT NULL REFERENCES source_files (file_id),
    list_name TEXT NOT NULL,
    source_id TEXT NOT NULL,
    name TEXT NOT NULL,                 -- in the newest version holding it
    type TEXT NOT NULL,
    programs TEXT,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    runs INTEGER NOT NULL,              -- separate spells on the list
    PRIMARY KEY (file_id, source_id)
);
CREATE INDEX series_entries_entry ON series_entries (list_name, source_id);
"""

# The updater's bookkeeping (models/update/state.py): per downloaded source file, the validators and hash of
# the last body this database holds, written in the same transaction as that file's import.
UPDATE_FETCHES = """
CREATE TABLE update_fetches (
    source TEXT NOT NULL,               -- the source's name in the update settings file (ofac_sdn, ...)
    file_name TEXT NOT NULL,            -- sdn.csv, consolidated.xml, ...
    url TEXT NOT NULL,                  -- the address it came from (after redirects)
    etag TEXT,                          -- the server's validators, sent back in conditional requests
    last_modified TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,           -- when this body was downloaded (UTC, ISO)
    checked_at TEXT NOT NULL,           -- when the server was last asked about it
    PRIMARY KEY (source, file_name)
);
"""

# Screening search (issue 17): the index now also holds each word's romanisation key
# (models.search.index_text), so every designation is re-indexed once.
SEARCH_ROMANISATION_KEYS = """
INSERT OR IGNORE INTO search_dirty SELECT designation_id FROM designations;
"""

# Curation (issue 19): the analysts' own facts and corrections, kept apart from the imports and written into
# the ordinary tables by models.curation.apply after every edit and every import (so a re-import never
# overwrites them); contested counts as claims with one chosen; an audit trail; import conflicts.
CURATION = """
CREATE TABLE curation_facts (
    kind TEXT NOT NULL CHECK (kind IN ('launch', 'statement', 'vote', 'designation')),
    record_id TEXT NOT NULL,            -- launch_id, statement_id, vote symbol, designation_id
    origin TEXT NOT NULL CHECK (origin IN ('user', 'import')),   -- the analyst's own record, or an imported one
    value TEXT,                         -- JSON: the own record, or the edited fields of an imported one
    imported TEXT,                      -- JSON: the imported record as the last import gave it (baseline)
    hidden INTEGER NOT NULL DEFAULT 0,  -- 1: deleted by the analyst (an imported record is hidden, not lost)
    sources TEXT NOT NULL DEFAULT '[]', -- JSON list of {publisher, url, accessed, quote}
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
);

-- Contested counts: the missiles launched on one Korea date, as each source counts them.
CREATE TABLE curation_claims (
    claim_id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,                  -- Korea (KST) date
    missiles INTEGER NOT NULL,
    publisher TEXT NOT NULL,
    url TEXT NOT NULL,
    accessed TEXT NOT NULL,
    quote TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX curation_claims_day ON curation_claims (day);
-- The claim counted for a day (no row: the record's own count).
CREATE TABLE curation_choices (
    day TEXT PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES curation_claims (claim_id)
);
ALTER TABLE launches ADD COLUMN count_basis TEXT;    -- set when a chosen claim changed the count

CREATE TABLE curation_audit (
    audit_id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,                   -- UTC, ISO
    who TEXT NOT NULL,
    command TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    before TEXT,                        -- JSON
    after TEXT,                         -- JSON
    source TEXT                         -- the sources the step rests on, in words
);

-- Where an import disagreed with an analyst's edit: both values, until the analyst keeps one.
CREATE TABLE curation_conflicts (
    conflict_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    mine TEXT,                          -- JSON
    theirs TEXT,                        -- JSON
    file_name TEXT,
    found_at TEXT NOT NULL,
    resolution TEXT CHECK (resolution IN ('mine', 'theirs')),
    resolved_at TEXT,
    resolved_by TEXT
);
"""

# Screening search at scale (issue 17): the FTS5 trigram index gives way to a key index (models.search_index):
# search_keys files each name under exact keys (word romanisation keys, spellings, words run together) in a
# WITHOUT ROWID B-tree, each row with the name's word keys (so the candidate stage reads one range, never the
# names at random); search_near holds the deletions of every word key (near spellings); search_terms keeps the
# word keys too (batch screening loads them). Every designation is re-indexed once.
SEARCH_KEY_INDEX = """
DROP TABLE search_fts;
DELETE FROM search_terms;
ALTER TABLE search_terms ADD COLUMN keys TEXT NOT NULL DEFAULT '';
CREATE TABLE search_keys (key TEXT NOT NULL, term_id INTEGER NOT NULL, words TEXT NOT NULL,
                          PRIMARY KEY (key, term_id)) WITHOUT ROWID;
CREATE TABLE search_near (variant TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (variant, key)) WITHOUT ROWID;
INSERT OR IGNORE INTO search_dirty SELECT designation_id FROM designations;
"""

# Concurrent editing (issue 21, team mode): every curated record carries a version, bumped by every write, so
# that saving over a record someone else changed since the form opened is refused with both versions shown.
CURATION_VERSIONS = """
ALTER TABLE curation_facts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
"""

MIGRATIONS: list[str] = [V1, V2, V3, STATEMENTS_2023_AND_PRELIMINARY_LAUNCHES, DESIGNATION_DATES,
                          UPDATE_FETCHES, SEARCH_ROMANISATION_KEYS, CURATION, SEARCH_KEY_INDEX, CURATION_VERSIONS]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to SCHEMA_VERSION, one migration per transaction. Returns the old version."""
    from models.errors import SchemaTooNew

    old = schema_version(conn)
    if old > SCHEMA_VERSION:
        raise SchemaTooNew(None, f"the database has schema version {old}, newer than this program "
                                 f"({SCHEMA_VERSION}); update the program")
    for version in range(old, SCHEMA_VERSION):
        try:
            conn.executescript(f"BEGIN; {MIGRATIONS[version]}; PRAGMA user_version = {version + 1}; COMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return old
