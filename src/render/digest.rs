//! `okr digest`: the weekly meeting's page as GitHub-flavoured Markdown (an
//! issue, a discussion, a chat message), plain text, or JSON. Every number
//! comes from [`crate::rollup::digest`]; text from the files is inert.

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::config::{Config, Locale};
use crate::render::i18n::{self, Strings};
use crate::rollup::digest::{Digest, Movement, NewCheckin, Owed};
use crate::words::count;

/// The hidden first line of the Markdown digest, with the cycle: a workflow
/// finds the week's issue by it.
pub const MARKER: &str = "<!-- okr digest -->";

struct Style<'a> {
    markdown: bool,
    locale: Locale,
    t: &'a Strings,
}

impl Style<'_> {
    fn text(&self, text: &str) -> String {
        if self.markdown {
            crate::inert::markdown_text(text)
        } else {
            crate::inert::escape_control(text).replace(['\n', '\r'], " ")
        }
    }

    fn code(&self, text: &str) -> String {
        if self.markdown {
            crate::inert::markdown_code(text)
        } else {
            text.to_owned()
        }
    }

    fn strong(&self, text: &str) -> String {
        if self.markdown {
            format!("**{}**", self.text(text))
        } else {
            self.text(text)
        }
    }

    fn heading(&self, out: &mut String, text: &str) {
        if self.markdown {
            let _ = writeln!(out, "\n### {text}\n");
        } else {
            let _ = writeln!(out, "\n{text}\n{}", "-".repeat(text.chars().count()));
        }
    }

    /// A person: their `github` handle as a mention in Markdown (on
    /// purpose: they owe a check-in), else their name.
    fn person(&self, name: &str, github: Option<&str>) -> String {
        match github {
            Some(handle) if self.markdown => format!("@{handle} ({})", self.text(name)),
            Some(handle) => format!("{} (@{handle})", self.text(name)),
            None => self.text(name),
        }
    }

    fn percent(&self, share: Option<f64>) -> String {
        share.map_or_else(|| "–".to_owned(), |s| i18n::percent(s, self.locale))
    }
}

/// The digest as Markdown (`markdown: true`) or plain text.
pub fn render(digest: &Digest, config: &Config, markdown: bool) -> String {
    let locale = config.site.locale;
    let style = Style { markdown, locale, t: i18n::strings(locale) };
    let t = style.t;
    let mut out = String::new();
    let window = format!(
        "{} – {}",
        i18n::date(digest.since.succ_opt().unwrap_or(digest.since), locale),
        i18n::date(digest.as_of, locale)
    );
    if markdown {
        let _ =
            writeln!(out, "{MARKER}\n## {}: {}, {window}\n", t.digest_title, style.text(&digest.cycle_name));
    } else {
        let _ = writeln!(out, "{}: {}, {window}", t.digest_title, style.text(&digest.cycle_name));
    }
    let summary = summary(digest, locale, t);
    let _ = writeln!(out, "{}", if markdown { format!("**{summary}**") } else { summary });
    checkins(&mut out, &style, &digest.checkins);
    movements(&mut out, &style, &digest.movements);
    if !digest.goalposts.is_empty() {
        style.heading(&mut out, t.digest_goalposts);
        for g in &digest.goalposts {
            let when = t
                .digest_in_commit
                .replace("{commit}", &style.code(&g.commit))
                .replace("{date}", &i18n::date(g.date, locale));
            let _ = writeln!(
                out,
                "- {}: {} {} → {} {when}",
                style.code(&g.key_result),
                g.field,
                style.text(&g.before),
                style.text(&g.after)
            );
        }
    }
    style.heading(&mut out, t.attention);
    if digest.attention.is_empty() {
        let _ = writeln!(out, "{}", t.digest_nothing_needs_attention);
    }
    for a in &digest.attention {
        let _ = writeln!(
            out,
            "- {} {}: {} ({}, {}) — {}",
            crate::render::status_icon(a.status),
            i18n::attention(a.reason, locale),
            style.strong(&a.title),
            style.code(&a.address),
            style.text(&a.owner),
            i18n::reason(&a.why, locale)
        );
    }
    initiatives(&mut out, &style, digest);
    owed(&mut out, &style, &digest.owed);
    if markdown {
        out
    } else {
        crate::inert::escape_control_lines(&out).into_owned()
    }
}

/// "2 check-ins · 17 movements · …", in the locale.
fn summary(digest: &Digest, locale: Locale, t: &Strings) -> String {
    let words: [(&str, &str); 5] = match locale {
        Locale::En => [
            ("check-in", "check-ins"),
            ("movement", "movements"),
            ("goalpost moved", "goalposts moved"),
            ("item needing attention", "items needing attention"),
            ("person owing a check-in", "people owing a check-in"),
        ],
        Locale::De => [
            ("Check-in", "Check-ins"),
            ("Bewegung", "Bewegungen"),
            ("verschobene Ziellinie", "verschobene Ziellinien"),
            ("Punkt braucht Aufmerksamkeit", "Punkte brauchen Aufmerksamkeit"),
            ("Person schuldet einen Check-in", "Personen schulden einen Check-in"),
        ],
    };
    let moved = digest.movements.iter().filter(|m| m.moved).count();
    let counts =
        [digest.checkins.len(), moved, digest.goalposts.len(), digest.attention.len(), digest.owed.len()];
    let mut summary = t.digest_summary.to_owned();
    for (key, (n, (one, many))) in
        ["{checkins}", "{moved}", "{goalposts}", "{attention}", "{owed}"].iter().zip(counts.iter().zip(words))
    {
        summary = summary.replace(key, &count(*n, one, many));
    }
    summary
}

fn initiatives(out: &mut String, style: &Style<'_>, digest: &Digest) {
    let (t, markdown) = (style.t, style.markdown);
    if !digest.initiatives.is_empty() {
        style.heading(out, t.digest_initiatives);
        for i in &digest.initiatives {
            // A link only where the schema allowed it (`http(s)://`).
            let title =
                match i.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
                    Some(url) if markdown => {
                        format!("[{}](<{}>)", style.text(&i.title), url.replace(['<', '>', ' '], ""))
                    }
                    Some(url) => format!("{} <{url}>", style.text(&i.title)),
                    None => style.text(&i.title),
                };
            let _ = writeln!(
                out,
                "- {title} → {} ({})",
                style.strong(&i.key_result_title),
                style.code(&i.key_result)
            );
        }
    }
}

fn checkins(out: &mut String, style: &Style<'_>, checkins: &[NewCheckin]) {
    let t = style.t;
    style.heading(out, t.digest_checkins);
    if checkins.is_empty() {
        let _ = writeln!(out, "{}", t.digest_no_checkins);
    }
    for c in checkins {
        let value = match (c.value, c.done) {
            (Some(v), _) => match c.unit.as_deref() {
                Some("%") => format!("{} %", i18n::number(v, style.locale)),
                Some(unit) => format!("{} {}", i18n::number(v, style.locale), style.text(unit)),
                None => i18n::number(v, style.locale),
            },
            (None, Some(true)) => t.done.to_owned(),
            (None, _) => t.not_done.to_owned(),
        };
        let confidence = c
            .confidence
            .map(|v| format!(" · {} {}", t.confidence, i18n::decimal1(v, style.locale)))
            .unwrap_or_default();
        let address = format!("{}/{}/{}", c.team, c.objective, c.key_result);
        let note = c.note.as_deref().map(|n| format!(" — {}", style.text(n))).unwrap_or_default();
        let _ = writeln!(
            out,
            "- {} ({}), {}: {value}{confidence}{note}",
            style.strong(&c.title),
            style.code(&address),
            i18n::date(c.date, style.locale)
        );
        for (label, text) in [(t.blockers, &c.blockers), (t.next_step, &c.next)] {
            if let Some(text) = text {
                let _ = writeln!(out, "  - {label}: {}", style.text(text));
            }
        }
    }
}

fn movements(out: &mut String, style: &Style<'_>, movements: &[Movement]) {
    let t = style.t;
    style.heading(out, t.digest_moved);
    if movements.is_empty() {
        let _ = writeln!(out, "{}", t.digest_nothing_moved);
        return;
    }
    let status = |s| format!("{} {}", crate::render::status_icon(s), i18n::status(s, style.locale));
    if style.markdown {
        let _ = writeln!(
            out,
            "| | {} | {} | {} |\n|---|---:|---:|---:|",
            t.digest_before, t.digest_after, t.change
        );
    }
    for m in movements {
        let indent = match m.level {
            crate::rollup::digest::Level::Team => 0,
            crate::rollup::digest::Level::Objective => 1,
            crate::rollup::digest::Level::KeyResult => 2,
        };
        let change = m.change.map_or_else(|| "–".to_owned(), |c| i18n::delta(c, style.locale));
        let before = format!("{} {}", style.percent(m.before), status(m.status_before));
        let after = format!("{} {}", style.percent(m.after), status(m.status_after));
        if style.markdown {
            let name = match indent {
                0 => style.strong(&m.title),
                1 => format!("↳ {}", style.text(&m.title)),
                _ => format!("&emsp;↳ {}", style.text(&m.title)),
            };
            let _ = writeln!(out, "| {name} | {before} | {after} | {change} |");
        } else {
            let _ = writeln!(
                out,
                "{}{}: {before} → {after} ({change})",
                "  ".repeat(indent),
                style.text(&m.title)
            );
        }
    }
}

fn owed(out: &mut String, style: &Style<'_>, owed: &[Owed]) {
    let t = style.t;
    style.heading(out, t.digest_owed);
    if owed.is_empty() {
        let _ = writeln!(out, "{}", t.digest_none_owed);
    }
    for o in owed {
        let _ = writeln!(out, "- {}", style.person(&o.name, o.github.as_deref()));
        for kr in &o.key_results {
            let idle = match kr.last {
                Some(last) => t
                    .digest_idle
                    .replace("{days}", &kr.idle.to_string())
                    .replace("{date}", &i18n::date(last, style.locale)),
                None => t.digest_never.replace("{days}", &kr.idle.to_string()),
            };
            let _ = writeln!(out, "  - {} ({}): {idle}", style.strong(&kr.title), style.code(&kr.address));
        }
        if !o.escalate_to.is_empty() {
            let named: Vec<String> = o
                .escalate_to
                .iter()
                .map(|e| {
                    let role = if e.role == "lead" { t.digest_lead_of } else { t.digest_coach_of };
                    format!(
                        "{}, {}",
                        style.person(&e.name, e.github.as_deref()),
                        role.replace("{team}", &style.text(&e.team))
                    )
                })
                .collect();
            let _ = writeln!(out, "  - {}: {}", t.digest_escalated, named.join("; "));
        }
    }
}

/// The digest as one JSON object (docs/formats.md), version 1.
pub fn render_json(digest: &Digest) -> String {
    let checkins: Vec<Value> = digest
        .checkins
        .iter()
        .map(|c| {
            json!({
                "team": c.team, "objective": c.objective, "key_result": c.key_result, "title": c.title,
                "owner": c.owner, "date": c.date.to_string(), "value": c.value, "done": c.done, "unit": c.unit,
                "confidence": c.confidence, "note": c.note, "blockers": c.blockers, "next": c.next,
            })
        })
        .collect();
    let movements: Vec<Value> = digest
        .movements
        .iter()
        .map(|m| {
            json!({
                "level": m.level.as_str(), "address": m.address, "title": m.title, "before": m.before,
                "after": m.after, "change": m.change, "status_before": m.status_before.as_str(),
                "status_after": m.status_after.as_str(), "moved": m.moved,
            })
        })
        .collect();
    let goalposts: Vec<Value> = digest
        .goalposts
        .iter()
        .map(|g| {
            json!({ "commit": g.commit, "date": g.date.to_string(), "key_result": g.key_result,
                    "field": g.field, "before": g.before, "after": g.after })
        })
        .collect();
    let attention: Vec<Value> = digest
        .attention
        .iter()
        .map(|a| {
            json!({ "reason": a.reason.as_str(), "address": a.address, "title": a.title, "owner": a.owner,
                    "status": a.status.as_str(), "status_reason": a.why.to_string() })
        })
        .collect();
    let initiatives: Vec<Value> = digest
        .initiatives
        .iter()
        .map(|i| json!({ "key_result": i.key_result, "key_result_title": i.key_result_title, "title": i.title, "url": i.url }))
        .collect();
    let owed: Vec<Value> = digest
        .owed
        .iter()
        .map(|o| {
            let key_results: Vec<Value> = o
                .key_results
                .iter()
                .map(|k| json!({ "address": k.address, "title": k.title, "idle_days": k.idle,
                                 "last_checkin": k.last.map(|d| d.to_string()), "escalated": k.escalated }))
                .collect();
            let escalate_to: Vec<Value> = o
                .escalate_to
                .iter()
                .map(|e| json!({ "person": e.person, "name": e.name, "github": e.github, "role": e.role, "team": e.team }))
                .collect();
            json!({ "person": o.person, "name": o.name, "github": o.github, "key_results": key_results,
                    "escalate_to": escalate_to })
        })
        .collect();
    let document = json!({
        "version": 1,
        "cycle": digest.cycle,
        "as_of": digest.as_of.to_string(),
        "since": digest.since.to_string(),
        "days": digest.days,
        "checkins": checkins,
        "movements": movements,
        "goalposts": goalposts,
        "attention": attention,
        "initiatives": initiatives,
        "owed": owed,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
