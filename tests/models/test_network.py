"""The designation network: edges, kinds, components, hops, paths, a cached and stable layout."""
from __future__ import annotations

import pytest

import networkx as nx
import numpy as np

from models import network

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


def test_graph_from_bundled_data(bundled_store):
    graph = network.build_graph(bundled_store)
    assert graph.number_of_nodes() == 752
    relations = set().union(*(d["relations"] for _, _, d in graph.edges(data=True)))
    assert {"linked_to", "same_name"} <= relations
    assert graph.nodes[5021]["kind"] == "bank"
    assert {graph.nodes[n]["kind"] for n in graph} <= set(network.KINDS)


def test_components_hops_and_paths(bundled_store):
    graph = network.build_graph(bundled_store)
    comps = network.components(graph)
    assert [len(c) for c in comps] == sorted((len(c) for c in comps), reverse=True)
    near = network.hops(graph, 4992, 1)
    assert {4992, 11750, 11751} <= set(near)
    assert set(network.hops(graph, 4992, 2)) >= set(near)
    path = network.shortest_path(graph, 11750, 11751)
    assert path[0] == 11750 and path[-1] == 11751 and 4992 in path
    assert network.shortest_path(graph, 11750, comps[0][0]) in ([], network.shortest_path(graph, 11750, comps[0][0]))


def test_layout_is_cached_and_stable(bundled_store):
    graph = network.build_graph(bundled_store)
    first = network.cached_layout(bundled_store, graph)
    assert bundled_store.scalar("SELECT COUNT(*) FROM network_layout") == 752
    again = network.cached_layout(bundled_store, graph)
    assert again == first
    fresh = network.layout(graph)                 # seeded: the same positions even without the cache
    assert np.allclose([fresh[n] for n in graph], [first[n] for n in graph])


def test_force_layout_scales_to_thousands_of_nodes():
    graph = nx.barabasi_albert_graph(3000, 1, seed=3)
    edges = np.array(graph.edges, dtype=np.int64)
    pos = network.force_layout(3000, edges, iterations=20)
    assert pos.shape == (3000, 2) and np.isfinite(pos).all()
    d = pos[edges[:, 0]] - pos[edges[:, 1]]
    linked = np.sqrt((d ** 2).sum(1)).mean()
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 3000, 2000), rng.integers(0, 3000, 2000)
    assert linked < np.sqrt(((pos[a] - pos[b]) ** 2).sum(1)).mean()   # neighbours sit closer than strangers


def test_graph_data_arrays(bundled_store):
    graph = network.build_graph(bundled_store)
    data = network.graph_data(graph, network.layout(graph), {5021: "finance"})
    assert len(data.ids) == 752 and data.pos.shape == (752, 2) and data.edges.shape[1] == 2
    assert data.streams[data.index_of(5021)] == "finance"
