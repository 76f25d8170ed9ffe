// Stages the BK-wide slab of W rows row0..row0+bm-1, columns c0.., transposed into the
// workgroup array As[kk * bm + rr] (zeros outside the matrix) by a 256-thread workgroup;
// consecutive threads read consecutive columns of a W row. The includer declares As and BK.
fn stage_w(li: u32, wbase: u32, row0: u32, c0: u32, bm: u32) {
  for (var e = li; e < bm * BK; e += 256u) {
    let rr = e / BK;
    let kk = e % BK;
    let r = row0 + rr;
    let c = c0 + kk;
    var v = 0.0;
    if (r < P.rows && c < P.cols) {
      v = W[wbase + r * P.cols + c];
    }
    As[kk * bm + rr] = v;
  }
}
