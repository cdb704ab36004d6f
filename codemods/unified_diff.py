"""Unified diffs of a file before and after its rewrite, in time linear in the file.

``difflib.unified_diff`` finds the longest matching blocks with ``SequenceMatcher``, whose cost
grows with the product of the two files' lengths when lines repeat: red team 17 (report 11a,
F1) measured a 777 KB script whose ``rewrite --diff`` did not end within 60 s (difflib alone
took 33 s on it), and ``check --format html`` shows the same diffs.  A rewrite changes a few
spans of a file, so most lines are unchanged and in order.  Here the lines are matched as
"patience diff" does: lines that occur exactly once in each file are anchors, the longest run
of anchors in the same order on both sides (longest increasing subsequence, ``n log n``) splits
the files into gaps, each gap is narrowed by its common first and last lines, and only a gap
small enough is handed to ``difflib``; a larger one is written as removed and added whole.
Any such matching gives a correct patch (``git apply`` and ``patch`` take it); it is the
minimal one wherever difflib would have been used.

Files up to ``SMALL`` lines each are diffed by ``difflib`` itself, byte for byte as before.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from typing import Iterator, List, Sequence, Tuple, TypeVar

Line = TypeVar("Line", str, bytes)
Opcode = Tuple[str, int, int, int, int]

SMALL = 2000  # lines per side below which difflib's own matching is used (its cost stays bounded)
GAP_PRODUCT = 400_000  # a gap whose two sides' line counts multiply to more is removed and added whole
CONTEXT = 3


def unified(a: Sequence[Line], b: Sequence[Line], fromfile: Line, tofile: Line, lineterm: Line) -> Iterator[Line]:
    """``difflib.unified_diff(a, b, fromfile, tofile, lineterm=lineterm)``'s lines, linear for large files.

    ``a``/``b``: the lines (each keeping its own line end when ``lineterm`` is empty); str or bytes alike.
    """
    if len(a) <= SMALL and len(b) <= SMALL:
        if isinstance(lineterm, bytes):
            yield from difflib.diff_bytes(difflib.unified_diff, a, b, fromfile, tofile, lineterm=lineterm)
        else:
            yield from difflib.unified_diff(a, b, fromfile, tofile, lineterm=lineterm)
        return
    empty = lineterm[:0]
    started = False
    for group in _groups(_opcodes(a, b)):
        if not started:
            started = True
            yield _text(empty, "--- ") + fromfile + lineterm
            yield _text(empty, "+++ ") + tofile + lineterm
        first, last = group[0], group[-1]
        yield _text(empty, f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@") + lineterm
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in a[i1:i2]:
                    yield _text(empty, " ") + line
                continue
            for line in a[i1:i2]:
                yield _text(empty, "-") + line
            for line in b[j1:j2]:
                yield _text(empty, "+") + line


def _text(empty, text: str):
    return text.encode("ascii") if isinstance(empty, bytes) else text


def _range(start: int, stop: int) -> str:
    """A hunk side as the unified format writes it: ``start,length`` (1-based; a lone line is its number)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"


def _groups(codes: List[Opcode]) -> Iterator[List[Opcode]]:
    """The opcodes cut into hunks with ``CONTEXT`` unchanged lines around each change."""
    if not any(tag != "equal" for tag, *_ in codes):
        return
    codes = list(codes)
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(i1, i2 - CONTEXT), i2, max(j1, j2 - CONTEXT), j2)
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, i1, min(i2, i1 + CONTEXT), j1, min(j2, j1 + CONTEXT))
    hunk: List[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * CONTEXT:  # a long unchanged run ends one hunk and starts the next
            hunk.append((tag, i1, i1 + CONTEXT, j1, j1 + CONTEXT))
            yield hunk
            hunk = []
            i1, j1 = i2 - CONTEXT, j2 - CONTEXT
        hunk.append((tag, i1, i2, j1, j2))
    if hunk and not (len(hunk) == 1 and hunk[0][0] == "equal"):
        yield hunk


def _opcodes(a: Sequence[Line], b: Sequence[Line]) -> List[Opcode]:
    """difflib-style opcodes from the matched lines."""
    codes: List[Opcode] = []
    i = j = 0
    for ai, bj, size in _matches(a, b) + [(len(a), len(b), 0)]:
        if i < ai and j < bj:
            codes.append(("replace", i, ai, j, bj))
        elif i < ai:
            codes.append(("delete", i, ai, j, bj))
        elif j < bj:
            codes.append(("insert", i, ai, j, bj))
        if size:
            codes.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return codes


def _matches(a: Sequence[Line], b: Sequence[Line]) -> List[Tuple[int, int, int]]:
    """(i, j, size) blocks of equal lines, in order on both sides, found in linear-logarithmic time."""
    blocks: List[Tuple[int, int, int]] = []
    # Two rounds of anchors: the whole files, then each gap between the first round's anchors
    # (lines unique within a gap); what is left is small for difflib or taken whole.
    for alo, ahi, blo, bhi in _gaps(a, b, 0, len(a), 0, len(b), blocks, rounds=2):
        _small_gap(a, b, alo, ahi, blo, bhi, blocks)
    blocks.sort()
    merged: List[Tuple[int, int, int]] = []
    for i, j, size in blocks:
        if size and merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + size)
        elif size:
            merged.append((i, j, size))
    return merged


def _gaps(a, b, alo, ahi, blo, bhi, blocks, rounds: int):
    """The ranges left between anchors after ``rounds`` rounds; matched lines go to ``blocks``."""
    pending = [(alo, ahi, blo, bhi)]
    for _ in range(rounds):
        following = []
        for alo, ahi, blo, bhi in pending:
            alo, ahi, blo, bhi = _trim(a, b, alo, ahi, blo, bhi, blocks)
            if alo == ahi or blo == bhi:
                following.append((alo, ahi, blo, bhi))
                continue
            anchors = _anchors(a, b, alo, ahi, blo, bhi)
            i, j = alo, blo
            for ai, bj in anchors:
                following.append((i, ai, j, bj))
                blocks.append((ai, bj, 1))
                i, j = ai + 1, bj + 1
            following.append((i, ahi, j, bhi))
        pending = following
    return pending


def _trim(a, b, alo, ahi, blo, bhi, blocks):
    """The range without its common first and last lines (noted as matches)."""
    start = 0
    while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
        start += 1
    if start:
        blocks.append((alo, blo, start))
    end = 0
    while ahi - end > alo + start and bhi - end > blo + start and a[ahi - end - 1] == b[bhi - end - 1]:
        end += 1
    if end:
        blocks.append((ahi - end, bhi - end, end))
    return alo + start, ahi - end, blo + start, bhi - end


def _anchors(a, b, alo, ahi, blo, bhi) -> List[Tuple[int, int]]:
    """Lines once in each side's range, the longest run of them in the same order on both sides."""
    seen_a: dict = {}
    for i in range(alo, ahi):
        seen_a[a[i]] = -1 if a[i] in seen_a else i
    seen_b: dict = {}
    for j in range(blo, bhi):
        if seen_a.get(b[j], -1) >= 0:
            seen_b[b[j]] = -1 if b[j] in seen_b else j
    pairs = [(seen_a[line], j) for line, j in seen_b.items() if j >= 0]
    pairs.sort()
    # longest increasing subsequence of the b positions, with back links
    tails: List[int] = []  # b position ending the best run of each length
    tail_at: List[int] = []  # index in pairs of that run's end
    back = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[length] = j
            tail_at[length] = index
        back[index] = tail_at[length - 1] if length else -1
    run: List[Tuple[int, int]] = []
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    run.reverse()
    return run


def _small_gap(a, b, alo, ahi, blo, bhi, blocks) -> None:
    alo, ahi, blo, bhi = _trim(a, b, alo, ahi, blo, bhi, blocks)
    if alo == ahi or blo == bhi or (ahi - alo) * (bhi - blo) > GAP_PRODUCT:
        return  # removed and added whole
    matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    blocks.extend((alo + i, blo + j, size) for i, j, size in matcher.get_matching_blocks() if size)
