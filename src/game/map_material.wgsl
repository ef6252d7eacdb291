// The map's colours: a flat colour times the vertex colour, nothing else.
//
// Without a GPU every pixel's work is paid for on the CPU, so the map's pipeline does the least
// it can: Bevy's ColorMaterial runs its colour grading on every pixel (an identity here, but three
// power functions a pixel in software); Bevy's 2D vertex shader hands each pixel a position, a
// normal and texture coordinates to interpolate that this shader never reads; and a country is
// one colour, so its colour is not interpolated either (`flat`: each triangle takes its first
// vertex's, and all of a country's vertices have the same).

#import bevy_sprite::mesh2d_functions::{get_world_from_local, mesh2d_position_local_to_clip}

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> color: vec4<f32>;

struct Vertex {
    @builtin(instance_index) instance_index: u32,
    @location(0) position: vec3<f32>,
#ifdef VERTEX_COLORS
    @location(4) color: vec4<f32>,
#endif
};

struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    @location(0) @interpolate(flat) color: vec4<f32>,
};

@vertex
fn vertex(vertex: Vertex) -> VertexOutput {
    var out: VertexOutput;
    out.position = mesh2d_position_local_to_clip(get_world_from_local(vertex.instance_index), vec4<f32>(vertex.position, 1.0));
#ifdef VERTEX_COLORS
    out.color = color * vertex.color;
#else
    out.color = color;
#endif
    return out;
}

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    return in.color;
}
