#!/usr/bin/env python3
"""Quick well-formedness check of data/*.tsv while editing (the Rust tests are the authority).

  scripts/check_data.py [FILE...]   (default: every data file)
"""
import glob, os, re, sys
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
SECTORS = set("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split())
SPECIAL = {"UNO", "EUR", "IGO", "NGO", "ISM", "IMG", "MNC"}
HEADERS = {
    "countries.tsv": ["iso3", "iso2", "code", "name", "aliases", "demonyms", "capitals"],
    "places.tsv": ["name", "code", "sector", "kind"],
    "outlets.tsv": ["name", "aliases", "country", "kind", "state"],
    "offices.tsv": ["office", "country", "sector", "titles", "single"],
    "agents.tsv": ["noun", "sector", "note"],
    "sectors.tsv": ["code", "name", "description"],
}
ORG_HEADER = ["id", "code", "sector", "name", "aliases", "home", "kind"]
PEOPLE_HEADER = ["name", "aliases", "country", "office", "sector", "start", "end", "flags"]
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
errors = []


def rows(path):
    header = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                yield n, None, header
                continue
            if len(cols) != len(header):
                errors.append(f"{path}:{n}: {len(cols)} fields, header has {len(header)}")
                continue
            yield n, dict(zip(header, cols)), header


def load(path):
    out = []
    for n, row, header in rows(path):
        if row is None:
            want = HEADERS.get(os.path.basename(path))
            if "/orgs/" in path: want = ORG_HEADER
            if "/people/" in path: want = PEOPLE_HEADER
            if want and header != want:
                errors.append(f"{path}: header {header} should be {want}")
            continue
        for k, v in row.items():
            if v != v.strip() or "| " in v or " |" in v:
                errors.append(f"{path}:{n}: stray spaces in {k}={v!r}")
        out.append((n, row))
    return out


def main(files):
    codes = set(SPECIAL)
    cpath = os.path.join(ROOT, "countries.tsv")
    if os.path.exists(cpath):
        seen = set()
        for n, r in load(cpath):
            if r["iso3"] in seen: errors.append(f"countries.tsv:{n}: duplicate {r['iso3']}")
            seen.add(r["iso3"]); codes.add(r["iso3"])
    org_ids = {}
    for p in glob.glob(os.path.join(ROOT, "orgs", "*.tsv")):
        for n, r in load(p):
            if r["id"] in org_ids: errors.append(f"{p}:{n}: duplicate org id {r['id']} (also {org_ids[r['id']]})")
            org_ids[r["id"]] = p
    targets = files or sorted(glob.glob(os.path.join(ROOT, "**", "*.tsv"), recursive=True))
    terms = defaultdict(list)
    for p in targets:
        base = os.path.basename(p)
        for n, r in load(p):
            where = f"{p}:{n}"
            for k in (("country", "home") if base in ("sectors.tsv",) or "/ontology/" in p or "/lexicon/" in p else ("code", "country", "home")):
                v = r.get(k)
                # people and offices may name an organisation id instead of a country (as the loader allows)
                if v and v != "*" and v not in codes and not (("/people/" in p or base == "offices.tsv") and v in org_ids):
                    errors.append(f"{where}: unknown code {k}={v}")
            for s in (r.get("sector") or "").split("|"):
                if s and s not in SECTORS: errors.append(f"{where}: unknown sector {s}")
            if "/people/" in p:
                for k in ("start", "end"):
                    if r[k] and not DATE.match(r[k]): errors.append(f"{where}: bad date {k}={r[k]}")
                if not r["start"]: errors.append(f"{where}: missing start")
                if r["start"] and r["end"] and r["end"] < r["start"]: errors.append(f"{where}: end before start")
                terms[(r["country"], r["office"])].append((r["start"], r["end"] or "9999", r["name"], where, r["flags"]))
    for key, ts in terms.items():
        ts.sort()
        for a, b in zip(ts, ts[1:]):
            if b[0] < a[1] and a[2] != b[2] and "acting" not in a[4] + b[4] and key[1] in {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "monarch", "supreme_leader", "secretary_general"}:
                # a handover on the same day is fine (end == next start)
                errors.append(f"overlap {key}: {a[2]} {a[0]}..{a[1]} and {b[2]} {b[0]}..{b[1]} ({b[3]})")
    for e in errors[:200]:
        print(e)
    print(f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
