"""Reading whole files in few system calls: a build reads thousands of claim and seed files.

`os.open`, then reads from the descriptor: no file object, and the size a
stat gave is read in one call (one byte more, to see the end at once).
"""

from __future__ import annotations

import os

# To read, in binary on Windows (os.open's descriptors are never inherited).
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)
# Bytes asked for at a time once a file has proved longer than its stat said.
READ_CHUNK = 1024 * 1024


def read_to_end(fd: int, size: int) -> bytes:
    """The bytes of open file `fd` to its end; `size` is what a stat said (a file may have grown)."""
    chunks = [os.read(fd, size + 1)]
    while chunks[-1]:
        chunks.append(os.read(fd, READ_CHUNK))
    return b"".join(chunks)
