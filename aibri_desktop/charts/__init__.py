"""pyqtgraph charts, one class per chart, each with ``set_data()`` and a fixed redraw."""
