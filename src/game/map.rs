//! The map: one mesh per country from the shipped shapes, recoloured by the map mode, with
//! hover and selection through the pure hit index in `crate::map`.

use super::camera::MapCamera;
use super::palette::{self, MapMode};
use super::session::{Library, Screen, Session};
use crate::map::{HitIndex, Projection};
use crate::sim::Iso;
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy_egui::egui;

/// Width of the border lines, in map units.
const BORDER_WIDTH: f32 = 0.9;

/// The country shapes, their hit index and label anchors.
#[derive(Resource)]
pub struct MapShapes {
    pub isos: Vec<Iso>,
    pub names: Vec<String>,
    pub labels: Vec<[f32; 2]>,
    pub hit: HitIndex,
    materials: Vec<Handle<ColorMaterial>>,
    colors: Vec<egui::Color32>,
}

/// What the map shows and where the pointer is.
#[derive(Resource, Default)]
pub struct MapView {
    pub mode: MapMode,
    /// Map index of the country under the pointer.
    pub hovered: Option<usize>,
    /// Map index of the selected country.
    pub selected: Option<usize>,
    /// The screen rectangle not covered by panels, in egui points; map input only counts there.
    pub free_rect: Option<egui::Rect>,
    /// egui zoom factor, to turn egui points into window pixels.
    pub zoom: f32,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MapView>()
        .add_systems(Startup, spawn_map)
        .add_systems(Update, (hover_and_select, recolor).chain().run_if(resource_exists::<MapShapes>));
}

/// The folder with the game's assets: `$ARTICLE_FIVE_ASSETS`, `assets/` here, beside the
/// executable or two levels up, or the source tree.
pub fn assets_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("ARTICLE_FIVE_ASSETS") {
        return dir.into();
    }
    let mut candidates = vec![std::path::PathBuf::from("assets")];
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        candidates.push(dir.join("assets"));
        candidates.extend(dir.ancestors().nth(2).map(|d| d.join("assets")));
    }
    candidates.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"));
    let found = candidates.iter().find(|d| d.join("map/countries.json").is_file()).cloned();
    found.unwrap_or_else(|| candidates.remove(candidates.len() - 1))
}

fn spawn_map(mut commands: Commands, mut meshes: ResMut<Assets<Mesh>>, mut materials: ResMut<Assets<ColorMaterial>>) {
    let path = assets_dir().join("map/countries.json");
    let countries = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|json| crate::map::load_countries(&json).map_err(|e| e.to_string()))
    {
        Ok(c) => c,
        Err(e) => {
            // The game is still playable without the map; say why it is missing.
            error!("cannot load the map from {}: {e}", path.display());
            return;
        }
    };
    let proj = Projection::north_atlantic();
    let mut isos = Vec::new();
    let mut names = Vec::new();
    let mut labels = Vec::new();
    let mut handles = Vec::new();
    let mut border_positions: Vec<[f32; 3]> = Vec::new();
    let mut border_indices: Vec<u32> = Vec::new();
    for country in &countries {
        let tri = crate::map::triangulate_country(country, &proj);
        let positions: Vec<[f32; 3]> = tri.positions.iter().map(|p| [p[0], p[1], 0.0]).collect();
        let mesh = Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
            .with_inserted_indices(Indices::U32(tri.indices));
        let material = materials.add(ColorMaterial::from_color(to_color(palette::LAND)));
        commands.spawn((Mesh2d(meshes.add(mesh)), MeshMaterial2d(material.clone()), Transform::default()));
        handles.push(material);
        for ring in crate::map::outlines(country, &proj) {
            add_line(&mut border_positions, &mut border_indices, &ring);
        }
        isos.push(Iso::new(&country.iso3).unwrap_or(Iso::new("XXX").unwrap_or_else(|_| unreachable_iso())));
        names.push(country.name.clone());
        // Russia's largest shape puts its label in Siberia, off the window: place it by hand.
        let label =
            if country.iso3 == "RUS" { proj.project(40.0, 57.0) } else { crate::map::label_point(country, &proj) };
        labels.push(label);
    }
    let border = Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, border_positions)
        .with_inserted_indices(Indices::U32(border_indices));
    commands.spawn((
        Mesh2d(meshes.add(border)),
        MeshMaterial2d(materials.add(ColorMaterial::from_color(Color::srgb(0.07, 0.08, 0.1)))),
        Transform::from_xyz(0.0, 0.0, 1.0),
    ));
    let hit = HitIndex::new(&countries, &proj);
    let colors = vec![palette::LAND; isos.len()];
    commands.insert_resource(MapShapes { isos, names, labels, hit, materials: handles, colors });
}

fn unreachable_iso() -> Iso {
    // Country codes in the shipped asset are all valid; this keeps a bad asset from crashing.
    Iso::new("ZZZ").expect("ZZZ is three capitals")
}

/// A polyline as a strip of quads of constant width.
fn add_line(positions: &mut Vec<[f32; 3]>, indices: &mut Vec<u32>, ring: &[[f32; 2]]) {
    for pair in ring.windows(2) {
        let (a, b) = (Vec2::from(pair[0]), Vec2::from(pair[1]));
        let d = b - a;
        if d.length_squared() < 1e-6 {
            continue;
        }
        let n = Vec2::new(-d.y, d.x).normalize() * (BORDER_WIDTH * 0.5);
        let base = positions.len() as u32;
        for p in [a + n, a - n, b - n, b + n] {
            positions.push([p.x, p.y, 0.0]);
        }
        indices.extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
    }
}

fn to_color(c: egui::Color32) -> Color {
    Color::srgb_u8(c.r(), c.g(), c.b())
}

/// The world point under the cursor, when the cursor is over the map (not over a panel).
pub fn cursor_on_map(
    window: &Window,
    camera: (&Camera, &GlobalTransform),
    view: &MapView,
    egui_wants: bool,
) -> Option<Vec2> {
    if egui_wants {
        return None;
    }
    let cursor = window.cursor_position()?;
    if let Some(rect) = view.free_rect {
        let zoom = if view.zoom > 0.0 { view.zoom } else { 1.0 };
        if !rect.contains(egui::pos2(cursor.x / zoom, cursor.y / zoom)) {
            return None;
        }
    }
    camera.0.viewport_to_world_2d(camera.1, cursor).ok()
}

fn hover_and_select(
    window: Single<&Window>,
    camera: Single<(&Camera, &GlobalTransform), With<MapCamera>>,
    shapes: Res<MapShapes>,
    mut view: ResMut<MapView>,
    buttons: Res<ButtonInput<MouseButton>>,
    wants: Res<bevy_egui::input::EguiWantsInput>,
    drag: Res<super::camera::DragState>,
) {
    let over = cursor_on_map(&window, (camera.0, camera.1), &view, wants.wants_any_pointer_input());
    let hovered = over.and_then(|p| shapes.hit.country_at([p.x, p.y]));
    if view.hovered != hovered {
        view.hovered = hovered;
    }
    if buttons.just_released(MouseButton::Left) && over.is_some() && !drag.dragged {
        view.selected = hovered;
    }
}

/// Recolours countries whose colour changed (mode, campaign, hover or selection).
fn recolor(
    mut shapes: ResMut<MapShapes>,
    view: Res<MapView>,
    session: Res<Session>,
    library: Res<Library>,
    screen: Res<State<Screen>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let in_game = matches!(screen.get(), Screen::Campaign | Screen::End);
    let campaign = session.campaign.as_ref().filter(|_| in_game);
    let today: Vec<Iso> = match (&campaign, &library.catalog) {
        (None, Some(catalog)) => catalog.countries.iter().filter(|c| c.accession.is_some()).map(|c| c.iso).collect(),
        _ => Vec::new(),
    };
    for i in 0..shapes.isos.len() {
        let iso = shapes.isos[i];
        let mut color = match campaign {
            Some(c) => palette::country_color(view.mode, c, iso),
            None => palette::title_color(&today, iso),
        };
        if view.selected == Some(i) && campaign.is_some() {
            color = palette::lighten(color, 0.45);
        } else if view.hovered == Some(i) {
            color = palette::lighten(color, 0.25);
        }
        if shapes.colors[i] != color {
            shapes.colors[i] = color;
            if let Some(mut material) = materials.get_mut(&shapes.materials[i]) {
                material.color = to_color(color);
            }
        }
    }
}
