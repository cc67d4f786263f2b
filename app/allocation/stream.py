"""The deterministic random stream behind an allocation list's seed.

A list made with seed S must be the same list on any machine and any Python, so
it does not use :mod:`random` (whose algorithms may change between versions).
The stream is HMAC-SHA256 in counter mode (the construction of NIST SP 800-108's
counter-mode KDF): block ``i`` of the stream labelled ``L`` is
``HMAC-SHA256(SHA-256("bedside/allocation-seed/v1|" + S), L ‖ 0x00 ‖ i as 8 bytes)``.
Integers below ``n`` are taken by rejection from the smallest number of bytes
that holds ``n - 1``, so every value is exactly equally likely.

The seed reproduces the list: it is as secret as the list and kept with it.
"""

from __future__ import annotations

import hashlib
import hmac


class Stream:
    """An endless, reproducible byte stream for one purpose (``label``) of one seed."""

    def __init__(self, seed: str, label: str) -> None:
        self._key = hashlib.sha256(f"bedside/allocation-seed/v1|{seed}".encode()).digest()
        self._label = label.encode("utf-8")
        self._counter = 0
        self._buffer = b""

    def read(self, count: int) -> bytes:
        while len(self._buffer) < count:
            block = hmac.new(
                self._key, self._label + b"\0" + self._counter.to_bytes(8, "big"), hashlib.sha256
            ).digest()
            self._counter += 1
            self._buffer += block
        out, self._buffer = self._buffer[:count], self._buffer[count:]
        return out

    def below(self, n: int) -> int:
        """A uniform integer in ``0 … n-1``."""
        if n < 1:
            raise ValueError("n must be positive")
        if n == 1:
            return 0
        size = ((n - 1).bit_length() + 7) // 8
        limit = (256**size // n) * n  # values at or above this would favour small results
        while True:
            value = int.from_bytes(self.read(size), "big")
            if value < limit:
                return value % n
