// The map as last drawn into its image, shown pixel for pixel over the part of the window it
// shows through (`uv_rect`: that part's corners in the image, from 0 to 1).

#import bevy_sprite::mesh2d_vertex_output::VertexOutput

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> uv_rect: vec4<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(1) var map_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(2) var map_sampler: sampler;

@fragment
fn fragment(mesh: VertexOutput) -> @location(0) vec4<f32> {
    return textureSample(map_texture, map_sampler, mix(uv_rect.xy, uv_rect.zw, mesh.uv));
}
