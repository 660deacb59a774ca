"""Help > About: the version, the data vintage and the terms under which each source is published (no Qt)."""
from __future__ import annotations

import html
from importlib import metadata

from models.store import Store

DATASET_NAMES = {"cns_missiles": "CNS North Korea Missile Test Database", "statements": "Statement register",
                 "ofac_sdn": "OFAC SDN list", "un_consolidated": "UN Security Council Consolidated List"}
# What is known about each source's terms; where a publisher states its own terms, we point to them
# rather than paraphrase them.
DATA_TERMS = {
    "cns_missiles": "Published by the Nuclear Threat Initiative (NTI) for the James Martin Center for "
                    "Nonproliferation Studies; reuse under NTI's terms of use (https://www.nti.org/); cite CNS/NTI.",
    "statements": "The project's own compilation; every row cites the public page it was taken from.",
    "ofac_sdn": "A work of the US Government (US Treasury, OFAC): not subject to US copyright (17 U.S.C. § 105).",
    "un_consolidated": "Published by the UN Security Council (https://scsanctions.un.org/); "
                       "reuse under the United Nations' terms of use.",
}


def app_version() -> str:
    try:
        return metadata.version("dprk-pressure-brief")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def about_html(store: Store) -> str:
    """Rich text: version, then one line per source with its snapshot date and terms."""
    vintage = store.data_vintage()
    rows = []
    for key, name in DATASET_NAMES.items():
        when = vintage.get(key)
        rows.append(f"<li><b>{html.escape(name)}</b>: "
                    f"{'as of ' + html.escape(when) if when else 'not imported'}.<br>"
                    f"<span>{html.escape(DATA_TERMS[key])}</span></li>")
    return (f"<h3>DPRK Pressure Brief {html.escape(app_version())}</h3>"
            "<p>Is the pressure on Pyongyang keeping pace with its provocations? Every number traces to a "
            "record with a public source; what no source covers is shown as not covered.</p>"
            f"<p><b>Data vintage and terms</b></p><ul>{''.join(rows)}</ul>"
            "<p>Program licence and dependencies: see the project's README and pyproject.toml.</p>")
