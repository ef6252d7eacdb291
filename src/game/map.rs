//! The map: every country's shape in one mesh per level of detail, recoloured by the map mode,
//! with hover and selection through the pure hit index in `crate::map`. The shapes are read on
//! worker threads (`map_load`).

use super::camera::MapCamera;
use super::map_load::{LevelsToCome, MapGeometryTask, MoreMap};
use super::map_material::MapMaterial;
use super::palette::{self, MapMode};
use super::session::{Library, Screen, Session};
use crate::map::{HitIndex, LEVELS, LevelGeometry, level_for, level_in_motion, nearest_ready};
use crate::sim::Iso;
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy_egui::egui;

/// The country shapes, their hit index and label anchors, and the map's meshes.
#[derive(Resource)]
pub struct MapShapes {
    pub isos: Vec<Iso>,
    pub names: Vec<String>,
    /// Where each country's name goes, in map units (empty until the worker has placed them).
    pub labels: Vec<[f32; 2]>,
    pub hit: HitIndex,
    /// The map at each of [`LEVELS`], once built.
    levels: Vec<Option<LevelShapes>>,
    /// The level on the screen.
    shown: usize,
    /// Each country's colour.
    colors: Vec<egui::Color32>,
    fill: Handle<MapMaterial>,
    ink: Handle<MapMaterial>,
}

/// The map at one level of detail: its fill mesh (every country in one mesh, coloured per
/// vertex, so one draw call for the whole map, which matters when the renderer is software),
/// and its triangles and outlines, kept to draw the highlight of the country under the pointer
/// over the map's image without drawing the map again.
struct LevelShapes {
    mesh: Handle<Mesh>,
    geometry: LevelGeometry,
}

/// Marks a mesh of the map drawn at one level of detail.
#[derive(Component)]
struct MapLevel(usize);

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
        .add_systems(Update, (add_levels, hover_and_select, recolor).chain().run_if(resource_exists::<MapShapes>))
        .add_systems(
            PostUpdate,
            // Before the map's image decides whether to draw again: a new level is a change.
            pick_level.run_if(resource_exists::<MapShapes>).before(super::map_cache::KeepFresh),
        );
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
    let mut shapes = MapShapes {
        colors: vec![palette::LAND; g.isos.len()],
        isos: g.isos,
        names: g.names,
        // Placed after the title has shown (`LevelsToCome`): the campaign's map shows them.
        labels: Vec::new(),
        hit: g.hit,
        levels: (0..LEVELS.len()).map(|_| None).collect(),
        shown: g.opening,
        fill: materials.add(MapMaterial::new(Color::WHITE)),
        ink: materials.add(MapMaterial::new(Color::srgb(0.07, 0.08, 0.1))),
    };
    shapes.add_level(g.opening, g.level, &mut commands, &mut meshes);
    commands.insert_resource(shapes);
    commands.insert_resource(LevelsToCome::new(g.builder, g.countries, g.opening));
}

/// Adds the labels and the levels of detail worked out after launch as they come.
fn add_levels(
    mut commands: Commands,
    to_come: Option<ResMut<LevelsToCome>>,
    mut shapes: ResMut<MapShapes>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    let Some(mut to_come) = to_come else { return };
    match to_come.poll() {
        Some(MoreMap::Labels(labels)) => shapes.labels = labels,
        Some(MoreMap::Level(k, level)) => shapes.add_level(k, level, &mut commands, &mut meshes),
        None => {}
    }
    if matches!(*to_come, LevelsToCome::Done) {
        commands.remove_resource::<LevelsToCome>();
    }
}

/// How long after the zoom last changed it counts as changing still: the wheel's notches come a
/// few frames apart, and the level should not flip between them.
const ZOOM_SETTLES: f32 = 0.3;

/// Shows the map's meshes at the level of detail for the camera's zoom (a coarser one while the
/// zoom changes, see [`level_in_motion`]), or the nearest level built so far.
fn pick_level(
    camera: Single<&bevy::camera::Projection, With<MapCamera>>,
    mut shapes: ResMut<MapShapes>,
    mut levels: Query<(&MapLevel, &mut Visibility)>,
    mut dirty: ResMut<super::map_cache::MapDirty>,
    time: Res<Time<Real>>,
    mut last_change: Local<(f32, f32)>,
) {
    let scale = match *camera {
        bevy::camera::Projection::Orthographic(ortho) => ortho.scale,
        _ => 1.0,
    };
    let now = time.elapsed_secs();
    let (last_scale, changed_at) = &mut *last_change;
    if scale != *last_scale {
        // The first frame (no scale seen yet) is a rest, not a change.
        *changed_at = if *last_scale == 0.0 { f32::NEG_INFINITY } else { now };
        *last_scale = scale;
    }
    let wanted = if now - *changed_at < ZOOM_SETTLES { level_in_motion(scale) } else { level_for(scale) };
    let Some(k) = nearest_ready(wanted, |k| shapes.levels.get(k).is_some_and(Option::is_some)) else {
        return;
    };
    if k == shapes.shown {
        return;
    }
    shapes.shown = k;
    dirty.0 = true;
    for (MapLevel(level), mut visibility) in &mut levels {
        *visibility = if *level == k { Visibility::Inherited } else { Visibility::Hidden };
    }
}

impl MapShapes {
    /// Spawns level `k`'s fill and border meshes, coloured as the map is now and hidden until
    /// [`pick_level`] shows them (the level the map opens at is shown at once).
    fn add_level(&mut self, k: usize, geometry: LevelGeometry, commands: &mut Commands, meshes: &mut Assets<Mesh>) {
        let Some(slot) = self.levels.get(k) else { return };
        if slot.is_some() {
            return;
        }
        let mut colors = vec![[0.0; 4]; geometry.positions.len()];
        for (range, color) in geometry.ranges.iter().zip(&self.colors) {
            if let Some(slice) = colors.get_mut(range.clone()) {
                slice.fill(linear(*color));
            }
        }
        let flat = |points: &[[f32; 2]]| points.iter().map(|p| [p[0], p[1], 0.0]).collect::<Vec<[f32; 3]>>();
        let fills = Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, flat(&geometry.positions))
            .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colors)
            .with_inserted_indices(Indices::U32(geometry.indices.clone()));
        let borders = Mesh::new(PrimitiveTopology::LineList, RenderAssetUsages::default())
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, flat(&geometry.borders.positions))
            .with_inserted_indices(Indices::U32(geometry.borders.indices.clone()));
        let visibility = if k == self.shown { Visibility::Inherited } else { Visibility::Hidden };
        let mesh = meshes.add(fills);
        commands.spawn((
            Mesh2d(mesh.clone()),
            MeshMaterial2d(self.fill.clone()),
            Transform::default(),
            visibility,
            MapLevel(k),
        ));
        // Borders over the fills (the map's material draws in the order of depth, see there).
        commands.spawn((
            Mesh2d(meshes.add(borders)),
            MeshMaterial2d(self.ink.clone()),
            Transform::from_xyz(0.0, 0.0, 1.0),
            visibility,
            MapLevel(k),
        ));
        let geometry = LevelGeometry { borders: Default::default(), ..geometry };
        self.levels[k] = Some(LevelShapes { mesh, geometry });
    }

    /// The shapes of the level on the screen.
    fn shown(&self) -> Option<&LevelGeometry> {
        self.levels.get(self.shown)?.as_ref().map(|level| &level.geometry)
    }

    /// Country `i`'s fill as drawn now, as an egui mesh of one colour, its points placed by
    /// `to_screen` (map units to egui points). Empty when the country has no shape or a point is
    /// off the view.
    pub fn fill_mesh(
        &self,
        i: usize,
        color: egui::Color32,
        to_screen: impl Fn([f32; 2]) -> Option<egui::Pos2>,
    ) -> egui::Mesh {
        let mut mesh = egui::Mesh::default();
        let Some(g) = self.shown() else { return mesh };
        let (Some(vertices), Some(triangles)) = (g.ranges.get(i), g.triangles.get(i)) else { return mesh };
        for p in &g.positions[vertices.clone()] {
            let Some(pos) = to_screen(*p) else { return egui::Mesh::default() };
            mesh.colored_vertex(pos, color);
        }
        let base = vertices.start as u32;
        mesh.indices.extend(g.indices[triangles.clone()].iter().map(|i| i - base));
        mesh
    }

    /// Country `i`'s outlines as drawn now, as egui lines placed by `to_screen` as in
    /// [`Self::fill_mesh`].
    pub fn outline_shapes(
        &self,
        i: usize,
        stroke: egui::Stroke,
        to_screen: impl Fn([f32; 2]) -> Option<egui::Pos2>,
    ) -> Vec<egui::Shape> {
        let rings = self.shown().and_then(|g| g.outlines.get(i)).map(Vec::as_slice).unwrap_or_default();
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
    for level in shapes.levels.iter().flatten() {
        let Some(mut mesh) = meshes.get_mut(&level.mesh) else { continue };
        let Some(bevy::mesh::VertexAttributeValues::Float32x4(colors)) = mesh.attribute_mut(Mesh::ATTRIBUTE_COLOR)
        else {
            continue;
        };
        for &(i, color) in &changed {
            if let Some(slice) = level.geometry.ranges.get(i).and_then(|range| colors.get_mut(range.clone())) {
                slice.fill(linear(color));
            }
        }
    }
    for (i, color) in changed {
        shapes.colors[i] = color;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two countries: a triangle, then a square of two triangles.
    fn shapes() -> MapShapes {
        let geometry = LevelGeometry {
            positions: vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [6.0, 6.0], [5.0, 6.0]],
            indices: vec![0, 1, 2, 3, 4, 5, 3, 5, 6],
            ranges: vec![0..3, 3..7],
            triangles: vec![0..3, 3..9],
            outlines: vec![vec![vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]], vec![]],
            borders: Default::default(),
        };
        MapShapes {
            isos: Vec::new(),
            names: Vec::new(),
            labels: Vec::new(),
            hit: HitIndex::new(&[], &crate::map::Projection::north_atlantic()),
            levels: vec![None, Some(LevelShapes { mesh: Handle::default(), geometry })],
            shown: 1,
            colors: Vec::new(),
            fill: Handle::default(),
            ink: Handle::default(),
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
        // Before the level on the screen is built there is nothing to highlight.
        let unbuilt = MapShapes { shown: 0, ..shapes };
        assert!(unbuilt.fill_mesh(1, color, to_screen).is_empty());
        assert!(unbuilt.outline_shapes(0, egui::Stroke::new(1.0, color), to_screen).is_empty());
    }
}
