//! The map's material: the countries' flat colours (see `map_material.wgsl`).

use bevy::asset::uuid_handle;
use bevy::mesh::MeshVertexBufferLayoutRef;
use bevy::prelude::*;
use bevy::render::render_resource::{
    AsBindGroup, CompareFunction, RenderPipelineDescriptor, SpecializedMeshPipelineError,
};
use bevy::shader::{Shader, ShaderRef};
use bevy::sprite_render::{AlphaMode2d, Material2d, Material2dKey, Material2dPlugin};

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
    fn vertex_shader() -> ShaderRef {
        ShaderRef::Handle(SHADER)
    }

    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(SHADER)
    }

    /// Drawn in Bevy's sorted 2D phase, so that the borders (in front) come after the fills…
    fn alpha_mode(&self) -> AlphaMode2d {
        AlphaMode2d::Blend
    }

    /// …but without blending, and without testing or writing depth: the map is opaque, flat
    /// and drawn back to front, and each of those costs a read or write per pixel in software.
    fn specialize(
        descriptor: &mut RenderPipelineDescriptor,
        _layout: &MeshVertexBufferLayoutRef,
        _key: Material2dKey<Self>,
    ) -> Result<(), SpecializedMeshPipelineError> {
        if let Some(fragment) = &mut descriptor.fragment {
            for target in fragment.targets.iter_mut().flatten() {
                target.blend = None;
            }
        }
        if let Some(depth) = &mut descriptor.depth_stencil {
            depth.depth_write_enabled = Some(false);
            depth.depth_compare = Some(CompareFunction::Always);
        }
        Ok(())
    }
}

pub(super) fn plugin(app: &mut App) {
    let shader = Shader::from_wgsl(include_str!("map_material.wgsl"), concat!(file!(), "/../map_material.wgsl"));
    if app.world_mut().resource_mut::<Assets<Shader>>().insert(SHADER.id(), shader).is_err() {
        error!("could not store the map's shader");
    }
    app.add_plugins(Material2dPlugin::<MapMaterial>::default());
}
