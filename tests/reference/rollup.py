#!/usr/bin/env python3
"""An independent implementation of SPEC section 3 (and docs/rollup.md where
the SPEC is silent), written apart from src/rollup/ to check it.

usage: rollup.py ROOT AS_OF   prints the export JSON (SPEC 8) on stdout.
"""
import datetime as dt
import json
import pathlib
import sys

import yaml


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return yaml.safe_load(f)


def day(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def counted(checkins, as_of):
    # Stable sort by date: among equal dates the last in the file ends last.
    return sorted((c for c in checkins or [] if day(c["date"]) <= as_of), key=lambda c: day(c["date"]))


def kr_measure(kr, as_of):
    cs = counted(kr.get("checkins"), as_of)
    latest = cs[-1] if cs else None
    given = [c["confidence"] for c in cs if c.get("confidence") is not None]
    confidence = given[-1] if given else None
    kind = kr.get("kind", "metric")
    if kind == "metric":
        start, target = kr["start"], kr["target"]
        current = latest["value"] if latest else start
        progress = min(1.0, max(0.0, (current - start) / (target - start)))
    elif kind == "milestone":
        current = None
        progress = 1.0 if latest is not None and latest.get("done") is True else 0.0
    else:
        current = latest["value"] if latest else None
        if current is None:
            progress = 0.0
        elif "at_least" in kr:
            progress = 1.0 if current >= kr["at_least"] else 0.0
        else:
            progress = 1.0 if current <= kr["at_most"] else 0.0
    return {"current": None if current is None else float(current), "progress": float(progress),
            "confidence": confidence, "has_checkin": latest is not None}


def expected_of(cycle, as_of):
    start, end = day(cycle["start"]), day(cycle["end"])
    length = (end - start).days
    if length <= 0:
        return 1.0 if (as_of - start).days >= length else 0.0
    return min(1.0, max(0.0, (as_of - start).days / length))


def status_of(state, progress, expected, has_checkin, confidence, th):
    if progress is None or state == "planning" or (not has_checkin and expected == 0):
        return "not-started"
    if progress >= 1:
        return "done"
    ratio = 1.0 if expected == 0 else progress / expected
    if ratio < th["off_track_below"]:
        return "off-track"
    if ratio < th["at_risk_below"] or (confidence is not None and confidence < th["low_confidence"]):
        return "at-risk"
    return "on-track"


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def main(root, as_of):
    root = pathlib.Path(root)
    config = load(root / "okr.yaml")
    th = {"at_risk_below": 0.8, "off_track_below": 0.5, "low_confidence": 0.4}
    th.update(config.get("status") or {})
    files = []
    for folder in config.get("paths", ["okrs"]):
        files += sorted(p for p in (root / folder).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    docs = [load(p) for p in sorted(files, key=lambda p: p.relative_to(root).as_posix())]
    teams = config["teams"]
    parent = {t["id"]: t.get("parent") for t in teams}

    def ancestors(team):
        seen = [team]
        while parent.get(team) and parent[team] not in seen:
            team = parent[team]
            seen.append(team)
        return seen

    def tree_order():
        order = []

        def visit(t):
            order.append(t)
            for child in teams:
                if child.get("parent") == t["id"]:
                    visit(child)
        for t in teams:
            if not t.get("parent"):
                visit(t)
        return order

    out = {"version": 1, "as_of": as_of.isoformat(), "organisation": config["organisation"], "cycles": []}
    for cycle in config["cycles"]:
        expected = expected_of(cycle, as_of)
        state = cycle["state"]
        objectives = [(d["team"], o) for d in docs if d["cycle"] == cycle["id"] for o in d.get("objectives") or []]
        memo = {}

        def measure(team, objective, path=()):
            key = (team, objective["id"])
            if key in memo:
                return memo[key]
            krs = [kr_measure(kr, as_of) for kr in objective.get("key_results") or []]
            if krs:
                weights = [kr.get("weight", 1) for kr in objective["key_results"]]
                progress = sum(w * k["progress"] for w, k in zip(weights, krs)) / sum(weights)
                result = (progress, any(k["has_checkin"] for k in krs))
            else:
                ref = f"{team}/{objective['id']}"
                children = [measure(t, o, path + (key,)) for t, o in objectives
                            if ref in (o.get("aligned_to") or []) and (t, o["id"]) not in path + (key,)]
                result = (mean(c[0] for c in children), any(c[1] for c in children))
            memo[key] = result
            return result

        rolled = []
        for team, objective in objectives:
            progress, has_checkin = measure(team, objective)
            krs = []
            for kr in objective.get("key_results") or []:
                m = kr_measure(kr, as_of)
                krs.append({"id": kr["id"], "owner": kr["owner"], "current": m["current"], "progress": m["progress"],
                            "status": status_of(state, m["progress"], expected, m["has_checkin"], m["confidence"], th),
                            "confidence": m["confidence"]})
            confidences = [k["confidence"] for k in krs if k["confidence"] is not None]
            lowest = min(confidences) if confidences else None
            rolled.append((team, has_checkin, {
                "id": objective["id"], "progress": progress,
                "status": status_of(state, progress, expected, has_checkin, lowest, th),
                "score": progress if state == "closed" else None, "key_results": krs}))

        team_out = []
        for t in tree_order():
            unit = [(h, o) for team, h, o in rolled if t["id"] in ancestors(team)]
            if not unit:
                continue
            own = [o for team, _, o in rolled if team == t["id"]]
            unit_progress = mean(o["progress"] for _, o in unit)
            team_out.append({"id": t["id"], "progress": mean(o["progress"] for o in own), "unit_progress": unit_progress,
                             "status": status_of(state, unit_progress, expected, any(h for h, _ in unit), None, th),
                             "objectives": own})
        out["cycles"].append({"id": cycle["id"], "state": state, "expected": expected,
                              "progress": mean(o["progress"] for _, _, o in rolled), "teams": team_out})
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1], dt.date.fromisoformat(sys.argv[2]))
