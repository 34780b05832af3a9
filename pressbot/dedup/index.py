"""Block-permutation index keys for SimHash near-duplicate lookup (Manku, Jain, Das Sarma 2007).

Cut the 64 bits into `parts` blocks. Two fingerprints within Hamming distance k differ in at most
k blocks, so at least `parts - k` blocks are equal. Each table of the index is one choice of
`parts - k` blocks, keyed by their bits: a near copy shares the key of at least one table with
the original. A lookup reads the rows under its own `tables` keys and verifies only those
candidates by Hamming distance, instead of scanning every fingerprint.

With `parts = k + 1` (the default: four tables of 16 bits for k = 3) a key has 64/(k+1) bits and
a lookup verifies about `tables * n / 2**bits` candidates; `parts = k + 2` gives C(k+2, 2) tables
of longer keys (ten tables of 26 bits for k = 3): more rows to store, almost no candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

_TABLE_SHIFT = 48


@dataclass(frozen=True)
class BlockScheme:
    """Which bits make up the key of each table, for near-duplicates within `distance` bits."""

    distance: int
    parts: int = 0
    """Number of blocks; 0 means `distance + 1`."""
    masks: tuple[tuple[tuple[int, int], ...], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not 0 <= self.distance < 32:
            raise ValueError(f"SimHash distance must be between 0 and 31, not {self.distance}")
        parts = self.parts or self.distance + 1
        if not self.distance < parts <= 64:
            raise ValueError(f"{parts} blocks cannot index distance {self.distance}")
        object.__setattr__(self, "parts", parts)
        sizes = [64 // parts + (1 if i < 64 % parts else 0) for i in range(parts)]
        blocks, start = [], 0
        for size in sizes:
            blocks.append((start, (1 << size) - 1))
            start += size
        chosen = tuple(combinations(blocks, parts - self.distance))
        if sum(bin(mask).count("1") for _, mask in chosen[0]) > _TABLE_SHIFT:
            raise ValueError(f"{parts} blocks make keys too long for distance {self.distance}")
        object.__setattr__(self, "masks", chosen)

    @property
    def tables(self) -> int:
        return len(self.masks)

    @property
    def name(self) -> str:
        """Identifies the layout, so a store built with another one is rebuilt, not misread."""
        return f"k{self.distance}p{self.parts}"

    def keys(self, fingerprint: int) -> list[int]:
        """One key per table: the table number above bit 48, the chosen blocks' bits below.

        >>> scheme = BlockScheme(3)
        >>> scheme.tables, [hex(k) for k in scheme.keys(0x1111_2222_3333_4444)]
        (4, ['0x1111', '0x1000000002222', '0x2000000003333', '0x3000000004444'])
        >>> near = 0x1111_2222_3333_4444 ^ 0b111  # 3 bits off, all in the last block
        >>> sorted(set(scheme.keys(near)) & set(scheme.keys(0x1111_2222_3333_4444)))[0] == 0x1111
        True
        """
        keys = []
        for table, blocks in enumerate(self.masks):
            value = 0
            for start, mask in blocks:
                width = mask.bit_length()
                value = (value << width) | ((fingerprint >> (64 - start - width)) & mask)
            keys.append((table << _TABLE_SHIFT) | value)
        return keys
