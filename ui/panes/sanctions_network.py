"""The network tab: the designation graph (laid out off the GUI thread, cached), hops, components, paths."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from models import network
from ui.plots.sanctions_plot import NetworkFigure, stream_legend_html
from ui.theme import Theme

if TYPE_CHECKING:
    import networkx as nx


class NetworkView(QWidget):
    node_clicked = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.graph: nx.Graph | None = None
        self.selected: int | None = None
        self.target: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Hops:"))
        self.hops = QSpinBox()
        self.hops.setRange(1, 3)
        self.hops.setValue(1)
        self.hops.valueChanged.connect(self._refresh_highlight)
        bar.addWidget(self.hops)
        self.components = QComboBox()
        self.components.setObjectName("componentsCombo")
        self.components.setMinimumContentsLength(18)
        self.components.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.components.activated.connect(self._on_component_chosen)
        bar.addWidget(QLabel("Components:"))
        bar.addWidget(self.components)
        self.pin = QPushButton("Pin as path target")
        self.pin.setToolTip("Pin the selected entry; selecting another shows the shortest path between them")
        self.pin.clicked.connect(self._on_pin)
        bar.addWidget(self.pin)
        self.path_label = QLabel()
        self.path_label.setObjectName("pathLabel")
        bar.addWidget(self.path_label, 1)
        layout.addLayout(bar)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(theme.background)
        self.plot = self.canvas.addPlot()
        self.figure = NetworkFigure(self.plot, theme)
        self.figure.nodes.sigClicked.connect(self._on_points_clicked)
        layout.addWidget(self.canvas, 1)

    def set_network(self, graph: nx.Graph, data) -> None:
        self.graph = graph
        self.figure.set_data(data)
        table = network.component_table(graph)
        self.components.clear()
        for row in table.head(200).itertuples(index=False):
            self.components.addItem(f"#{row.rank}: {row.nodes} entries around {row.hub}", int(row.hub_id))
        shapes = "shape: ● person  ■ company  ◆ bank  ▲ vessel/aircraft  ⬟ government body"
        self.legend.setText(f"{shapes} &nbsp;&nbsp; colour: "
                            + stream_legend_html(self.theme, ["labour", "minerals", "shipping", "cyber", "finance",
                                                              "procurement", "other"]))
        self.plot.autoRange()
        self._refresh_highlight()

    def select(self, designation_id: int | None) -> None:
        self.selected = designation_id
        self._refresh_highlight(zoom=True)

    def neighbourhood(self) -> dict[int, int]:
        if self.graph is None or self.selected is None:
            return {}
        return network.hops(self.graph, self.selected, self.hops.value())

    def path(self) -> list[int]:
        if self.graph is None or self.selected is None or self.target is None or self.selected == self.target:
            return []
        return network.shortest_path(self.graph, self.selected, self.target)

    def _refresh_highlight(self, *_args, zoom: bool = False) -> None:
        data = self.figure.data
        if data is None:
            return
        hot = {i for i in (data.index_of(n) for n in self.neighbourhood()) if i is not None}
        path_ids = self.path()
        path = [i for i in (data.index_of(n) for n in path_ids) if i is not None]
        selected = data.index_of(self.selected) if self.selected is not None else None
        self.figure.highlight(hot, path, selected)
        if self.target is not None and self.graph is not None:
            name = self.graph.nodes[self.target]["name"] if self.target in self.graph else self.target
            if path_ids:
                self.path_label.setText(f"Path to {name}: {len(path_ids) - 1} hops")
            else:
                self.path_label.setText(f"No path to {name}" if self.selected not in (None, self.target)
                                        else f"Path target: {name}")
        if zoom and (hot or path):
            self.figure.focus(sorted(hot | set(path)))

    def _on_pin(self) -> None:
        self.target = self.selected
        self._refresh_highlight()

    def _on_component_chosen(self, index: int) -> None:
        hub = self.components.itemData(index)
        if hub is not None:
            self.node_clicked.emit(int(hub))

    def _on_points_clicked(self, _item, points, *_args) -> None:
        if len(points) and self.figure.data is not None:
            self.node_clicked.emit(int(self.figure.data.ids[points[0].data()]))
