//! Map modes and their colours: a colour-blind-safe palette (Okabe–Ito for categories, a
//! blue–orange diverging scale for spending, viridis for levels) with the legend for each.

use crate::sim::ids::AllianceMeter;
use crate::sim::{Campaign, Iso, Status};
use bevy_egui::egui::Color32;

/// What the map colours countries by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MapMode {
    #[default]
    Membership,
    Spending,
    Threat,
    Support,
}

impl MapMode {
    pub const ALL: [MapMode; 4] = [MapMode::Membership, MapMode::Spending, MapMode::Threat, MapMode::Support];

    pub fn label(self) -> &'static str {
        match self {
            MapMode::Membership => "Membership",
            MapMode::Spending => "Defence spending",
            MapMode::Threat => "Threat perception",
            MapMode::Support => "Public support",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            MapMode::Membership => "1",
            MapMode::Spending => "2",
            MapMode::Threat => "3",
            MapMode::Support => "4",
        }
    }
}

// Okabe–Ito, distinguishable with the common forms of colour blindness.
pub const BLUE: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);
pub const SKY: Color32 = Color32::from_rgb(0x56, 0xB4, 0xE9);
pub const GREEN: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);
pub const VERMILLION: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
pub const YELLOW: Color32 = Color32::from_rgb(0xF0, 0xE4, 0x42);
pub const PURPLE: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);
/// Okabe–Ito's orange.
pub const ORANGE: Color32 = Color32::from_rgb(0xE6, 0x9F, 0x00);
/// A light grey, the eighth of a set of Okabe–Ito colours (their black would vanish on the
/// dark panels).
pub const SILVER: Color32 = Color32::from_rgb(0xC8, 0xCC, 0xD2);

/// The colour of an alliance meter's line in the charts, and of its name beside them (the names
/// are the charts' legend). The four meters charted from the start take the four colours that
/// stand furthest apart.
pub fn meter_color(meter: AllianceMeter) -> Color32 {
    match meter {
        AllianceMeter::Cohesion => ORANGE,
        AllianceMeter::Deterrence => SKY,
        AllianceMeter::Credibility => GREEN,
        AllianceMeter::Legitimacy => PURPLE,
        AllianceMeter::Capital => YELLOW,
        AllianceMeter::BurdenSharing => VERMILLION,
        AllianceMeter::CyberDefence => BLUE,
        AllianceMeter::Technology => SILVER,
    }
}

/// Land not in play.
pub const LAND: Color32 = Color32::from_rgb(0x3A, 0x40, 0x48);
/// Land in play but without data in this mode.
pub const NO_DATA: Color32 = Color32::from_rgb(0x52, 0x58, 0x60);

/// Viridis at five stops, low to high.
const VIRIDIS: [Color32; 5] = [
    Color32::from_rgb(0x44, 0x01, 0x54),
    Color32::from_rgb(0x3B, 0x52, 0x8B),
    Color32::from_rgb(0x21, 0x90, 0x8C),
    Color32::from_rgb(0x5D, 0xC8, 0x63),
    Color32::from_rgb(0xFD, 0xE7, 0x25),
];

/// Spending against the guideline: well below (orange) to well above (blue).
const SPENDING: [Color32; 5] = [
    ORANGE,
    Color32::from_rgb(0xF2, 0xC7, 0x6E),
    Color32::from_rgb(0xE8, 0xE0, 0xC8),
    Color32::from_rgb(0x8D, 0xC3, 0xE6),
    Color32::from_rgb(0x00, 0x72, 0xB2),
];

fn level(value: f64) -> Color32 {
    VIRIDIS[((value / 20.0).floor().clamp(0.0, 4.0)) as usize]
}

fn spending(ratio: f64) -> Color32 {
    let i = if ratio < 0.5 {
        0
    } else if ratio < 0.8 {
        1
    } else if ratio < 1.0 {
        2
    } else if ratio < 1.5 {
        3
    } else {
        4
    };
    SPENDING[i]
}

/// The colour of a country on the map, or None when it takes no part in the campaign.
pub fn country_color(mode: MapMode, campaign: &Campaign, iso: Iso) -> Color32 {
    let content = campaign.content();
    let Some(idx) = content.country_index(iso) else {
        if mode == MapMode::Membership && content.scenario.adversary.bloc.contains(&iso) {
            return VERMILLION;
        }
        if let Some(p) = content.partners.iter().position(|p| p.country == Some(iso))
            && mode == MapMode::Membership
        {
            return if campaign.state().partners[p].at_war { PURPLE } else { GREEN };
        }
        return LAND;
    };
    let c = &campaign.state().countries[usize::from(idx)];
    match mode {
        MapMode::Membership => match c.status {
            Status::Member => BLUE,
            Status::Invited { .. } => SKY,
            Status::Candidate => YELLOW,
            Status::Partner => GREEN,
            Status::Former => PURPLE,
        },
        _ if c.status != Status::Member => NO_DATA,
        MapMode::Spending => {
            if c.traits.has(crate::sim::ids::Trait::NoArmedForces) {
                return NO_DATA;
            }
            let reference = campaign.state().alliance.guideline_pct.unwrap_or(content.scenario.burden_reference_pct);
            spending(c.spending_pct / reference.max(0.1))
        }
        MapMode::Threat => level(c.threat_perception),
        MapMode::Support => level(c.public_support),
    }
}

/// The colour of a country on the title screen: today's members.
pub fn title_color(members: &[Iso], iso: Iso) -> Color32 {
    if members.contains(&iso) { BLUE } else { LAND }
}

/// The legend of a map mode.
pub fn legend(mode: MapMode, campaign: &Campaign) -> Vec<(Color32, String)> {
    match mode {
        MapMode::Membership => vec![
            (BLUE, "Member".into()),
            (SKY, "Invited".into()),
            (YELLOW, "Candidate".into()),
            (GREEN, "Partner".into()),
            (PURPLE, "Partner at war / former member".into()),
            (VERMILLION, campaign.content().scenario.adversary.name.clone()),
        ],
        MapMode::Spending => {
            let s = &campaign.state().alliance;
            let reference = s.guideline_pct.unwrap_or(campaign.content().scenario.burden_reference_pct);
            let what = if s.guideline_pct.is_some() { "guideline" } else { "fair share" };
            vec![
                (SPENDING[0], format!("under half the {what} ({:.1}%)", reference * 0.5)),
                (SPENDING[1], format!("half to 80% of the {what}")),
                (SPENDING[2], format!("just under the {what}")),
                (SPENDING[3], format!("at the {what} ({reference:.1}% of GDP)")),
                (SPENDING[4], format!("1.5× the {what} or more")),
                (NO_DATA, "not a member / no armed forces".into()),
            ]
        }
        MapMode::Threat | MapMode::Support => {
            let mut out: Vec<(Color32, String)> =
                (0..5).map(|i| (VIRIDIS[i], format!("{}–{}", i * 20, i * 20 + 20))).collect();
            out.push((NO_DATA, "not a member".into()));
            out
        }
    }
}

/// A colour lightened toward white by `t` (0–1), for hover.
/// The wash over the country under the pointer: white at a fifth of full strength, its colour
/// premultiplied in linear light (egui's shader here blends in linear light), which lightens a
/// country about as much as `lighten(c, 0.25)`.
pub const HOVER_WASH: Color32 = Color32::from_rgba_premultiplied(124, 124, 124, 51);

pub fn lighten(c: Color32, t: f32) -> Color32 {
    let mix = |a: u8| (f32::from(a) + (255.0 - f32::from(a)) * t) as u8;
    Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_meter_has_a_colour_of_its_own_that_shows_on_the_panels() {
        let colors: Vec<Color32> = AllianceMeter::ALL.iter().map(|&m| meter_color(m)).collect();
        for (i, a) in colors.iter().enumerate() {
            assert!(colors[i + 1..].iter().all(|b| b != a), "{:?} shares its colour", AllianceMeter::ALL[i]);
        }
        // Each stands out from the panels' near-black by at least a third of the brightest channel.
        let panel = crate::game::ui::theme::PANEL.to_srgba_unmultiplied();
        for (m, c) in AllianceMeter::ALL.iter().zip(&colors) {
            let lift = [c.r(), c.g(), c.b()].iter().zip(&panel).map(|(&x, &y)| x.abs_diff(y)).max().unwrap();
            assert!(lift >= 85, "{m:?}: {c:?} is too close to the panels");
        }
    }

    #[test]
    fn levels_fall_into_five_bins() {
        assert_eq!(level(0.0), VIRIDIS[0]);
        assert_eq!(level(39.9), VIRIDIS[1]);
        assert_eq!(level(100.0), VIRIDIS[4]);
    }

    #[test]
    fn spending_against_the_guideline_diverges_at_one() {
        assert_eq!(spending(0.4), SPENDING[0]);
        assert_eq!(spending(0.99), SPENDING[2]);
        assert_eq!(spending(1.0), SPENDING[3]);
        assert_eq!(spending(2.0), SPENDING[4]);
    }
}
