"""Text for the timeline pane: hover tips and the selected launch's details (every field, sources linked)."""
from __future__ import annotations

import html
from datetime import datetime, timezone

import pandas as pd

from models.korea_time import KST_OFFSET
from models.launch_sources import PRELIMINARY, source
from ui.theme import Theme

KST = timezone(KST_OFFSET)          # defined once, in models.korea_time


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def when_text(row: pd.Series) -> str:
    """'2022-11-18 05:15 UTC (14:15 KST, 2022-11-18)', or the date with 'time not recorded'."""
    if row["span"]:
        month = datetime.strptime(str(row["date"])[:7], "%Y-%m").strftime("%B %Y")
        return f"{month} (month only; day not recorded)"
    if _missing(row["time_utc"]):
        return f"{row['date']} (UTC date; time not recorded)"
    utc = datetime.fromtimestamp(int(row["t"]), tz=timezone.utc)
    kst = utc.astimezone(KST)
    return f"{utc:%Y-%m-%d %H:%M} UTC ({kst:%Y-%m-%d %H:%M} Korea time, UTC+9)"


def hover_text(row: pd.Series, names: str, contested=None) -> str:
    """The launch's tip; `contested` (models.curation.ContestedMark) adds the flag and whose count counts."""
    count = int(row["missile_count"])
    text = (f"{when_text(row)}\n{row['classes'] or 'class unknown'}: {names or 'name not recorded'}\n"
            f"{count} missile{'s' if count != 1 else ''} · {row['outcome']} · {row['confirmation']}")
    return text if contested is None else f"{text}\n⚑ {contested.tooltip()}"


def _value(value: object, unit: str = "", missing: str = "unknown", text: object = None) -> str:
    if not _missing(text):
        return html.escape(str(text)) + (" <i>(source wording)</i>" if _missing(value) else "")
    if _missing(value):
        return f"<i>{missing}</i>"
    if isinstance(value, float):
        value = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return html.escape(f"{value}{unit}")


def _links(urls: object) -> str:
    if _missing(urls):
        return "<i>no source recorded</i>"
    out = []
    for url in str(urls).split("\n"):
        url = url.strip()
        if url:
            out.append(f"<a href='{html.escape(url, quote=True)}'>{html.escape(url)}</a>")
    return "<br>".join(out)


def comparison_html(comparison: pd.DataFrame | None, theme: Theme) -> str:
    """The years where the preliminary source's count differs from the CNS record, side by side."""
    if comparison is None or comparison.empty:
        return ""
    th = f"style='text-align:right; color:{theme.muted}; padding:0 6px; font-weight:normal'"
    rows = "".join(
        f"<tr><td>{int(r.year)}{'' if str(r.through).endswith('12-31') else ' (to ' + str(r.through) + ')'}</td>"
        f"<td align='right'>{int(r.cns_events)}</td><td align='right'>{int(r.nagix_events)}</td>"
        f"<td align='right'>{int(r.cns_missiles)}</td><td align='right'>{int(r.nagix_missiles)}</td></tr>"
        for r in comparison.itertuples())
    return (f"<p style='color:{theme.text}; margin:8px 0 2px 0'><b>Where the counts differ</b> (CNS is the record; "
            f"nagix is {PRELIMINARY}; events grouped the same way for both):</p>"
            f"<table cellspacing='0' cellpadding='1'><tr><th {th}>year</th><th {th}>CNS events</th>"
            f"<th {th}>nagix events</th><th {th}>CNS missiles</th><th {th}>nagix missiles</th></tr>{rows}</table>")


def _source_line(row: pd.Series, theme: Theme) -> str:
    src = source(str(row.get("dataset") or "cns"))
    if not src.preliminary:
        return f"<p style='color:{theme.muted}; margin:2px 0 6px 0'>{html.escape(src.name)} ({src.count})</p>"
    return (f"<p style='color:{theme.failure}; margin:2px 0 6px 0'><b>{PRELIMINARY.capitalize()}</b>: "
            f"{html.escape(src.name)} ({src.count}). After the CNS data ends; not the CNS record.</p>")


def details_html(row: pd.Series | None, missiles: pd.DataFrame, theme: Theme,
                 comparison: pd.DataFrame | None = None) -> str:
    """The launch event and each of its missiles; missing values are shown as missing, never filled.

    With no event selected: the hint, and the years where the two launch sources' counts differ."""
    if row is None:
        return (f"<p style='color:{theme.muted}'>Click an event on the timeline (or use the arrow keys) "
                "to see every recorded field and its sources.</p>" + comparison_html(comparison, theme))
    th = f"style='text-align:left; color:{theme.muted}; padding-right:8px; font-weight:normal'"
    event_rows = [
        ("Launch event", html.escape(str(row["launch_id"]))),
        ("When", html.escape(when_text(row))),
        ("Classes", _value(row["classes"])),
        ("Missiles", _value(int(row["missile_count"]))),
        ("Facility", _value(row["facility"], missing="facility unknown")),
        ("Max apogee", _value(row["max_apogee_km"], " km", "apogee unknown")),
        ("Max distance", _value(row["max_distance_km"], " km", "distance unknown")),
        ("Outcome", _value(row["outcome"])),
        ("Confirmation", _value(row["confirmation"])),
    ]
    parts = [f"<h3 style='color:{theme.text}; margin:0'>{html.escape(str(row['date']))} · "
             f"{html.escape(str(row['classes']))}</h3>",
             _source_line(row, theme),
             "<table cellspacing='0' cellpadding='1'>"]
    parts += [f"<tr><th {th}>{k}</th><td>{v}</td></tr>" for k, v in event_rows]
    parts.append("</table>")
    for i, (_, m) in enumerate(missiles.iterrows(), start=1):
        fields = [
            ("Name", _value(m.get("missile_name"), missing="name not recorded")),
            ("Class", _value(m.get("missile_class"))),
            ("UTC time", _value(m.get("time_utc"), missing="time not recorded")),
            ("Apogee", _value(m.get("apogee_km"), " km", "apogee unknown", m.get("apogee_text"))),
            ("Distance", _value(m.get("distance_km"), " km", "distance unknown", m.get("distance_text"))),
            ("Outcome", _value(m.get("outcome"))),
            ("Confirmation", _value(m.get("confirmation"))),
            ("Facility", _value(m.get("facility"), missing="facility unknown")),
            ("Facility location", _value(m.get("facility_location"), missing="not recorded")),
            ("Launch site coords", _value(None if _missing(m.get("latitude")) else
                                          f"{m.get('latitude')}, {m.get('longitude')}", missing="not recorded")),
            ("Landing", _value(m.get("landing_location"), missing="not recorded")),
            ("Source record", _value(None if _missing(m.get("source_key")) else
                                     f"{source(m.get('dataset')).count.split()[0]} {m.get('source_key')}",
                                     missing="not recorded")),
            ("Notes", _value(m.get("notes"), missing="no notes")),
            ("Sources", _links(m.get("source_urls"))),
        ]
        parts.append(f"<h4 style='color:{theme.text}; margin:10px 0 2px 0'>Missile {i} of {len(missiles)}</h4>")
        parts.append("<table cellspacing='0' cellpadding='1'>")
        parts += [f"<tr><th {th} valign='top'>{k}</th><td>{v}</td></tr>" for k, v in fields]
        parts.append("</table>")
    if missiles.empty:
        parts.append("<p><i>No missile rows recorded for this event.</i></p>")
    return f"<div style='color:{theme.text}'>" + "".join(parts) + "</div>"
