"""The data layer of DPRK Pressure Brief: storage, schema, importers, analytics, report content.

Nothing in this package imports Qt or pyqtgraph (tests/models/test_layering.py enforces it).
"""
