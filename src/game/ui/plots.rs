//! Time charts: the x axis is the calendar, marked in whole years, and hovering a line reads
//! out its date and value instead of raw coordinates.

use crate::sim::GameDate;
use egui_plot::{HoverPosition, Plot, uniform_grid_spacer};

/// A date as a fractional year, the x of a time chart.
pub fn year(d: GameDate) -> f64 {
    f64::from(d.year) + (f64::from(d.month) - 1.0) / 12.0
}

/// `plot` as a time chart whose values are read out with `decimals` places.
pub fn years(plot: Plot<'_>, decimals: usize) -> Plot<'_> {
    plot.x_grid_spacer(uniform_grid_spacer(|input| year_steps(input.base_step_size)))
        .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
        .label_formatter(move |pos| {
            Some(match pos {
                HoverPosition::NearDataPoint { plot_name, position, .. } => {
                    format!("{plot_name}\n{}: {:.decimals$}", date_text(position.x), position.y)
                }
                HoverPosition::Elsewhere { position } => date_text(position.x),
            })
        })
}

/// The three steps of a time chart's grid, in years: the first of 1, 2, 10, 20, 100… years that
/// is at least `min_step`, and the two after it. Each divides the next, so every mark is
/// labelled in the same rhythm, and no mark falls between two years.
pub fn year_steps(min_step: f64) -> [f64; 3] {
    let nice = |k: i32| [1.0, 2.0][(k % 2) as usize] * 10f64.powi(k / 2);
    let first = (0..20).find(|&k| nice(k) >= min_step).unwrap_or(19);
    [nice(first), nice(first + 1), nice(first + 2)]
}

/// A fractional year as year and month, as the game writes dates: "1950-04".
pub fn date_text(x: f64) -> String {
    let months = (x * 12.0).round() as i64;
    format!("{}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_steps_are_whole_years_each_dividing_the_next() {
        assert_eq!(year_steps(0.2), [1.0, 2.0, 10.0]);
        assert_eq!(year_steps(1.0), [1.0, 2.0, 10.0]);
        assert_eq!(year_steps(1.3), [2.0, 10.0, 20.0]);
        assert_eq!(year_steps(2.2), [10.0, 20.0, 100.0]);
        assert_eq!(year_steps(11.0), [20.0, 100.0, 200.0]);
        for min in [0.1, 0.9, 1.5, 3.0, 7.0, 15.0, 40.0] {
            let [a, b, c] = year_steps(min);
            assert!(a >= min && a >= 1.0 && b % a == 0.0 && c % b == 0.0, "{min}: {a} {b} {c}");
        }
    }

    #[test]
    fn dates_read_back_as_the_game_writes_them() {
        let d = GameDate::ym(1950, 4);
        assert_eq!(date_text(year(d)), "1950-04");
        assert_eq!(date_text(year(GameDate::ym(1989, 12))), "1989-12");
        assert_eq!(date_text(year(GameDate::ym(2001, 1))), "2001-01");
        // A point drawn just after a date (the current turn's) still reads as that date.
        assert_eq!(date_text(year(d) + 0.01), "1950-04");
    }
}
