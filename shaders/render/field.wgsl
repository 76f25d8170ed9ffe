// Draws a scalar field given as colour-map positions t in [0, 1] (t < 0: no value, drawn grey)
// on a full-canvas triangle, in one of three projections:
//   mode 0: orthographic view of the unit sphere, rotated by `rot` (rows of the view->world map),
//   mode 1: Mollweide map of the whole sphere (centre longitude 0),
//   mode 2: a rectangle of nx × ny cells, row 0 at the bottom (heat maps).
// For modes 0 and 1 the data is an equiangular latitude-longitude grid: row r holds colatitude
// π (r + ½) / ny, column c longitude 2π c / nx. Same function as src/widgets/render-cpu.ts.
#include "lib/viridis.wgsl"

struct View {
  rot0: vec4f,
  rot1: vec4f,
  rot2: vec4f,
  size: vec2f,
  dims: vec2u,
  mode: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
};

@group(0) @binding(0) var<uniform> view: View;
@group(0) @binding(1) var<storage, read> tvals: array<f32>;

const PI: f32 = 3.14159265358979;
const TAU: f32 = 6.28318530717959;
const SQRT2: f32 = 1.41421356237310;
const MISSING: vec3f = vec3f(0.8, 0.8, 0.8);

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  // One triangle that covers the canvas.
  let xy = vec2f(f32((i << 1u) & 2u), f32(i & 2u)) * 2.0 - 1.0;
  return vec4f(xy, 0.0, 1.0);
}

fn colour(t: f32) -> vec3f {
  if (t < 0.0) {
    return MISSING;
  }
  return viridis(clamp(t, 0.0, 1.0));
}

fn cell(c: u32, r: u32) -> f32 {
  return tvals[min(r, view.dims.y - 1u) * view.dims.x + min(c, view.dims.x - 1u)];
}

fn at_angles(colat: f32, lon: f32) -> f32 {
  var l = lon;
  if (l < 0.0) {
    l = l + TAU;
  }
  let r = u32(clamp(colat / PI, 0.0, 1.0) * f32(view.dims.y));
  let c = u32(l / TAU * f32(view.dims.x) + 0.5) % view.dims.x;
  return cell(c, r);
}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let size = view.size;
  if (view.mode == 2u) {
    let u = pos.x / size.x;
    let v = 1.0 - pos.y / size.y;
    let t = cell(u32(u * f32(view.dims.x)), u32(v * f32(view.dims.y)));
    return vec4f(colour(t), 1.0);
  }
  if (view.mode == 0u) {
    let s = 0.5 * min(size.x, size.y) * 0.98;
    let x = (pos.x - 0.5 * size.x) / s;
    let y = (0.5 * size.y - pos.y) / s;
    let rr = x * x + y * y;
    if (rr > 1.0) {
      return vec4f(0.0);
    }
    let z = sqrt(1.0 - rr);
    let p = vec3f(x, y, z);
    let w = vec3f(dot(view.rot0.xyz, p), dot(view.rot1.xyz, p), dot(view.rot2.xyz, p));
    let t = at_angles(acos(clamp(w.z, -1.0, 1.0)), atan2(w.y, w.x));
    return vec4f(colour(t) * (0.7 + 0.3 * z), 1.0);
  }
  let s = min(size.x / (4.0 * SQRT2), size.y / (2.0 * SQRT2)) * 0.98;
  let X = (pos.x - 0.5 * size.x) / s;
  let Y = (0.5 * size.y - pos.y) / s;
  let e = (X * X) / 8.0 + (Y * Y) / 2.0;
  if (e > 1.0) {
    return vec4f(0.0);
  }
  let th = asin(clamp(Y / SQRT2, -1.0, 1.0));
  let lat = asin(clamp((2.0 * th + sin(2.0 * th)) / PI, -1.0, 1.0));
  let lon = PI * X / (2.0 * SQRT2 * max(cos(th), 1e-6));
  let t = at_angles(0.5 * PI - lat, lon);
  return vec4f(colour(t), 1.0);
}
