#!/usr/bin/env python3
"""An independent implementation of SPEC section 3, version 2 (and
docs/rollup.md where the SPEC is silent), written apart from src/rollup/ to
check it: progress, expected progress per kind, status with its reason, the
7-day delta, scores and the attention list.

usage: rollup.py ROOT AS_OF   prints the export JSON (SPEC 8, version 2).
"""
import datetime as dt
import decimal
import json
import math
import pathlib
import sys

import yaml

TOLERANCE = 1e-9


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return yaml.safe_load(f)


def day(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def fsum(values):
    """Left to right, as the Rust code adds (Python's sum() compensates)."""
    total = 0.0
    for v in values:
        total += v
    return total


def mean(values):
    values = [v for v in values if v is not None]
    return fsum(values) / len(values) if values else None


# Number formats of the reasons (docs/rollup.md, "Reasons").
def plain(v):
    """Rust's `{}` of an f64: the shortest round-trip digits, no exponent."""
    v = float(v)
    if v == 0:
        return "0"
    text = format(decimal.Decimal(repr(v)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def two(v):
    text = f"{v:.2f}"
    if v < 1 and text == "1.00":
        return "0.99"
    return "0.00" if text == "-0.00" else text


def gap_text(v, limit):
    text = two(v)
    return two(limit + 0.01) if float(text) <= limit + TOLERANCE else text


def score_text(v):
    return f"{math.floor(max(v, 0.0) * 100.0 + TOLERANCE) / 100.0:.2f}"


def long_date(d):
    return f"{d.day} {d.strftime('%b')} {d.year}"


def counted(checkins, as_of):
    # Stable sort by date: among equal dates the last in the file ends last.
    return sorted((c for c in checkins or [] if day(c["date"]) <= as_of), key=lambda c: day(c["date"]))


def kr_measure(kr, as_of):
    cs = counted(kr.get("checkins"), as_of)
    latest = cs[-1] if cs else None
    given = [c["confidence"] for c in cs if c.get("confidence") is not None]
    confidence = given[-1] if given else None
    kind = kr.get("kind", "metric")
    value = None
    if kind == "metric":
        start, target = kr["start"], kr["target"]
        current = latest["value"] if latest else start
        progress = min(1.0, max(0.0, (current - start) / (target - start))) + 0.0
    elif kind == "milestone":
        current = None
        progress = 1.0 if latest is not None and latest.get("done") is True else 0.0
    else:
        current = latest["value"] if latest else None
        value = current
        if current is None:
            progress = 0.0
        elif "at_least" in kr:
            progress = 1.0 if current >= kr["at_least"] else 0.0
        else:
            progress = 1.0 if current <= kr["at_most"] else 0.0
    return {"current": None if current is None else float(current), "progress": float(progress),
            "confidence": confidence, "latest": latest, "value": value}


def elapsed_of(cycle, as_of):
    start, end = day(cycle["start"]), day(cycle["end"])
    length = (end - start).days
    if length <= 0:
        return 1.0 if (as_of - start).days >= length else 0.0
    return min(1.0, max(0.0, (as_of - start).days / length))


def judge(state, progress, expected, has_checkin, confidence, aspirational, days, th, kr=None,
          has_threshold=False, measured=None, due=None):
    """(status, reason) per SPEC 3.3; `kr` is the key result's YAML for key results."""
    if state == "planning":
        return "not-started", "the cycle is being planned"
    if state == "closed":
        if progress is None:
            return "no-data", "nothing to measure: no key results and nothing aligned"
        if progress >= 1:
            return "done", "score 1.00: done"
        success = th["aspirational_success"]
        if aspirational and progress + TOLERANCE >= success:
            return "achieved", f"score {score_text(progress)}, at least the {plain(success)} an aspirational goal needs"
        if aspirational:
            return "missed", f"score {score_text(progress)} is below {plain(success)}"
        return "missed", f"committed, and score {score_text(progress)} is below 1.00"
    kind = kr.get("kind", "metric") if kr is not None else None
    is_threshold = kind == "threshold" if kr is not None else has_threshold
    if progress is not None and progress >= 1 and not is_threshold:
        return "done", "progress reached 1.00"
    if progress is None or not has_checkin:
        status = "not-started" if days < th["grace_days"] else "no-data"
        if progress is None:
            return status, "nothing to measure: no key results and nothing aligned"
        if days < th["grace_days"]:
            return "not-started", f"no check-in yet, {max(days, 0)} of {th['grace_days']} grace days passed"
        return "no-data", f"no check-in in the {days} days since the cycle began"
    if expected is None:
        expected = progress
    gap = expected - progress
    if kind == "threshold" and measured["value"] is not None:
        value = measured["value"]
        at_least = "at_least" in kr
        bound = kr["at_least"] if at_least else kr["at_most"]
        holds = value >= bound if at_least else value <= bound
        if not holds:
            word = "is below the minimum of" if at_least else "is above the limit of"
            return "off-track", f"{plain(value)} {word} {plain(bound)}"
    if kind == "milestone" and progress < 1 and days >= 0 and expected >= 1:
        return "off-track", f"due {long_date(due)}, not done"
    def behind(limit):
        return f"behind plan by {gap_text(gap, limit)} (expected {two(expected)}, progress {two(progress)})"
    if gap > th["off_track_gap"] + TOLERANCE:
        return "off-track", behind(th["off_track_gap"])
    if gap > th["at_risk_gap"] + TOLERANCE:
        return "at-risk", behind(th["at_risk_gap"])
    if confidence is not None and confidence < th["low_confidence"]:
        return "at-risk", f"confidence {plain(confidence)} is below {plain(th['low_confidence'])}"
    if kind == "threshold":
        value = measured["value"]
        at_least = "at_least" in kr
        bound = kr["at_least"] if at_least else kr["at_most"]
        word = "holds the minimum of" if at_least else "holds the limit of"
        return "on-track", f"{plain(value)} {word} {plain(bound)}"
    if gap <= TOLERANCE:
        return "on-track", f"on or ahead of plan (expected {two(expected)}, progress {two(progress)})"
    return "on-track", f"close to plan, behind by {two(gap)} (expected {two(expected)}, progress {two(progress)})"


def stale_days(config):
    setting = (config.get("rules") or {}).get("stale-key-result")
    # PyYAML reads YAML 1.1, where a bare `off` is false.
    off = ("off", False)
    if setting in off or (isinstance(setting, dict) and setting.get("severity") in off):
        return None
    if isinstance(setting, dict) and setting.get("days") is not None:
        return setting["days"]
    return 14


def team_tree(teams):
    known = {t["id"] for t in teams}
    children, roots = {}, []
    for i, t in enumerate(teams):
        parent = t.get("parent")
        if parent in known and parent != t["id"]:
            children.setdefault(parent, []).append(i)
        else:
            roots.append(i)
    order, seen = [], set()

    def visit(i, depth):
        if i in seen:
            return
        seen.add(i)
        order.append((teams[i], depth))
        for k in children.get(teams[i]["id"], []):
            visit(k, depth + 1)
    for i in roots + list(range(len(teams))):
        visit(i, 0)
    return order


def cycle_rollup(config, docs, cycle, as_of, th):
    state = cycle["state"]
    start, end = day(cycle["start"]), day(cycle["end"])
    elapsed = elapsed_of(cycle, as_of)
    days = (as_of - start).days
    objectives = [(d["team"], o) for d in docs if d["cycle"] == cycle["id"] for o in d.get("objectives") or []]
    first = {}
    for i, (team, o) in enumerate(objectives):
        first.setdefault((team, o["id"]), i)

    def kr_out(kr, aspirational):
        m = kr_measure(kr, as_of)
        has_checkin = m["latest"] is not None
        kind = kr.get("kind", "metric")
        due = day(kr["due"]) if kr.get("due") is not None else end
        if not has_checkin and state == "active":
            expected = m["progress"]
        elif kind == "metric":
            expected = elapsed
        elif kind == "milestone":
            expected = 0.0 if as_of < due else 1.0
        else:
            expected = 1.0
        status, reason = judge(state, m["progress"], expected, has_checkin, m["confidence"], aspirational, days, th,
                               kr=kr, measured=m, due=due)
        latest = m["latest"]
        return {
            "id": kr["id"], "title": kr["title"], "owner": kr["owner"], "contributors": kr.get("contributors") or [],
            "kind": kind, "unit": kr.get("unit"), "start": kr.get("start"), "target": kr.get("target"),
            "at_least": kr.get("at_least"), "at_most": kr.get("at_most"),
            "due": day(kr["due"]).isoformat() if kr.get("due") is not None else None,
            "weight": kr.get("weight", 1), "current": m["current"], "progress": m["progress"],
            "expected": expected, "delta": None, "status": status, "status_reason": reason,
            "confidence": m["confidence"],
            "last_checkin": None if latest is None else {
                "date": day(latest["date"]).isoformat(), "value": latest.get("value"), "done": latest.get("done"),
                "confidence": latest.get("confidence"), "note": latest.get("note"),
                "blockers": latest.get("blockers"), "next": latest.get("next")},
            "initiatives": [{"title": i["title"], "url": i.get("url"), "state": i.get("state", "planned")}
                            for i in kr.get("initiatives") or []],
            # not exported: what the rollup above needs
            "_has_checkin": has_checkin, "_kind": kind, "_latest_date": None if latest is None else day(latest["date"]),
        }

    krs_of = [[kr_out(kr, o.get("commitment", "aspirational") == "aspirational") for kr in o.get("key_results") or []]
              for _, o in objectives]

    memo = {}

    def measure(i, path=()):
        if i in memo:
            return memo[i]
        team, objective = objectives[i]
        krs = krs_of[i]
        if krs:
            weights = [k["weight"] for k in krs]
            counted_krs = [(w, k) for w, k in zip(weights, krs) if w > 0]
            total = fsum(w for w, _ in counted_krs)
            if counted_krs:
                progress = fsum(w * k["progress"] for w, k in counted_krs) / total
                expected = fsum(w * k["expected"] for w, k in counted_krs) / total
            else:
                progress = expected = None
            result = (progress, expected, any(k["_has_checkin"] for k in krs),
                      any(k["_kind"] == "threshold" for k in krs))
        else:
            ref = f"{team}/{objective['id']}"
            children = []
            for j, (t, o) in enumerate(objectives):
                if j == i or j in path or ref not in (o.get("aligned_to") or []):
                    continue
                children.append(measure(j, path + (i,)))
            measured = [c for c in children if c[0] is not None]
            result = (mean(c[0] for c in measured), mean(c[1] for c in measured),
                      any(c[2] for c in children), any(c[3] for c in children))
        memo[i] = result
        return result

    rolled = []
    for i, (team, objective) in enumerate(objectives):
        progress, expected, has_checkin, has_threshold = measure(i)
        krs = krs_of[i]
        confidences = [k["confidence"] for k in krs if k["confidence"] is not None]
        lowest = min(confidences) if confidences else None
        commitment = objective.get("commitment", "aspirational")
        status, reason = judge(state, progress, expected, has_checkin, lowest, commitment == "aspirational", days, th,
                               has_threshold=has_threshold)
        rolled.append({"team": team, "_has_checkin": has_checkin, "_has_threshold": has_threshold, "out": {
            "id": objective["id"], "title": objective["title"], "owner": objective["owner"],
            "commitment": commitment, "aligned_to": objective.get("aligned_to") or [],
            "progress": progress, "expected": expected, "delta": None, "status": status, "status_reason": reason,
            "score": progress if state == "closed" else None, "retro": objective.get("retro"), "key_results": krs}})

    def kpi_out(kpi):
        cs = counted(kpi.get("checkins"), as_of)
        latest = cs[-1] if cs else None
        current = latest["value"] if latest else None
        holds = None
        if current is not None and kpi.get("at_least") is not None:
            holds = current >= kpi["at_least"]
        elif current is not None and kpi.get("at_most") is not None:
            holds = current <= kpi["at_most"]
        return {"id": kpi["id"], "title": kpi["title"], "owner": kpi["owner"], "unit": kpi.get("unit"),
                "at_least": kpi.get("at_least"), "at_most": kpi.get("at_most"), "current": current, "holds": holds,
                "last_checkin": None if latest is None else {"date": day(latest["date"]).isoformat(),
                                                             "value": latest["value"]}}

    teams = config["teams"]
    parent = {t["id"]: t.get("parent") for t in teams}

    def ancestors(team):
        seen = [team]
        while parent.get(team) and parent[team] in parent and parent[team] not in seen:
            team = parent[team]
            seen.append(team)
        return seen

    tree = team_tree(teams)
    order = {t["id"]: i for i, (t, _) in enumerate(tree)}
    kpi_docs = sorted((d for d in docs if d["cycle"] == cycle["id"] and d.get("kpis")),
                      key=lambda d: (order.get(d["team"], len(order)), d["_path"]))
    kpis = [(d["team"], kpi_out(k)) for d in kpi_docs for k in d["kpis"]]

    def judge_set(members):
        measured = [r for r in members if r["out"]["progress"] is not None]
        progress = mean(r["out"]["progress"] for r in measured)
        expected = mean(r["out"]["expected"] for r in measured)
        has_checkin = any(r["_has_checkin"] for r in members)
        has_threshold = any(r["_has_threshold"] for r in members)
        status, reason = judge(state, progress, expected, has_checkin, None, True, days, th,
                               has_threshold=has_threshold)
        return progress, expected, status, reason

    team_out = []
    everything = []
    for t, _ in tree:
        unit = [r for r in rolled if t["id"] in ancestors(r["team"])]
        own = [r for r in rolled if r["team"] == t["id"]]
        team_kpis = [k for team, k in kpis if team == t["id"]]
        if not unit and not team_kpis:
            continue
        everything += own
        unit_progress, expected, status, reason = judge_set(unit)
        team_out.append({"id": t["id"], "name": t["name"], "parent": t.get("parent"), "lead": t.get("lead"),
                         "coach": t.get("coach"), "progress": mean(r["out"]["progress"] for r in own),
                         "unit_progress": unit_progress, "expected": expected, "delta": None, "status": status,
                         "status_reason": reason, "objectives": [r["out"] for r in own], "kpis": team_kpis})
    progress, expected, status, reason = judge_set(everything)
    out = {"id": cycle["id"], "state": state, "start": start.isoformat(), "end": end.isoformat(),
           "elapsed": elapsed, "expected": expected, "progress": progress, "delta": None, "status": status,
           "status_reason": reason, "attention": [], "teams": team_out}
    if state == "active":
        out["attention"] = attention(out, config, th, as_of, start, end)
    return out


def attention(cycle, config, th, as_of, start, end):
    items, seen = [], set()

    def push(reason, team, objective=None, key_result=None, kpi=None):
        key = (team, objective, key_result, kpi)
        if key not in seen:
            seen.add(key)
            items.append({"reason": reason, "team": team, "objective": objective, "key_result": key_result,
                          "kpi": kpi})
    objectives = [(t["id"], o) for t in cycle["teams"] for o in t["objectives"]]
    for team, o in objectives:
        if o["commitment"] == "committed" and o["status"] in ("at-risk", "off-track", "no-data"):
            push("committed-not-on-track", team, o["id"])
    for team, o in objectives:
        if o["status"] == "off-track":
            push("off-track", team, o["id"])
    krs = [(team, o, k) for team, o in objectives for k in o["key_results"]]
    for team, o, k in krs:
        if k["confidence"] is not None and k["confidence"] < th["low_confidence"]:
            push("low-confidence", team, o["id"], k["id"])
    limit = stale_days(config)
    for team, o, k in krs:
        done = k["progress"] >= 1 and k["kind"] != "threshold"
        last = k["_latest_date"]
        stale = False
        if limit is not None and as_of >= start and not done and last is not None:
            stale = (min(as_of, end) - last).days > limit
        if stale:
            push("stale", team, o["id"], k["id"])
        elif last is None and k["status"] == "no-data":
            push("no-data", team, o["id"], k["id"])
    for t in cycle["teams"]:
        for kpi in t["kpis"]:
            if kpi["holds"] is False:
                push("kpi-breached", t["id"], kpi=kpi["id"])
    return items


def delta(now, before):
    return None if now is None or before is None else now - before


def with_deltas(now, before):
    now["delta"] = delta(now["progress"], before["progress"])
    for team, old in zip(now["teams"], before["teams"]):
        team["delta"] = delta(team["unit_progress"], old["unit_progress"])
        for o, old_o in zip(team["objectives"], old["objectives"]):
            o["delta"] = delta(o["progress"], old_o["progress"])
            for k, old_k in zip(o["key_results"], old_o["key_results"]):
                k["delta"] = k["progress"] - old_k["progress"]


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def reaches(objectives, key, target, path=()):
    """Whether objective `key` of a cycle names `strategy/target`, directly or
    through the objectives it aligns to (walking up, never round a loop)."""
    refs = objectives.get(key, {}).get("aligned_to") or []
    if "strategy/" + target in refs:
        return True
    return any(reaches(objectives, tuple(r.split("/", 1)), target, path + (key,))
               for r in refs if "/" in r and tuple(r.split("/", 1)) not in path + (key,))


def strategy_out(config, cycles):
    out = []
    for s in config.get("strategy") or []:
        rows = []
        for cycle in cycles:
            listed = [(t["id"], o) for t in cycle["teams"] for o in t["objectives"]]
            by_key = {}
            for team, o in listed:
                by_key.setdefault((team, o["id"]), o)
            members = []
            for team, o in listed:
                if by_key.get((team, o["id"])) is not o:
                    continue
                if reaches(by_key, (team, o["id"]), s["id"]):
                    members.append((team, o, "strategy/" + s["id"] in o["aligned_to"]))
            if not members:
                continue
            counted = [o for _, o, _ in members if o["progress"] is not None]
            rows.append({"id": cycle["id"], "progress": mean([o["progress"] for o in counted]),
                         "expected": mean([o["expected"] for o in counted if o["expected"] is not None]),
                         "objectives": [{"team": t, "objective": o["id"], "direct": d} for t, o, d in members]})
        out.append({"id": s["id"], "title": s["title"], "owner": s.get("owner"), "horizon": s.get("horizon"),
                    "cycles": rows})
    return out


def main(root, as_of):
    root = pathlib.Path(root)
    config = load(root / "okr.yaml")
    th = {"at_risk_gap": 0.15, "off_track_gap": 0.30, "low_confidence": 0.4, "grace_days": 14,
          "aspirational_success": 0.7}
    th.update(config.get("status") or {})
    files = []
    for folder in config.get("paths", ["okrs"]):
        files += sorted(p for p in (root / folder).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    docs = []
    for p in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        doc = load(p)
        doc["_path"] = p.relative_to(root).as_posix()
        docs.append(doc)
    out = {"version": 2, "as_of": as_of.isoformat(), "organisation": config["organisation"],
           "vision": config.get("vision"), "mission": config.get("mission"), "cycles": []}
    week_ago = as_of - dt.timedelta(days=7)
    for cycle in config["cycles"]:
        now = cycle_rollup(config, docs, cycle, as_of, th)
        with_deltas(now, cycle_rollup(config, docs, cycle, week_ago, th))
        out["cycles"].append(strip(now))
    out["strategy"] = strategy_out(config, out["cycles"])
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1], dt.date.fromisoformat(sys.argv[2]))
