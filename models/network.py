"""The designation network: links, shared addresses and identifiers; components, hops, paths, layout.

Edges: a list's own "Linked To" links, entries sharing a full address or an identifier (IMO number,
passport, registration ...), and entries of different lists with the same name. Layout is a
Fruchterman-Reingold force layout in numpy (networkx's own is O(n^2) memory and takes seconds per
thousand nodes; igraph is GPL), one component at a time, packed by size, seeded for repeatability
and cached in `network_layout` (schema V2) so positions are stable between sessions.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import numpy as np

from models.progress import Progress
from models.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

KINDS = ("person", "company", "bank", "vessel", "aircraft", "government")
_BANK = re.compile(r"\bBANK|\bCREDIT\b|\bFINANCIAL\b|\bINSURANCE\b|\bINVESTMENT\b", re.I)
_GOVERNMENT = re.compile(r"\bMINISTRY|\bCOMMISSION\b|\bBUREAU\b|\bDEPARTMENT\b|\bCOMMITTEE\b|\bWORKERS'? PARTY"
                         r"|\bPEOPLE'S ARMY\b|\bGOVERNMENT\b|\bACADEMY\b|\bCOUNCIL\b|\bGENERAL STAFF", re.I)
# Identifiers that are attributes, not identities: sharing them links nobody.
NOT_IDENTIFYING = ("DOB", "Gender", "Nationality", "Citizenship", "Place of Birth", "Vessel Type", "Vessel Flag",
                   "Tonnage", "Secondary sanctions risk", "Target Type", "Additional Sanctions Information -",
                   "Organization Type:", "Transactions Prohibited For Persons Owned or Controlled By U.S. "
                   "Financial Institutions:", "Organization Established Date", "Title", "GRT")
RELATIONS = ("linked_to", "associated", "shared_address", "shared_identifier", "same_name")


def node_kind(kind: str, name: str) -> str:
    """person, company, bank, vessel, aircraft or government body."""
    if kind == "individual":
        return "person"
    if kind in ("vessel", "aircraft"):
        return kind
    if _BANK.search(name or ""):
        return "bank"
    if _GOVERNMENT.search(name or ""):
        return "government"
    return "company"


def build_graph(store: Store, ids: Iterable[int] | None = None) -> nx.Graph:
    """Nodes are designations (all, or `ids`); edges carry `relations` (a set) and `detail` text."""
    rows = store.rows("SELECT designation_id, name, type, authority, list_name FROM designations")
    keep = None if ids is None else set(int(i) for i in ids)
    import networkx as nx     # imported when first used: ~150 ms that start-up does not need

    graph = nx.Graph()
    for designation_id, name, kind, authority, list_name in rows:
        if keep is None or designation_id in keep:
            graph.add_node(designation_id, name=name, kind=node_kind(kind, name), authority=authority,
                           list=list_name)

    def add(a: int, b: int, relation: str, detail: str) -> None:
        if a == b or a not in graph or b not in graph:
            return
        if graph.has_edge(a, b):
            graph.edges[a, b]["relations"].add(relation)
        else:
            graph.add_edge(a, b, relations={relation}, detail=detail)

    for a, b, relation, source in store.rows("SELECT from_id, to_id, relation, source FROM designation_links"):
        add(a, b, relation, source or relation)
    _add_groups(store.rows(
        "SELECT designation_id, upper(trim(address)) || '|' || upper(coalesce(city, '')) || '|' ||"
        " upper(coalesce(country, '')) FROM designation_addresses WHERE length(trim(coalesce(address, ''))) > 8"),
        "shared_address", add)
    marks = ",".join("?" * len(NOT_IDENTIFYING))
    _add_groups(store.rows(
        f"SELECT designation_id, id_type || ': ' || upper(trim(id_value)) FROM designation_identifiers"
        f" WHERE id_type NOT IN ({marks}) AND length(trim(id_value)) >= 5", NOT_IDENTIFYING),
        "shared_identifier", add)
    _add_groups(store.rows(
        "SELECT designation_id, upper(name) FROM designations WHERE upper(name) IN"
        " (SELECT upper(name) FROM designations GROUP BY upper(name) HAVING COUNT(DISTINCT list_name) > 1)"),
        "same_name", add)
    return graph


def _add_groups(rows: Iterable, relation: str, add) -> None:
    groups: dict[str, list[int]] = {}
    for designation_id, key in rows:
        groups.setdefault(key, []).append(designation_id)
    for key, members in groups.items():
        members = sorted(set(members))
        if 1 < len(members) <= 50:          # a registered-agent address shared by hundreds links no one
            for a, b in zip(members, members[1:]):
                add(a, b, relation, key)


def components(graph: nx.Graph) -> list[list[int]]:
    """Connected components, largest first (ties by smallest id, for a stable order)."""
    import networkx as nx

    comps = [sorted(c) for c in nx.connected_components(graph)]
    return sorted(comps, key=lambda c: (-len(c), c[0]))


def hops(graph: nx.Graph, source: int, depth: int) -> dict[int, int]:
    """Every node within `depth` hops of `source`, with its distance."""
    if source not in graph:
        return {}
    import networkx as nx

    return dict(nx.single_source_shortest_path_length(graph, source, cutoff=depth))


def shortest_path(graph: nx.Graph, a: int, b: int) -> list[int]:
    """The shortest chain of designations from a to b, or [] when they are not connected."""
    import networkx as nx

    try:
        return nx.shortest_path(graph, a, b)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []


def force_layout(n: int, edges: np.ndarray, iterations: int = 60, seed: int = 7, sample: int = 160,
                 initial: np.ndarray | None = None) -> np.ndarray:
    """Fruchterman-Reingold positions (n x 2, in about [-1, 1]) for one connected graph.

    Repulsion is exact up to `sample` nodes; above, each iteration uses a random sample of nodes
    scaled up (O(n * sample) instead of O(n^2)), which keeps a 5,000-node component near a second.
    """
    rng = np.random.default_rng(seed)
    if n == 1:
        return np.zeros((1, 2))
    pos = initial.copy() if initial is not None else rng.uniform(-1, 1, (n, 2))
    k = 1.0 / np.sqrt(n)
    temperature = 0.1 if initial is None else 0.02
    cooling = temperature / (iterations + 1)
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (np.zeros(0, int), np.zeros(0, int))
    for _ in range(iterations):
        if n <= sample:
            others, scale = pos, 1.0
        else:
            others, scale = pos[rng.choice(n, sample, replace=False)], n / sample
        dx = pos[:, 0:1] - others[None, :, 0]
        dy = pos[:, 1:2] - others[None, :, 1]
        force = k * k / np.maximum(dx * dx + dy * dy, 1e-6)
        disp = np.stack([(dx * force).sum(axis=1), (dy * force).sum(axis=1)], axis=1) * scale
        if len(src):
            d = pos[src] - pos[dst]
            length = np.maximum(np.sqrt((d ** 2).sum(axis=1)), 1e-6)
            pull = d * (length / k)[:, None]
            for axis in (0, 1):         # bincount: ~10x faster than np.add.at
                disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=n) - \
                    np.bincount(src, pull[:, axis], minlength=n)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    span = np.abs(pos).max() or 1.0
    return pos / span


def layout_key(graph: nx.Graph) -> str:
    digest = hashlib.sha1()
    digest.update(np.asarray(sorted(graph.nodes), dtype=np.int64).tobytes())
    digest.update(np.asarray(sorted((min(a, b), max(a, b)) for a, b in graph.edges), dtype=np.int64).tobytes())
    return digest.hexdigest()[:20]


def layout(graph: nx.Graph, progress: Progress | None = None) -> dict[int, tuple[float, float]]:
    """Positions for every node: components laid out alone and packed in rows, largest first."""
    positions: dict[int, tuple[float, float]] = {}
    comps = components(graph)
    x = y = row_height = 0.0
    row_width = max(12.0, 3.0 * np.sqrt(len(comps)))
    for done, members in enumerate(comps):
        if progress is not None:
            progress.step(done, len(comps), "laying out the network")
        index = {node: i for i, node in enumerate(members)}
        edges = np.array([(index[a], index[b]) for a, b in graph.subgraph(members).edges], dtype=np.int64)
        size = 0.6 if len(members) == 1 else 1.2 * np.sqrt(len(members)) ** 0.8 + 0.4
        pos = force_layout(len(members), edges.reshape(-1, 2)) * size / 2
        if x + size > row_width and x > 0:
            x, y, row_height = 0.0, y - row_height - 0.4, 0.0
        for node, (px, py) in zip(members, pos):
            positions[node] = (x + size / 2 + float(px), y - size / 2 + float(py))
        x += size + 0.4
        row_height = max(row_height, size)
    return positions


def cached_layout(store: Store, graph: nx.Graph, progress: Progress | None = None,
                  conn=None) -> dict[int, tuple[float, float]]:
    """The cached positions for this exact graph, or a fresh layout stored for next time."""
    conn = conn or store.conn
    key = layout_key(graph)
    rows = conn.execute("SELECT designation_id, x, y FROM network_layout WHERE layout_key = ?", (key,)).fetchall()
    if rows and len(rows) == graph.number_of_nodes():
        return {r[0]: (r[1], r[2]) for r in rows}
    positions = layout(graph, progress)
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM network_layout WHERE layout_key = ?", (key,))
    conn.executemany("INSERT INTO network_layout VALUES (?, ?, ?, ?)",
                     [(key, node, x, y) for node, (x, y) in positions.items()])
    if own:
        conn.execute("COMMIT")
    return positions


@dataclass
class GraphData:
    """What a figure needs to draw the network: arrays in node order, plus per-node attributes."""

    ids: np.ndarray                                  # designation ids
    pos: np.ndarray                                  # n x 2
    edges: np.ndarray                                # m x 2, indices into ids
    relations: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    streams: list[str | None] = field(default_factory=list)
    component: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def index_of(self, designation_id: int) -> int | None:
        hits = np.flatnonzero(self.ids == designation_id)
        return int(hits[0]) if len(hits) else None


def graph_data(graph: nx.Graph, positions: dict[int, tuple[float, float]],
               streams: dict[int, str] | None = None) -> GraphData:
    ids = np.array(sorted(graph.nodes), dtype=np.int64)
    index = {int(n): i for i, n in enumerate(ids)}
    comp = np.zeros(len(ids), dtype=np.int64)
    for c, members in enumerate(components(graph)):
        comp[[index[m] for m in members]] = c
    edge_list = list(graph.edges(data=True))
    return GraphData(
        ids=ids, pos=np.array([positions[int(n)] for n in ids], dtype=float).reshape(-1, 2),
        edges=np.array([(index[a], index[b]) for a, b, _ in edge_list], dtype=np.int64).reshape(-1, 2),
        relations=[sorted(d["relations"])[0] for _, _, d in edge_list],
        kinds=[graph.nodes[int(n)]["kind"] for n in ids], names=[graph.nodes[int(n)]["name"] for n in ids],
        streams=[(streams or {}).get(int(n)) for n in ids], component=comp)


def component_table(graph: nx.Graph) -> "pd.DataFrame":
    """Components ranked by size, with their biggest hub named."""
    import pandas as pd

    rows = []
    for rank, members in enumerate(components(graph), start=1):
        if len(members) < 2:
            break
        hub = max(members, key=lambda m: (graph.degree[m], -m))
        rows.append((rank, len(members), graph.subgraph(members).number_of_edges(), hub, graph.nodes[hub]["name"]))
    return pd.DataFrame(rows, columns=["rank", "nodes", "edges", "hub_id", "hub"])


def network_for(store: Store, ids: list[int], progress: Progress) -> tuple[nx.Graph, GraphData]:
    """The pane's network job: the graph over `ids`, its cached layout and main streams (own connection)."""
    from models.search import side_store

    side = side_store(store)
    try:
        graph = build_graph(side, ids)
        positions = cached_layout(side, graph, progress)
        streams = {r[0]: r[1] for r in side.rows(
            "SELECT designation_id, stream FROM revenue_tags WHERE status != 'rejected'"
            " ORDER BY status = 'suggested' DESC, stream DESC")}        # confirmed tags are read last and win
        return graph, graph_data(graph, positions, streams)
    finally:
        if side is not store:
            side.close()
