//! The game's state around the rules: which screen is showing, the loaded scenarios, the
//! campaign in play, and the one system that applies commands to it.

use super::settings::Settings;
use crate::scenario::Catalog;
use crate::sim::{Applied, Campaign, Command};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

/// The screens of the game.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Reading and checking the data files.
    #[default]
    Loading,
    Title,
    NewGame,
    LoadGame,
    Campaign,
    End,
    Codex,
    Mods,
    Settings,
}

/// The data folder the game reads, with its mods.
#[derive(Resource, Clone, Debug)]
pub struct DataDir(pub crate::cli::Env);

/// The loaded scenarios, codex and member database, with any problems found in the files.
#[derive(Resource, Default)]
pub struct Library {
    pub catalog: Option<Arc<Catalog>>,
    loading: Option<std::sync::Mutex<Receiver<Catalog>>>,
}

/// A command from the UI, applied at the start of the next frame.
#[derive(Message, Clone, Debug)]
pub struct Issue(pub Command);

/// A class game: the code the student typed, their name and this lesson's turn limit.
#[derive(Clone, Debug)]
pub struct ClassPlay {
    pub code: crate::classroom::ClassCode,
    pub student: String,
    pub lesson: crate::classroom::Session,
}

/// The campaign being played and what the player is looking at.
#[derive(Resource, Default)]
pub struct Session {
    pub campaign: Option<Campaign>,
    /// A refusal or save message to show briefly.
    pub toast: Option<(String, f64)>,
    /// The last autosave's path.
    pub last_autosave: Option<PathBuf>,
    /// Set when the game was started from a class code.
    pub class: Option<ClassPlay>,
    /// The campaign's scenario files changed on disk; what changed.
    pub reload_offer: Option<String>,
}

impl Session {
    pub fn start(&mut self, campaign: Campaign) {
        self.campaign = Some(campaign);
        self.toast = None;
        self.class = None;
        self.reload_offer = None;
    }

    /// Whether this lesson's turns are used up (class games with a turn limit).
    pub fn lesson_over(&self) -> bool {
        match (&self.class, &self.campaign) {
            (Some(class), Some(c)) => !c.is_over() && class.lesson.limit_reached(c.state().turn),
            _ => false,
        }
    }

    /// Saves the campaign under a name, with the student and class code in class games.
    pub fn save_as(&self, name: &str) -> Result<PathBuf, String> {
        let campaign = self.campaign.as_ref().ok_or("no game to save")?;
        let dir = crate::save::saves_dir().ok_or("no folder for saves on this system")?;
        let file: String =
            name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).take(60).collect();
        let path = dir.join(format!("{}.a5save", if file.is_empty() { "save".to_string() } else { file }));
        let (student, code) = match &self.class {
            Some(c) => (Some(c.student.as_str()), Some(&c.code)),
            None => (None, None),
        };
        crate::classroom::save_student_game(campaign, &path, name, student, code).map_err(|e| e.to_string())?;
        Ok(path)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<Session>()
        .add_message::<Issue>()
        // Before the frame's state transition, so the title follows in the same frame.
        .add_systems(PreUpdate, finish_loading.run_if(in_state(Screen::Loading)))
        .add_systems(Update, apply_issues.run_if(in_state(Screen::Campaign)));
}

impl Library {
    /// Starts reading the data files on a worker thread, at once: they load while the window
    /// and the renderer start, and the loading screen waits only for what is left.
    pub fn load_in_background(env: crate::cli::Env) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(env.load());
        });
        Library { catalog: None, loading: Some(std::sync::Mutex::new(rx)) }
    }
}

fn finish_loading(mut library: ResMut<Library>, mut next: ResMut<NextState<Screen>>) {
    let received = library.loading.as_ref().and_then(|rx| rx.lock().ok().and_then(|rx| rx.try_recv().ok()));
    if let Some(catalog) = received {
        if catalog.diags.has_errors() {
            warn!("{} problem(s) in the data files; broken scenarios are left out", catalog.diags.error_count());
        }
        library.catalog = Some(Arc::new(catalog));
        library.loading = None;
    }
    if library.catalog.is_some() {
        next.set(Screen::Title);
    }
}

/// Applies the UI's commands to the campaign, the only place the campaign changes in play.
fn apply_issues(
    mut issues: MessageReader<Issue>,
    mut session: ResMut<Session>,
    mut next: ResMut<NextState<Screen>>,
    settings: Res<Settings>,
    time: Res<Time>,
) {
    let now = time.elapsed_secs_f64();
    for Issue(command) in issues.read() {
        let Some(campaign) = session.campaign.as_mut() else { continue };
        match campaign.apply(command.clone()) {
            Ok(Applied::TurnEnded) => {
                if settings.autosave {
                    autosave(&mut session, settings.autosaves_kept);
                }
            }
            Ok(Applied::CampaignEnded) => {
                if settings.autosave {
                    autosave(&mut session, settings.autosaves_kept);
                }
                next.set(Screen::End);
            }
            Ok(Applied::Done) => {}
            Err(refusal) => session.toast = Some((refusal.0, now)),
        }
    }
}

fn autosave(session: &mut Session, keep: usize) {
    let (Some(campaign), Some(dir)) = (session.campaign.as_ref(), crate::save::saves_dir()) else { return };
    match crate::save::autosave(campaign, &dir, keep) {
        Ok(path) => {
            // A class game's autosave carries the student and the code, for the class report.
            if let Some(class) = &session.class {
                let label =
                    format!("Autosave: {} turn {}", campaign.content().scenario.title, campaign.state().turn + 1);
                if let Err(e) = crate::classroom::save_student_game(
                    campaign,
                    &path,
                    &label,
                    Some(&class.student),
                    Some(&class.code),
                ) {
                    warn!("autosave failed: {e}");
                }
            }
            session.last_autosave = Some(path);
        }
        Err(e) => warn!("autosave failed: {e}"),
    }
}
