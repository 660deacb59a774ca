"""Fresh data with one click: download the official lists, verify, import as dated snapshots, show changes.

settings.py (the user's sources file), download.py (the HTTP transfer), verify.py (is it the list?),
state.py (what was last fetched), updater.py (one update, source by source), changes_since.py and
report.py (what changed, DPRK-related first), cli.py (`python main.py update`).
"""
