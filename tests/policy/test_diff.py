"""The diff between two versions: per section, paragraphs matched, words marked in words and colour."""

from types import SimpleNamespace as Section

from django.utils import translation

from policy.diff import blocks_diff, handbook_diff, words_diff


def test_a_changed_word_is_marked_as_removed_and_added_in_words():
    with translation.override("nl"):
        html, added, removed = words_diff("Je reageert tot 23.00 uur.", "Je reageert tot 22.00 uur.")
    assert html == (
        'Je reageert tot <del><span class="visually-hidden">verwijderd: </span>23</del>'
        '<ins><span class="visually-hidden">toegevoegd: </span>22</ins>.00 uur.'
    )
    assert (added, removed) == (1, 1)


def test_the_diff_escapes_what_the_text_holds():
    html, _, _ = words_diff("Veilig.", "Veilig. <script>alert(1)</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_only_changed_paragraphs_are_shown_with_one_paragraph_of_context():
    old = "\n\n".join(f"Alinea {n} blijft zoals ze was." for n in range(1, 9))
    new = old.replace("Alinea 5 blijft", "Alinea 5 verandert")
    blocks, added, removed = blocks_diff(old, new)
    kinds = [block.kind for block in blocks]
    assert kinds == ["skipped", "same", "changed", "same", "skipped"]
    assert [block.skipped for block in blocks if block.is_skipped] == [3, 2]  # 1-3 and 7-8
    assert (added, removed) == (1, 1)


def test_an_added_and_a_removed_paragraph_are_whole_blocks():
    blocks, added, removed = blocks_diff("Eerste.\n\nTweede.", "Eerste.\n\nNieuw en heel anders dan het oude.")
    assert [block.kind for block in blocks] == ["same", "removed", "added"]
    assert (added, removed) == (7, 1)
    blocks, _, _ = blocks_diff("Eerste.", "Eerste.\n\nErbij.")
    assert [block.kind for block in blocks] == ["same", "added"]
    assert "<ins>" in blocks[1].html


def test_sections_are_compared_by_key_with_titles_and_status():
    old = [Section(key="visie", title="Visie", body="Wij zijn online."),
           Section(key="privacy", title="Privacy", body="Aliassen."),
           Section(key="oud", title="Weg", body="Verdwijnt.")]
    new = [Section(key="visie", title="Onze visie", body="Wij zijn online."),
           Section(key="privacy", title="Privacy", body="Aliassen."),
           Section(key="nieuw", title="Nieuw", body="Erbij.")]
    diffs = handbook_diff(old, new)
    assert [(d.key, d.status) for d in diffs] == [
        ("visie", "changed"), ("privacy", "same"), ("nieuw", "added"), ("oud", "removed"),
    ]
    assert diffs[0].old_title == "Visie" and diffs[0].blocks[0].is_skipped
    assert not diffs[1].changed and diffs[2].is_added and diffs[3].is_removed


def test_rewrapping_a_paragraph_is_no_change_and_lists_keep_their_items():
    old = "Een alinea die in de editor\nis afgebroken.\n\n- een punt dat\n  doorloopt\n- nog een punt"
    new = "Een alinea die in de editor is afgebroken.\n\n- een punt dat doorloopt\n- nog een punt"
    blocks, added, removed = blocks_diff(old, new)
    assert [(block.kind, block.skipped) for block in blocks] == [("skipped", 2)] and (added, removed) == (0, 0)
    [diff] = handbook_diff([Section(key="a", title="A", body=old)], [Section(key="a", title="A", body=new)])
    assert not diff.changed
    blocks, _, _ = blocks_diff(old, new + "\n\nErbij.")
    assert [block.html for block in blocks if block.kind == "same"] == ["- een punt dat doorloopt\n- nog een punt"]
