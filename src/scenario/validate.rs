//! Semantic checks across files and the conversion of raw files into the rules' content.
//! Every problem is collected, with its place and a hint; a scenario with errors in it or in
//! its event packs is left out, and everything else still loads.

use super::diagnostics::{Diags, FileId, hint_for};
use super::load::{Pack, Parsed};
use super::mods::{LoadSpec, ModReport};
use super::raw::{
    CodexKind, ConditionRaw, EffectRaw, EventRaw, ObjectiveKindRaw, ScenarioFile, SelectorRaw, Sp, StatusRaw,
};
use super::ron_reader::Span;
use crate::sim::command::Command;
use crate::sim::content::{
    AdversaryDef, AllianceStart, ChoiceDef, Condition, Content, CountryDef, CountryIdx, CountryStatus, DifficultyDef,
    Effect, EventDef, FlagId, Objection, ObjectiveDef, ObjectiveKind, PartnerDef, PlanStep, ScenarioDef, Selector,
    ThreatDef,
};
use crate::sim::date::GameDate;
use crate::sim::ids::{AllianceMeter, Iso, MemberStat, Region, Trait};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The themes of the source text an event can be tagged with.
pub const THEMES: &[(&str, &str)] = &[
    ("founding", "The founding of the alliance and its reasons"),
    ("collective_defence", "Collective defence and deterrence"),
    ("article5", "The single invocation of Article 5 and what followed"),
    ("enlargement", "Expansion after the Cold War"),
    ("terrorism", "Terrorism"),
    ("cyber", "Cyber threats"),
    ("climate_pandemic", "Climate change and pandemics"),
    ("nordic", "The Nordic accession and what it adds"),
    ("ukraine", "The war in Ukraine and its consequences"),
    ("diplomacy", "Diplomacy and dialogue"),
    ("partnerships", "Partnerships with the EU, the UN and non-members"),
    ("economic_ties", "Economic ties"),
    ("humanitarian", "Humanitarian work"),
    ("technology", "Technology and artificial intelligence"),
    ("unity", "The challenge of unity"),
    ("burden_sharing", "Who pays for defence"),
];

/// A country of the member database.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CountryInfo {
    pub iso: Iso,
    pub name: String,
    pub iso_num: Option<u16>,
    pub accession: Option<GameDate>,
    pub region: Region,
    pub traits: Vec<Trait>,
    pub gdp_2024_bn: Option<f64>,
    pub population_2024_m: Option<f64>,
    pub spending_2024_pct: Option<f64>,
    pub summary: String,
    pub source: String,
    /// Defence spending over the years, oldest first (empty when the database gives none).
    pub spending_history: Vec<SpendingPoint>,
}

/// One point of a country's spending history.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SpendingPoint {
    pub year: u16,
    /// Defence spending, % of GDP.
    pub pct: f64,
    /// Which series the figure comes from (SIPRI and NATO figures are not comparable).
    pub source: String,
}

/// The years a spending history may cover.
pub const HISTORY_YEARS: (u16, u16) = (1949, 2035);

/// A codex entry.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CodexEntry {
    pub id: String,
    pub kind: CodexKind,
    pub title: String,
    pub body: String,
    pub citation: String,
    pub see_also: Vec<String>,
    pub country: Option<Iso>,
}

/// An event as listed by `list --events`.
#[derive(Clone, Debug, serde::Serialize)]
pub struct EventSummary {
    pub id: String,
    pub pack: String,
    pub title: String,
    pub when: Option<(GameDate, GameDate)>,
    pub codex: Vec<String>,
    pub themes: Vec<String>,
    pub scenarios: Vec<String>,
    pub note: String,
    pub source: String,
}

/// Everything that loaded: the database, the codex, the playable scenarios, and the problems.
#[derive(Debug, Default)]
pub struct Catalog {
    pub countries: Vec<CountryInfo>,
    pub codex: Vec<CodexEntry>,
    pub scenarios: Vec<Arc<Content>>,
    pub events: Vec<EventSummary>,
    pub diags: Diags,
    /// Every mod found, in load order, with its status and its problems (for the mods screen).
    pub mods: Vec<ModReport>,
    /// Every file and folder that was read, for `mods::watched_files`.
    pub read: Vec<PathBuf>,
    /// What was asked for, so that `mods::reload` can read the same set again.
    pub spec: LoadSpec,
}

impl Catalog {
    pub fn scenario(&self, id: &str) -> Option<&Arc<Content>> {
        self.scenarios.iter().find(|s| s.scenario.id == id)
    }

    pub fn country(&self, iso: Iso) -> Option<&CountryInfo> {
        self.countries.iter().find(|c| c.iso == iso)
    }

    pub fn codex_entry(&self, id: &str) -> Option<&CodexEntry> {
        self.codex.iter().find(|e| e.id == id)
    }
}

struct Checker<'a> {
    d: &'a mut Diags,
    file: FileId,
}

impl Checker<'_> {
    fn date(&mut self, text: &Sp<String>) -> Option<GameDate> {
        match GameDate::parse(&text.value) {
            Ok(d) => Some(d),
            Err(message) => {
                self.d.error(
                    self.file,
                    text.span,
                    message,
                    Some("dates look like \"1949-04\" or \"1949-04-04\"".into()),
                );
                None
            }
        }
    }

    fn number(&mut self, value: &Sp<f64>, lo: f64, hi: f64, what: &str) -> f64 {
        let v = value.value;
        if !v.is_finite() || v < lo || v > hi {
            let hint = Some(format!("expected a number between {lo} and {hi}"));
            let message = if v < 0.0 && lo >= 0.0 && what.contains("spending") {
                format!("negative {what} ({v})")
            } else {
                format!("{what} {v} is out of range")
            };
            self.d.error(self.file, value.span, message, hint);
            return v.clamp(lo, hi);
        }
        v
    }

    fn error(&mut self, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.d.error(self.file, span, message, hint);
    }

    fn warning(&mut self, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.d.warning(self.file, span, message, hint);
    }
}

/// Checks a country's spending history: years in range and strictly increasing, shares of GDP in
/// range, a source for every point. Points with a problem are reported and left out.
fn spending_history(ck: &mut Checker, points: &[Sp<super::raw::HistoryPoint>]) -> Vec<SpendingPoint> {
    let (first, last) = HISTORY_YEARS;
    let mut out: Vec<SpendingPoint> = Vec::with_capacity(points.len());
    let mut previous: Option<u16> = None;
    for point in points {
        let p = &point.value;
        let year = p.year.value;
        let mut ok = true;
        if !(first..=last).contains(&year) {
            ck.error(
                p.year.span,
                format!("spending history year {year} is out of range"),
                Some(format!("expected a year between {first} and {last}")),
            );
            ok = false;
        } else if let Some(before) = previous.filter(|&before| year <= before) {
            let message = if year == before {
                format!("spending history year {year} is given twice")
            } else {
                format!("spending history years must increase: {year} comes after {before}")
            };
            ck.error(p.year.span, message, Some("list the points oldest first, one per year".into()));
            ok = false;
        } else {
            previous = Some(year);
        }
        let pct = p.pct.value;
        if !pct.is_finite() || !(0.0..=15.0).contains(&pct) {
            ck.number(&p.pct, 0.0, 15.0, "defence spending");
            ok = false;
        }
        if p.source.value.trim().is_empty() {
            ck.error(
                p.source.span,
                format!("the spending history point for {year} has no source"),
                Some("name the series, e.g. \"SIPRI\" or \"NATO 2024 edition, Table 3\"".into()),
            );
            ok = false;
        }
        if ok {
            out.push(SpendingPoint { year, pct, source: p.source.value.clone() });
        }
    }
    out
}

/// Where an event was defined.
struct EventSite<'a> {
    file: FileId,
    pack: String,
    raw: &'a Sp<EventRaw>,
}

/// Checks everything that was parsed and builds the catalog.
pub fn validate(parsed: Parsed) -> Catalog {
    let Parsed { mut diags, db_files, countries: records, codex_files, codex, scenarios, packs, read } = parsed;
    let mut catalog = Catalog { read, ..Catalog::default() };

    // The member database.
    let mut by_iso: BTreeMap<String, usize> = BTreeMap::new();
    if db_files.is_empty() {
        diags.file_error(
            "members.ron",
            "the member database is missing",
            Some("every data folder needs members.ron with the countries its scenarios use".into()),
        );
    }
    for (file, record) in &records {
        let mut ck = Checker { d: &mut diags, file: *file };
        let r = &record.value;
        let iso = match Iso::new(&r.iso.value) {
            Ok(iso) => iso,
            Err(message) => {
                ck.error(r.iso.span, message, None);
                continue;
            }
        };
        if let Some(first) = by_iso.get(&r.iso.value) {
            let first_name = &catalog.countries[*first].name;
            ck.error(
                r.iso.span,
                format!("country '{}' is listed twice", r.iso.value),
                Some(format!("the first entry is {first_name}")),
            );
            continue;
        }
        let accession = r.accession.as_ref().and_then(|a| ck.date(a));
        let gdp = r.gdp_2024_bn.as_ref().map(|g| ck.number(g, 0.0, 1.0e6, "GDP"));
        let pop = r.population_2024_m.as_ref().map(|p| ck.number(p, 0.0, 2000.0, "population"));
        let spend = r.spending_2024_pct.as_ref().map(|p| ck.number(p, 0.0, 15.0, "defence spending"));
        let spending_history = spending_history(&mut ck, &r.spending_history);
        by_iso.insert(r.iso.value.clone(), catalog.countries.len());
        catalog.countries.push(CountryInfo {
            iso,
            name: r.name.clone(),
            iso_num: r.iso_num,
            accession,
            region: r.region,
            traits: r.traits.clone(),
            gdp_2024_bn: gdp,
            population_2024_m: pop,
            spending_2024_pct: spend,
            summary: r.summary.clone(),
            source: r.source.clone(),
            spending_history,
        });
    }
    let known_isos: Vec<String> = by_iso.keys().cloned().collect();

    // The codex.
    let mut codex_ids: BTreeSet<String> = BTreeSet::new();
    for (file, entry) in &codex {
        let mut ck = Checker { d: &mut diags, file: *file };
        let e = &entry.value;
        if !codex_ids.insert(e.id.value.clone()) {
            ck.error(e.id.span, format!("codex entry '{}' is defined twice", e.id.value), None);
            continue;
        }
        let country = e.country.as_ref().and_then(|c| match by_iso.get(&c.value) {
            Some(i) => Some(catalog.countries[*i].iso),
            None => {
                ck.error(
                    c.span,
                    format!("unknown member '{}'", c.value),
                    hint_for(&c.value, known_isos.iter().map(String::as_str)),
                );
                None
            }
        });
        catalog.codex.push(CodexEntry {
            id: e.id.value.clone(),
            kind: e.kind,
            title: e.title.clone(),
            body: e.body.clone(),
            citation: e.citation.clone(),
            see_also: e.see_also.iter().map(|s| s.value.clone()).collect(),
            country,
        });
    }
    for (file, entry) in &codex {
        let mut ck = Checker { d: &mut diags, file: *file };
        for link in &entry.value.see_also {
            if !codex_ids.contains(&link.value) {
                ck.error(
                    link.span,
                    format!("unknown codex entry '{}'", link.value),
                    hint_for(&link.value, codex_ids.iter().map(String::as_str)),
                );
            }
        }
    }
    let check_codex = !codex_files.is_empty();

    // Event packs: ids unique across packs, each event checked on its own.
    let mut pack_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut events: BTreeMap<String, EventSite> = BTreeMap::new();
    for (p, pack) in packs.iter().enumerate() {
        if pack_ids.insert(pack.id.value.clone(), p).is_some() {
            diags.error(pack.file, pack.id.span, format!("event pack '{}' is defined twice", pack.id.value), None);
            continue;
        }
        for (file, event) in &pack.events {
            if let Some(first) = events.get(&event.value.id.value) {
                let (path, line) = {
                    let f = &diags.files[first.file];
                    let (line, _) = super::ron_reader::LineIndex::new(&f.text).line_col(first.raw.value.id.span.start);
                    (f.path.clone(), line)
                };
                diags.error(
                    *file,
                    event.value.id.span,
                    format!("event '{}' is defined twice", event.value.id.value),
                    Some(format!("the first is at {path}:{line}")),
                );
                continue;
            }
            events.insert(
                event.value.id.value.clone(),
                EventSite { file: *file, pack: pack.id.value.clone(), raw: event },
            );
        }
    }
    let event_ids: Vec<String> = events.keys().cloned().collect();
    let mut broken_packs: BTreeSet<String> = BTreeSet::new();
    for site in events.values() {
        let before = diags.error_count();
        let mut ck = Checker { d: &mut diags, file: site.file };
        check_event(&mut ck, &site.raw.value, &by_iso, &known_isos, &event_ids, &codex_ids, check_codex);
        if diags.error_count() > before {
            broken_packs.insert(site.pack.clone());
        }
    }

    // Scenarios.
    let mut scenario_ids: BTreeSet<String> = BTreeSet::new();
    let mut using: BTreeMap<String, Vec<Users>> = BTreeMap::new();
    for (file, scenario) in &scenarios {
        let before = diags.error_count();
        if !scenario_ids.insert(scenario.id.value.clone()) {
            diags.error(*file, scenario.id.span, format!("scenario '{}' is defined twice", scenario.id.value), None);
            continue;
        }
        let built = build_content(
            &mut Checker { d: &mut diags, file: *file },
            scenario,
            &by_iso,
            &catalog.countries,
            &known_isos,
            &pack_ids,
            &packs,
            &events,
            &codex_ids,
            check_codex,
        );
        let Some(content) = built else { continue };
        for pack in &content.scenario.event_packs {
            let isos: BTreeSet<String> = content.countries.iter().map(|c| c.iso.to_string()).collect();
            let partners: BTreeSet<String> = content.partners.iter().map(|p| p.id.clone()).collect();
            using.entry(pack.clone()).or_default().push((
                content.scenario.id.clone(),
                content.scenario.start,
                content.scenario.end,
                isos,
                partners,
            ));
        }
        let mut content = content;
        content.content_hash = content_hash(
            &diags,
            *file,
            &db_files,
            &records,
            &content.scenario.event_packs,
            &packs,
            &codex_files,
            &codex,
        );
        let pack_broken = content.scenario.event_packs.iter().any(|p| broken_packs.contains(p));
        if diags.error_count() == before && !pack_broken {
            catalog.scenarios.push(Arc::new(content));
        }
    }

    // Checks that need to know which scenarios use which pack: events that can never fire.
    let mut set_flags: BTreeSet<String> = BTreeSet::new();
    for (_, s) in &scenarios {
        set_flags.extend(s.starting_flags.iter().map(|f| f.value.clone()));
    }
    for site in events.values() {
        for effect in site
            .raw
            .value
            .immediate
            .iter()
            .chain(site.raw.value.choices.value.iter().flat_map(|c| c.value.effects.iter()))
        {
            if let EffectRaw::SetFlag(f) = &effect.value {
                set_flags.insert(f.value.clone());
            }
        }
    }
    let mut followed: BTreeSet<String> = BTreeSet::new();
    for site in events.values() {
        for choice in &site.raw.value.choices.value {
            if let Some(f) = &choice.value.follow_up {
                followed.insert(f.value.event.value.clone());
            }
        }
    }
    for pack in &packs {
        if !using.contains_key(&pack.id.value) && !broken_packs.contains(&pack.id.value) {
            diags.warning(
                pack.file,
                pack.id.span,
                format!("event pack '{}' is not used by any scenario", pack.id.value),
                Some("list it in a scenario's event_packs".into()),
            );
        }
    }
    for site in events.values() {
        let users = using.get(&site.pack).map(Vec::as_slice).unwrap_or(&[]);
        let mut ck = Checker { d: &mut diags, file: site.file };
        check_can_fire(&mut ck, &site.raw.value, users, &set_flags, &followed);
        let e = &site.raw.value;
        catalog.events.push(EventSummary {
            id: e.id.value.clone(),
            pack: site.pack.clone(),
            title: e.title.clone(),
            when: e.when.as_ref().and_then(|w| {
                Some((GameDate::parse(&w.value.from.value).ok()?, GameDate::parse(&w.value.to.value).ok()?))
            }),
            codex: e.codex.iter().map(|c| c.value.clone()).collect(),
            themes: e.themes.iter().map(|t| t.value.clone()).collect(),
            scenarios: users.iter().map(|u| u.0.clone()).collect(),
            note: e.note.value.clone(),
            source: e.source.value.clone(),
        });
    }
    catalog.events.sort_by(|a, b| (a.when.map(|w| w.0), &a.id).cmp(&(b.when.map(|w| w.0), &b.id)));
    catalog.diags = diags;
    catalog
}

/// A hash of every file a scenario is built from, so a save can tell when its scenario changed.
/// Without mods this is the scenario file, the member database, the codex and the packs in the
/// scenario's order; files a mod adds (its countries, codex entries, overriding events) follow
/// each group, so the hash of unmodded data stays what it always was.
#[allow(clippy::too_many_arguments)]
fn content_hash(
    diags: &Diags,
    scenario: FileId,
    db_files: &[FileId],
    records: &[(FileId, Sp<super::raw::CountryRecord>)],
    pack_names: &[String],
    packs: &[Pack],
    codex_files: &[FileId],
    codex: &[(FileId, Sp<super::raw::CodexEntryRaw>)],
) -> u64 {
    let mut order: Vec<FileId> = vec![scenario];
    let push = |file: FileId, order: &mut Vec<FileId>| {
        if !order.contains(&file) {
            order.push(file);
        }
    };
    db_files.iter().chain(records.iter().map(|(f, _)| f)).for_each(|f| push(*f, &mut order));
    codex_files.iter().chain(codex.iter().map(|(f, _)| f)).for_each(|f| push(*f, &mut order));
    for name in pack_names {
        if let Some(pack) = packs.iter().find(|p| p.id.value == *name) {
            push(pack.file, &mut order);
            pack.events.iter().for_each(|(f, _)| push(*f, &mut order));
        }
    }
    let mut bytes = Vec::new();
    for file in order {
        if let Some(f) = diags.files.get(file) {
            bytes.extend_from_slice(f.text.as_bytes());
            bytes.push(0);
        }
    }
    crate::sim::hash::fnv1a(&bytes)
}

/// Codes people often write instead of the ISO one (sports and old national codes), so the hint
/// can say "did you mean 'DEU'?" for "GER" where spelling distance alone would guess "GBR".
const COMMON_MISTAKES: &[(&str, &str)] = &[
    ("GER", "DEU"),
    ("FRG", "DEU"),
    ("BRD", "DEU"),
    ("UK", "GBR"),
    ("ENG", "GBR"),
    ("NED", "NLD"),
    ("HOL", "NLD"),
    ("POR", "PRT"),
    ("DEN", "DNK"),
    ("SPA", "ESP"),
    ("CRO", "HRV"),
    ("BUL", "BGR"),
    ("LAT", "LVA"),
    ("LIT", "LTU"),
    ("SLO", "SVN"),
    ("ROM", "ROU"),
    ("GRE", "GRC"),
    ("SUI", "CHE"),
    ("IRE", "IRL"),
    ("ICE", "ISL"),
    ("US", "USA"),
    ("MAC", "MKD"),
    ("KOS", "XKX"),
    ("MON", "MNE"),
    ("USSR", "RUS"),
    ("SOV", "RUS"),
];

fn iso_ref(ck: &mut Checker, text: &Sp<String>, by_iso: &BTreeMap<String, usize>, known: &[String]) -> bool {
    if by_iso.contains_key(&text.value) {
        return true;
    }
    let upper = text.value.to_uppercase();
    let hint = COMMON_MISTAKES
        .iter()
        .find(|(wrong, right)| *wrong == upper && by_iso.contains_key(*right))
        .map(|(_, right)| format!("did you mean '{right}'?"))
        .or_else(|| hint_for(&text.value, known.iter().map(String::as_str)));
    ck.error(text.span, format!("unknown member '{}'", text.value), hint);
    false
}

fn event_ref(ck: &mut Checker, text: &Sp<String>, event_ids: &[String]) {
    if event_ids.binary_search(&text.value).is_err() {
        ck.error(
            text.span,
            format!("unknown event '{}'", text.value),
            hint_for(&text.value, event_ids.iter().map(String::as_str)),
        );
    }
}

fn delta_range(stat: Option<MemberStat>) -> (f64, f64, &'static str) {
    match stat {
        Some(MemberStat::SpendingPct) => (-5.0, 5.0, "change of defence spending (points of GDP)"),
        Some(MemberStat::Gdp) | Some(MemberStat::Capability) => (-50.0, 50.0, "percentage change"),
        _ => (-100.0, 100.0, "change"),
    }
}

fn check_condition(
    ck: &mut Checker,
    c: &Sp<ConditionRaw>,
    by_iso: &BTreeMap<String, usize>,
    known: &[String],
    event_ids: &[String],
) {
    match &c.value {
        ConditionRaw::MeterAbove(_, x)
        | ConditionRaw::MeterBelow(_, x)
        | ConditionRaw::AdversaryIntentAbove(x)
        | ConditionRaw::AdversaryIntentBelow(x)
        | ConditionRaw::AdversaryAbove(_, x)
        | ConditionRaw::AdversaryBelow(_, x)
        | ConditionRaw::ThreatAbove(_, x)
        | ConditionRaw::ThreatBelow(_, x) => {
            ck.number(x, 0.0, 100.0, "threshold");
        }
        ConditionRaw::MemberAbove(iso, stat, x) | ConditionRaw::MemberBelow(iso, stat, x) => {
            iso_ref(ck, iso, by_iso, known);
            let hi = match stat {
                MemberStat::SpendingPct => 15.0,
                MemberStat::Gdp | MemberStat::Capability => 1.0e7,
                _ => 100.0,
            };
            ck.number(x, 0.0, hi, "threshold");
        }
        ConditionRaw::IsMember(iso) | ConditionRaw::NotMember(iso) | ConditionRaw::IsCandidate(iso) => {
            iso_ref(ck, iso, by_iso, known);
        }
        ConditionRaw::Fired(e) | ConditionRaw::NotFired(e) => event_ref(ck, e, event_ids),
        ConditionRaw::GuidelineAtLeast(x) => {
            ck.number(x, 0.0, 15.0, "guideline");
        }
        ConditionRaw::Any(list) => {
            if list.is_empty() {
                ck.error(
                    c.span,
                    "Any([]) with nothing inside is never true",
                    Some("list at least one condition".into()),
                );
            }
            for inner in list {
                check_condition(ck, inner, by_iso, known, event_ids);
            }
        }
        ConditionRaw::Not(inner) => check_condition(ck, inner, by_iso, known, event_ids),
        ConditionRaw::Flag(_)
        | ConditionRaw::NoFlag(_)
        | ConditionRaw::NoGuideline
        | ConditionRaw::MissionActive(_)
        | ConditionRaw::PartnerAtWar(_) => {}
    }
}

fn check_effect(ck: &mut Checker, e: &Sp<EffectRaw>, by_iso: &BTreeMap<String, usize>, known: &[String]) {
    match &e.value {
        EffectRaw::Alliance(meter, d) => {
            if *meter == AllianceMeter::BurdenSharing {
                ck.error(
                    e.span,
                    "burden sharing is computed from members' spending and cannot be set",
                    Some("change members' SpendingPct instead".into()),
                );
            }
            ck.number(d, -100.0, 100.0, "change");
        }
        EffectRaw::AllMembers(stat, d) | EffectRaw::Members(_, stat, d) => {
            let (lo, hi, what) = delta_range(Some(*stat));
            ck.number(d, lo, hi, what);
        }
        EffectRaw::Member(iso, stat, d) => {
            iso_ref(ck, iso, by_iso, known);
            let (lo, hi, what) = delta_range(Some(*stat));
            ck.number(d, lo, hi, what);
        }
        EffectRaw::Adversary(_, d) | EffectRaw::Threat(_, d) | EffectRaw::Partner(_, _, d) => {
            ck.number(d, -100.0, 100.0, "change");
        }
        EffectRaw::Join(iso)
        | EffectRaw::MakeCandidate(iso)
        | EffectRaw::Leave(iso)
        | EffectRaw::LeaveIntegratedCommand(iso)
        | EffectRaw::RejoinIntegratedCommand(iso)
        | EffectRaw::AddTrait(iso, _)
        | EffectRaw::RemoveTrait(iso, _)
        | EffectRaw::SetFrontline(iso, _) => {
            iso_ref(ck, iso, by_iso, known);
        }
        EffectRaw::SetGuideline(p) => {
            ck.number(p, 0.5, 10.0, "guideline (% of GDP)");
        }
        EffectRaw::Attack { target, severity, .. } => {
            iso_ref(ck, target, by_iso, known);
            ck.number(severity, 0.0, 100.0, "severity");
        }
        EffectRaw::SetFlag(_)
        | EffectRaw::ClearFlag(_)
        | EffectRaw::StartMission(_)
        | EffectRaw::EndMission(_)
        | EffectRaw::PartnerAtWar(_, _) => {}
    }
}

#[allow(clippy::too_many_arguments)]
fn check_event(
    ck: &mut Checker,
    e: &EventRaw,
    by_iso: &BTreeMap<String, usize>,
    known: &[String],
    event_ids: &[String],
    codex_ids: &BTreeSet<String>,
    check_codex: bool,
) {
    if let Some(w) = &e.when
        && let (Some(from), Some(to)) = (ck.date(&w.value.from), ck.date(&w.value.to))
        && from > to
    {
        ck.error(w.span, format!("the window starts ({from}) after it ends ({to})"), Some("swap from and to".into()));
    }
    if e.weight.value <= 0.0 || !e.weight.value.is_finite() {
        ck.error(
            e.weight.span,
            format!("weight {} must be above 0", e.weight.value),
            Some("a weight of 10 is usual; 0 would mean it never fires".into()),
        );
    } else {
        ck.number(&e.weight, 0.0, 1000.0, "weight");
    }
    let n = e.choices.value.len();
    if !(2..=4).contains(&n) {
        ck.error(
            e.choices.span,
            format!("an event needs two to four choices; this one has {n}"),
            Some("give the player a real decision".into()),
        );
    }
    let historical = e.choices.value.iter().filter(|c| c.value.historical).count();
    if historical > 1 {
        ck.error(
            e.choices.span,
            "more than one choice is marked historical",
            Some("mark only what the alliance actually did".into()),
        );
    } else if historical == 0 {
        ck.warning(
            e.choices.span,
            format!("event '{}' has no choice marked historical", e.id.value),
            Some("the historical policy will take the first choice".into()),
        );
    }
    if e.note.value.trim().is_empty() {
        ck.error(e.note.span, "the historical note is empty", Some("say what really happened, with the date".into()));
    }
    if e.source.value.trim().is_empty() {
        ck.error(e.source.span, "the source is empty", Some("name where the note's facts come from".into()));
    }
    if e.title.trim().is_empty() || e.text.trim().is_empty() {
        ck.error(e.id.span, format!("event '{}' needs a title and a text", e.id.value), None);
    }
    for t in &e.themes {
        if !THEMES.iter().any(|(id, _)| *id == t.value) {
            ck.error(
                t.span,
                format!("unknown theme '{}'", t.value),
                hint_for(&t.value, THEMES.iter().map(|(id, _)| *id)),
            );
        }
    }
    if check_codex {
        for c in &e.codex {
            if !codex_ids.contains(&c.value) {
                ck.error(
                    c.span,
                    format!("unknown codex entry '{}'", c.value),
                    hint_for(&c.value, codex_ids.iter().map(String::as_str)),
                );
            }
        }
    }
    for c in &e.if_all {
        check_condition(ck, c, by_iso, known, event_ids);
    }
    check_contradictions(ck, &e.if_all);
    for effect in &e.immediate {
        check_effect(ck, effect, by_iso, known);
    }
    for choice in &e.choices.value {
        if choice.value.label.trim().is_empty() {
            ck.error(choice.span, "a choice needs a label", None);
        }
        for effect in &choice.value.effects {
            check_effect(ck, effect, by_iso, known);
        }
        if let Some(f) = &choice.value.follow_up {
            event_ref(ck, &f.value.event, event_ids);
            if f.value.event.value == e.id.value && e.once {
                ck.error(f.value.event.span, "a once-only event cannot follow itself", None);
            }
        }
    }
}

/// Pairs such as "above 60" and "below 40" on the same number can never both hold.
fn check_contradictions(ck: &mut Checker, conditions: &[Sp<ConditionRaw>]) {
    let mut above: BTreeMap<String, (f64, Span)> = BTreeMap::new();
    let mut below: BTreeMap<String, (f64, Span)> = BTreeMap::new();
    let mut flags: BTreeMap<String, (bool, Span)> = BTreeMap::new();
    for c in conditions {
        let (key, is_above, x) = match &c.value {
            ConditionRaw::MeterAbove(m, x) => (format!("{m:?}"), true, x.value),
            ConditionRaw::MeterBelow(m, x) => (format!("{m:?}"), false, x.value),
            ConditionRaw::AdversaryIntentAbove(x) => ("Intent".into(), true, x.value),
            ConditionRaw::AdversaryIntentBelow(x) => ("Intent".into(), false, x.value),
            ConditionRaw::AdversaryAbove(s, x) => (format!("{s:?}"), true, x.value),
            ConditionRaw::AdversaryBelow(s, x) => (format!("{s:?}"), false, x.value),
            ConditionRaw::ThreatAbove(t, x) => (format!("{t:?}"), true, x.value),
            ConditionRaw::ThreatBelow(t, x) => (format!("{t:?}"), false, x.value),
            ConditionRaw::MemberAbove(i, s, x) => (format!("{}{s:?}", i.value), true, x.value),
            ConditionRaw::MemberBelow(i, s, x) => (format!("{}{s:?}", i.value), false, x.value),
            ConditionRaw::Flag(f) | ConditionRaw::NoFlag(f) => {
                let wanted = matches!(c.value, ConditionRaw::Flag(_));
                if let Some((other, _)) = flags.get(&f.value)
                    && *other != wanted
                {
                    ck.error(
                        c.span,
                        format!("this event can never fire: it needs flag '{}' both set and not set", f.value),
                        None,
                    );
                }
                flags.insert(f.value.clone(), (wanted, c.span));
                continue;
            }
            _ => continue,
        };
        if is_above {
            above.insert(key.clone(), (x, c.span));
        } else {
            below.insert(key.clone(), (x, c.span));
        }
        if let (Some((lo, _)), Some((hi, _))) = (above.get(&key), below.get(&key))
            && lo >= hi
        {
            ck.error(
                c.span,
                format!("this event can never fire: it needs a value above {lo} and below {hi} at once"),
                None,
            );
        }
    }
}

type Users = (String, GameDate, GameDate, BTreeSet<String>, BTreeSet<String>);

/// Checks that need the scenarios using the event's pack.
fn check_can_fire(
    ck: &mut Checker,
    e: &EventRaw,
    users: &[Users],
    set_flags: &BTreeSet<String>,
    followed: &BTreeSet<String>,
) {
    if users.is_empty() {
        return;
    }
    if let Some(w) = &e.when
        && let (Ok(from), Ok(to)) = (GameDate::parse(&w.value.from.value), GameDate::parse(&w.value.to.value))
    {
        let inside = users.iter().any(|(_, start, end, _, _)| from <= *end && to >= *start);
        if !inside {
            let spans: Vec<String> = users.iter().map(|(id, s, en, _, _)| format!("{id} {s}..{en}")).collect();
            ck.error(
                w.span,
                format!(
                    "this event can never fire: its window {from}..{to} lies outside every scenario that uses it ({})",
                    spans.join(", ")
                ),
                Some("move the window or add the pack to a scenario of that era".into()),
            );
        }
    }
    if e.follow_up_only && !followed.contains(&e.id.value) {
        ck.error(
            e.id.span,
            format!("event '{}' fires only as a follow-up, but no choice leads to it", e.id.value),
            Some("add follow_up: Some((event: \"...\")) to a choice, or drop follow_up_only".into()),
        );
    }
    for c in &e.if_all {
        match &c.value {
            ConditionRaw::Flag(f) if !set_flags.contains(&f.value) => {
                ck.error(
                    f.span,
                    format!("this event can never fire: nothing ever sets flag '{}'", f.value),
                    hint_for(&f.value, set_flags.iter().map(String::as_str)),
                );
            }
            ConditionRaw::IsMember(iso) | ConditionRaw::IsCandidate(iso)
                if !users.iter().any(|u| u.3.contains(&iso.value)) =>
            {
                ck.error(
                    iso.span,
                    format!("this event can never fire: '{}' is in none of the scenarios that use it", iso.value),
                    None,
                );
            }
            ConditionRaw::PartnerAtWar(p) if !users.iter().any(|u| u.4.contains(&p.value)) => {
                let all: BTreeSet<&str> = users.iter().flat_map(|u| u.4.iter().map(String::as_str)).collect();
                ck.error(p.span, format!("unknown partner '{}'", p.value), hint_for(&p.value, all.iter().copied()));
            }
            _ => {}
        }
    }
    let all_partners: BTreeSet<&str> = users.iter().flat_map(|u| u.4.iter().map(String::as_str)).collect();
    for effect in e.immediate.iter().chain(e.choices.value.iter().flat_map(|c| c.value.effects.iter())) {
        if let EffectRaw::Partner(p, _, _) | EffectRaw::PartnerAtWar(p, _) = &effect.value
            && !all_partners.contains(p.value.as_str())
        {
            ck.error(
                p.span,
                format!("unknown partner '{}'", p.value),
                hint_for(&p.value, all_partners.iter().copied()),
            );
        }
    }
}

/// Everything a scenario's conversion needs to resolve names.
struct Resolver {
    countries: BTreeMap<Iso, CountryIdx>,
    partners: BTreeMap<String, u8>,
    events: BTreeMap<String, u16>,
    flags: Vec<String>,
}

impl Resolver {
    fn country(&self, text: &str) -> Option<CountryIdx> {
        Iso::new(text).ok().and_then(|iso| self.countries.get(&iso).copied())
    }

    fn flag(&mut self, name: &str) -> FlagId {
        if let Some(i) = self.flags.iter().position(|f| f == name) {
            return i as FlagId;
        }
        self.flags.push(name.to_string());
        (self.flags.len() - 1) as FlagId
    }

    /// A condition in the rules' terms; names the scenario does not have make it false.
    fn condition(&mut self, c: &ConditionRaw) -> Condition {
        let never = || Condition::Any(Vec::new());
        match c {
            ConditionRaw::MeterAbove(m, x) => Condition::MeterAbove(*m, x.value),
            ConditionRaw::MeterBelow(m, x) => Condition::MeterBelow(*m, x.value),
            ConditionRaw::AdversaryIntentAbove(x) => {
                Condition::AdversaryAbove(crate::sim::ids::AdversaryStat::Intent, x.value)
            }
            ConditionRaw::AdversaryIntentBelow(x) => {
                Condition::AdversaryBelow(crate::sim::ids::AdversaryStat::Intent, x.value)
            }
            ConditionRaw::AdversaryAbove(s, x) => Condition::AdversaryAbove(*s, x.value),
            ConditionRaw::AdversaryBelow(s, x) => Condition::AdversaryBelow(*s, x.value),
            ConditionRaw::ThreatAbove(t, x) => Condition::ThreatAbove(*t, x.value),
            ConditionRaw::ThreatBelow(t, x) => Condition::ThreatBelow(*t, x.value),
            ConditionRaw::MemberAbove(i, s, x) => {
                self.country(&i.value).map_or_else(never, |c| Condition::MemberAbove(c, *s, x.value))
            }
            ConditionRaw::MemberBelow(i, s, x) => {
                self.country(&i.value).map_or_else(never, |c| Condition::MemberBelow(c, *s, x.value))
            }
            ConditionRaw::IsMember(i) => self.country(&i.value).map_or_else(never, Condition::IsMember),
            ConditionRaw::NotMember(i) => {
                self.country(&i.value).map_or_else(|| Condition::Not(Box::new(never())), Condition::NotMember)
            }
            ConditionRaw::IsCandidate(i) => self.country(&i.value).map_or_else(never, Condition::IsCandidate),
            ConditionRaw::Flag(f) => Condition::Flag(self.flag(&f.value)),
            ConditionRaw::NoFlag(f) => Condition::NoFlag(self.flag(&f.value)),
            ConditionRaw::GuidelineAtLeast(x) => Condition::GuidelineAtLeast(x.value),
            ConditionRaw::NoGuideline => Condition::NoGuideline,
            ConditionRaw::Fired(e) => self.events.get(&e.value).map_or_else(never, |e| Condition::Fired(*e)),
            ConditionRaw::NotFired(e) => {
                self.events.get(&e.value).map_or_else(|| Condition::Not(Box::new(never())), |e| Condition::NotFired(*e))
            }
            ConditionRaw::MissionActive(k) => Condition::MissionActive(*k),
            ConditionRaw::PartnerAtWar(p) => {
                self.partners.get(&p.value).map_or_else(never, |p| Condition::PartnerAtWar(*p))
            }
            ConditionRaw::Any(list) => Condition::Any(list.iter().map(|c| self.condition(&c.value)).collect()),
            ConditionRaw::Not(inner) => Condition::Not(Box::new(self.condition(&inner.value))),
        }
    }

    /// An effect in the rules' terms; effects on countries or partners the scenario does not
    /// have are dropped (a shared pack may name countries of other eras).
    fn effect(&mut self, e: &EffectRaw) -> Option<Effect> {
        Some(match e {
            EffectRaw::Alliance(m, d) => Effect::Alliance(*m, d.value),
            EffectRaw::AllMembers(s, d) => Effect::Members(Selector::All, *s, d.value),
            EffectRaw::Members(sel, s, d) => Effect::Members(
                match sel {
                    SelectorRaw::All => Selector::All,
                    SelectorRaw::Frontline => Selector::Frontline,
                    SelectorRaw::NotFrontline => Selector::NotFrontline,
                    SelectorRaw::Region(r) => Selector::Region(*r),
                    SelectorRaw::Trait(t) => Selector::Trait(*t),
                },
                *s,
                d.value,
            ),
            EffectRaw::Member(i, s, d) => Effect::Member(self.country(&i.value)?, *s, d.value),
            EffectRaw::Adversary(s, d) => Effect::Adversary(*s, d.value),
            EffectRaw::Threat(t, d) => Effect::Threat(*t, d.value),
            EffectRaw::Partner(p, s, d) => Effect::Partner(*self.partners.get(&p.value)?, *s, d.value),
            EffectRaw::SetFlag(f) => Effect::SetFlag(self.flag(&f.value)),
            EffectRaw::ClearFlag(f) => Effect::ClearFlag(self.flag(&f.value)),
            EffectRaw::Join(i) => Effect::Join(self.country(&i.value)?),
            EffectRaw::MakeCandidate(i) => Effect::MakeCandidate(self.country(&i.value)?),
            EffectRaw::Leave(i) => Effect::Leave(self.country(&i.value)?),
            EffectRaw::LeaveIntegratedCommand(i) => Effect::LeaveIntegratedCommand(self.country(&i.value)?),
            EffectRaw::RejoinIntegratedCommand(i) => Effect::RejoinIntegratedCommand(self.country(&i.value)?),
            EffectRaw::SetGuideline(p) => Effect::SetGuideline(p.value),
            EffectRaw::StartMission(k) => Effect::StartMission(*k),
            EffectRaw::EndMission(k) => Effect::EndMission(*k),
            EffectRaw::PartnerAtWar(p, on) => Effect::SetPartnerAtWar(*self.partners.get(&p.value)?, *on),
            EffectRaw::AddTrait(i, t) => Effect::AddTrait(self.country(&i.value)?, *t),
            EffectRaw::RemoveTrait(i, t) => Effect::RemoveTrait(self.country(&i.value)?, *t),
            EffectRaw::SetFrontline(i, on) => Effect::SetFrontline(self.country(&i.value)?, *on),
            EffectRaw::Attack { kind, target, severity } => {
                Effect::Attack { kind: *kind, target: self.country(&target.value)?, severity: severity.value }
            }
        })
    }
}

fn meter(ck: &mut Checker, v: &Sp<f64>, what: &str) -> f64 {
    ck.number(v, 0.0, 100.0, what)
}

#[allow(clippy::too_many_arguments)]
fn build_content(
    ck: &mut Checker,
    s: &ScenarioFile,
    by_iso: &BTreeMap<String, usize>,
    db: &[CountryInfo],
    known: &[String],
    pack_ids: &BTreeMap<String, usize>,
    packs: &[Pack],
    events: &BTreeMap<String, EventSite>,
    codex_ids: &BTreeSet<String>,
    check_codex: bool,
) -> Option<Content> {
    if s.format_version.value != super::raw::FORMAT_VERSION {
        ck.error(
            s.format_version.span,
            format!("unsupported format_version {}", s.format_version.value),
            Some(format!("write format_version: {}", super::raw::FORMAT_VERSION)),
        );
    }
    if s.id.value.is_empty()
        || !s.id.value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    {
        ck.error(
            s.id.span,
            format!("scenario id '{}' must be lowercase letters, digits, '_' or '-'", s.id.value),
            None,
        );
    }
    let start = ck.date(&s.start);
    let end = ck.date(&s.end);
    let (Some(start), Some(end)) = (start, end) else { return None };
    if start >= end {
        ck.error(
            s.end.span,
            format!("the scenario ends ({end}) before it starts ({start})"),
            Some("end must come after start".into()),
        );
        return None;
    }
    if !(1..=60).contains(&s.turn_months.value) {
        ck.error(
            s.turn_months.span,
            format!("turn_months {} is out of range", s.turn_months.value),
            Some("expected a number of months between 1 and 60".into()),
        );
        return None;
    }
    let mut schedule = vec![(start, s.turn_months.value)];
    for step in &s.turn_schedule {
        let Some(from) = ck.date(&step.value.from) else { continue };
        if from <= start || from > end {
            ck.error(
                step.value.from.span,
                format!("turn length change at {from} is outside the scenario ({start}..{end})"),
                None,
            );
        }
        if !(1..=60).contains(&step.value.months.value) {
            ck.error(
                step.value.months.span,
                format!("months {} is out of range", step.value.months.value),
                Some("expected a number of months between 1 and 60".into()),
            );
            continue;
        }
        schedule.push((from, step.value.months.value));
    }
    schedule.sort_by_key(|(d, _)| *d);

    // Countries.
    let mut countries: Vec<CountryDef> = Vec::new();
    let mut resolver =
        Resolver { countries: BTreeMap::new(), partners: BTreeMap::new(), events: BTreeMap::new(), flags: Vec::new() };
    for entry in &s.countries {
        let c = &entry.value;
        if !iso_ref(ck, &c.iso, by_iso, known) {
            continue;
        }
        let info = &db[by_iso[&c.iso.value]];
        if resolver.countries.contains_key(&info.iso) {
            ck.error(c.iso.span, format!("'{}' appears twice in this scenario", c.iso.value), None);
            continue;
        }
        if countries.len() >= 250 {
            ck.error(c.iso.span, "a scenario can hold at most 250 countries", None);
            break;
        }
        let status = match c.status {
            StatusRaw::Member => CountryStatus::Member,
            StatusRaw::Candidate => CountryStatus::Candidate,
            StatusRaw::Partner => CountryStatus::Partner,
        };
        if status == CountryStatus::Member && info.accession.is_some_and(|a| a > end) {
            ck.warning(
                c.iso.span,
                format!(
                    "{} is a member here but joined only on {}",
                    info.name,
                    info.accession.map(|a| a.to_string()).unwrap_or_default()
                ),
                Some("make it a Candidate if it should join during play".into()),
            );
        }
        let mut traits: Vec<Trait> = info.traits.iter().copied().filter(|t| !c.without_traits.contains(t)).collect();
        for t in &c.extra_traits {
            if !traits.contains(t) {
                traits.push(*t);
            }
        }
        resolver.countries.insert(info.iso, countries.len() as CountryIdx);
        countries.push(CountryDef {
            iso: info.iso,
            name: info.name.clone(),
            status,
            joined: if status == CountryStatus::Member {
                Some(info.accession.unwrap_or(start).min(start))
            } else {
                None
            },
            historical_accession: info.accession,
            region: info.region,
            traits,
            frontline: c.frontline,
            in_integrated_command: c.integrated_command,
            gdp_bn: ck.number(&c.gdp_bn, 0.01, 1.0e6, "GDP"),
            gdp_growth_pct: c.gdp_growth_pct,
            population_m: info.population_2024_m,
            spending_pct: ck.number(&c.spending_pct, 0.0, 15.0, "defence spending"),
            public_support: meter(ck, &c.public_support, "public support"),
            threat_perception: meter(ck, &c.threat_perception, "threat perception"),
            alignment: meter(ck, &c.alignment, "alignment"),
            objectors: Vec::new(),
            source: c.source.clone(),
        });
    }
    if !countries.iter().any(|c| c.status == CountryStatus::Member) {
        ck.error(
            s.id.span,
            "the scenario has no members",
            Some("list the members at the start with status: Member".into()),
        );
    }

    // Partners.
    let mut partners = Vec::new();
    for entry in &s.partners {
        let p = &entry.value;
        if resolver.partners.contains_key(&p.id.value) {
            ck.error(p.id.span, format!("partner '{}' appears twice", p.id.value), None);
            continue;
        }
        let country =
            p.country.as_ref().and_then(|c| if iso_ref(ck, c, by_iso, known) { Iso::new(&c.value).ok() } else { None });
        resolver.partners.insert(p.id.value.clone(), partners.len() as u8);
        partners.push(PartnerDef {
            id: p.id.value.clone(),
            name: p.name.clone(),
            kind: p.kind,
            country,
            ties: meter(ck, &p.ties, "ties"),
            resilience: meter(ck, &p.resilience, "resilience"),
            at_war: p.at_war,
            borders_adversary: p.borders_adversary,
        });
    }

    // Event packs, then events in pack order.
    let mut pack_names = Vec::new();
    let mut scenario_events: Vec<&EventRaw> = Vec::new();
    for p in &s.event_packs {
        match pack_ids.get(&p.value) {
            Some(i) => {
                pack_names.push(p.value.clone());
                for (_, e) in &packs[*i].events {
                    if events.get(&e.value.id.value).is_some_and(|site| std::ptr::eq(site.raw, e)) {
                        scenario_events.push(&e.value);
                    }
                }
            }
            None => ck.error(
                p.span,
                format!("unknown event pack '{}'", p.value),
                hint_for(&p.value, pack_ids.keys().map(String::as_str)),
            ),
        }
    }
    for (i, e) in scenario_events.iter().enumerate() {
        resolver.events.insert(e.id.value.clone(), i as u16);
    }
    for f in &s.starting_flags {
        resolver.flag(&f.value);
    }

    // Objections need flags and countries.
    for entry in &s.countries {
        let c = &entry.value;
        let Some(idx) = resolver.country(&c.iso.value) else { continue };
        for o in &c.objectors {
            if !iso_ref(ck, &o.value.member, by_iso, known) {
                continue;
            }
            let Some(member) = resolver.country(&o.value.member.value) else {
                ck.error(
                    o.value.member.span,
                    format!("'{}' is not in this scenario", o.value.member.value),
                    Some("objectors must be countries of the scenario".into()),
                );
                continue;
            };
            let unless_flag = o.value.unless_flag.as_ref().map(|f| resolver.flag(&f.value));
            let min_alignment = ck.number(&o.value.min_alignment, 0.0, 101.0, "alignment");
            countries[usize::from(idx)].objectors.push(Objection { member, unless_flag, min_alignment });
        }
        if !c.objectors.is_empty() && c.status == StatusRaw::Member {
            ck.warning(
                entry.span,
                format!("{} has objectors but is already a member", c.iso.value),
                Some("objectors only matter for candidates (and partners an event makes candidates)".into()),
            );
        }
    }

    let mut event_defs = Vec::new();
    for e in &scenario_events {
        let when = e
            .when
            .as_ref()
            .and_then(|w| Some((GameDate::parse(&w.value.from.value).ok()?, GameDate::parse(&w.value.to.value).ok()?)));
        let conditions = e.if_all.iter().map(|c| resolver.condition(&c.value)).collect();
        let immediate = e.immediate.iter().filter_map(|x| resolver.effect(&x.value)).collect();
        let choices = e
            .choices
            .value
            .iter()
            .map(|c| ChoiceDef {
                label: c.value.label.clone(),
                effects: c.value.effects.iter().filter_map(|x| resolver.effect(&x.value)).collect(),
                historical: c.value.historical,
                follow_up: c
                    .value
                    .follow_up
                    .as_ref()
                    .and_then(|f| resolver.events.get(&f.value.event.value).map(|e| (*e, f.value.after_turns))),
            })
            .collect();
        event_defs.push(EventDef {
            id: e.id.value.clone(),
            title: e.title.clone(),
            text: e.text.clone(),
            when,
            conditions,
            weight: e.weight.value.max(0.0),
            once: e.once,
            always: e.always,
            follow_up_only: e.follow_up_only,
            immediate,
            choices,
            note: e.note.value.clone(),
            source: e.source.value.clone(),
            codex: e.codex.iter().map(|c| c.value.clone()).collect(),
            themes: e.themes.iter().map(|t| t.value.clone()).collect(),
        });
    }

    // Objectives.
    let mut objectives = Vec::new();
    let mut objective_ids = BTreeSet::new();
    for entry in &s.objectives {
        let o = &entry.value;
        if !objective_ids.insert(o.id.value.clone()) {
            ck.error(o.id.span, format!("objective '{}' appears twice", o.id.value), None);
        }
        let in_scenario = |ck: &mut Checker, text: &Sp<String>| -> Option<CountryIdx> {
            if !iso_ref(ck, text, by_iso, known) {
                return None;
            }
            let found = resolver.country(&text.value);
            if found.is_none() {
                ck.error(
                    text.span,
                    format!("'{}' is not in this scenario", text.value),
                    Some("add it to countries".into()),
                );
            }
            found
        };
        let dated = |ck: &mut Checker, text: &Sp<String>| -> Option<GameDate> {
            let d = ck.date(text)?;
            if d < start || d > end.plus_months(1) {
                ck.error(text.span, format!("date {d} is outside the scenario ({start}..{end})"), None);
            }
            Some(d)
        };
        let kind = match &o.kind.value {
            ObjectiveKindRaw::MemberBy { country, by } => {
                let (c, d) = (in_scenario(ck, country), dated(ck, by));
                ObjectiveKind::MemberBy { country: c?, by: d? }
            }
            ObjectiveKindRaw::KeepMember { country, integrated } => {
                ObjectiveKind::KeepMember { country: in_scenario(ck, country)?, integrated: *integrated }
            }
            ObjectiveKindRaw::MeterAtEnd { meter: m, min } => {
                ObjectiveKind::MeterAtEnd { meter: *m, min: meter(ck, min, "threshold") }
            }
            ObjectiveKindRaw::MeterNeverBelow { meter: m, min } => {
                ObjectiveKind::MeterNeverBelow { meter: *m, min: meter(ck, min, "threshold") }
            }
            ObjectiveKindRaw::FlagBy { flag, by } => {
                let by = match by {
                    Some(b) => Some(dated(ck, b)?),
                    None => None,
                };
                ObjectiveKind::FlagBy { flag: resolver.flag(&flag.value), by }
            }
            ObjectiveKindRaw::NoAttackUnanswered => ObjectiveKind::NoAttackUnanswered,
            ObjectiveKindRaw::ShareAtGuideline { pct, share, by } => {
                let pct = ck.number(pct, 0.5, 15.0, "spending level");
                let share_v = share.value;
                if !(0.0..=1.0).contains(&share_v) {
                    ck.error(
                        share.span,
                        format!("share {share_v} is not a fraction"),
                        Some("expected a number between 0 and 1 (two thirds is 0.67)".into()),
                    );
                }
                ObjectiveKind::ShareAtGuideline { pct, share: share_v.clamp(0.0, 1.0), by: dated(ck, by)? }
            }
            ObjectiveKindRaw::AdversaryIntentAtMost { max } => {
                ObjectiveKind::AdversaryIntentAtMost { max: meter(ck, max, "intent") }
            }
        };
        let points = ck.number(&o.points, -100.0, 500.0, "points");
        objectives.push(ObjectiveDef {
            id: o.id.value.clone(),
            text: o.text.clone(),
            kind,
            points,
            required: o.required,
        });
    }
    if objectives.len() > 250 {
        ck.error(s.id.span, "a scenario can hold at most 250 objectives", None);
    }

    // Flags used by objectives must be set by something.
    let set_somewhere: BTreeSet<String> = s
        .starting_flags
        .iter()
        .map(|f| f.value.clone())
        .chain(scenario_events.iter().flat_map(|e| {
            e.immediate.iter().chain(e.choices.value.iter().flat_map(|c| c.value.effects.iter())).filter_map(|x| {
                match &x.value {
                    EffectRaw::SetFlag(f) => Some(f.value.clone()),
                    _ => None,
                }
            })
        }))
        .collect();
    for entry in &s.objectives {
        if let ObjectiveKindRaw::FlagBy { flag, .. } = &entry.value.kind.value
            && !set_somewhere.contains(&flag.value)
        {
            ck.error(
                flag.span,
                format!("nothing in this scenario ever sets flag '{}'", flag.value),
                hint_for(&flag.value, set_somewhere.iter().map(String::as_str)),
            );
        }
    }

    // Difficulty levels.
    let difficulties = if s.difficulties.is_empty() {
        DifficultyDef::standard_levels()
    } else {
        s.difficulties
            .iter()
            .map(|d| {
                let d = &d.value;
                DifficultyDef {
                    id: d.id.value.clone(),
                    name: d.name.clone(),
                    description: d.description.clone(),
                    capital_income: ck.number(&d.capital_income, 0.1, 5.0, "capital income multiplier"),
                    aggression: ck.number(&d.aggression, 0.0, 5.0, "aggression multiplier"),
                    fatigue: ck.number(&d.fatigue, 0.0, 5.0, "fatigue multiplier"),
                    quarrels: d.quarrels,
                    exits: d.exits,
                    spending_autopilot: d.spending_autopilot,
                }
            })
            .collect()
    };
    let default_difficulty = match &s.default_difficulty {
        None => difficulties.iter().position(|d| d.id == "diplomat").unwrap_or(0),
        Some(id) => match difficulties.iter().position(|d| d.id == id.value) {
            Some(i) => i,
            None => {
                ck.error(
                    id.span,
                    format!("unknown difficulty '{}'", id.value),
                    hint_for(&id.value, difficulties.iter().map(|d| d.id.as_str())),
                );
                0
            }
        },
    };

    // The historical plan.
    let mut plan = Vec::new();
    for step in &s.historical_plan {
        let (Some(from), Some(to)) = (ck.date(&step.value.from), ck.date(&step.value.to)) else { continue };
        if from > to {
            ck.error(step.value.to.span, format!("the step ends ({to}) before it starts ({from})"), None);
        }
        let action = &step.value.action;
        let problem = plan_problem(&action.value, &resolver);
        if let Some(message) = problem {
            ck.error(action.span, message, None);
            continue;
        }
        plan.push(PlanStep { from, to, action: action.value.clone() });
    }

    if check_codex {
        for c in &s.codex {
            if !codex_ids.contains(&c.value) {
                ck.error(
                    c.span,
                    format!("unknown codex entry '{}'", c.value),
                    hint_for(&c.value, codex_ids.iter().map(String::as_str)),
                );
            }
        }
    }
    let mut bloc = Vec::new();
    for b in &s.adversary.bloc {
        if iso_ref(ck, b, by_iso, known)
            && let Ok(iso) = Iso::new(&b.value)
        {
            bloc.push(iso);
        }
    }
    let threat = |ck: &mut Checker, t: &super::raw::ThreatRaw| ThreatDef {
        start: meter(ck, &t.start, "threat"),
        trend_per_year: ck.number(&t.trend_per_year, -50.0, 50.0, "trend"),
    };
    let threats = [
        threat(ck, &s.threats.terrorism),
        threat(ck, &s.threats.cyber),
        threat(ck, &s.threats.climate),
        threat(ck, &s.threats.pandemic),
    ];
    let strength = meter(ck, &s.adversary.strength, "adversary strength");
    let intent = meter(ck, &s.adversary.intent, "adversary intent");
    let base_intent = s.adversary.base_intent.as_ref().map_or(intent, |b| meter(ck, b, "base intent"));
    let scenario = ScenarioDef {
        id: s.id.value.clone(),
        title: s.title.clone(),
        era: s.era.clone(),
        description: s.description.clone(),
        start,
        end,
        turn_schedule: schedule,
        alliance: AllianceStart {
            cohesion: meter(ck, &s.alliance.cohesion, "cohesion"),
            posture: ck.number(&s.alliance.posture, -50.0, 50.0, "posture"),
            credibility: meter(ck, &s.alliance.credibility, "credibility"),
            capital: meter(ck, &s.alliance.capital, "political capital"),
            legitimacy: meter(ck, &s.alliance.legitimacy, "legitimacy"),
            cyber_defence: meter(ck, &s.alliance.cyber_defence, "cyber defence"),
            technology: meter(ck, &s.alliance.technology, "technology"),
        },
        adversary: AdversaryDef {
            name: s.adversary.name.clone(),
            bloc,
            strength,
            intent,
            base_intent,
            buildup_per_year: ck.number(&s.adversary.buildup_per_year, -20.0, 20.0, "build-up per year"),
            probes: s.adversary.probes.clone(),
        },
        threats,
        guideline_pct: s.guideline_pct.as_ref().map(|g| ck.number(g, 0.5, 15.0, "guideline")),
        burden_reference_pct: ck.number(&s.burden_reference_pct, 0.5, 15.0, "burden reference"),
        article5_threshold: meter(ck, &s.article5_threshold, "Article 5 threshold"),
        max_events_per_turn: s.max_events_per_turn.value.min(10),
        objectives,
        difficulties,
        default_difficulty,
        historical_plan: plan,
        disabled_actions: s.disabled_actions.clone(),
        starting_flags: s.starting_flags.iter().map(|f| resolver.flag(&f.value)).collect(),
        codex: s.codex.iter().map(|c| c.value.clone()).collect(),
        discussion: s.discussion.clone(),
        event_packs: pack_names,
    };
    let turn_starts = scenario.turn_starts();
    if turn_starts.len() > 200 {
        ck.error(
            s.turn_months.span,
            format!("{} turns is too many for one scenario", turn_starts.len()),
            Some("use longer turns: a class period fits 10 to 20".into()),
        );
    }
    if resolver.flags.len() > usize::from(u16::MAX) {
        ck.error(s.id.span, "too many flags", None);
    }
    let mut content = Content {
        scenario,
        countries,
        partners,
        events: event_defs,
        flags: resolver.flags,
        turn_starts,
        content_hash: 0,
        events_by_turn: Vec::new(),
        months_by_turn: Vec::new(),
    };
    content.index_events();
    Some(content)
}

/// Why a plan step's command cannot work in this scenario, if it cannot.
fn plan_problem(command: &Command, r: &Resolver) -> Option<String> {
    let country =
        |iso: &Iso| if r.countries.contains_key(iso) { None } else { Some(format!("'{iso}' is not in this scenario")) };
    let partner =
        |id: &String| if r.partners.contains_key(id) { None } else { Some(format!("unknown partner '{id}'")) };
    match command {
        Command::PressSpending { member }
        | Command::DeployForward { member }
        | Command::Persuade { member }
        | Command::OfferConcession { member } => country(member),
        Command::InviteCandidate { candidate } => country(candidate),
        Command::DeepenPartnership { partner: p }
        | Command::BuildPartnerCapacity { partner: p }
        | Command::AidPartner { partner: p } => partner(p),
        Command::AnswerEvent { .. }
        | Command::CouncilPersuade { .. }
        | Command::InvokeArticleFive
        | Command::ConsultOnly
        | Command::RequestContribution { .. }
        | Command::CloseCouncil
        | Command::EndTurn => Some(
            "the historical plan holds actions only; events and the Council are answered by their own rules".into(),
        ),
        Command::HoldSummit { pledge: Some(p) } if !(1.0..=6.0).contains(p) => {
            Some("a pledge must be between 1% and 6% of GDP".into())
        }
        _ => None,
    }
}
