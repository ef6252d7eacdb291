//! A faster egui shader for software rendering, in place of bevy_egui's own: same inputs and
//! bindings, colours converted per vertex instead of per pixel, and the texture read at the
//! texel under each pixel instead of filtered (see `egui_shader.wgsl` for what that changes: a
//! shade on coloured text and anti-aliased edges). Without a GPU, egui's per-pixel colour
//! conversion cost about a tenth of a campaign frame, and its filtered reads about a twentieth.

use bevy::prelude::*;
use bevy::shader::Shader;
use bevy_egui::render::EGUI_SHADER_HANDLE;

pub(super) fn plugin(app: &mut App) {
    // Runs after `EguiPlugin` has put its shader under this handle, before any pipeline uses it.
    let shader = Shader::from_wgsl(include_str!("egui_shader.wgsl"), concat!(file!(), "/../egui_shader.wgsl"));
    if app.world_mut().resource_mut::<Assets<Shader>>().insert(EGUI_SHADER_HANDLE.id(), shader).is_err() {
        warn!("could not install the fast egui shader; keeping bevy_egui's");
    }
}
