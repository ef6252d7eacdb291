//! Hot reload: while the game runs, the data files it read (and the mod folders) are watched;
//! when one changes, everything is read and checked again. A good edit takes effect at once in
//! the menus (and is offered to a running campaign); a bad edit shows its errors and the last
//! good version stays in use.

use super::session::{Library, Screen, Session};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// Seconds between checks of the files' modification times.
const POLL_SECONDS: f32 = 1.0;

/// The files being watched and when each last changed.
#[derive(Resource, Default)]
struct Watched {
    files: Vec<(PathBuf, Option<SystemTime>)>,
    since_poll: f32,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Watched>().add_systems(Update, poll.run_if(not(in_state(Screen::Loading))));
}

fn stamp(path: &PathBuf) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn watch(catalog: &crate::scenario::Catalog) -> Vec<(PathBuf, Option<SystemTime>)> {
    crate::scenario::mods::watched_files(catalog).into_iter().map(|p| (p.clone(), stamp(&p))).collect()
}

fn poll(mut watched: ResMut<Watched>, mut library: ResMut<Library>, mut session: ResMut<Session>, time: Res<Time>) {
    let Some(catalog) = library.catalog.clone() else { return };
    if watched.files.is_empty() {
        watched.files = watch(&catalog);
        return;
    }
    watched.since_poll += time.delta_secs();
    if watched.since_poll < POLL_SECONDS {
        return;
    }
    watched.since_poll = 0.0;
    let changed = watched.files.iter().any(|(path, when)| stamp(path) != *when);
    if !changed {
        return;
    }
    let mut fresh = crate::scenario::mods::reload(&catalog);
    watched.files = watch(&fresh);
    let kept = crate::scenario::mods::keep_last_good(&catalog, &mut fresh);
    let now = time.elapsed_secs_f64();
    let what = crate::scenario::mods::changes(&catalog, &fresh);
    let errors = fresh.diags.error_count();
    info!("data files changed: {}", what.join("; "));
    // Scenarios with errors are left out of the new catalog, so a campaign keeps the last good
    // version of its own; the menus show what loaded.
    if let Some(campaign) = &session.campaign {
        let id = &campaign.content().scenario.id;
        match fresh.scenario(id) {
            Some(new) if new.content_hash != campaign.content().content_hash => {
                session.reload_offer = Some(format!("'{}' was edited: {}", new.scenario.title, what.join("; ")));
            }
            None => {
                session.toast = Some((
                    format!(
                        "The edited scenario '{id}' now has errors; the game keeps its last good version. See Mods and data files."
                    ),
                    now,
                ));
            }
            _ => {}
        }
    }
    let message = if errors > 0 && !kept.is_empty() {
        format!(
            "Data files changed: {errors} problem(s) found; the last good version of {} stays in use. See Mods and data files",
            kept.join(", ")
        )
    } else if errors > 0 {
        format!("Data files changed: {errors} problem(s) found, see Mods and data files")
    } else if what.is_empty() {
        "Data files reloaded".to_string()
    } else {
        format!("Data files reloaded: {}", what.join("; "))
    };
    if session.toast.is_none() {
        session.toast = Some((message, now));
    }
    library.catalog = Some(Arc::new(fresh));
}
