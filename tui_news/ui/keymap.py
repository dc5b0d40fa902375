"""The user's key overrides (`[keys]` in config.toml) checked against the real bindings.

An override is refused, with a warning naming both binding ids, when one of its keys is already
another binding's key on the same screen (the app's own keys count on every screen): a key
never does two things, and moving the other binding silently would surprise as much as the
clash. To swap two keys, override both. Defaults that share a key on purpose (`ctrl+p` is
"previous" in the search and filter pickers, the palette elsewhere) are left alone: only a
pair where the user changed one side is checked. An id no binding has is named and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import key_to_character

#: (a group's title, its bindings): one group per screen, the app's own first.
Groups = Sequence[tuple[str, Sequence[BindingType]]]


@dataclass(frozen=True)
class KeymapCheck:
    #: The overrides that apply: binding id -> keys.
    keymap: dict[str, str]
    #: One line per override refused or ignored, for the user.
    problems: tuple[str, ...]


def key_set(keys: str) -> set[str]:
    """The keys of a binding's comma-separated key string, one name per key (`?` and
    `question_mark` are the same key)."""
    names = (key.strip() for key in keys.split(","))
    return {key_to_character(name) or name for name in names if name}


def _bindings(bindings: Sequence[BindingType]) -> list[Binding]:
    return [binding for binding in bindings if isinstance(binding, Binding)]


def check_keymap(keymap: Mapping[str, str], groups: Groups) -> KeymapCheck:
    """`keymap` without the overrides that clash or name no binding, and why each was dropped.

    The first group's bindings (the app's) are active on every screen.
    """
    everywhere = _bindings(groups[0][1]) if groups else []
    scopes = [
        (title, _bindings(bindings) + ([] if index == 0 else everywhere))
        for index, (title, bindings) in enumerate(groups)
    ]
    known = {binding.id for _title, scope in scopes for binding in scope if binding.id}
    problems = [
        f'keys: unknown binding id "{binding_id}" ignored (help, `?`, lists every id)'
        for binding_id in keymap
        if binding_id not in known
    ]
    accepted = {binding_id: keys for binding_id, keys in keymap.items() if binding_id in known}
    while clash := _first_clash(accepted, scopes):
        binding_id, key, other_id, title = clash
        problems.append(
            f'keys: "{binding_id}" = "{accepted.pop(binding_id)}" refused: {key} is already '
            f'"{other_id}" on the {title} screen (change "{other_id}" too to swap them)'
        )
    return KeymapCheck(accepted, tuple(problems))


def _first_clash(
    keymap: Mapping[str, str], scopes: Sequence[tuple[str, Sequence[Binding]]]
) -> tuple[str, str, str, str] | None:
    """(an overridden id, the key it shares, the other binding's id, the screen) or None; the
    override named last in the config is the one refused."""
    for binding_id in reversed(list(keymap)):
        wanted = key_set(keymap[binding_id])
        for title, scope in scopes:
            if not any(binding.id == binding_id for binding in scope):
                continue
            for other in scope:
                if other.id == binding_id:
                    continue
                shared = wanted & key_set(keymap.get(other.id or "", other.key))
                if shared:
                    return binding_id, sorted(shared)[0], other.id or other.action, title
    return None


def binding_id_table(groups: Groups) -> str:
    """The README's table of every binding id (a test keeps the two the same)."""
    lines = ["| screen | binding id | keys | what it does |", "|---|---|---|---|"]
    for title, bindings in groups:
        for binding in _bindings(bindings):
            keys = " ".join(f"`{key.strip()}`" for key in binding.key.split(","))
            lines.append(f"| {title} | `{binding.id}` | {keys} | {binding.description} |")
    return "\n".join(lines)
