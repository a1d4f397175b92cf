"""Word-level diffs of free text (a claim, a summary, a note), for `factsite diff`.

A reviewer of an edited summary wants the words that changed, not two
paragraphs to compare by eye. `word_ops(old, new)` compares the texts word
by word with the standard library's `difflib.SequenceMatcher`. A token is
a run of word characters or a run of punctuation, with the whitespace
after it; tokens are compared without that whitespace, so re-wrapping a
paragraph (a line break for a space) is not a change.

`plain_hunks(ops)` writes the changes in the style of
`git diff --word-diff=plain` and of the near-miss diffs of `factsite check`:
``[-removed-]{+added+}``, each with a few unchanged words around it and "…"
where unchanged text was cut. The hunks are plain text (untrusted: diff.py
shows each one in inline code) and bounded for long texts. The texts
themselves may contain ``[-`` or ``{+``; the JSON output's ops are the
unambiguous form.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# A run of word characters or of other non-space characters, with the whitespace after it;
# whitespace at the very start of a text is a token of its own.
TOKEN = re.compile(r"\s+|(?:\w+|[^\w\s]+)\s*")
# Unchanged words shown before and after a change; changes with at most twice as many
# unchanged words between them are shown as one hunk.
CONTEXT_WORDS = 5
# Unchanged context longer than this (very long words, URLs) is cut, so that a hunk stays a line.
CONTEXT_CHARS = 80
# A removed or added run longer than this (a paragraph rewritten) shows only its start.
RUN_CHARS = 240
# The most a field's hunks show together; the rest is counted ("and 3 more changes"). A summary
# may be 20,000 characters: its diff must not bury the rest of a pull request comment.
FIELD_CHARS = 1500
ELISION = "…"

Op = tuple[str, str, str]  # (tag, old text, new text); tag: 'equal', 'delete', 'insert' or 'replace'


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def word_ops(old: str, new: str) -> list[Op]:
    """The edit from `old` to `new`, word by word (difflib's opcodes, with the texts).

    An 'equal' op carries the new text's spelling of the unchanged words (they may differ
    in whitespace only); changes of whitespace alone count as equal.
    """
    a, b = _tokens(old), _tokens(new)
    ka, kb = [t.strip() for t in a], [t.strip() for t in b]
    # The words before the first change and after the last are equal: only the middle goes
    # to SequenceMatcher (quadratic at worst, and most edits are small).
    most = min(len(ka), len(kb))
    head = next((i for i in range(most) if ka[i] != kb[i]), most)
    tail = next((i for i in range(most - head) if ka[-1 - i] != kb[-1 - i]), most - head)
    middle = SequenceMatcher(None, ka[head : len(ka) - tail], kb[head : len(kb) - tail], autojunk=False)
    spans = [("equal", 0, head, 0, head)]
    spans += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle.get_opcodes()]
    spans.append(("equal", len(ka) - tail, len(ka), len(kb) - tail, len(kb)))
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in spans:
        if i1 == i2 and j1 == j2:
            continue
        was, now = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag != "equal" and not was.strip() and not now.strip():
            tag = "equal"
        if tag == "equal" and ops and ops[-1][0] == "equal":
            ops[-1] = ("equal", ops[-1][1] + was, ops[-1][2] + now)
        else:
            ops.append((tag, was, now))
    return ops


def similarity(old: str, new: str) -> float:
    """How alike two texts are, word by word: 1.0 the same words, 0.0 none in common."""
    a, b = [t.strip() for t in _tokens(old)], [t.strip() for t in _tokens(new)]
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


def ops_json(ops: list[Op]) -> list[dict[str, str]]:
    """The ops for tools: equal, delete and insert runs whose texts rebuild the two texts."""
    out: list[dict[str, str]] = []
    for tag, was, now in ops:
        if tag == "equal":
            out.append({"op": "equal", "text": now})
            continue
        out += [{"op": "delete", "text": was}] * bool(was) + [{"op": "insert", "text": now}] * bool(now)
    return out


def plain_hunks(ops: list[Op]) -> tuple[list[str], int]:
    """The changes as ``…context [-old-]{+new+} context…`` lines, and how many were left out."""
    changes = [k for k, op in enumerate(ops) if op[0] != "equal"]
    groups: list[list[int]] = []
    for k in changes:
        if groups and k - groups[-1][-1] == 2 and len(_tokens(ops[k - 1][2])) <= 2 * CONTEXT_WORDS:
            groups[-1].append(k)
        else:
            groups.append([k])
    hunks: list[str] = []
    used = 0
    for group in groups:
        parts = [_before(ops, group[0])]
        for k in range(group[0], group[-1] + 1):
            parts.append(_change(ops[k]) if ops[k][0] != "equal" else ops[k][2])
            if used + sum(map(len, parts)) > FIELD_CHARS:
                left = sum(1 for j in changes if j > k)
                hunks.append("".join(parts) + (ELISION if k < len(ops) - 1 else ""))
                return hunks, left
        parts.append(_after(ops, group[-1]))
        hunks.append("".join(parts))
        used += len(hunks[-1])
    return hunks, 0


def _change(op: Op) -> str:
    """``[-old-]{+new+}``, each side cut to RUN_CHARS, then the whitespace that followed."""
    _, was, now = op
    tail = (now or was)[len((now or was).rstrip()) :]
    return (
        (f"[-{_cut(was.strip())}-]" if was.strip() else "")
        + (f"{{+{_cut(now.strip())}+}}" if now.strip() else "")
        + tail
    )


def _cut(text: str) -> str:
    return text if len(text) <= RUN_CHARS else text[: RUN_CHARS - 1].rstrip() + ELISION


def _before(ops: list[Op], k: int) -> str:
    """The unchanged words just before change `k`, "…" first when some were cut."""
    if k == 0 or ops[k - 1][0] != "equal":
        return ""
    words = _tokens(ops[k - 1][2])
    shown = "".join(words[-CONTEXT_WORDS:])
    cut = len(words) > CONTEXT_WORDS or len(shown) > CONTEXT_CHARS
    return (ELISION if cut else "") + shown[-CONTEXT_CHARS:].lstrip()


def _after(ops: list[Op], k: int) -> str:
    """The unchanged words just after change `k`, "…" last when some were cut."""
    if k + 1 >= len(ops) or ops[k + 1][0] != "equal":
        return ""
    words = _tokens(ops[k + 1][2])
    shown = "".join(words[:CONTEXT_WORDS])
    cut = len(words) > CONTEXT_WORDS or len(shown) > CONTEXT_CHARS
    return shown[:CONTEXT_CHARS].rstrip() + (ELISION if cut else "")
