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
//! Format 1 is the first released format, so there is no step yet.

use serde_json::Value;

/// A step from one format to the next.
type Step = fn(Value) -> Result<Value, String>;

/// `STEPS[k]` turns a body of format `k + 1` into format `k + 2`.
const STEPS: &[Step] = &[];

/// The oldest format this build reads.
pub const OLDEST_READABLE: u32 = 1;

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
    fn the_current_format_needs_no_step() {
        let body = serde_json::json!({"save_version": 1, "label": "x"});
        let out = migrate(super::super::SAVE_VERSION, super::super::SAVE_VERSION, body.clone()).unwrap();
        assert_eq!(out["label"], body["label"]);
        assert!(migrate(0, 1, body).unwrap_err().contains("older than any"));
    }
}
