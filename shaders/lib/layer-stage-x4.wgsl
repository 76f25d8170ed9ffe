// Stages the BK-wide slab of X rows c0.., points pt0..pt0+4q-1, into the workgroup array of
// vec4s Bs[kk * q + i] (zeros outside) by a 256-thread workgroup. The includer declares Bs, BK.
fn stage_x4(li: u32, xbase: u32, pt0: u32, c0: u32, q: u32) {
  for (var e = li; e < BK * q; e += 256u) {
    let kk = e / q;
    let c = c0 + kk;
    var v = vec4f(0.0);
    if (c < P.cols) {
      v = load_x4(xbase + c * P.npts + pt0 + 4u * (e % q), pt0 + 4u * (e % q));
    }
    Bs[e] = v;
  }
}
