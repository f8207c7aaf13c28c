"""What changed between two handbooks, per section, paragraph and word.

Each section's text is split into paragraphs (blocks between blank lines); the paragraphs are
matched first, and only a changed paragraph is compared word by word. That keeps the diff of
a long handbook fast and readable: unchanged paragraphs are counted, not repeated.

Changes are marked in words as well as colour: a deletion is `<del>` and an insertion `<ins>`,
each starting with a visually hidden "removed:" or "added:" for screen readers, and the page
explains that struck-through text is removed and underlined text added.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Paragraphs: separated by one or more blank lines.
BLOCKS = re.compile(r"\n[ \t]*\n+")
# Words and single punctuation marks, each with the spaces after it: the units a change is
# shown in (spaces ride along, which halves the units to compare in a long paragraph).
TOKENS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+", re.UNICODE)
# Unchanged paragraphs shown around a change, for context.
CONTEXT = 1


@dataclass(frozen=True)
class Block:
    """One paragraph of a section's diff."""

    kind: str  # "same", "changed", "added", "removed", "skipped"
    html: str = ""
    skipped: int = 0  # for "skipped": how many unchanged paragraphs are left out

    @property
    def is_skipped(self) -> bool:
        return self.kind == "skipped"


@dataclass
class SectionDiff:
    key: str
    title: str
    old_title: str | None  # the old title when it changed
    status: str  # "same", "changed", "added", "removed"
    blocks: list[Block] = field(default_factory=list)
    added: int = 0  # words
    removed: int = 0
    html: str = ""  # the blocks as one piece of HTML (see `blocks_html`)

    @property
    def changed(self) -> bool:
        return self.status != "same"

    @property
    def is_added(self) -> bool:
        return self.status == "added"

    @property
    def is_removed(self) -> bool:
        return self.status == "removed"


# A line that starts a new line in Markdown: a list item, a quote or a heading.
LINE_START = re.compile(r"\s*([-*+>#]|\d+[.)])\s")


def _unwrap(block: str) -> str:
    """A paragraph as one line per Markdown line: text wrapped in the editor is joined, so
    re-wrapping a paragraph is no change, and the diff reads as running text on a phone."""
    lines: list[str] = []
    for line in block.splitlines():
        if lines and not LINE_START.match(line):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line.strip())
    return "\n".join(lines)


def _blocks(text: str) -> list[str]:
    text = (text or "").replace("\r\n", "\n").strip()
    return [_unwrap(block.strip()) for block in BLOCKS.split(text)] if text else []


def _tokens(text: str) -> list[str]:
    return TOKENS.findall(text)


def _words(tokens: Iterable[str]) -> int:
    return sum(1 for token in tokens if token[0].isalnum() or token[0] == "_")


def _mark(kind: str, text: str) -> str:
    label = _("removed:") if kind == "del" else _("added:")
    return f'<{kind}><span class="visually-hidden">{escape(label)} </span>{escape(text)}</{kind}>'


def words_diff(old: str, new: str) -> tuple[str, int, int]:
    """The new paragraph with deletions and insertions marked; and the words added and removed."""
    a, b = _tokens(old), _tokens(new)
    parts, added, removed = [], 0, 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(_mark("del", "".join(a[i1:i2])))
            removed += _words(a[i1:i2])
        if op in ("insert", "replace"):
            parts.append(_mark("ins", "".join(b[j1:j2])))
            added += _words(b[j1:j2])
    return "".join(parts), added, removed


def _similar(old: str, new: str) -> bool:
    """Whether two paragraphs are one paragraph changed, rather than one replaced by another."""
    return SequenceMatcher(None, _tokens(old), _tokens(new), autojunk=False).quick_ratio() >= 0.5


def blocks_diff(old: str, new: str) -> tuple[list[Block], int, int]:
    a, b = _blocks(old), _blocks(new)
    out: list[Block] = []
    added = removed = 0
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = a[i1:i2]
            head = same[:CONTEXT] if index > 0 else []
            tail = same[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(head) + len(tail) >= len(same):
                head, tail = same, []
            for block in head:
                out.append(Block("same", mark_safe(escape(block))))  # noqa: S308 - escaped
            if len(same) > len(head) + len(tail):
                out.append(Block("skipped", skipped=len(same) - len(head) - len(tail)))
            for block in tail:
                out.append(Block("same", mark_safe(escape(block))))  # noqa: S308 - escaped
            continue
        old_blocks, new_blocks = a[i1:i2], b[j1:j2]
        pairs = min(len(old_blocks), len(new_blocks)) if op == "replace" else 0
        for old_block, new_block in zip(old_blocks[:pairs], new_blocks[:pairs], strict=True):
            if _similar(old_block, new_block):
                html, plus, minus = words_diff(old_block, new_block)
                out.append(Block("changed", mark_safe(html)))  # noqa: S308 - built from escaped parts
            else:
                out.append(Block("removed", mark_safe(_mark("del", old_block))))  # noqa: S308
                out.append(Block("added", mark_safe(_mark("ins", new_block))))  # noqa: S308
                plus, minus = _words(_tokens(new_block)), _words(_tokens(old_block))
            added, removed = added + plus, removed + minus
        for block in old_blocks[pairs:]:
            out.append(Block("removed", mark_safe(_mark("del", block))))  # noqa: S308
            removed += _words(_tokens(block))
        for block in new_blocks[pairs:]:
            out.append(Block("added", mark_safe(_mark("ins", block))))  # noqa: S308
            added += _words(_tokens(block))
    return out, added, removed


def blocks_html(blocks: list[Block]) -> SafeString:
    """A section's changed paragraphs with their context as HTML, joined once here: a long
    handbook has hundreds of blocks, and a template loop over them costs more than the diff."""
    parts = []
    for block in blocks:
        if block.is_skipped:
            text = ngettext("%(count)s unchanged paragraph", "%(count)s unchanged paragraphs", block.skipped) % {
                "count": block.skipped
            }
            parts.append(f'<p class="diff-skipped">{escape(text)}</p>')
        else:
            parts.append(f'<div class="diff-block {block.kind}">{block.html}</div>')
    return mark_safe("\n".join(parts))  # noqa: S308 - the blocks are built from escaped text


def _section(key: str, title: str, old_title: str | None, status: str, old: str, new: str) -> SectionDiff:
    if status == "same":
        return SectionDiff(key, title, old_title, status)
    blocks, added, removed = blocks_diff(old, new)
    return SectionDiff(key, title, old_title, status, blocks, added, removed, blocks_html(blocks))


def handbook_diff(old: Sequence, new: Sequence) -> list[SectionDiff]:
    """Per section (objects with key, title and body, in order): what changed from `old` to `new`.
    Sections are matched by key; the order is the new handbook's, removed sections last."""
    old_by_key = {section.key: section for section in old}
    new_keys = {section.key for section in new}
    diffs = []
    for section in new:
        before = old_by_key.get(section.key)
        if before is None:
            diffs.append(_section(section.key, section.title, None, "added", "", section.body))
        elif before.title == section.title and _blocks(before.body) == _blocks(section.body):
            diffs.append(_section(section.key, section.title, None, "same", "", ""))
        else:
            old_title = before.title if before.title != section.title else None
            diffs.append(_section(section.key, section.title, old_title, "changed", before.body, section.body))
    for section in old:
        if section.key not in new_keys:
            diffs.append(_section(section.key, section.title, None, "removed", section.body, ""))
    return diffs


def has_changes(diffs: Iterable[SectionDiff]) -> bool:
    return any(diff.changed for diff in diffs)
