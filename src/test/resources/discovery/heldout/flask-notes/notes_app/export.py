import csv
import io

from flask import Response

from . import store


def export_notes():
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "title"])
    for note in store.NOTES.values():
        writer.writerow([note["id"], note["title"]])
    return Response(buf.getvalue(), mimetype="text/csv")
