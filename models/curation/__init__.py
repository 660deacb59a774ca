"""Curation (issue 19): analysts record and correct facts in the app, each with its public source.

The forms (ui/curation) call only this package; see CURATION_API.md. No Qt here.
"""
from __future__ import annotations

from models.curation.audit import audit_trail, export_audit_csv, record_sources, user_facts
from models.curation.claims import Claim, ContestedMark, claims_for, contested_days, contested_launches
from models.curation.commands import (
    AddClaim, AddLaunch, AddStatement, AddVote, ChooseClaim, Command, CurationRefused, EditConflict, EditDesignation,
    EditLaunch,
    EditStatement, EditVote, HideRecord, ResolveConflict, UnhideRecord, designation_notes)
from models.curation.conflicts import conflicts
from models.curation.exchange import export_curation
from models.curation.facts import fact_version
from models.curation.inputs import (
    CONFIRMATIONS, KIND_CHOICES, LAUNCH_CLASSES, OUTCOMES, SERIES_CHOICES, VOTE_CHOICES, ZONES, ClaimInput,
    DesignationEdit, LaunchInput, Problem, SourceInput, StatementInput, VoteInput, problems_by_field)
from models.curation.presets import (
    council_members, country_choices, g7_members, last_statement_signatories, launch_choices, statement_ids)
from models.curation.records import launch_input_for, statement_input_for, vote_input_for
from models.curation.tag_source import entry_source, rule_streams, tag_edit
from models.curation.validate import (
    REVENUE_STREAMS, validate_claim, validate_designation_edit, validate_launch, validate_source,
    validate_statement, validate_vote)

__all__ = [
    "AddClaim", "AddLaunch", "AddStatement", "AddVote", "CONFIRMATIONS", "ChooseClaim", "Claim", "ClaimInput",
    "Command", "ContestedMark", "CurationRefused", "DesignationEdit", "EditConflict", "EditDesignation",
    "EditLaunch", "EditStatement", "EditVote", "HideRecord", "KIND_CHOICES", "LAUNCH_CLASSES", "LaunchInput",
    "OUTCOMES", "Problem", "REVENUE_STREAMS", "ResolveConflict", "SERIES_CHOICES", "SourceInput", "StatementInput",
    "UnhideRecord", "VOTE_CHOICES", "VoteInput", "ZONES", "audit_trail", "claims_for", "conflicts",
    "contested_days", "contested_launches", "council_members", "country_choices", "designation_notes",
    "entry_source", "export_audit_csv", "export_curation", "fact_version", "g7_members",
    "last_statement_signatories", "launch_choices", "launch_input_for", "problems_by_field", "record_sources",
    "rule_streams", "statement_ids", "statement_input_for", "tag_edit", "user_facts", "validate_claim",
    "validate_designation_edit", "validate_launch", "validate_source", "validate_statement", "validate_vote",
    "vote_input_for",
]
