//! Bringing saves of older formats up to the current one.
//!
//! A save's body is JSON, so a migration is a function from the body of format N (as a
//! `serde_json::Value`) to the body of format N + 1: rename a field, add one with the value the
//! old rules implied, split or drop one. Loading runs every step from the file's format to
//! [`super::SAVE_VERSION`] in order, then deserializes. To change the format: bump
//! `SAVE_VERSION`, append the step here, and commit a save of the new format (made with
//! `article-five simulate --runs 1 --save FILE`) beside the older ones in
//! `tests/fixtures/saves/`, whose test loads every one of them.
//!
//! Format 1 is the first released format. Format 2 keeps each country's figures in a history
//! snapshot together (`countries: [[spending, support, alignment, threat perception], ...]`)
//! instead of in four parallel lists.

use serde_json::Value;

/// A step from one format to the next.
type Step = fn(Value) -> Result<Value, String>;

/// `STEPS[k]` turns a body of format `k + 1` into format `k + 2`.
const STEPS: &[Step] = &[snapshot_figures_by_country];

/// The oldest format this build reads.
pub const OLDEST_READABLE: u32 = 1;

/// Format 1 → 2: each snapshot's four per-country lists become one list of four-number entries.
fn snapshot_figures_by_country(mut body: Value) -> Result<Value, String> {
    const LISTS: [&str; 4] = ["spending", "support", "alignment", "threat_perception"];
    let Some(snapshots) = body.pointer_mut("/state/snapshots").and_then(Value::as_array_mut) else {
        return Err("the saved state has no history snapshots".into());
    };
    for (k, snap) in snapshots.iter_mut().enumerate() {
        let Some(snap) = snap.as_object_mut() else {
            return Err(format!("history snapshot {} is not a record", k + 1));
        };
        let mut lists = Vec::with_capacity(LISTS.len());
        for name in LISTS {
            match snap.remove(name) {
                Some(Value::Array(list)) => lists.push(list),
                _ => return Err(format!("history snapshot {} has no list of {name} figures", k + 1)),
            }
        }
        let n = lists[0].len();
        if lists.iter().any(|l| l.len() != n) {
            return Err(format!("history snapshot {}: its per-country lists differ in length", k + 1));
        }
        let countries = (0..n).map(|i| Value::Array(lists.iter().map(|l| l[i].clone()).collect())).collect();
        snap.insert("countries".into(), Value::Array(countries));
    }
    Ok(body)
}

/// Runs the steps from format `from` up to `to`. The body's own `save_version` is set to `to`.
pub fn migrate(from: u32, to: u32, mut body: Value) -> Result<Value, String> {
    if from < OLDEST_READABLE {
        return Err(format!("save format {from} is older than any this version reads"));
    }
    for version in from..to {
        let step = STEPS
            .get((version - OLDEST_READABLE) as usize)
            .ok_or_else(|| format!("no way to bring save format {version} to {}", version + 1))?;
        body = step(body).map_err(|e| format!("bringing save format {version} to {}: {e}", version + 1))?;
    }
    if let Some(object) = body.as_object_mut() {
        object.insert("save_version".into(), Value::from(to));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_a_step_for_every_older_format() {
        // A format bump without its step would leave older saves unreadable.
        assert_eq!(STEPS.len() as u32, super::super::SAVE_VERSION - OLDEST_READABLE);
    }

    #[test]
    fn format_1_snapshots_are_regrouped_by_country() {
        let v1 = serde_json::json!({"save_version": 1, "state": {"snapshots": [
            {"turn": 0, "spending": [1.5, 2.5], "support": [60.0, 55.0], "alignment": [80.0, 70.0],
             "threat_perception": [40.0, 35.0], "members": 2}
        ]}});
        let v2 = migrate(1, 2, v1).unwrap();
        let snap = &v2["state"]["snapshots"][0];
        assert_eq!(snap["countries"], serde_json::json!([[1.5, 60.0, 80.0, 40.0], [2.5, 55.0, 70.0, 35.0]]));
        assert!(snap.get("spending").is_none() && snap.get("threat_perception").is_none());
        assert_eq!(snap["members"], 2);
        assert_eq!(v2["save_version"], 2);
    }

    #[test]
    fn a_format_1_body_without_its_lists_is_refused_with_the_reason() {
        let missing = serde_json::json!({"save_version": 1, "state": {"snapshots": [{"turn": 0, "spending": [1.0]}]}});
        let e = migrate(1, 2, missing).unwrap_err();
        assert_eq!(e, "bringing save format 1 to 2: history snapshot 1 has no list of support figures");
        let uneven = serde_json::json!({"save_version": 1, "state": {"snapshots": [
            {"spending": [1.0, 2.0], "support": [1.0], "alignment": [1.0, 2.0], "threat_perception": [1.0, 2.0]}
        ]}});
        assert!(migrate(1, 2, uneven).unwrap_err().contains("differ in length"));
        assert!(migrate(1, 2, serde_json::json!({"state": {}})).unwrap_err().contains("no history snapshots"));
    }

    #[test]
    fn the_current_format_needs_no_step() {
        let body = serde_json::json!({"save_version": super::super::SAVE_VERSION, "label": "x"});
        let out = migrate(super::super::SAVE_VERSION, super::super::SAVE_VERSION, body.clone()).unwrap();
        assert_eq!(out["label"], body["label"]);
        assert!(migrate(0, 1, body).unwrap_err().contains("older than any"));
    }
}
