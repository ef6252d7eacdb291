//! The game's state around the rules: which screen is showing, the loaded scenarios, the
//! campaign in play, and the one system that applies commands to it.

use super::settings::Settings;
use crate::scenario::Catalog;
use crate::sim::{Applied, Campaign, Command};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

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
    /// A library still loading, and the work that loads it, to run on a worker thread.
    pub fn loading(env: crate::cli::Env) -> (Self, impl FnOnce() + Send + 'static) {
        let (tx, rx) = mpsc::channel();
        let work = move || {
            let _ = tx.send(env.load());
        };
        (Library { catalog: None, loading: Some(std::sync::Mutex::new(rx)) }, work)
    }
}

fn finish_loading(mut library: ResMut<Library>, mut next: ResMut<NextState<Screen>>) {
    let received = library.loading.as_ref().and_then(|rx| match rx.lock().ok()?.try_recv() {
        Ok(catalog) => Some(catalog),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => {
            // The loader stopped without a catalog (a bug, logged where it happened): rather than
            // wait forever, open the menus with nothing to play and say why.
            let mut catalog = Catalog::default();
            let why = "the data files could not be read: the loader stopped (the log says where)";
            catalog.diags.file_error("data files", why, None);
            Some(catalog)
        }
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The loading screen's part of the app, over a library fed by `rx`.
    fn loading_app(rx: Receiver<Catalog>) -> App {
        let mut app = App::new();
        app.add_plugins(bevy::state::app::StatesPlugin)
            .insert_resource(Library { catalog: None, loading: Some(std::sync::Mutex::new(rx)) })
            .init_state::<Screen>()
            .add_systems(PreUpdate, finish_loading.run_if(in_state(Screen::Loading)));
        app
    }

    fn screen(app: &App) -> Screen {
        *app.world().resource::<State<Screen>>().get()
    }

    #[test]
    fn the_title_follows_the_catalog_in_the_same_frame() {
        let (tx, rx) = mpsc::channel();
        let mut app = loading_app(rx);
        app.update();
        assert_eq!(screen(&app), Screen::Loading, "nothing read yet");
        tx.send(Catalog::default()).unwrap();
        app.update();
        assert_eq!(screen(&app), Screen::Title);
        assert!(app.world().resource::<Library>().catalog.as_ref().is_some_and(|c| !c.diags.has_errors()));
    }

    #[test]
    fn a_loader_that_stops_without_a_catalog_opens_the_menus_and_says_why() {
        let (tx, rx) = mpsc::channel::<Catalog>();
        drop(tx);
        let mut app = loading_app(rx);
        app.update();
        assert_eq!(screen(&app), Screen::Title, "not stuck on the loading screen");
        let library = app.world().resource::<Library>();
        let catalog = library.catalog.as_ref().expect("an empty catalog");
        assert!(catalog.scenarios.is_empty());
        assert_eq!(catalog.diags.error_count(), 1);
        assert!(catalog.diags.list[0].to_string().contains("the loader stopped"), "{}", catalog.diags.list[0]);
    }
}
