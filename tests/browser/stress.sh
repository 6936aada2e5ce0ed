#!/usr/bin/env bash
# Makes DIR a German OKR repository that stresses the site's layout: four
# cycles (two closed, one active, one in planning), team names and titles of
# long German compounds, a team that never checked in, KPIs, a strategy.
# The browser check builds it as of 2026-11-25 and holds it to the same
# rules as examples/acme (no page wider than a phone, axe, print).
set -euo pipefail
dir="$1"
rm -rf "$dir"
mkdir -p "$dir/okrs"
cat > "$dir/okr.yaml" <<'YAML'
organisation: Nordwind Qualitätssicherungsgesellschaft mbH
vision: Jede Wartungstechnikerin schließt den Auftrag beim ersten Besuch ab, auch im Funkloch.
mission: Wir bauen die Werkzeuge, mit denen Außendienstorganisationen ihren Arbeitstag planen.
strategy:
  - { id: mittelstand, title: Erste Wahl für den Außendienstmittelstand in der DACH-Region, owner: anna, horizon: 2026–2028 }
cycles:
  - { id: 2026-Q2, name: Q2 2026, start: 2026-04-01, end: 2026-06-30, state: closed }
  - { id: 2026-Q3, name: Q3 2026, start: 2026-07-01, end: 2026-09-30, state: closed }
  - { id: 2026-Q4, name: Q4 2026, start: 2026-10-01, end: 2026-12-31, state: active }
  - { id: 2027-Q1, name: Q1 2027, start: 2027-01-01, end: 2027-03-31, state: planning }
teams:
  - { id: nordwind, name: Nordwind, lead: anna }
  - { id: qualitaet, name: Qualitätssicherungsabteilungsleitungsgremium, parent: nordwind, lead: bernd, coach: carla }
  - { id: vertrieb, name: Vertriebsinnendienstkoordinationsstelle, parent: nordwind, lead: carla }
  - { id: leer, name: Kundenzufriedenheitsverbesserungsinitiative, parent: vertrieb, lead: dieter }
people:
  - { id: anna, name: Anna-Katharina Müller-Lüdenscheidt }
  - { id: bernd, name: Bernd Oberwachtmeisterstellvertreter }
  - { id: carla, name: Carla Weißenfels-Hohenzollern }
  - { id: dieter, name: Dieter Nimmermüde }
rules:
  stale-key-result: off
site:
  title: Nordwind OKRs
  locale: de
YAML
# team cycle with-checkins: one file with two objectives of two key results.
team_file() {
  local team="$1" cycle="$2" start="$3" checkins="$4" align="$5"
  mkdir -p "$dir/okrs/$cycle"
  local c1="" c2="" m1=""
  if [ "$checkins" = yes ]; then
    c1="checkins: [{ date: ${start}-10, value: 40, confidence: 0.6, note: Qualitätssicherungsmaßnahmenkatalog überarbeitet und mit allen Außendienstniederlassungen abgestimmt }, { date: ${start}-24, value: 55, confidence: 0.5, blockers: Datenschutzfolgenabschätzung steht aus, next: Abstimmung mit der Betriebsratsvorsitzenden }]"
    c2="checkins: [{ date: ${start}-20, value: 3.2 }]"
    m1="checkins: [{ date: ${start}-15, done: false, note: Ausschreibungsunterlagen in Prüfung }]"
  fi
  cat > "$dir/okrs/$cycle/$team.yaml" <<YAML
cycle: $cycle
team: $team
objectives:
  - id: erstbesuch
    title: Außendiensttechnikerinnen schließen Wartungsaufträge beim Erstbesuch vollständig ab
    owner: bernd
    commitment: committed
    aligned_to: [$align]
    key_results:
      - { id: erstloesungsquote, title: Erstlösungsquote bei Wartungsaufträgen im Außendienstgebiet Nord, owner: bernd, unit: "%", start: 30, target: 80, $c1 }
      - { id: rueckfahrten, title: Durchschnittliche Rückfahrtenanzahl je Instandhaltungsauftrag, owner: carla, start: 4.5, target: 1.5, $c2 }
  - id: ersatzteile
    title: Ersatzteilverfügbarkeitsprognosegenauigkeit verbessern
    owner: carla
    key_results:
      - { id: prognose, title: Ersatzteilbedarfsvorhersagemodell produktiv geschaltet, owner: carla, kind: milestone, $m1 }
      - { id: lagerreichweite, title: Lagerreichweite der Schnelldreherersatzteile, owner: dieter, kind: threshold, at_least: 20, unit: Tage, $c2 }
kpis:
  - { id: reklamationen, title: Reklamationsbearbeitungsdurchlaufzeit in Werktagen, owner: anna, at_most: 5, checkins: [{ date: ${start}-05, value: 6.5 }] }
YAML
  # An empty check-in list is not written.
  sed -i 's/, }/ }/' "$dir/okrs/$cycle/$team.yaml"
}
for spec in "2026-Q2 2026-05" "2026-Q3 2026-08" "2026-Q4 2026-11"; do
  set -- $spec
  mkdir -p "$dir/okrs/$1"
  cat > "$dir/okrs/$1/nordwind.yaml" <<YAML
cycle: $1
team: nordwind
objectives:
  - id: wachstum
    title: Nachhaltiges Wachstum im Außendienstmittelstand ohne Rabattschlachten
    owner: anna
    commitment: committed
    aligned_to: [strategy/mittelstand]
    retro: Die Vertriebsinnendienstkoordinationsstelle hat die Angebotsdurchlaufzeit halbiert.
YAML
  team_file qualitaet "$1" "$2" yes nordwind/wachstum
  team_file vertrieb "$1" "$2" yes nordwind/wachstum
  team_file leer "$1" "$2" no vertrieb/erstbesuch
done
# The planning cycle: the plan, nobody has checked in yet.
mkdir -p "$dir/okrs/2027-Q1"
sed -e 's/cycle: 2026-Q4/cycle: 2027-Q1/' -e 's/, checkins: \[[^]]*\]//g' -e '/^kpis:/,$d' -e '/retro:/d' \
  "$dir/okrs/2026-Q4/qualitaet.yaml" > "$dir/okrs/2027-Q1/qualitaet.yaml"
sed -i 's/aligned_to: \[nordwind\/wachstum\]/aligned_to: [strategy\/mittelstand]/' "$dir/okrs/2027-Q1/qualitaet.yaml"
