"""Curation commands: each `apply(store)` / `revert(store)` is one transaction with one audit entry.

A command is built from a form's input without touching the store; `apply` validates again (raising
CurationRefused, nothing saved), records what it is about to change, changes the curation tables, writes
the effect into the ordinary tables (models.curation.apply) and audits the step; `revert` puts back what
apply changed. The UI wraps them in a QUndoStack through BriefingModel.execute / undo.
"""
from __future__ import annotations

import copy
import json
import sqlite3

from models.curation import apply as effect
from models.curation.facts import (
    Fact, delete_fact, now_utc, read_fact, sources_text, write_audit, write_fact)
from models.curation.inputs import (
    ClaimInput, DesignationEdit, LaunchInput, Problem, SourceInput, StatementInput, VoteInput)
from models.curation.records import launch_record, statement_record, vote_record
from models.curation.validate import (
    validate_claim, validate_designation_edit, validate_launch, validate_source, validate_statement, validate_vote)
from models.store import Store


class CurationRefused(ValueError):
    """The input was refused; `problems` say why, field by field. Nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    @property
    def field(self) -> str:
        """The first refused field (the forms focus it)."""
        return self.problems[0].field if self.problems else ""

    @property
    def reason(self) -> str:
        return self.problems[0].message if self.problems else ""


class EditConflict(ValueError):
    """Saving over a record someone else changed since the form opened: nothing saved; both versions named.

    `mine` and `theirs` are the curated values (own record, or the fields edited on an imported one);
    `version` is theirs: a command given it as `expected_version` saves over theirs ("keep mine")."""

    def __init__(self, kind: str, record_id: str, version: int, who: str, when: str, mine: object, theirs: object):
        self.kind, self.record_id, self.version, self.who, self.when = kind, record_id, version, who, when
        self.mine, self.theirs = mine, theirs
        lines = [f"{kind} {record_id} was changed by {who} at {when} since you opened it; your edit was not saved."]
        lines += [f"{name}: theirs {_short(t)}, yours {_short(m)}" for name, t, m in self.differences()]
        super().__init__("\n".join(lines))

    def differences(self) -> list[tuple[str, object, object]]:
        """(field, theirs, mine) for every field on which the two versions differ."""
        theirs = self.theirs if isinstance(self.theirs, dict) else {"record": self.theirs}
        mine = self.mine if isinstance(self.mine, dict) else {"record": self.mine}
        return [(k, theirs.get(k), mine.get(k)) for k in sorted(set(theirs) | set(mine)) if theirs.get(k) != mine.get(k)]


def _short(value: object) -> str:
    text = "not recorded" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


class Command:
    """One undoable step. Subclasses set kind/record_id/description and implement the hooks.

    `expected_version`: the record's curation version when the form opened (models.curation.fact_version);
    when set, `apply` refuses with EditConflict if someone saved the record since. Checked on the first apply
    only (a redo re-applies the user's own step)."""

    kind = ""
    record_id = ""
    description = ""
    expected_version: int | None = None

    def __init__(self, user: str | None = None):
        self.user = user                # None: the store's user (Store.user: the database user on a server)
        self._before: object = None
        self._after: object = None

    # hooks
    def problems(self, store: Store) -> list[Problem]:
        return []

    def _snapshot(self, conn: sqlite3.Connection) -> object:
        fact = read_fact(conn, self.kind, self.record_id)
        return copy.deepcopy(fact)

    def _restore(self, conn: sqlite3.Connection, snapshot: object) -> None:
        if snapshot is None:
            current = read_fact(conn, self.kind, self.record_id)
            delete_fact(conn, self.kind, self.record_id)
            if current is not None and current.origin == "import":     # back to the imported record
                effect.materialise(conn, self.kind, self.record_id,
                                   Fact(self.kind, self.record_id, "import", None, current.imported))
        else:                           # an import since the step refreshed the baseline: keep the newer one
            current = read_fact(conn, self.kind, self.record_id)
            restored = copy.deepcopy(snapshot)
            if current is not None and current.origin == restored.origin == "import" and current.imported:
                restored.imported = current.imported
            write_fact(conn, restored)

    def _change(self, conn: sqlite3.Connection) -> None:
        raise NotImplementedError

    def _materialise(self, conn: sqlite3.Connection) -> None:
        effect.materialise(conn, self.kind, self.record_id, read_fact(conn, self.kind, self.record_id))

    def source_text(self) -> str:
        return ""

    def _record(self, conn: sqlite3.Connection) -> dict | None:
        """The record as the ordinary tables hold it now (for the audit's "before")."""
        if self.kind in ("statement", "vote"):
            return effect.read_statement(conn, self.record_id)
        if self.kind == "launch" and self.record_id:
            return effect.read_launch(conn, self.record_id)
        if self.kind == "designation":
            return effect.read_designation(conn, int(self.record_id))
        return None

    # the two steps
    def apply(self, store: Store) -> None:
        self.user = self.user or store.user
        problems = self.problems(store)
        if problems:
            raise CurationRefused(problems)
        with store.transaction() as conn:
            current = read_fact(conn, self.kind, str(self.record_id)) if self.expected_version is not None else None
            self._before = self._snapshot(conn)
            before = _json(self._before)
            if before is None:                  # nothing curated yet: the audit shows the record as it was
                before = {"record": self._record(conn)}
            self._change(conn)
            self._after = self._snapshot(conn)
            if self.expected_version is not None:
                self._check_version(conn, current)
            self._materialise(conn)
            write_audit(conn, self.user, self.description, self.kind, self.record_id,
                        before, _json(self._after), self.source_text())

    def _check_version(self, conn: sqlite3.Connection, current: Fact | None) -> None:
        """Raise EditConflict (the transaction rolls back) when the record changed since the form opened."""
        version = current.version if current is not None else 0
        if version != self.expected_version:
            after = read_fact(conn, self.kind, str(self.record_id))
            mine = after.value if after is not None and not after.hidden else None
            theirs = None if current is None or current.hidden else current.value
            raise EditConflict(self.kind, str(self.record_id), version, current.updated_by if current else "someone",
                               current.updated_at if current else "an unknown time", mine, theirs)
        self.expected_version = None            # a redo re-applies this step as it was

    def revert(self, store: Store) -> None:
        self.user = self.user or store.user
        with store.transaction() as conn:
            self._restore(conn, self._before)
            self._materialise(conn)
            write_audit(conn, self.user, f"Undo: {self.description}", self.kind, self.record_id,
                        _json(self._after), _json(self._before), self.source_text())


def _json(snapshot: object) -> object:
    if isinstance(snapshot, Fact):
        return snapshot.as_json()
    if isinstance(snapshot, dict):
        return {k: v for k, v in snapshot.items() if not k.startswith("_")}
    return snapshot


def _sources(sources: list[SourceInput]) -> list[dict]:
    return [s.as_dict() for s in sources]


class _FactCommand(Command):
    """A command that sets one curation fact from an input."""

    sources: list[SourceInput] = []

    def source_text(self) -> str:
        return sources_text(_sources(self.sources))

    def _fact_for(self, conn: sqlite3.Connection, record: dict, baseline_of) -> Fact:
        """The fact after this edit: an own record takes the whole record; an imported one keeps its
        baseline and only the fields that differ from it."""
        fact = read_fact(conn, self.kind, self.record_id)
        if fact is not None and fact.origin == "user":
            fact.value = record
        else:
            if fact is None:
                fact = Fact(self.kind, self.record_id, "import", None, baseline_of(conn, self.record_id))
            base = fact.imported or {}
            fact.value = {k: v for k, v in record.items()
                          if k not in ("file_id", "source_note") and base.get(k) != v} or None
        fact.sources = _sources(self.sources)
        fact.hidden = False
        fact.updated_at, fact.updated_by = now_utc(), self.user
        return fact


# -- statements -------------------------------------------------------------------------------------------
class AddStatement(_FactCommand):
    kind = "statement"

    def __init__(self, inp: StatementInput, user: str | None = None):
        super().__init__(user)
        self.inp, self.sources = inp, inp.sources
        self.record_id = inp.statement_id.strip()
        self.description = f"Add statement {self.record_id}"

    def problems(self, store: Store) -> list[Problem]:
        return validate_statement(store, self.inp)

    def _change(self, conn: sqlite3.Connection) -> None:
        write_fact(conn, Fact(self.kind, self.record_id, "user", statement_record(conn, self.inp), None, False,
                              _sources(self.sources), now_utc(), self.user))


class EditStatement(_FactCommand):
    kind = "statement"

    def __init__(self, statement_id: str, inp: StatementInput, user: str | None = None):
        super().__init__(user)
        self.inp, self.sources, self.record_id = inp, inp.sources, statement_id
        self.description = f"Edit statement {statement_id}"

    def problems(self, store: Store) -> list[Problem]:
        problems = validate_statement(store, self.inp, editing=self.record_id)
        if self.inp.statement_id.strip() != self.record_id:
            problems.append(Problem("statement_id", "the id of a recorded statement cannot change; delete it "
                                                    "and add it under the new id"))
        if effect.read_statement(store.conn, self.record_id) is None:
            problems.append(Problem("statement_id", f"no statement {self.record_id!r} in the register"))
        return problems

    def _change(self, conn: sqlite3.Connection) -> None:
        record = statement_record(conn, self.inp)
        shown = effect.read_statement(conn, self.record_id) or {}
        if record["triggers"] == shown.get("triggers"):       # same launches: keep the source's wording of them
            record["trigger_event"] = shown.get("trigger_event")
        if not self.inp.url.strip():                          # no address given: keep the one held
            record["url"] = shown.get("url")
        write_fact(conn, self._fact_for(conn, record, effect.read_statement))


class AddVote(_FactCommand):
    kind = "vote"

    def __init__(self, inp: VoteInput, user: str | None = None):
        super().__init__(user)
        self.inp, self.sources = inp, inp.sources
        self.record_id = inp.symbol.strip()
        self.description = f"Add Council vote {self.record_id}"

    def problems(self, store: Store) -> list[Problem]:
        return validate_vote(store, self.inp)

    def _change(self, conn: sqlite3.Connection) -> None:
        write_fact(conn, Fact(self.kind, self.record_id, "user", vote_record(conn, self.inp), None, False,
                              _sources(self.sources), now_utc(), self.user))


class EditVote(_FactCommand):
    kind = "vote"

    def __init__(self, symbol: str, inp: VoteInput, user: str | None = None):
        super().__init__(user)
        self.inp, self.sources, self.record_id = inp, inp.sources, symbol
        self.description = f"Edit Council vote {symbol}"

    def problems(self, store: Store) -> list[Problem]:
        problems = validate_vote(store, self.inp, editing=self.record_id)
        if self.inp.symbol.strip() != self.record_id:
            problems.append(Problem("symbol", "the symbol of a recorded vote cannot change"))
        if effect.read_statement(store.conn, self.record_id) is None:
            problems.append(Problem("symbol", f"no Council vote {self.record_id!r} recorded"))
        return problems

    def _change(self, conn: sqlite3.Connection) -> None:
        record = vote_record(conn, self.inp)
        if not self.inp.url.strip():
            record["url"] = (effect.read_statement(conn, self.record_id) or {}).get("url")
        write_fact(conn, self._fact_for(conn, record, effect.read_statement))


# -- launches -------------------------------------------------------------------------------------------
class AddLaunch(_FactCommand):
    kind = "launch"

    def __init__(self, inp: LaunchInput, user: str | None = None):
        super().__init__(user)
        self.inp, self.sources = inp, inp.sources
        self.description = f"Add launch of {inp.date.strip()} ({inp.zone})"

    def problems(self, store: Store) -> list[Problem]:
        return validate_launch(store, self.inp)

    def apply(self, store: Store) -> None:
        if not self.record_id:          # the id is kept for a redo, so later commands can name it
            problems = self.problems(store)
            if problems:
                raise CurationRefused(problems)
            day = launch_record(self.inp)["date"]
            taken = {r[0] for r in store.rows("SELECT record_id FROM curation_facts WHERE kind = 'launch'"
                                              " UNION SELECT launch_id FROM launches")}
            n = 1
            while f"U{day}-{n}" in taken:
                n += 1
            self.record_id = f"U{day}-{n}"
            self.description = f"Add launch {self.record_id}"
        super().apply(store)

    def _change(self, conn: sqlite3.Connection) -> None:
        write_fact(conn, Fact(self.kind, self.record_id, "user", launch_record(self.inp), None, False,
                              _sources(self.sources), now_utc(), self.user))


class EditLaunch(_FactCommand):
    kind = "launch"

    def __init__(self, launch_id: str, inp: LaunchInput, user: str | None = None):
        super().__init__(user)
        self.inp, self.sources, self.record_id = inp, inp.sources, launch_id
        self.description = f"Edit launch {launch_id}"

    def problems(self, store: Store) -> list[Problem]:
        return validate_launch(store, self.inp, editing=self.record_id)

    def _change(self, conn: sqlite3.Connection) -> None:
        record = launch_record(self.inp)
        fact = read_fact(conn, self.kind, self.record_id)
        if fact is None or fact.origin == "import":
            record.pop("missile_name")          # an imported event's missiles keep their own names
        write_fact(conn, self._fact_for(conn, record, effect.read_launch))


# -- delete (hide) and restore ------------------------------------------------------------------------------
class HideRecord(Command):
    """Delete a record: an own one is removed, an imported one hidden (reversible: UnhideRecord)."""

    def __init__(self, kind: str, record_id: str, source: SourceInput | None = None, user: str | None = None):
        super().__init__(user)
        self.kind, self.record_id, self.source = kind, str(record_id), source
        self.description = f"Delete {kind} {record_id}"

    def problems(self, store: Store) -> list[Problem]:
        self.kind = _statement_or_vote(store.conn, self.kind, self.record_id)
        if self.kind not in ("launch", "statement", "vote"):
            return [Problem("kind", f"a {self.kind} cannot be deleted here (one of launch, statement, vote)")]
        fact = read_fact(store.conn, self.kind, self.record_id)
        table, key = ("launches", "launch_id") if self.kind == "launch" else ("statements", "statement_id")
        present = store.scalar(f"SELECT 1 FROM {table} WHERE {key} = ?", (self.record_id,))
        if fact is None and present is None or (fact is not None and fact.hidden):
            return [Problem("record_id", f"no {self.kind} {self.record_id!r} to delete")]
        return validate_source(self.source, "source") if self.source else []

    def source_text(self) -> str:
        return sources_text([self.source.as_dict()]) if self.source else ""

    def _change(self, conn: sqlite3.Connection) -> None:
        fact = read_fact(conn, self.kind, self.record_id)
        if fact is not None and fact.origin == "user":
            delete_fact(conn, self.kind, self.record_id)
            return
        if fact is None:
            read = effect.read_launch if self.kind == "launch" else effect.read_statement
            fact = Fact(self.kind, self.record_id, "import", None, read(conn, self.record_id))
        fact.hidden = True
        if self.source:
            fact.sources = fact.sources + [self.source.as_dict()]
        fact.updated_at, fact.updated_by = now_utc(), self.user
        write_fact(conn, fact)


def _statement_or_vote(conn: sqlite3.Connection, kind: str, record_id: str) -> str:
    """A Council vote is curated as kind "vote" however the caller names it (one fact per record)."""
    if kind not in ("statement", "vote"):
        return kind
    held = conn.execute("SELECT kind FROM curation_facts WHERE kind IN ('statement', 'vote') AND record_id = ?",
                        (record_id,)).fetchone()
    if held is not None:
        return held[0]
    row = conn.execute("SELECT kind FROM statements WHERE statement_id = ?", (record_id,)).fetchone()
    if row is None:
        return kind
    from models.statement_kinds import VOTE_KINDS

    return "vote" if row[0] in VOTE_KINDS else "statement"


class UnhideRecord(Command):
    def __init__(self, kind: str, record_id: str, user: str | None = None):
        super().__init__(user)
        self.kind, self.record_id = kind, str(record_id)
        self.description = f"Restore {kind} {record_id}"

    def problems(self, store: Store) -> list[Problem]:
        self.kind = _statement_or_vote(store.conn, self.kind, self.record_id)
        fact = read_fact(store.conn, self.kind, self.record_id)
        if fact is None or not fact.hidden:
            return [Problem("record_id", f"{self.kind} {self.record_id} is not hidden")]
        return []

    def _change(self, conn: sqlite3.Connection) -> None:
        fact = read_fact(conn, self.kind, self.record_id)
        fact.hidden = False
        fact.updated_at, fact.updated_by = now_utc(), self.user
        write_fact(conn, fact)


# -- designations ---------------------------------------------------------------------------------------------
class EditDesignation(_FactCommand):
    kind = "designation"

    def __init__(self, inp: DesignationEdit, user: str | None = None):
        super().__init__(user)
        self.inp = inp
        self.sources = list(inp.sources) + ([inp.date_source] if inp.date_source else [])
        self.record_id = str(inp.designation_id)
        only_tags = inp.revenue_streams is not None and not (inp.designated_on.strip() or inp.notes is not None
                                                              or inp.links is not None)
        self._only_tags = only_tags
        self.description = self._describe(f"designation {inp.designation_id}")

    def _describe(self, entry: str) -> str:
        if self._only_tags:
            return f"Set revenue streams of {entry} to {', '.join(sorted(self.inp.revenue_streams)) or 'none'}"
        return f"Edit {entry}"

    def problems(self, store: Store) -> list[Problem]:
        rows = store.rows("SELECT name, list_name, source_id FROM designations WHERE designation_id = ?",
                          (self.inp.designation_id,))
        if rows:                  # the audit trail and the Undo menu name the entry, not the database's number
            name, list_name, source_id = rows[0]
            self.description = self._describe(f"{name} ({list_name} {source_id})")
        return validate_designation_edit(store, self.inp)

    def _change(self, conn: sqlite3.Connection) -> None:
        fact = read_fact(conn, self.kind, self.record_id) or Fact(
            self.kind, self.record_id, "import", None, effect.read_designation(conn, int(self.record_id)))
        value = dict(fact.value or {})
        if self.inp.designated_on.strip():
            value["designated_on"] = self.inp.designated_on.strip()
            value["designated_source"] = f"analyst: {sources_text([self.inp.date_source.as_dict()])}"
        for key in ("revenue_streams", "notes", "links"):
            given = getattr(self.inp, key)
            if given is not None:
                value[key] = sorted(given) if isinstance(given, list) else given
        fact.value = value
        fact.sources = fact.sources + [s for s in _sources(self.sources) if s not in fact.sources]   # every edit's
        fact.updated_at, fact.updated_by = now_utc(), self.user                                     # source kept
        write_fact(conn, fact)


def designation_notes(store: Store, designation_id: int) -> str:
    fact = read_fact(store.conn, "designation", str(designation_id))
    return ((fact.value or {}).get("notes") or "") if fact else ""


# -- contested counts -------------------------------------------------------------------------------------------
class AddClaim(Command):
    kind = "launch_day"

    def __init__(self, inp: ClaimInput, user: str | None = None):
        super().__init__(user)
        self.inp = inp
        self.record_id = inp.day.strip()
        self.claim_id: int | None = None
        self.description = f"Add claim: {inp.source.publisher} counts {inp.missiles} missiles on {self.record_id}"

    def problems(self, store: Store) -> list[Problem]:
        return validate_claim(store, self.inp)

    def source_text(self) -> str:
        return sources_text([self.inp.source.as_dict()])

    def _snapshot(self, conn: sqlite3.Connection) -> object:
        if self.claim_id is None:
            return None
        row = conn.execute("SELECT * FROM curation_claims WHERE claim_id = ?", (self.claim_id,)).fetchone()
        return None if row is None else {k: row[k] for k in row.keys()}

    def _change(self, conn: sqlite3.Connection) -> None:
        s = self.inp.source
        row = {"day": self.record_id, "missiles": int(self.inp.missiles), "publisher": s.publisher.strip(),
               "url": s.url.strip(), "accessed": s.accessed.strip(), "quote": s.quote.strip() or None,
               "created_at": now_utc(), "created_by": self.user}
        if self.claim_id is not None:           # a redo keeps its id; a new claim gets one (never an explicit NULL)
            row = {"claim_id": self.claim_id, **row}
        cur = conn.execute(f"INSERT INTO curation_claims ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values()))
        self.claim_id = cur.lastrowid

    def _restore(self, conn: sqlite3.Connection, snapshot: object) -> None:
        conn.execute("DELETE FROM curation_choices WHERE claim_id = ?", (self.claim_id,))
        conn.execute("DELETE FROM curation_claims WHERE claim_id = ?", (self.claim_id,))

    def _materialise(self, conn: sqlite3.Connection) -> None:
        effect.refresh_launches(conn)


class ChooseClaim(Command):
    """Count a day's missiles by one claim (claim_id None: the record's own count)."""

    kind = "launch_day"

    def __init__(self, day: str, claim_id: int | None, user: str | None = None):
        super().__init__(user)
        self.record_id, self.claim_id = day, claim_id
        self.description = (f"Count {day} by claim {claim_id}" if claim_id is not None
                            else f"Count {day} by the record")

    def problems(self, store: Store) -> list[Problem]:
        if self.claim_id is not None and store.scalar("SELECT 1 FROM curation_claims WHERE claim_id = ? AND day = ?",
                                                      (self.claim_id, self.record_id)) is None:
            return [Problem("claim_id", f"no claim {self.claim_id} for {self.record_id}")]
        return []

    def apply(self, store: Store) -> None:
        if self.claim_id is not None:
            row = store.rows("SELECT publisher, url, accessed FROM curation_claims WHERE claim_id = ?", (self.claim_id,))
            self._source = f"{row[0][0]} ({row[0][1]}, accessed {row[0][2]})" if row else ""
        else:
            self._source = "the record's own count"
        super().apply(store)

    def _snapshot(self, conn: sqlite3.Connection) -> object:
        row = conn.execute("SELECT claim_id FROM curation_choices WHERE day = ?", (self.record_id,)).fetchone()
        total = conn.execute("SELECT COALESCE(SUM(missile_count), 0) FROM launches WHERE substr(date, 1, 4) = ?",
                             (self.record_id[:4],)).fetchone()[0]
        return {"chosen_claim": row[0] if row else None, "year_missiles": total}

    def _change(self, conn: sqlite3.Connection) -> None:
        self._set(conn, self.claim_id)

    def _set(self, conn: sqlite3.Connection, claim_id: int | None) -> None:
        conn.execute("DELETE FROM curation_choices WHERE day = ?", (self.record_id,))
        if claim_id is not None:
            conn.execute("INSERT INTO curation_choices (day, claim_id) VALUES (?, ?)", (self.record_id, claim_id))
        effect.refresh_launches(conn)

    def _restore(self, conn: sqlite3.Connection, snapshot: object) -> None:
        self._set(conn, snapshot["chosen_claim"])

    def _materialise(self, conn: sqlite3.Connection) -> None:
        pass                                # _set already rebuilt the counts

    def source_text(self) -> str:
        return getattr(self, "_source", "")


# -- conflicts ---------------------------------------------------------------------------------------------------
class ResolveConflict(Command):
    """Settle an import conflict: keep the analyst's value ("mine") or take the file's ("theirs")."""

    def __init__(self, conflict_id: int, keep: str, user: str | None = None):
        super().__init__(user)
        self.conflict_id, self.keep = int(conflict_id), keep
        self.description = f"Resolve conflict {conflict_id}: keep {keep}"

    def problems(self, store: Store) -> list[Problem]:
        if self.keep not in ("mine", "theirs"):
            return [Problem("keep", "keep 'mine' or 'theirs'")]
        row = store.rows("SELECT kind, record_id, resolution FROM curation_conflicts WHERE conflict_id = ?",
                         (self.conflict_id,))
        if not row:
            return [Problem("conflict_id", f"no conflict {self.conflict_id}")]
        if row[0]["resolution"] is not None:
            return [Problem("conflict_id", f"conflict {self.conflict_id} is already resolved")]
        self.kind, self.record_id = row[0]["kind"], row[0]["record_id"]
        return []

    def _snapshot(self, conn: sqlite3.Connection) -> object:
        row = conn.execute("SELECT resolution, resolved_at, resolved_by FROM curation_conflicts WHERE conflict_id = ?",
                           (self.conflict_id,)).fetchone()
        fact = read_fact(conn, self.kind, self.record_id)
        return {"conflict": dict(zip(("resolution", "resolved_at", "resolved_by"), row)),
                "fact": fact.as_json() if fact else None, "_fact": copy.deepcopy(fact)}

    def _change(self, conn: sqlite3.Connection) -> None:
        import json

        row = conn.execute("SELECT field, theirs FROM curation_conflicts WHERE conflict_id = ?",
                           (self.conflict_id,)).fetchone()
        if self.keep == "theirs":
            fact = read_fact(conn, self.kind, self.record_id)
            theirs = json.loads(row["theirs"])
            if fact.origin == "user":
                fact.value = {**(fact.value or {}), row["field"]: theirs}
            else:
                value = dict(fact.value or {})
                value.pop(row["field"], None)
                fact.value = value or None
            fact.updated_at, fact.updated_by = now_utc(), self.user
            write_fact(conn, fact)
        conn.execute("UPDATE curation_conflicts SET resolution = ?, resolved_at = ?, resolved_by = ?"
                     " WHERE conflict_id = ?", (self.keep, now_utc(), self.user, self.conflict_id))

    def _restore(self, conn: sqlite3.Connection, snapshot: object) -> None:
        c = snapshot["conflict"]
        conn.execute("UPDATE curation_conflicts SET resolution = ?, resolved_at = ?, resolved_by = ?"
                     " WHERE conflict_id = ?", (c["resolution"], c["resolved_at"], c["resolved_by"], self.conflict_id))
        if snapshot["_fact"] is not None:
            write_fact(conn, snapshot["_fact"])
