// The map's colours: a flat colour times the vertex colour, nothing else. Bevy's ColorMaterial
// also runs its colour grading on every pixel (an identity here, but three power functions a
// pixel when the renderer is software), which made the map the dearest thing on the screen.

#import bevy_sprite::mesh2d_vertex_output::VertexOutput

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> color: vec4<f32>;

@fragment
fn fragment(mesh: VertexOutput) -> @location(0) vec4<f32> {
#ifdef VERTEX_COLORS
    return color * mesh.color;
#else
    return color;
#endif
}
