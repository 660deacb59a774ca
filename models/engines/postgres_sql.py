"""The one place where the program's SQL (written for SQLite) becomes PostgreSQL.

The models write one dialect: SQLite's, with `?` and `:name` parameters. On PostgreSQL every statement
passes through `translate()`, which rewrites what differs, and nothing else:

- parameters: `?` -> `%s`, `:name` -> `%(name)s` (and a literal `%` -> `%%`);
- upserts: `INSERT OR IGNORE` -> `ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` -> `ON CONFLICT (key) DO
  UPDATE` (the key is read from the catalogue by the connection, see `replace_clause`);
- `a IS b` / `a IS NOT b` between two values -> `IS [NOT] DISTINCT FROM`; `x COLLATE NOCASE` -> `lower(x)`;
- functions: `group_concat(x[, sep])` -> `string_agg(CAST(x AS TEXT), sep)`, `date(x, '+N day')` ->
  date arithmetic, `json_each(?)` -> `json_array_elements_text`, `json_extract(x, '$.a')` -> `#>>`;
- a subquery in FROM without a name gets one;
- SQLite's `PRAGMA table_info(t)` -> information_schema; tuning PRAGMAs (cache_size, busy_timeout, ...)
  -> nothing; `BEGIN IMMEDIATE` -> `BEGIN` (the connection then takes the writers' advisory lock);
- `temp.t` (a temporary table, as SQLite names its schema) -> `pg_temp.t` (an index's name: no schema); a
  CREATE at run time (temporary tables) gets the migrations' column types (INTEGER PRIMARY KEY numbers rows);
- DDL (migrations only): `INTEGER PRIMARY KEY` -> an identity column, `INTEGER` -> `BIGINT`, `REAL` ->
  `DOUBLE PRECISION`, `WITHOUT ROWID` -> nothing (a table with a primary key).

Statements whose meaning differs more than this (the search index, the migrations that rewrite SQLite's
own schema) have PostgreSQL versions of their own in models.engines.postgres.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

_NOOP_PRAGMAS = {"cache_size", "busy_timeout", "synchronous", "journal_mode", "foreign_keys",
                 "wal_checkpoint", "optimize", "temp_store", "mmap_size"}


@dataclass(frozen=True)
class Translated:
    sql: str                    # PostgreSQL text, psycopg parameter style
    kind: str                   # select, insert, update, delete, ddl, begin, commit, rollback, pragma, other
    table: str | None = None    # INSERT's target table
    columns: tuple[str, ...] | None = None    # INSERT's column list, when it names one
    replace: bool = False       # INSERT OR REPLACE: the connection adds the ON CONFLICT ... DO UPDATE
    pragma: str | None = None   # a PRAGMA the connection answers itself (data_version, user_version, ...)


def _split_code(sql: str) -> list[tuple[bool, str]]:
    """(is_code, text) pieces: string literals, quoted identifiers and comments are not code."""
    pieces: list[tuple[bool, str]] = []
    i, start, n = 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            end = i + 1
            while end < n:
                if sql[end] == ch:
                    if end + 1 < n and sql[end + 1] == ch:
                        end += 2
                        continue
                    break
                end += 1
            pieces.append((True, sql[start:i]))
            pieces.append((False, sql[i:end + 1]))
            i = start = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            pieces.append((True, sql[start:i]))
            pieces.append((False, " "))
            i = start = end
        else:
            i += 1
    pieces.append((True, sql[start:]))
    return [p for p in pieces if p[1]]


_PARAM = re.compile(r"\?|(?<![:\w]):([A-Za-z_]\w*)|%")


_IS_NOT = re.compile(r"\bIS\s+NOT\s+(?!NULL\b|TRUE\b|FALSE\b|DISTINCT\b)", re.IGNORECASE)
_IS = re.compile(r"\bIS\s+(?!NOT\b|NULL\b|TRUE\b|FALSE\b|DISTINCT\b)", re.IGNORECASE)


_NOCASE = re.compile(r"(\b\w+(?:\.\w+)?)\s+COLLATE\s+NOCASE\b", re.IGNORECASE)


def _comparisons(code: str) -> str:
    """SQLite's `a IS b` / `a IS NOT b` (null-safe comparison of two values) in the standard's words, and
    `x COLLATE NOCASE` (ASCII case folded) as `lower(x)`."""
    code = _NOCASE.sub(r"lower(\1)", code)
    return _IS.sub("IS NOT DISTINCT FROM ", _IS_NOT.sub("IS DISTINCT FROM ", code))


def _params(code: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(0) == "?":
            return "%s"
        if m.group(0) == "%":
            return "%%"
        return f"%({m.group(1)})s"
    return _PARAM.sub(repl, code)


def _unquoted(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(index, character) of `text` from `start`, skipping string literals."""
    quote = None
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
            continue
        yield i, ch


def _matching_paren(text: str, open_at: int) -> int:
    depth = 0
    for i, ch in _unquoted(text, open_at):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced parentheses in {text!r}")


def _top_level_args(text: str) -> list[str]:
    args, depth, start = [], 0, 0
    for i, ch in _unquoted(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[start:i].strip())
            start = i + 1
    args.append(text[start:].strip())
    return args


_FUNCTIONS = re.compile(r"\b(group_concat|date|json_each|json_extract)\s*\(", re.IGNORECASE)
_JSON_PATH = re.compile(r"'\$((?:\.\w+)+)'")
_DAYS = re.compile(r"'([+-]\d+) days?'")


def _functions(sql: str) -> str:
    """Rewrite SQLite-only functions (on the whole statement, literals included: arguments hold some)."""
    out, pos = [], 0
    for m in _FUNCTIONS.finditer(sql):
        if m.start() < pos:
            continue
        open_at = m.end() - 1
        close = _matching_paren(sql, open_at)
        args = _top_level_args(_functions(sql[open_at + 1:close]))
        name = m.group(1).lower()
        if name == "group_concat":
            value, distinct = args[0], ""
            if value.upper().startswith("DISTINCT "):
                distinct, value = "DISTINCT ", value[9:]
            separator = args[1] if len(args) > 1 else "','"
            new = f"string_agg({distinct}CAST({value} AS TEXT), {separator})"
        elif name == "date" and len(args) == 2 and _DAYS.fullmatch(args[1]):
            days = int(_DAYS.fullmatch(args[1]).group(1))
            new = f"to_char(CAST({args[0]} AS DATE) + ({days}), 'YYYY-MM-DD')"
        elif name == "json_extract" and len(args) == 2 and _JSON_PATH.fullmatch(args[1]):
            keys = _JSON_PATH.fullmatch(args[1]).group(1).strip(".").split(".")
            new = f"(CAST({args[0]} AS JSON) #>> '{{{','.join(keys)}}}')"
        elif name == "json_each":
            new = f"json_array_elements_text(CAST({args[0]} AS JSON)) AS json_each(value)"
        else:
            new = sql[m.start():close + 1]
        out.append(sql[pos:m.start()] + new)
        pos = close + 1
    out.append(sql[pos:])
    return "".join(out)


_SUBQUERY = re.compile(r"(?<!DISTINCT )\b(FROM|JOIN)\s*\(\s*(SELECT|WITH)\b", re.IGNORECASE)
_AFTER_SUBQUERY = re.compile(r"\s*(\w+)?")
_NOT_ALIASES = {"WHERE", "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "JOIN", "LEFT", "INNER", "CROSS",
                "NATURAL", "ON", "USING", "HAVING", "WINDOW", "OFFSET", "RETURNING", "FULL", "RIGHT"}


def _subquery_aliases(sql: str) -> str:
    """PostgreSQL wants a name on every subquery in FROM (before version 16); SQLite does not."""
    count = 0
    pos = 0
    while True:
        m = _SUBQUERY.search(sql, pos)
        if m is None:
            return sql
        open_at = sql.index("(", m.start())
        close = _matching_paren(sql, open_at)
        word = _AFTER_SUBQUERY.match(sql, close + 1).group(1)
        if word is None or word.upper() in _NOT_ALIASES:
            count += 1
            sql = sql[:close + 1] + f" AS subquery_{count}" + sql[close + 1:]
        pos = open_at + 1


_DDL_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b", re.IGNORECASE), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b", re.IGNORECASE), "BIGINT"),
    (re.compile(r"\bREAL\b", re.IGNORECASE), "DOUBLE PRECISION"),
    # a PostgreSQL table is a heap beside its primary-key B-tree: no rowid to leave out (the key still orders)
    (re.compile(r"\)\s*WITHOUT\s+ROWID\b", re.IGNORECASE), ")"),
]


def translate_ddl(sql: str) -> str:
    """A migration's SQLite DDL as PostgreSQL DDL (types; statements via `translate`)."""
    pieces = []
    for code, text in _split_code(sql):
        if code:
            for pattern, new in _DDL_TYPES:
                text = pattern.sub(new, text)
        pieces.append(text)
    return "".join(pieces)


_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+([\w.]+)\s*(\(([^)]*)\))?",
                     re.IGNORECASE)
_TEMP_INDEX = re.compile(r"^(\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?)temp\.",
                         re.IGNORECASE)         # an index lives in its table's schema: PostgreSQL names none
_TEMP_SCHEMA = re.compile(r"(?<![\w.])temp\.(?=\w)", re.IGNORECASE)     # SQLite's temp schema
_PRAGMA = re.compile(r"^\s*PRAGMA\s+(?:\w+\.)?(\w+)\s*(?:\(\s*(\w+)\s*\)|=\s*(\S+))?\s*;?\s*$", re.IGNORECASE)
_TABLE_INFO = ("SELECT ordinal_position - 1 AS cid, column_name AS name, data_type AS type,"
               " CAST(is_nullable = 'NO' AS INTEGER) AS notnull, column_default AS dflt_value, 0 AS pk"
               " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{}'"
               " ORDER BY ordinal_position")


@lru_cache(maxsize=4096)
def translate(sql: str) -> Translated:
    """One SQLite-dialect statement as PostgreSQL (cached: the models repeat their statements)."""
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    if head == "PRAGMA":
        m = _PRAGMA.match(sql)
        if m is None:
            raise ValueError(f"unsupported PRAGMA on PostgreSQL: {sql}")
        name = m.group(1).lower()
        if name == "table_info":
            return Translated(_TABLE_INFO.format(m.group(2)), "pragma")
        if name in _NOOP_PRAGMAS:
            return Translated("SELECT 0", "pragma")
        return Translated("", "pragma", pragma=name)
    if head == "BEGIN":
        return Translated("BEGIN", "begin")
    if head in ("COMMIT", "END"):
        return Translated("COMMIT", "commit")
    if head == "ROLLBACK":
        return Translated(sql.strip(), "rollback")
    if head == "CREATE":                # a temporary table made at run time: the migrations' column types
        sql = _TEMP_INDEX.sub(r"\1", translate_ddl(sql))
    text = "".join(_TEMP_SCHEMA.sub("pg_temp.", _comparisons(_params(t))) if code else t.replace("%", "%%")
                   for code, t in _split_code(sql))
    text = _subquery_aliases(_functions(text))
    if head == "INSERT":
        m = _INSERT.match(text)
        if m is None:
            raise ValueError(f"unrecognised INSERT: {sql}")
        verb, table, cols = m.group(1), m.group(2), m.group(4)
        columns = tuple(c.strip() for c in cols.split(",")) if cols else None
        text = f"INSERT INTO {table}" + (f" ({cols})" if cols else "") + " " + text[m.end():].lstrip()
        text = text.rstrip().rstrip(";")
        if verb and verb.upper() == "IGNORE":
            text += " ON CONFLICT DO NOTHING"
        return Translated(text, "insert", table.lower(), columns, replace=bool(verb and verb.upper() == "REPLACE"))
    kinds = {"SELECT": "select", "WITH": "select", "UPDATE": "update", "DELETE": "delete", "CREATE": "ddl",
             "DROP": "ddl", "ALTER": "ddl"}
    return Translated(text, kinds.get(head, "other"))


def replace_clause(key: list[str], columns: list[str]) -> str:
    """INSERT OR REPLACE's conflict clause: the key's row takes every other column of the new row."""
    others = [c for c in columns if c not in key]
    action = ("DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in others)) if others else "DO NOTHING"
    return f" ON CONFLICT ({', '.join(key)}) {action}"
