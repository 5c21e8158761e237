#!/usr/bin/env python3
"""Writes the request paths a benchmark replays: searches of every kind, and reads of real listings.

Usage: paths.py BASE_URL OUT_DIR
Writes OUT_DIR/search.txt (searches only) and OUT_DIR/mixed.txt (the mixed read load).
The mix, per 100 requests: 40 searches, 30 listing reads, 15 legacy project reads,
10 similar-listing lookups, 5 legacy list pages of 50 (after a random project).
"""
import json
import random
import sys
import urllib.request

base, out = sys.argv[1].rstrip("/"), sys.argv[2]
rng = random.Random(20261126)

def get(path):
    with urllib.request.urlopen(base + path) as response:
        return json.load(response)

ids, numbers = [], []
offset = 0
while len(ids) < 3000:
    page = get(f"/v1/listings?limit=100&offset={offset}")
    ids += [listing["id"] for listing in page["listings"]]
    numbers += [listing["number"] for listing in page["listings"]]
    if page["next_offset"] is None:
        break
    offset = page["next_offset"]

# Words from the seed's vocabulary, from the commonest to the rare tail, and tags.
common = ["residents", "service", "data", "housing", "team", "system", "online", "staff"]
middle = ["repairs", "tenants", "recycling", "parking", "backlog", "retrofit", "safeguarding", "potholes"]
rare = [f"term{rng.randrange(2000, 19000)}" for _ in range(40)]
tags = ["housing", "waste", "social-care", "digital", "planning", "libraries", "ai", "flooding", "cemeteries"]
phases = ["concept", "discovery", "alpha", "beta", "live", "retired"]
nations = ["england", "wales", "scotland", "northern_ireland"]
regions = ["London", "South%20East", "North%20West", "Yorkshire%20and%20The%20Humber"]

def search():
    kind = rng.randrange(8)
    if kind == 0:
        return f"/v1/listings?q={rng.choice(common)}"
    if kind == 1:
        return f"/v1/listings?q={rng.choice(middle)}"
    if kind == 2:
        return f"/v1/listings?q={rng.choice(rare)}"
    if kind == 3:
        return f"/v1/listings?q={rng.choice(common)}+{rng.choice(middle)}"
    if kind == 4:
        return f"/v1/listings?tags={rng.choice(tags)}"
    if kind == 5:
        return f"/v1/listings?tags={rng.choice(tags)}&phase={rng.choice(phases)}&nation={rng.choice(nations)}"
    if kind == 6:
        return f"/v1/listings?region={rng.choice(regions)}&looking_for_partners=true"
    return f"/v1/listings?q={rng.choice(middle)}&tags={rng.choice(tags)}&offset=20"

searches = [search() for _ in range(4000)]
mixed = []
for _ in range(4000):
    roll = rng.randrange(100)
    if roll < 40:
        mixed.append(search())
    elif roll < 70:
        mixed.append(f"/v1/listings/{rng.choice(ids)}")
    elif roll < 85:
        mixed.append(f"/api/project/{rng.choice(numbers)}")
    elif roll < 95:
        mixed.append(f"/v1/listings/{rng.choice(ids)}/similar")
    else:
        mixed.append(f"/api/project?limit=50&after={rng.choice(numbers)}")

for name, paths in (("search", searches), ("mixed", mixed)):
    with open(f"{out}/{name}.txt", "w") as f:
        f.write("\n".join(paths) + "\n")
print(f"{len(ids)} listings sampled; wrote {out}/search.txt and {out}/mixed.txt", file=sys.stderr)
