"""Evaluation: gold readers, metrics, the runner behind ``dotterel evaluate``, the accuracy
gate, the HTML report, and training of the relation model (which needs a loaded ``Coder``).
"""
