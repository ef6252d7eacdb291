//! The map: one mesh per country from the shipped shapes, recoloured by the map mode, with
//! hover and selection through the pure hit index in `crate::map`.

use super::camera::MapCamera;
use super::map_material::MapMaterial;
use super::palette::{self, MapMode};
use super::session::{Library, Screen, Session};
use crate::map::{HitIndex, Projection};
use crate::sim::Iso;
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy_egui::egui;

/// The country shapes, their hit index and label anchors.
#[derive(Resource)]
pub struct MapShapes {
    pub isos: Vec<Iso>,
    pub names: Vec<String>,
    pub labels: Vec<[f32; 2]>,
    pub hit: HitIndex,
    /// One mesh holds every country, coloured per vertex: one draw call for the whole map,
    /// which matters when the renderer is software.
    mesh: Handle<Mesh>,
    /// Each country's vertices in that mesh.
    ranges: Vec<std::ops::Range<usize>>,
    colors: Vec<egui::Color32>,
    /// The fills' vertices and triangles (indices into `positions`), kept to draw the highlight
    /// of the country under the pointer over the map's image without drawing the map again.
    positions: Vec<[f32; 2]>,
    indices: Vec<u32>,
    /// Each country's triangles in `indices`.
    triangles: Vec<std::ops::Range<usize>>,
    /// Each country's outlines (map units), for the highlight's edge.
    outlines: Vec<Vec<Vec<[f32; 2]>>>,
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

/// The map's shapes ready for meshes: triangles, borders, hit index and labels. Worked out on a
/// worker thread at launch (see [`MapGeometryTask`]).
struct MapGeometry {
    isos: Vec<Iso>,
    names: Vec<String>,
    labels: Vec<[f32; 2]>,
    hit: HitIndex,
    positions: Vec<[f32; 3]>,
    indices: Vec<u32>,
    ranges: Vec<std::ops::Range<usize>>,
    triangles: Vec<std::ops::Range<usize>>,
    outlines: Vec<Vec<Vec<[f32; 2]>>>,
    border_positions: Vec<[f32; 3]>,
    border_indices: Vec<u32>,
}

/// The map's shapes being read and triangulated on a worker thread, started at launch.
#[derive(Resource)]
pub struct MapGeometryTask(std::sync::Mutex<Option<std::thread::JoinHandle<Result<MapGeometry, String>>>>);

impl MapGeometryTask {
    pub fn start() -> Self {
        MapGeometryTask(std::sync::Mutex::new(Some(std::thread::spawn(build_geometry))))
    }

    /// The shapes, waiting for the worker if it has not finished.
    fn take(&self) -> Result<MapGeometry, String> {
        let handle = self.0.lock().ok().and_then(|mut h| h.take()).ok_or("the map was already built")?;
        handle.join().map_err(|_| "the map's worker thread failed".to_string())?
    }
}

fn build_geometry() -> Result<MapGeometry, String> {
    let path = assets_dir().join("map/countries.json");
    let countries = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|json| crate::map::load_countries(&json).map_err(|e| e.to_string()))
        .map_err(|e| format!("cannot load the map from {}: {e}", path.display()))?;
    let proj = Projection::north_atlantic();
    let mut g = MapGeometry {
        isos: Vec::new(),
        names: Vec::new(),
        labels: Vec::new(),
        hit: HitIndex::new(&countries, &proj),
        positions: Vec::new(),
        indices: Vec::new(),
        ranges: Vec::new(),
        triangles: Vec::new(),
        outlines: Vec::new(),
        border_positions: Vec::new(),
        border_indices: Vec::new(),
    };
    for country in &countries {
        let tri = crate::map::triangulate_country(country, &proj);
        let base = g.positions.len();
        let first = g.indices.len();
        g.positions.extend(tri.positions.iter().map(|p| [p[0], p[1], 0.0]));
        g.indices.extend(tri.indices.iter().map(|i| i + base as u32));
        g.ranges.push(base..g.positions.len());
        g.triangles.push(first..g.indices.len());
        let rings = crate::map::outlines(country, &proj);
        for ring in &rings {
            add_line(&mut g.border_positions, &mut g.border_indices, ring);
        }
        g.outlines.push(rings);
        g.isos.push(Iso::new(&country.iso3).unwrap_or_else(|_| unreachable_iso()));
        g.names.push(country.name.clone());
        // Russia's largest shape puts its label in Siberia, off the window: place it by hand.
        let label =
            if country.iso3 == "RUS" { proj.project(40.0, 57.0) } else { crate::map::label_point(country, &proj) };
        g.labels.push(label);
    }
    Ok(g)
}

fn spawn_map(
    mut commands: Commands,
    task: Res<MapGeometryTask>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<MapMaterial>>,
) {
    let g = match task.take() {
        Ok(g) => g,
        Err(e) => {
            // The game is still playable without the map; say why it is missing.
            error!("{e}");
            return;
        }
    };
    let land = linear(palette::LAND);
    let positions: Vec<[f32; 2]> = g.positions.iter().map(|p| [p[0], p[1]]).collect();
    let indices = g.indices.clone();
    let fills = Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, vec![land; g.positions.len()])
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, g.positions)
        .with_inserted_indices(Indices::U32(g.indices));
    let mesh = meshes.add(fills);
    let white = materials.add(MapMaterial::new(Color::WHITE));
    commands.spawn((Mesh2d(mesh.clone()), MeshMaterial2d(white), Transform::default()));
    let border = Mesh::new(PrimitiveTopology::LineList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, g.border_positions)
        .with_inserted_indices(Indices::U32(g.border_indices));
    commands.spawn((
        Mesh2d(meshes.add(border)),
        MeshMaterial2d(materials.add(MapMaterial::new(Color::srgb(0.07, 0.08, 0.1)))),
        Transform::from_xyz(0.0, 0.0, 1.0),
    ));
    let colors = vec![palette::LAND; g.isos.len()];
    commands.insert_resource(MapShapes {
        isos: g.isos,
        names: g.names,
        labels: g.labels,
        hit: g.hit,
        mesh,
        ranges: g.ranges,
        colors,
        positions,
        indices,
        triangles: g.triangles,
        outlines: g.outlines,
    });
}

impl MapShapes {
    /// Country `i`'s fill as an egui mesh of one colour, its points placed by `to_screen` (map
    /// units to egui points). Empty when the country has no shape or a point is off the view.
    pub fn fill_mesh(
        &self,
        i: usize,
        color: egui::Color32,
        to_screen: impl Fn([f32; 2]) -> Option<egui::Pos2>,
    ) -> egui::Mesh {
        let mut mesh = egui::Mesh::default();
        let (Some(vertices), Some(triangles)) = (self.ranges.get(i), self.triangles.get(i)) else { return mesh };
        for p in &self.positions[vertices.clone()] {
            let Some(pos) = to_screen(*p) else { return egui::Mesh::default() };
            mesh.colored_vertex(pos, color);
        }
        let base = vertices.start as u32;
        mesh.indices.extend(self.indices[triangles.clone()].iter().map(|i| i - base));
        mesh
    }

    /// Country `i`'s outlines as egui lines, placed by `to_screen` as in [`Self::fill_mesh`].
    pub fn outline_shapes(
        &self,
        i: usize,
        stroke: egui::Stroke,
        to_screen: impl Fn([f32; 2]) -> Option<egui::Pos2>,
    ) -> Vec<egui::Shape> {
        let rings = self.outlines.get(i).map(Vec::as_slice).unwrap_or_default();
        rings
            .iter()
            .filter_map(|ring| ring.iter().map(|p| to_screen(*p)).collect::<Option<Vec<_>>>())
            .map(|points| egui::Shape::line(points, stroke))
            .collect()
    }
}

/// An sRGB colour as linear RGBA for a vertex attribute.
fn linear(c: egui::Color32) -> [f32; 4] {
    Color::srgb_u8(c.r(), c.g(), c.b()).to_linear().to_f32_array()
}

fn unreachable_iso() -> Iso {
    // Country codes in the shipped asset are all valid; this keeps a bad asset from crashing.
    Iso::new("ZZZ").expect("ZZZ is three capitals")
}

/// A polyline as line segments (one pixel wide whatever the zoom, and cheap to draw).
fn add_line(positions: &mut Vec<[f32; 3]>, indices: &mut Vec<u32>, ring: &[[f32; 2]]) {
    if ring.len() < 2 {
        return;
    }
    let base = positions.len() as u32;
    positions.extend(ring.iter().map(|p| [p[0], p[1], 0.0]));
    for k in 0..ring.len() as u32 - 1 {
        indices.extend_from_slice(&[base + k, base + k + 1]);
    }
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

/// Recolours countries whose colour changed (mode, campaign or selection). The country under the
/// pointer is not recoloured: its highlight is drawn over the map (see `ui::campaign`), so that
/// moving the pointer does not draw the whole map again.
fn recolor(
    mut shapes: ResMut<MapShapes>,
    view: Res<MapView>,
    session: Res<Session>,
    library: Res<Library>,
    screen: Res<State<Screen>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut dirty: ResMut<super::map_cache::MapDirty>,
) {
    let in_game = matches!(screen.get(), Screen::Campaign | Screen::End);
    let campaign = session.campaign.as_ref().filter(|_| in_game);
    let today: Vec<Iso> = match (&campaign, &library.catalog) {
        (None, Some(catalog)) => catalog.countries.iter().filter(|c| c.accession.is_some()).map(|c| c.iso).collect(),
        _ => Vec::new(),
    };
    let mut changed: Vec<(usize, egui::Color32)> = Vec::new();
    for i in 0..shapes.isos.len() {
        let iso = shapes.isos[i];
        let mut color = match campaign {
            Some(c) => palette::country_color(view.mode, c, iso),
            None => palette::title_color(&today, iso),
        };
        if view.selected == Some(i) && campaign.is_some() {
            color = palette::lighten(color, 0.45);
        }
        if shapes.colors[i] != color {
            changed.push((i, color));
        }
    }
    if changed.is_empty() {
        return;
    }
    dirty.0 = true;
    let handle = shapes.mesh.clone();
    let Some(mut mesh) = meshes.get_mut(&handle) else { return };
    let Some(bevy::mesh::VertexAttributeValues::Float32x4(colors)) = mesh.attribute_mut(Mesh::ATTRIBUTE_COLOR) else {
        return;
    };
    for (i, color) in changed {
        let value = linear(color);
        let range = shapes.ranges[i].clone();
        if let Some(slice) = colors.get_mut(range) {
            slice.fill(value);
        }
        shapes.colors[i] = color;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two countries: a triangle, then a square of two triangles.
    fn shapes() -> MapShapes {
        MapShapes {
            isos: Vec::new(),
            names: Vec::new(),
            labels: Vec::new(),
            hit: HitIndex::new(&[], &Projection::north_atlantic()),
            mesh: Handle::default(),
            ranges: vec![0..3, 3..7],
            colors: Vec::new(),
            positions: vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [6.0, 6.0], [5.0, 6.0]],
            indices: vec![0, 1, 2, 3, 4, 5, 3, 5, 6],
            triangles: vec![0..3, 3..9],
            outlines: vec![vec![vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]], vec![]],
        }
    }

    #[test]
    fn a_country_fill_holds_its_own_triangles_placed_on_the_screen() {
        let shapes = shapes();
        let color = egui::Color32::WHITE;
        let to_screen = |p: [f32; 2]| Some(egui::pos2(p[0] * 10.0, 100.0 - p[1] * 10.0));
        let square = shapes.fill_mesh(1, color, to_screen);
        assert_eq!(square.indices, [0, 1, 2, 0, 2, 3]);
        assert_eq!(square.vertices.len(), 4);
        assert_eq!(square.vertices[2].pos, egui::pos2(60.0, 40.0));
        assert!(square.vertices.iter().all(|v| v.color == color));
        // A point off the view leaves nothing to draw, as does a country with no shape.
        assert!(shapes.fill_mesh(0, color, |p: [f32; 2]| (p[0] < 1.0).then(|| egui::pos2(p[0], p[1]))).is_empty());
        assert!(shapes.fill_mesh(7, color, to_screen).is_empty());
        // The outline: one line per ring, none for a country without rings.
        assert_eq!(shapes.outline_shapes(0, egui::Stroke::new(1.0, color), to_screen).len(), 1);
        assert!(shapes.outline_shapes(1, egui::Stroke::new(1.0, color), to_screen).is_empty());
    }
}
