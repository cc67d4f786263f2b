"""Allocation lists: kit codes, permuted blocks and per-device parts (no Qt, no database).

* :mod:`app.allocation.kit_codes`: kit codes with a check character;
* :mod:`app.allocation.stream`: the deterministic random stream a seed stands for;
* :mod:`app.allocation.generator`: permuted blocks per device, top-ups, and the
  list's JSON form that the hub keeps sealed under its blinding key.
"""
