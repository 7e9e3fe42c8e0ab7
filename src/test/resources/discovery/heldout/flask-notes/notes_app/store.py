import itertools

_ids = itertools.count(1)
NOTES = {}


def next_id():
    return next(_ids)


def notes_with_tag(name):
    return [n for n in NOTES.values() if name in n.get("tags", [])]
