"""A tiny valid JPEG built from the format's parts, so the demo ships no binary files and needs no imaging library.

The image is flat mid-grey: every 8x8 block has a zero DC difference and no AC terms, which keeps
the Huffman tables down to one code each and the entropy-coded data to a run of zero bits.
"""

from __future__ import annotations

import struct
from functools import lru_cache


def _segment(marker: int, payload: bytes) -> bytes:
    """One JPEG marker segment; the length field counts itself but not the marker."""
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _single_code_table(table_class: int, symbol: int) -> bytes:
    """A Huffman table (DHT payload) holding one 1-bit code, which decodes to `symbol`."""
    return bytes([table_class << 4]) + bytes([1] + [0] * 15) + bytes([symbol])


@lru_cache(maxsize=None)
def grey_jpeg(width: int = 160, height: int = 90) -> bytes:
    """A baseline greyscale JPEG of the given size; the same bytes on every call."""
    blocks = -(-width // 8) * -(-height // 8)
    bits = 2 * blocks
    full, rest = divmod(bits, 8)
    scan = bytes(full) + (bytes([(1 << (8 - rest)) - 1]) if rest else b"")
    return b"".join(
        (
            b"\xff\xd8",
            _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xDB, b"\x00" + bytes([1] * 64)),
            _segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + bytes([1, 0x11, 0])),
            _segment(0xC4, _single_code_table(0, 0x00)),
            _segment(0xC4, _single_code_table(1, 0x00)),
            _segment(0xDA, bytes([1, 1, 0x00, 0, 63, 0])),
            scan,
            b"\xff\xd9",
        )
    )
