//! The map's material: the countries' flat colours (see `map_material.wgsl`).

use bevy::asset::uuid_handle;
use bevy::prelude::*;
use bevy::render::render_resource::AsBindGroup;
use bevy::shader::{Shader, ShaderRef};
use bevy::sprite_render::{Material2d, Material2dPlugin};

const SHADER: Handle<Shader> = uuid_handle!("6f1f0a52-8d0e-4d7b-9a43-2b7c1e5f0a15");

/// A flat colour (linear), multiplied by the mesh's vertex colours when it has them.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct MapMaterial {
    #[uniform(0)]
    pub color: LinearRgba,
}

impl MapMaterial {
    pub fn new(color: Color) -> Self {
        Self { color: color.to_linear() }
    }
}

impl Material2d for MapMaterial {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(SHADER)
    }
}

pub(super) fn plugin(app: &mut App) {
    let shader = Shader::from_wgsl(include_str!("map_material.wgsl"), concat!(file!(), "/../map_material.wgsl"));
    if app.world_mut().resource_mut::<Assets<Shader>>().insert(SHADER.id(), shader).is_err() {
        error!("could not store the map's shader");
    }
    app.add_plugins(Material2dPlugin::<MapMaterial>::default());
}
