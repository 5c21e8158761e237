"""Reads Accord's office exports back with programs other than Accord, for the tests:
openpyxl (the .xlsx files), python-docx (the .docx file) and icalendar (the .ics file),
all from PyPI. Prints what they see as one JSON document.

    python3 office_readback.py DIR   (DIR holds raci.xlsx, decisions.xlsx, agreement.docx, dates.ics)
"""
import datetime
import json
import os
import sys

import docx
import icalendar
import openpyxl

d = sys.argv[1]
out = {}


def value(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return {"date": v.strftime("%Y-%m-%d")}
    return v


wb = openpyxl.load_workbook(os.path.join(d, "raci.xlsx"))
ws = wb["RACI"]
out["raci"] = {
    "sheets": wb.sheetnames,
    "freeze": ws.freeze_panes,
    "rows": [[value(c.value) for c in row] for row in ws.iter_rows()],
    "header_bold": [bool(c.font.bold) for c in ws[1]],
    "validations": [
        {"type": v.type, "formula": v.formula1, "ranges": str(v.sqref), "error": v.error}
        for v in ws.data_validations.dataValidation
    ],
    "legend": [[c.value for c in row] for row in wb["Legend"].iter_rows(max_row=5)],
}

wb = openpyxl.load_workbook(os.path.join(d, "decisions.xlsx"))
ws = wb["Decisions"]
out["decisions"] = {
    "freeze": ws.freeze_panes,
    "filter": ws.auto_filter.ref,
    "rows": [[value(c.value) for c in row] for row in ws.iter_rows()],
    "date_is_a_date": isinstance(ws["C2"].value, datetime.datetime) if ws.max_row > 1 else None,
}

doc = docx.Document(os.path.join(d, "agreement.docx"))
out["agreement"] = {
    "paragraphs": [[p.style.name, p.text] for p in doc.paragraphs],
    "tables": [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables],
}

events = []
for attempt in range(2):
    with open(os.path.join(d, "dates.ics"), "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    events.append([
        {
            "uid": str(e["UID"]),
            "summary": str(e["SUMMARY"]),
            "start": e.decoded("DTSTART").isoformat(),
            "all_day": not isinstance(e.decoded("DTSTART"), datetime.datetime),
            "sequence": int(e.get("SEQUENCE", 0)),
        }
        for e in cal.walk("VEVENT")
    ])
out["dates"] = {"first": events[0], "second": events[1], "name": str(cal.get("X-WR-CALNAME", cal.get("NAME", "")))}
print(json.dumps(out, ensure_ascii=False))
