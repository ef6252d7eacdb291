//! Small identifiers and the closed vocabularies the rules, the files and the UI share:
//! country codes, meters, member figures, threats, regions and traits.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 3166-1 alpha-3 country code ("DEU"), stored inline so that it is cheap to copy and compare.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iso([u8; 3]);

impl Iso {
    /// Builds a code from three ASCII capital letters; anything else is refused.
    pub fn new(text: &str) -> Result<Self, String> {
        let bytes = text.as_bytes();
        if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase) {
            Ok(Iso([bytes[0], bytes[1], bytes[2]]))
        } else {
            Err(format!("'{text}' is not a country code; use three capital letters such as \"DEU\""))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ever built from ASCII capitals, so this cannot fail; fall back to "???" rather than panic.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Iso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Iso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_str())
    }
}

impl TryFrom<String> for Iso {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Iso::new(&value)
    }
}

impl From<Iso> for String {
    fn from(value: Iso) -> Self {
        value.as_str().to_string()
    }
}

/// Declares a closed vocabulary: a `Copy` enum with its list, its file name and a display label.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in scenario files.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),+ }
            }

            /// The name shown to players.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Looks a value up by its file name.
            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// The alliance-wide meters, each 0–100.
    AllianceMeter {
        /// How well the allies hold together.
        Cohesion => "Cohesion",
        /// Whether an adversary believes an attack would fail.
        Deterrence => "Deterrence",
        /// Whether allies and adversary believe the pledges will be kept.
        Credibility => "Credibility",
        /// The Secretary General's currency for actions.
        Capital => "Political capital",
        /// Share of members meeting the spending guideline (computed, not set directly).
        BurdenSharing => "Burden sharing",
        /// Public acceptance of the alliance across its members.
        Legitimacy => "Legitimacy",
        /// Common investment in cyber defence.
        CyberDefence => "Cyber defence",
        /// Common investment in new technology, AI among it.
        Technology => "Technology",
    }
}

vocabulary! {
    /// Figures kept for each member (and candidate or partner country).
    MemberStat {
        /// Defence spending as a percentage of GDP.
        SpendingPct => "Defence spending (% GDP)",
        /// Gross domestic product, USD billions (effects change it by a percentage).
        Gdp => "GDP",
        /// Military capability built from spending over time (effects change it by a percentage).
        Capability => "Capability",
        /// Public support for the alliance, 0–100.
        PublicSupport => "Public support",
        /// How threatened the country feels, 0–100.
        ThreatPerception => "Threat perception",
        /// Agreement with the alliance line, 0–100.
        Alignment => "Alignment",
        /// Allied forces stationed forward on its soil, 0–100.
        ForwardForces => "Forward forces",
    }
}

vocabulary! {
    /// The adversary's figures, each 0–100.
    AdversaryStat {
        Strength => "Adversary strength",
        Intent => "Adversary intent",
    }
}

vocabulary! {
    /// Threats that do not come from the adversary's armies, each 0–100.
    ThreatKind {
        Terrorism => "Terrorism",
        Cyber => "Cyber threat",
        Climate => "Climate risk",
        Pandemic => "Pandemic risk",
    }
}

vocabulary! {
    /// Figures kept for each partner (an institution or a country outside the alliance).
    PartnerStat {
        /// Closeness of the partnership, 0–100.
        Ties => "Ties",
        /// Ability to resist pressure or invasion, 0–100.
        Resilience => "Resilience",
    }
}

vocabulary! {
    /// Where a country sits, which decides how near the adversary feels.
    Region {
        NorthAmerica => "North America",
        Atlantic => "North Atlantic islands",
        Western => "Western Europe",
        Northern => "Northern Europe",
        Southern => "Southern Europe",
        Central => "Central Europe",
        Eastern => "Eastern flank",
        Balkans => "Balkans",
        SouthEastern => "South-eastern flank",
        Caucasus => "Caucasus and Black Sea",
    }
}

vocabulary! {
    /// Habits that make a member behave differently from the rest.
    Trait {
        /// Blocks invitations and consensus unless persuaded or paid off.
        VetoHabit => "Veto habit",
        /// Goes its own way when cohesion is high and it feels sidelined (France under de Gaulle).
        IndependentStreak => "Independent streak",
        /// Holds nuclear weapons: its capability counts more for deterrence.
        Nuclear => "Nuclear power",
        /// Trades heavily with the adversary: sanctions hurt it.
        TradeExposed => "Trade-exposed",
        /// A tradition of neutrality or non-alignment weighs on its public.
        NeutralTradition => "Neutral tradition",
        /// Has no armed forces of its own (Iceland).
        NoArmedForces => "No armed forces",
        /// Big enough to carry the alliance, and loud about others' spending.
        LeadPayer => "Lead payer",
    }
}

vocabulary! {
    /// Kinds of armed attack or aggression that can open the North Atlantic Council.
    AttackKind {
        /// A mass-casualty terrorist strike.
        Terrorist => "Terrorist attack",
        /// An armed attack by the adversary's forces.
        Conventional => "Armed attack",
        /// Sabotage, little green men, weaponised migration: aggression below open war.
        Hybrid => "Hybrid attack",
        /// An attack on networks and infrastructure.
        Cyber => "Cyber attack",
        /// Drones, missiles or aircraft straying into allied airspace.
        Incursion => "Airspace incursion",
    }
}

vocabulary! {
    /// Operations the alliance can run outside collective defence.
    MissionKind {
        /// Hunting terrorist networks and their havens (Afghanistan after 2001).
        CounterTerrorism => "Counter-terrorism operation",
        /// Crisis management beyond the treaty area (Bosnia, Kosovo, Libya).
        CrisisManagement => "Crisis-management operation",
        /// Patrolling sea lanes against piracy and smuggling.
        Maritime => "Maritime security operation",
        /// Training and advising partner forces.
        Training => "Training mission",
    }
}

vocabulary! {
    /// Kinds of partner.
    PartnerKind {
        /// An international organisation (the EU, the UN).
        Institution => "Institution",
        /// A country outside the alliance (Ukraine, Georgia).
        Country => "Partner country",
        /// A programme that gathers many partners (Partnership for Peace).
        Programme => "Partnership programme",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_codes_are_three_capitals() {
        assert_eq!(Iso::new("DEU").unwrap().as_str(), "DEU");
        assert!(Iso::new("deu").is_err());
        assert!(Iso::new("DE").is_err());
        assert!(Iso::new("DEUT").is_err());
    }

    #[test]
    fn vocabularies_round_trip_by_id() {
        for meter in AllianceMeter::ALL {
            assert_eq!(AllianceMeter::from_id(meter.id()), Some(*meter));
        }
        assert_eq!(MemberStat::from_id("SpendingPct"), Some(MemberStat::SpendingPct));
        assert_eq!(MemberStat::from_id("spending"), None);
        assert_eq!(AllianceMeter::Capital.label(), "Political capital");
    }
}
