"""Tests only: key slots made by a Python child of the suite cost OWASP's Argon2id floor.

``tests/conftest.py`` puts this folder first on ``PYTHONPATH``, so every ``python -m app``
the suite starts imports this file at start-up. When that child imports
``app.store.keyslots``, the new-slot cost drops from Bedside's 64 MiB and three passes
to OWASP's minimum (19 MiB, two passes), which Bedside itself accepts. Argon2id still runs
for real on every slot; only the waiting is shorter. The cost a shipped Bedside uses is
held by ``tests/unit/test_kdf_cost.py``, and the benchmarks run without this folder.
"""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder
from types import ModuleType

TARGET = "app.store.keyslots"


def use_owasp_floor(module: ModuleType) -> None:
    module.ARGON2_MEMORY_KIB = module.OWASP_MEMORY_KIB
    module.ARGON2_ITERATIONS = module.OWASP_ITERATIONS


class _AfterKeyslots:
    """Lets the normal import of ``app.store.keyslots`` happen, then lowers its cost."""

    def find_spec(self, name, path, target=None):
        if name != TARGET:
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            use_owasp_floor(module)

        loader.exec_module = exec_module
        return spec


if TARGET in sys.modules:
    use_owasp_floor(sys.modules[TARGET])
else:
    sys.meta_path.insert(0, _AfterKeyslots())
