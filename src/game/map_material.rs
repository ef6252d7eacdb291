//! The map's materials: the countries' flat colours (see `map_material.wgsl`), and the image
//! the map is drawn into, shown on the screen (see `map_image.wgsl` and `map_cache`).

use bevy::asset::uuid_handle;
use bevy::prelude::*;
use bevy::render::render_resource::AsBindGroup;
use bevy::shader::{Shader, ShaderRef};
use bevy::sprite_render::{Material2d, Material2dPlugin};

const SHADER: Handle<Shader> = uuid_handle!("6f1f0a52-8d0e-4d7b-9a43-2b7c1e5f0a15");
const IMAGE_SHADER: Handle<Shader> = uuid_handle!("0c6b7d0e-3f1a-4c55-8e2b-9d4a7f61c3e8");

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

/// The map's image, sampled pixel for pixel over the part of it shown.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct MapImageMaterial {
    /// The corners of the part shown, in the image (0 to 1): left, top, right, bottom.
    #[uniform(0)]
    pub uv_rect: Vec4,
    #[texture(1)]
    #[sampler(2)]
    pub image: Handle<Image>,
}

impl Material2d for MapImageMaterial {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(IMAGE_SHADER)
    }
}

pub(super) fn plugin(app: &mut App) {
    let shaders = [
        (SHADER, Shader::from_wgsl(include_str!("map_material.wgsl"), concat!(file!(), "/../map_material.wgsl"))),
        (IMAGE_SHADER, Shader::from_wgsl(include_str!("map_image.wgsl"), concat!(file!(), "/../map_image.wgsl"))),
    ];
    for (handle, shader) in shaders {
        if app.world_mut().resource_mut::<Assets<Shader>>().insert(handle.id(), shader).is_err() {
            error!("could not store a map shader");
        }
    }
    app.add_plugins((Material2dPlugin::<MapMaterial>::default(), Material2dPlugin::<MapImageMaterial>::default()));
}
