"""What dotterel knows, as validated data: countries, organisations, sectors, office-holders,
event triggers, dates, grammar words and the gazetteer.

Owns the bundled data files (``knowledge/data/``), the one loader that reads and validates them
(and a user's knowledge folder, and PETRARCH/Phoenix dictionaries) with ``file:line`` errors,
and the frozen, typed objects the coding stages read. Imports only ``records`` and ``settings``.
"""
