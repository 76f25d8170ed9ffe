// The ℓ-recursion of the on-the-fly Legendre kernels (shaders/sht/fly-*.wgsl; inputs from
// src/sphere/legendre-scaled.ts): λ_ℓm = a_ℓ (x λ_{ℓ-1,m} - b_ℓ λ_{ℓ-2,m}) from the seed λ_mm.
// Values are extended-range numbers p · 2^(64 sc), sc ≤ 0: p is multiplied by 2^-64 (and sc
// raised) whenever |p| passes 2^32, and a value counts only once sc = 0. The recursion runs at
// x_hi (x rounded to f32) and carries q, the first-order change of the values from
// x_lo = x - x_hi (the differentiated recursion), so that the rounding of x, the same at every
// degree, does not add up over the rings; the value is p + q. q is carried times 2^40 (x_lo comes
// scaled so): at the scale of p it would sink into f32 subnormals in the rescaled range, where
// GPUs flush it and CPUs running WGSL slow down many-fold.
struct FlyParams {
  nlat: u32,
  nh: u32,
  mcount: u32,
  lmax: u32,
  ntotal: u32,
  count: u32,
  m0: u32,
  pad: u32,
}

const FLY_BIG: f32 = 4294967296.0;       // 2^32
const FLY_SHRINK: f32 = 5.421010862e-20; // 2^-64
const FLY_Q: f32 = 9.094947018e-13;      // 2^-40, undoes the scale of q

struct FlyState {
  p0: f32,
  p1: f32,
  q0: f32,
  q1: f32,
  sc: f32,
}

// At ℓ = m, from the seed (p, sc) of src/sphere/legendre-scaled.ts.
fn flyStart(seed: vec2f) -> FlyState {
  return FlyState(0.0, seed.x, 0.0, 0.0, seed.y);
}

// One degree up; ab = (a_ℓ, b_ℓ), xl = x_lo · 2^40.
fn flyStep(s: ptr<function, FlyState>, ab: vec2f, x: f32, xl: f32) {
  let p2 = ab.x * (x * (*s).p1 - ab.y * (*s).p0);
  let q2 = ab.x * (x * (*s).q1 + xl * (*s).p1 - ab.y * (*s).q0);
  (*s).p0 = (*s).p1;
  (*s).p1 = p2;
  (*s).q0 = (*s).q1;
  (*s).q1 = q2;
  if ((*s).sc < 0.0 && abs(p2) > FLY_BIG) {
    (*s).p0 = (*s).p0 * FLY_SHRINK;
    (*s).p1 = (*s).p1 * FLY_SHRINK;
    (*s).q0 = (*s).q0 * FLY_SHRINK;
    (*s).q1 = (*s).q1 * FLY_SHRINK;
    (*s).sc = (*s).sc + 1.0;
  }
}

// λ_ℓm at the current degree, 0 while still below the float32 range.
fn flyValue(s: FlyState) -> f32 {
  return select(0.0, s.p1 + s.q1 * FLY_Q, s.sc == 0.0);
}
