#!/usr/bin/env python3
"""Writes expected.json: what other projects' readers find in every corpus file.

vCards are read with `vobject`, calendars with `icalendar` (recurrences expanded with
`dateutil`, which icalendar itself depends on), mbox files with the standard library's
`mailbox` and `email`. The file records what the reference reader gives, unjudged: which
of warmline's rules apply (the import window, rooms, year-less birthdays, ...) is decided
by tests/corpus.rs, so regenerating this file never changes a rule.

    python3 -m venv /tmp/corpus-venv
    /tmp/corpus-venv/bin/pip install vobject icalendar
    /tmp/corpus-venv/bin/python crates/warmline-formats/tests/corpus/expect.py
"""

import datetime as dt
import email.header
import email.utils
import importlib.metadata
import io
import json
import logging
import mailbox
import pathlib
import quopri
import re
import zoneinfo

import icalendar
import vobject
from dateutil import rrule as du_rrule

HERE = pathlib.Path(__file__).resolve().parent
# Occurrences are listed up to this day (later than any import window warmline uses) and
# at most this many per event; `truncated` says when the cap cut the list.
HORIZON = dt.date(2028, 12, 31)
MAX_OCCURRENCES = 3000


def text(value):
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else ""
    value = str(value).strip()
    return value or None


# ---- vCard ---------------------------------------------------------------------------


BDAY_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
BDAY_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


def birthday(card):
    """The BDAY as year, month, day (year None when the value has none); the raw value
    when it is not a date."""
    prop = card.contents.get("bday", [None])[0]
    if prop is None:
        return None
    raw = str(prop.value).strip()
    m = BDAY_NO_YEAR.match(raw)
    if m:
        return {"year": None, "month": int(m[1]), "day": int(m[2]), "raw": raw}
    m = BDAY_FULL.match(raw)
    if m:
        omit = prop.params.get("X-APPLE-OMIT-YEAR")
        year = int(m[1])
        if omit and omit[0].strip().isdigit() and int(omit[0]) == year:
            year = None
        return {"year": year, "month": int(m[2]), "day": int(m[3]), "raw": raw}
    return {"year": None, "month": None, "day": None, "raw": raw}


def name_parts(card):
    prop = card.contents.get("n", [None])[0]
    if prop is None:
        return None
    n = prop.value
    if isinstance(n, str):
        parts = n.split(";")
        parts += [""] * (5 - len(parts))
        family, given, additional, prefix, suffix = parts[:5]
    else:
        family, given, additional, prefix, suffix = (
            n.family,
            n.given,
            n.additional,
            n.prefix,
            n.suffix,
        )

    def join(p):
        if isinstance(p, list):
            p = " ".join(x for x in p if x)
        return (p or "").strip()

    return {
        "family": join(family),
        "given": join(given),
        "additional": join(additional),
        "prefix": join(prefix),
        "suffix": join(suffix),
    }


def org(card):
    """The organisation's name, its first component. vobject splits a 2.1 value at its
    commas (which 2.1 does not escape): they are put back."""
    prop = card.contents.get("org", [None])[0]
    if prop is None:
        return None
    value = prop.value
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, list):
        value = ",".join(value)
    return str(value).strip() or None


def unescape(value):
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], value)


def quoted_printable(value, params):
    """A 2.1 value in `ENCODING=QUOTED-PRINTABLE`, decoded in its CHARSET."""
    words = [str(w).upper() for p in params for w in p]
    if "QUOTED-PRINTABLE" not in words:
        return value
    charset = "utf-8"
    for p in params:
        if str(p[0]).upper() == "CHARSET" and len(p) > 1:
            charset = str(p[1])
    try:
        return quopri.decodestring(value.encode("utf-8")).decode(charset, errors="replace")
    except LookupError:
        return quopri.decodestring(value.encode("utf-8")).decode("utf-8", errors="replace")


def full_names(data, lenient):
    """FN as written, from vobject's own line reader: its FN behaviour keeps only the text
    before an unescaped comma, which Gmail writes (`FN:Mr. John Richter, James Doe Sr.`)."""
    out = []
    depth = 0
    for line, number in vobject.base.getLogicalLines(io.StringIO(data)):
        try:
            name, params, value, _group = vobject.base.parseLine(line, number)
        except Exception:
            if lenient:
                continue
            raise
        name = name.upper()
        if name == "BEGIN" and value.upper() == "VCARD":
            depth += 1
            if depth == 1:
                out.append(None)
        elif name == "END" and value.upper() == "VCARD":
            depth -= 1
        elif name == "FN" and depth == 1 and out[-1] is None:
            out[-1] = text(unescape(quoted_printable(value, params)))
    return out


def card_facts(card):
    contents = card.contents
    return {
        "fn": text([p.value for p in contents.get("fn", [])]),
        "n": name_parts(card),
        "emails": [str(p.value).strip() for p in contents.get("email", [])],
        "phones": [str(p.value).strip() for p in contents.get("tel", [])],
        "org": org(card),
        "bday": birthday(card),
        "uid": text([p.value for p in contents.get("uid", [])]),
    }


def read_cards(data, lenient):
    cards = [
        card_facts(card)
        for card in vobject.readComponents(data, ignoreUnreadable=lenient)
        if card.name.upper() == "VCARD"
    ]
    for card, name in zip(cards, full_names(data, lenient)):
        card["fn"] = name
    return cards


def vcard_file(path):
    """Cards as vobject reads them. When it refuses the file, it is read again skipping
    the lines vobject cannot parse (mostly quoted-printable continuations of 2.1 cards):
    `partial` then holds the first refusal."""
    data = path.read_bytes().decode("utf-8", errors="replace")
    try:
        return {"kind": "vcard", "error": None, "partial": None, "cards": read_cards(data, False)}
    except Exception as e:
        refusal = f"{type(e).__name__}: {e}".splitlines()[0][:200]
    logging.disable(logging.CRITICAL)
    try:
        cards = read_cards(data, True)
        return {"kind": "vcard", "error": None, "partial": refusal, "cards": cards}
    except Exception:
        return {"kind": "vcard", "error": refusal, "partial": None, "cards": []}
    finally:
        logging.disable(logging.NOTSET)


# ---- iCalendar -----------------------------------------------------------------------


def local_date(value, zone):
    """The day of a DATE or DATE-TIME as warmline reads a calendar: a UTC time is moved
    into the calendar's X-WR-TIMEZONE when there is one; a zoned or floating time is
    already local."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and zone is not None and value.utcoffset() == dt.timedelta(0):
            tzname = value.tzname()
            if tzname in ("UTC", "Z") or str(value.tzinfo) in ("UTC", "tzutc()"):
                value = value.astimezone(zone)
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def prop_values(component, name):
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def dates_of(component, name, zone):
    out = []
    for v in prop_values(component, name):
        try:
            dts = v.dts
        except Exception:  # a value the reference cannot read either
            continue
        for d in dts:
            x = d.dt
            if isinstance(x, tuple):  # a PERIOD: its start
                x = x[0]
            day = local_date(x, zone)
            if day is not None:
                out.append(day.isoformat())
    return out


def until_like_start(rule_text, first):
    """dateutil wants UNTIL in UTC when DTSTART has a zone, and plain when it has none;
    calendars write either. A day without a time means the end of that day."""
    m = re.search(r"UNTIL=(\d{8})(T\d{6})?(Z?)", rule_text)
    if not m:
        return rule_text
    until = dt.datetime.strptime(m[1] + (m[2] or "T235959"), "%Y%m%dT%H%M%S")
    if first.tzinfo is None:
        value = until.strftime("%Y%m%dT%H%M%S")
    else:
        if m[3]:
            until = until.replace(tzinfo=dt.timezone.utc)
        else:
            until = until.replace(tzinfo=first.tzinfo)
        value = until.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return rule_text[: m.start()] + "UNTIL=" + value + rule_text[m.end() :]


def occurrences(event, start, zone):
    """The days the event happens on up to HORIZON, by dateutil's RFC 5545 rules."""
    rules = prop_values(event, "RRULE")
    rdates = prop_values(event, "RDATE")
    if not rules and not rdates:
        return None, False, None
    try:
        if isinstance(start, dt.datetime):
            first = start
        else:
            first = dt.datetime.combine(start, dt.time())
        rset = du_rrule.rruleset()
        for r in rules:
            rule_text = r.to_ical().decode()
            rule_text = until_like_start(rule_text, first)
            rset.rrule(du_rrule.rrulestr(rule_text, dtstart=first))
        for value in rdates:
            for d in value.dts:
                x = d.dt[0] if isinstance(d.dt, tuple) else d.dt
                if not isinstance(x, dt.datetime):
                    x = dt.datetime.combine(x, first.timetz())
                if (x.tzinfo is None) != (first.tzinfo is None):
                    x = x.replace(tzinfo=first.tzinfo)
                rset.rdate(x)
        for value in prop_values(event, "EXDATE"):
            for d in value.dts:
                x = d.dt
                if not isinstance(x, dt.datetime):
                    x = dt.datetime.combine(x, first.timetz())
                if (x.tzinfo is None) != (first.tzinfo is None):
                    x = x.replace(tzinfo=first.tzinfo)
                rset.exdate(x)
        out = []
        truncated = False
        for x in rset:
            day = local_date(x, zone) if isinstance(start, dt.datetime) else x.date()
            if day > HORIZON:
                break
            if len(out) == MAX_OCCURRENCES:
                truncated = True
                break
            out.append(day.isoformat())
        return out, truncated, None
    except Exception as e:
        return None, False, f"{type(e).__name__}: {e}".splitlines()[0][:200]


def person(prop):
    return {
        "email": str(prop).strip(),
        "cutype": str(prop.params.get("CUTYPE", "")).upper() or None,
        "partstat": str(prop.params.get("PARTSTAT", "")).upper() or None,
    }


def event_facts(ev, zone, method):
    start_prop = ev.get("DTSTART")
    start = start_prop.dt if start_prop is not None else None
    day = local_date(start, zone) if start is not None else None
    rid = ev.get("RECURRENCE-ID")
    occ, truncated, occ_error = (
        occurrences(ev, start, zone) if start is not None else (None, False, None)
    )
    organizer = ev.get("ORGANIZER")
    return {
        "method": method,
        "uid": text(ev.get("UID")),
        "summary": text(ev.get("SUMMARY")),
        "start": day.isoformat() if day else None,
        "rrules": len(prop_values(ev, "RRULE")),
        "rdates": dates_of(ev, "RDATE", zone),
        "exdates": dates_of(ev, "EXDATE", zone),
        "recurrence_id": local_date(rid.dt, zone).isoformat() if rid is not None else None,
        "status": text(ev.get("STATUS")),
        "sequence": int(ev.get("SEQUENCE", 0) or 0),
        "organizer": person(organizer) if organizer is not None else None,
        "attendees": [person(a) for a in prop_values(ev, "ATTENDEE")],
        "occurrences": occ,
        "occurrences_truncated": truncated,
        "occurrences_error": occ_error,
    }


def ics_file(path):
    events = []
    error = None
    try:
        calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
    except Exception as e:
        calendars = []
        error = f"{type(e).__name__}: {e}".splitlines()[0][:200]
    for cal in calendars:
        zone = None
        name = text(cal.get("X-WR-TIMEZONE"))
        if name:
            try:
                zone = zoneinfo.ZoneInfo(name)
            except Exception:
                zone = None
        method = text(cal.get("METHOD"))
        method = method.upper() if method else None
        for ev in cal.walk("VEVENT"):
            try:
                events.append(event_facts(ev, zone, method))
            except Exception as e:  # a property the reference cannot read
                events.append(
                    {
                        "uid": text(ev.get("UID")),
                        "error": f"{type(e).__name__}: {e}".splitlines()[0][:200],
                    }
                )
    return {"kind": "ics", "error": error, "events": events}


# ---- mbox ----------------------------------------------------------------------------


def decoded(value):
    if value is None:
        return None
    try:
        return str(email.header.make_header(email.header.decode_header(str(value)))).strip()
    except Exception:
        return str(value).strip()


def mbox_file(path):
    messages = []
    error = None
    try:
        box = mailbox.mbox(str(path), create=False)
        for m in box:
            name, addr = email.utils.parseaddr(decoded(m.get("From")) or "")
            day = None
            raw_date = m.get("Date")
            if raw_date:
                try:
                    day = email.utils.parsedate_to_datetime(str(raw_date)).date().isoformat()
                except Exception:
                    day = None
            message_id = (m.get("Message-ID") or "").strip().strip("<>") or None
            messages.append(
                {
                    "from": addr or None,
                    "date": day,
                    "subject": decoded(m.get("Subject")) or "",
                    "message_id": message_id,
                    "threaded": any(
                        m.get(h) for h in ("References", "In-Reply-To", "X-GM-THRID")
                    ),
                }
            )
        box.close()
    except Exception as e:
        error = f"{type(e).__name__}: {e}".splitlines()[0][:200]
    return {"kind": "mbox", "error": error, "messages": messages}


def kind(path):
    name = path.name.lower()
    if name.endswith(".vcf"):
        return vcard_file
    if name.endswith(".ics"):
        return ics_file
    if name.endswith((".mbox", ".mbx", ".mbox.txt")):
        return mbox_file
    return None


def main():
    files = {}
    for path in sorted(HERE.rglob("*")):
        read = kind(path) if path.is_file() else None
        if read is not None:
            files[str(path.relative_to(HERE))] = read(path)
    out = {
        "readers": {
            name: importlib.metadata.version(name)
            for name in ("vobject", "icalendar", "python-dateutil")
        },
        "horizon": HORIZON.isoformat(),
        "files": files,
    }
    (HERE / "expected.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
