"""Figure builders: functions that fill pyqtgraph items from model data, shared by the panes and the brief."""
