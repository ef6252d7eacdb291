//! Map camera: drag to pan, wheel to zoom toward the cursor, arrow keys and +/- as well.

use super::map::{MapView, cursor_on_map};
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;

/// Marks the map camera (in the render world too, where it copies its drawing into the map's
/// image; see `map_cache`).
#[derive(Component, Clone, bevy::render::extract_component::ExtractComponent)]
pub struct MapCamera;

/// Whether the current left-button press has become a drag (so its release is not a click).
#[derive(Resource, Default)]
pub struct DragState {
    pub dragged: bool,
    travelled: f32,
    active: bool,
}

/// Zoom limits (orthographic scale: map units per pixel).
const MIN_SCALE: f32 = 0.12;
const MAX_SCALE: f32 = 2.5;
/// The zoom the map opens at (and returns to with Home).
pub const OPENING_SCALE: f32 = 1.05;
/// Pixels the pointer must travel before a press counts as a drag.
const DRAG_THRESHOLD: f32 = 4.0;
/// Keyboard panning speed, in screen pixels per second.
const KEY_PAN_SPEED: f32 = 700.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DragState>()
        .add_systems(Startup, frame_europe)
        .add_systems(Update, (mouse_controls, keyboard_controls));
}

/// Starts with the North Atlantic and Europe in view.
fn frame_europe(mut camera: Single<(&mut Transform, &mut Projection), With<MapCamera>>) {
    let (transform, projection) = &mut *camera;
    transform.translation = Vec3::new(150.0, 40.0, 0.0);
    if let Projection::Orthographic(ortho) = &mut **projection {
        ortho.scale = OPENING_SCALE;
    }
}

#[allow(clippy::too_many_arguments)]
fn mouse_controls(
    window: Single<&Window>,
    mut camera: Single<(&Camera, &GlobalTransform, &mut Transform, &mut Projection), With<MapCamera>>,
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    view: Res<MapView>,
    wants: Res<bevy_egui::input::EguiWantsInput>,
    mut drag: ResMut<DragState>,
) {
    let (cam, global, transform, projection) = &mut *camera;
    let Projection::Orthographic(ortho) = &mut **projection else { return };
    let over = cursor_on_map(&window, (cam, global), &view, wants.wants_any_pointer_input());
    let any = [MouseButton::Left, MouseButton::Right, MouseButton::Middle];
    if buttons.any_just_pressed(any) {
        drag.active = over.is_some();
        drag.dragged = false;
        drag.travelled = 0.0;
    }
    if drag.active && buttons.any_pressed(any) && motion.delta != Vec2::ZERO {
        drag.travelled += motion.delta.length();
        if drag.travelled > DRAG_THRESHOLD {
            drag.dragged = true;
        }
        if drag.dragged {
            transform.translation.x -= motion.delta.x * ortho.scale;
            transform.translation.y += motion.delta.y * ortho.scale;
        }
    }
    if buttons.any_just_released(any) && !buttons.any_pressed(any) {
        drag.active = false;
    }
    if let Some(before) = over {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        if lines != 0.0 {
            let new_scale = (ortho.scale * 1.15f32.powf(-lines)).clamp(MIN_SCALE, MAX_SCALE);
            // Keep the point under the cursor fixed while zooming.
            let ratio = new_scale / ortho.scale;
            let centre = transform.translation.truncate();
            let moved = before + (centre - before) * ratio;
            transform.translation.x = moved.x;
            transform.translation.y = moved.y;
            ortho.scale = new_scale;
        }
    }
}

fn keyboard_controls(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    wants: Res<bevy_egui::input::EguiWantsInput>,
    mut camera: Single<(&mut Transform, &mut Projection), With<MapCamera>>,
) {
    if wants.wants_any_keyboard_input() {
        return;
    }
    let (transform, projection) = &mut *camera;
    let Projection::Orthographic(ortho) = &mut **projection else { return };
    let mut pan = Vec2::ZERO;
    if keys.pressed(KeyCode::ArrowLeft) || keys.pressed(KeyCode::KeyA) {
        pan.x -= 1.0;
    }
    if keys.pressed(KeyCode::ArrowRight) || keys.pressed(KeyCode::KeyD) {
        pan.x += 1.0;
    }
    if keys.pressed(KeyCode::ArrowUp) || keys.pressed(KeyCode::KeyW) {
        pan.y += 1.0;
    }
    if keys.pressed(KeyCode::ArrowDown) || keys.pressed(KeyCode::KeyS) {
        pan.y -= 1.0;
    }
    let step = pan * KEY_PAN_SPEED * ortho.scale * time.delta_secs();
    transform.translation += step.extend(0.0);
    if keys.just_pressed(KeyCode::Equal) || keys.just_pressed(KeyCode::NumpadAdd) {
        ortho.scale = (ortho.scale / 1.25).clamp(MIN_SCALE, MAX_SCALE);
    }
    if keys.just_pressed(KeyCode::Minus) || keys.just_pressed(KeyCode::NumpadSubtract) {
        ortho.scale = (ortho.scale * 1.25).clamp(MIN_SCALE, MAX_SCALE);
    }
    if keys.just_pressed(KeyCode::Home) {
        transform.translation = Vec3::new(150.0, 40.0, 0.0);
        ortho.scale = OPENING_SCALE;
    }
}
