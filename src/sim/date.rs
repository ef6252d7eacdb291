//! Calendar dates at the game's resolution: a year and a month, with the day kept for display.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A date in the campaign. Turns advance by whole months; the day is kept only so that real
/// accession dates ("1955-05-06") read correctly in the codex and the debrief.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GameDate {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31; 1 when the source gave only a month.
    pub day: u8,
}

impl GameDate {
    /// A date at the start of a month.
    pub const fn ym(year: i32, month: u8) -> Self {
        GameDate { year, month, day: 1 }
    }

    /// Months since year 0, a number that orders and subtracts well.
    pub const fn month_index(self) -> i32 {
        self.year * 12 + (self.month as i32 - 1)
    }

    /// The first day of the month `index` months after year 0.
    pub const fn from_month_index(index: i32) -> Self {
        GameDate { year: index.div_euclid(12), month: (index.rem_euclid(12) + 1) as u8, day: 1 }
    }

    /// This date moved by `months` (the day is reset to the 1st).
    pub const fn plus_months(self, months: i32) -> Self {
        Self::from_month_index(self.month_index() + months)
    }

    /// "1950 H1"-style label for a turn that starts at this date and lasts `months`.
    pub fn turn_label(self, months: u32) -> String {
        match months {
            6 => format!("{} H{}", self.year, if self.month <= 6 { 1 } else { 2 }),
            3 => format!("{} Q{}", self.year, (self.month - 1) / 3 + 1),
            12 => format!("{}", self.year),
            m if m > 12 => {
                let end = self.plus_months(m as i32 - 1);
                format!("{}–{}", self.year, end.year)
            }
            _ => format!("{} {}", month_name(self.month), self.year),
        }
    }

    /// Parses "YYYY-MM" or "YYYY-MM-DD".
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("'{text}' is not a date; write it as \"YYYY-MM\" or \"YYYY-MM-DD\"");
        let mut parts = text.split('-');
        let year: i32 = parts.next().filter(|y| y.len() == 4).and_then(|y| y.parse().ok()).ok_or_else(bad)?;
        let month: u8 = parts.next().filter(|m| m.len() == 2).and_then(|m| m.parse().ok()).ok_or_else(bad)?;
        let day: u8 = match parts.next() {
            None => 1,
            Some(d) if d.len() == 2 => d.parse().map_err(|_| bad())?,
            Some(_) => return Err(bad()),
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        if !(1..=12).contains(&month) {
            return Err(format!("'{text}': month {month} is not between 01 and 12"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!("'{text}': {} has no day {day}", month_name(month)));
        }
        Ok(GameDate { year, month, day })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// English month name, 1-based.
pub fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES.get(usize::from(month.max(1)) - 1).copied().unwrap_or("?")
}

impl fmt::Display for GameDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.day == 1 {
            write!(f, "{:04}-{:02}", self.year, self.month)
        } else {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        }
    }
}

impl TryFrom<String> for GameDate {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        GameDate::parse(&value)
    }
}

impl From<GameDate> for String {
    fn from(value: GameDate) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_months_and_days() {
        assert_eq!(GameDate::parse("1949-04").unwrap(), GameDate::ym(1949, 4));
        assert_eq!(GameDate::parse("1955-05-06").unwrap(), GameDate { year: 1955, month: 5, day: 6 });
        assert!(GameDate::parse("1955-13").unwrap_err().contains("month 13"));
        assert!(GameDate::parse("1955-02-30").unwrap_err().contains("no day 30"));
        assert!(GameDate::parse("55-02").is_err());
        assert!(GameDate::parse("1955-02-01-03").is_err());
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(GameDate::ym(1949, 10).plus_months(6), GameDate::ym(1950, 4));
        assert_eq!(GameDate::ym(1950, 1).plus_months(-1), GameDate::ym(1949, 12));
        assert_eq!(GameDate::ym(1989, 11).month_index() - GameDate::ym(1989, 1).month_index(), 10);
    }

    #[test]
    fn labels_read_like_a_strategy_game() {
        assert_eq!(GameDate::ym(1952, 1).turn_label(6), "1952 H1");
        assert_eq!(GameDate::ym(1952, 7).turn_label(6), "1952 H2");
        assert_eq!(GameDate::ym(1956, 1).turn_label(24), "1956–1957");
        assert_eq!(GameDate::ym(2025, 4).turn_label(3), "2025 Q2");
        assert_eq!(GameDate::ym(1955, 5).to_string(), "1955-05");
        assert_eq!(GameDate { year: 1955, month: 5, day: 6 }.to_string(), "1955-05-06");
    }
}
