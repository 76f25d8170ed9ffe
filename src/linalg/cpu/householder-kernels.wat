;; Float64 inner loops of the CPU twin's Householder reductions, in WebAssembly SIMD (f64x2).
;; The TypeScript drivers (householder.ts) keep the O(n) work per step (reflectors, w vectors);
;; these kernels do the O(n²) passes over the trailing matrix, which is where all the time goes.
;; Scalar JavaScript tops out near 2 GFLOP/s on these loops (bounds checks, no vectors);
;; two-lane SIMD with no checks runs them at the speed of the cache.
;;
;; Every pointer is a byte offset into the exported memory; matrices are row-major float64.
(module
  (memory (export "memory") 1)

  ;; One step k of the fused tridiagonalisation (see tridiagonalize in householder.ts): for rows
  ;; i >= k+2 of the trailing lower triangle, apply step k's rank-2 update
  ;;   a[i][j] -= v[i]·w[j] + w[i]·v[j]   (j in k+1..i)
  ;; and accumulate step k+1's product pn = S·u with the updated values, u = the next reflector.
  ;; vo, von: rows k and k+1 of the reflector array; w, pn: vectors of length n.
  (func (export "triPass")
    (param $A i32) (param $n i32) (param $k i32) (param $vo i32) (param $von i32) (param $w i32) (param $pn i32)
    (local $rowb i32) (local $k1b i32) (local $i i32) (local $ib i32) (local $jb i32)
    (local $r0 i32) (local $r1 i32) (local $p i32)
    (local $wk1 f64) (local $vk1 f64)
    (local $v0 f64) (local $w0 f64) (local $u0 f64) (local $v1 f64) (local $w1 f64) (local $u1 f64)
    (local $s0 f64) (local $s1 f64) (local $x0 f64) (local $x1 f64) (local $d f64)
    (local $wj f64) (local $vj f64) (local $uj f64)
    (local $V0 v128) (local $W0 v128) (local $U0 v128) (local $V1 v128) (local $W1 v128) (local $U1 v128)
    (local $S0 v128) (local $S1 v128) (local $X0 v128) (local $X1 v128)
    (local $WJ v128) (local $VJ v128) (local $UJ v128)
    (local.set $rowb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $k1b (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3)))
    (local.set $wk1 (f64.load (i32.add (local.get $w) (local.get $k1b))))
    (local.set $vk1 (f64.load (i32.add (local.get $vo) (local.get $k1b))))
    (local.set $i (i32.add (local.get $k) (i32.const 2)))
    ;; Two rows at a time: w, v, u and pn are loaded once for both.
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
        (local.set $ib (i32.shl (local.get $i) (i32.const 3)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $rowb))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowb)))
        (local.set $v0 (f64.load (i32.add (local.get $vo) (local.get $ib))))
        (local.set $w0 (f64.load (i32.add (local.get $w) (local.get $ib))))
        (local.set $u0 (f64.load (i32.add (local.get $von) (local.get $ib))))
        (local.set $v1 (f64.load offset=8 (i32.add (local.get $vo) (local.get $ib))))
        (local.set $w1 (f64.load offset=8 (i32.add (local.get $w) (local.get $ib))))
        (local.set $u1 (f64.load offset=8 (i32.add (local.get $von) (local.get $ib))))
        ;; Column k+1 is consumed by the next reflector already: update only.
        (local.set $p (i32.add (local.get $r0) (local.get $k1b)))
        (f64.store (local.get $p)
          (f64.sub (f64.load (local.get $p))
            (f64.add (f64.mul (local.get $v0) (local.get $wk1)) (f64.mul (local.get $w0) (local.get $vk1)))))
        (local.set $p (i32.add (local.get $r1) (local.get $k1b)))
        (f64.store (local.get $p)
          (f64.sub (f64.load (local.get $p))
            (f64.add (f64.mul (local.get $v1) (local.get $wk1)) (f64.mul (local.get $w1) (local.get $vk1)))))
        (local.set $V0 (f64x2.splat (local.get $v0)))
        (local.set $W0 (f64x2.splat (local.get $w0)))
        (local.set $U0 (f64x2.splat (local.get $u0)))
        (local.set $V1 (f64x2.splat (local.get $v1)))
        (local.set $W1 (f64x2.splat (local.get $w1)))
        (local.set $U1 (f64x2.splat (local.get $u1)))
        (local.set $S0 (v128.const f64x2 0 0))
        (local.set $S1 (v128.const f64x2 0 0))
        (local.set $jb (i32.add (local.get $k1b) (i32.const 8)))
        (block $vec_done
          (loop $vec
            (br_if $vec_done (i32.gt_s (i32.add (local.get $jb) (i32.const 16)) (local.get $ib)))
            (local.set $WJ (v128.load (i32.add (local.get $w) (local.get $jb))))
            (local.set $VJ (v128.load (i32.add (local.get $vo) (local.get $jb))))
            (local.set $UJ (v128.load (i32.add (local.get $von) (local.get $jb))))
            (local.set $p (i32.add (local.get $r0) (local.get $jb)))
            (local.set $X0
              (f64x2.sub
                (f64x2.sub (v128.load (local.get $p)) (f64x2.mul (local.get $V0) (local.get $WJ)))
                (f64x2.mul (local.get $W0) (local.get $VJ))))
            (v128.store (local.get $p) (local.get $X0))
            (local.set $p (i32.add (local.get $r1) (local.get $jb)))
            (local.set $X1
              (f64x2.sub
                (f64x2.sub (v128.load (local.get $p)) (f64x2.mul (local.get $V1) (local.get $WJ)))
                (f64x2.mul (local.get $W1) (local.get $VJ))))
            (v128.store (local.get $p) (local.get $X1))
            (local.set $S0 (f64x2.add (local.get $S0) (f64x2.mul (local.get $X0) (local.get $UJ))))
            (local.set $S1 (f64x2.add (local.get $S1) (f64x2.mul (local.get $X1) (local.get $UJ))))
            (local.set $p (i32.add (local.get $pn) (local.get $jb)))
            (v128.store (local.get $p)
              (f64x2.add (v128.load (local.get $p))
                (f64x2.add (f64x2.mul (local.get $X0) (local.get $U0)) (f64x2.mul (local.get $X1) (local.get $U1)))))
            (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
            (br $vec)))
        (local.set $s0 (f64.add (f64x2.extract_lane 0 (local.get $S0)) (f64x2.extract_lane 1 (local.get $S0))))
        (local.set $s1 (f64.add (f64x2.extract_lane 0 (local.get $S1)) (f64x2.extract_lane 1 (local.get $S1))))
        ;; An odd column left before the diagonal.
        (if (i32.lt_s (local.get $jb) (local.get $ib))
          (then
            (local.set $wj (f64.load (i32.add (local.get $w) (local.get $jb))))
            (local.set $vj (f64.load (i32.add (local.get $vo) (local.get $jb))))
            (local.set $uj (f64.load (i32.add (local.get $von) (local.get $jb))))
            (local.set $p (i32.add (local.get $r0) (local.get $jb)))
            (local.set $x0
              (f64.sub (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $v0) (local.get $wj)))
                (f64.mul (local.get $w0) (local.get $vj))))
            (f64.store (local.get $p) (local.get $x0))
            (local.set $p (i32.add (local.get $r1) (local.get $jb)))
            (local.set $x1
              (f64.sub (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $v1) (local.get $wj)))
                (f64.mul (local.get $w1) (local.get $vj))))
            (f64.store (local.get $p) (local.get $x1))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $x0) (local.get $uj))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $x1) (local.get $uj))))
            (local.set $p (i32.add (local.get $pn) (local.get $jb)))
            (f64.store (local.get $p)
              (f64.add (f64.load (local.get $p))
                (f64.add (f64.mul (local.get $x0) (local.get $u0)) (f64.mul (local.get $x1) (local.get $u1)))))))
        ;; The 2×2 diagonal block: a[i][i], a[i+1][i], a[i+1][i+1].
        (local.set $p (i32.add (local.get $r0) (local.get $ib)))
        (local.set $d (f64.sub (f64.load (local.get $p)) (f64.mul (f64.const 2) (f64.mul (local.get $v0) (local.get $w0)))))
        (f64.store (local.get $p) (local.get $d))
        (local.set $p (i32.add (local.get $r1) (local.get $ib)))
        (local.set $x1
          (f64.sub (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $v1) (local.get $w0)))
            (f64.mul (local.get $w1) (local.get $v0))))
        (f64.store (local.get $p) (local.get $x1))
        (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $x1) (local.get $u0))))
        (local.set $p (i32.add (local.get $pn) (local.get $ib)))
        (f64.store (local.get $p)
          (f64.add (f64.load (local.get $p))
            (f64.add (f64.add (local.get $s0) (f64.mul (local.get $d) (local.get $u0))) (f64.mul (local.get $x1) (local.get $u1)))))
        (local.set $p (i32.add (i32.add (local.get $r1) (local.get $ib)) (i32.const 8)))
        (local.set $d (f64.sub (f64.load (local.get $p)) (f64.mul (f64.const 2) (f64.mul (local.get $v1) (local.get $w1)))))
        (f64.store (local.get $p) (local.get $d))
        (local.set $p (i32.add (i32.add (local.get $pn) (local.get $ib)) (i32.const 8)))
        (f64.store (local.get $p)
          (f64.add (f64.load (local.get $p)) (f64.add (local.get $s1) (f64.mul (local.get $d) (local.get $u1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; The last row when the count is odd.
    (if (i32.lt_s (local.get $i) (local.get $n))
      (then
        (local.set $ib (i32.shl (local.get $i) (i32.const 3)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $rowb))))
        (local.set $v0 (f64.load (i32.add (local.get $vo) (local.get $ib))))
        (local.set $w0 (f64.load (i32.add (local.get $w) (local.get $ib))))
        (local.set $u0 (f64.load (i32.add (local.get $von) (local.get $ib))))
        (local.set $p (i32.add (local.get $r0) (local.get $k1b)))
        (f64.store (local.get $p)
          (f64.sub (f64.load (local.get $p))
            (f64.add (f64.mul (local.get $v0) (local.get $wk1)) (f64.mul (local.get $w0) (local.get $vk1)))))
        (local.set $s0 (f64.const 0))
        (local.set $jb (i32.add (local.get $k1b) (i32.const 8)))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_s (local.get $jb) (local.get $ib)))
            (local.set $p (i32.add (local.get $r0) (local.get $jb)))
            (local.set $x0
              (f64.sub
                (f64.sub (f64.load (local.get $p))
                  (f64.mul (local.get $v0) (f64.load (i32.add (local.get $w) (local.get $jb)))))
                (f64.mul (local.get $w0) (f64.load (i32.add (local.get $vo) (local.get $jb))))))
            (f64.store (local.get $p) (local.get $x0))
            (local.set $s0
              (f64.add (local.get $s0) (f64.mul (local.get $x0) (f64.load (i32.add (local.get $von) (local.get $jb))))))
            (local.set $p (i32.add (local.get $pn) (local.get $jb)))
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.mul (local.get $x0) (local.get $u0))))
            (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
            (br $tail)))
        (local.set $p (i32.add (local.get $r0) (local.get $ib)))
        (local.set $d (f64.sub (f64.load (local.get $p)) (f64.mul (f64.const 2) (f64.mul (local.get $v0) (local.get $w0)))))
        (f64.store (local.get $p) (local.get $d))
        (local.set $p (i32.add (local.get $pn) (local.get $ib)))
        (f64.store (local.get $p)
          (f64.add (f64.load (local.get $p)) (f64.add (local.get $s0) (f64.mul (local.get $d) (local.get $u0)))))))
  )
;; C[i][0..n) += Σ_p A[i][p]·B[p][0..n) for i < m, p < k (row-major; lda, ldb, ldc in
  ;; elements). Any scaling is folded into A by the caller, which also blocks k and n so that
  ;; the k×n panel of B stays in L2 while the rows of C stream by. Four rows of B per pass:
  ;; one load and store of C per eight flops per lane.
  (func (export "gemmRows")
    (param $m i32) (param $n i32) (param $k i32)
    (param $A i32) (param $lda i32) (param $B i32) (param $ldb i32) (param $C i32) (param $ldc i32)
    (local $i i32) (local $p i32) (local $jb i32) (local $nb i32) (local $ldbb i32)
    (local $arow i32) (local $crow i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $q i32)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64)
    (local $A0 v128) (local $A1 v128) (local $A2 v128) (local $A3 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $ldbb (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $arow (i32.add (local.get $A) (i32.shl (i32.mul (local.get $i) (local.get $lda)) (i32.const 3))))
        (local.set $crow (i32.add (local.get $C) (i32.shl (i32.mul (local.get $i) (local.get $ldc)) (i32.const 3))))
        (local.set $p (i32.const 0))
        (block $quads_done
          (loop $quads
            (br_if $quads_done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
            (local.set $q (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 3))))
            (local.set $a0 (f64.load (local.get $q)))
            (local.set $a1 (f64.load offset=8 (local.get $q)))
            (local.set $a2 (f64.load offset=16 (local.get $q)))
            (local.set $a3 (f64.load offset=24 (local.get $q)))
            ;; Blocks of V are zero above their unit diagonals: skip what adds nothing.
            (if (i32.eqz (i32.and
                  (i32.and (f64.eq (local.get $a0) (f64.const 0)) (f64.eq (local.get $a1) (f64.const 0)))
                  (i32.and (f64.eq (local.get $a2) (f64.const 0)) (f64.eq (local.get $a3) (f64.const 0)))))
              (then
                (local.set $A0 (f64x2.splat (local.get $a0)))
                (local.set $A1 (f64x2.splat (local.get $a1)))
                (local.set $A2 (f64x2.splat (local.get $a2)))
                (local.set $A3 (f64x2.splat (local.get $a3)))
                (local.set $b0 (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $ldbb))))
                (local.set $b1 (i32.add (local.get $b0) (local.get $ldbb)))
                (local.set $b2 (i32.add (local.get $b1) (local.get $ldbb)))
                (local.set $b3 (i32.add (local.get $b2) (local.get $ldbb)))
                (local.set $jb (i32.const 0))
                (block $vec_done
                  (loop $vec
                    (br_if $vec_done (i32.gt_s (i32.add (local.get $jb) (i32.const 16)) (local.get $nb)))
                    (local.set $q (i32.add (local.get $crow) (local.get $jb)))
                    (v128.store (local.get $q)
                      (f64x2.add (v128.load (local.get $q))
                        (f64x2.add
                          (f64x2.add
                            (f64x2.mul (local.get $A0) (v128.load (i32.add (local.get $b0) (local.get $jb))))
                            (f64x2.mul (local.get $A1) (v128.load (i32.add (local.get $b1) (local.get $jb)))))
                          (f64x2.add
                            (f64x2.mul (local.get $A2) (v128.load (i32.add (local.get $b2) (local.get $jb))))
                            (f64x2.mul (local.get $A3) (v128.load (i32.add (local.get $b3) (local.get $jb))))))))
                    (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
                    (br $vec)))
                (if (i32.lt_s (local.get $jb) (local.get $nb))
                  (then
                    (local.set $q (i32.add (local.get $crow) (local.get $jb)))
                    (f64.store (local.get $q)
                      (f64.add (f64.load (local.get $q))
                        (f64.add
                          (f64.add
                            (f64.mul (local.get $a0) (f64.load (i32.add (local.get $b0) (local.get $jb))))
                            (f64.mul (local.get $a1) (f64.load (i32.add (local.get $b1) (local.get $jb)))))
                          (f64.add
                            (f64.mul (local.get $a2) (f64.load (i32.add (local.get $b2) (local.get $jb))))
                            (f64.mul (local.get $a3) (f64.load (i32.add (local.get $b3) (local.get $jb))))))))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $quads)))
        ;; The last k mod 4 rows of B one at a time.
        (block $ones_done
          (loop $ones
            (br_if $ones_done (i32.ge_s (local.get $p) (local.get $k)))
            (local.set $a0 (f64.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 3)))))
            (local.set $A0 (f64x2.splat (local.get $a0)))
            (local.set $b0 (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $ldbb))))
            (local.set $jb (i32.const 0))
            (block $v1_done
              (loop $v1
                (br_if $v1_done (i32.gt_s (i32.add (local.get $jb) (i32.const 16)) (local.get $nb)))
                (local.set $q (i32.add (local.get $crow) (local.get $jb)))
                (v128.store (local.get $q)
                  (f64x2.add (v128.load (local.get $q))
                    (f64x2.mul (local.get $A0) (v128.load (i32.add (local.get $b0) (local.get $jb))))))
                (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
                (br $v1)))
            (if (i32.lt_s (local.get $jb) (local.get $nb))
              (then
                (local.set $q (i32.add (local.get $crow) (local.get $jb)))
                (f64.store (local.get $q)
                  (f64.add (f64.load (local.get $q))
                    (f64.mul (local.get $a0) (f64.load (i32.add (local.get $b0) (local.get $jb))))))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $ones)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
  )
;; One step of the Golub–Kahan bidiagonalisation on rows i0..i1-1, columns j0..j1-1: the
  ;; left update x = a[i] - vq[i]·r, then the right reflector at once while the row is in L1:
  ;; a[i] = x - tp·(x·vp)·vp. vq is indexed by row, r and vp by column.
  (func (export "bidiagRows")
    (param $A i32) (param $lda i32) (param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32)
    (param $vq i32) (param $r i32) (param $vp i32) (param $tp f64)
    (local $i i32) (local $row i32) (local $jb i32) (local $jb0 i32) (local $jb1 i32) (local $q i32)
    (local $vi f64) (local $s f64) (local $x f64)
    (local $VI v128) (local $S v128) (local $X v128) (local $SS v128)
    (local.set $jb0 (i32.shl (local.get $j0) (i32.const 3)))
    (local.set $jb1 (i32.shl (local.get $j1) (i32.const 3)))
    (local.set $i (local.get $i0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $i) (local.get $i1)))
        (local.set $row (i32.add (local.get $A) (i32.shl (i32.mul (local.get $i) (local.get $lda)) (i32.const 3))))
        (local.set $vi (f64.load (i32.add (local.get $vq) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $VI (f64x2.splat (local.get $vi)))
        (local.set $S (v128.const f64x2 0 0))
        (local.set $jb (local.get $jb0))
        (block $l_done
          (loop $l
            (br_if $l_done (i32.gt_s (i32.add (local.get $jb) (i32.const 16)) (local.get $jb1)))
            (local.set $q (i32.add (local.get $row) (local.get $jb)))
            (local.set $X
              (f64x2.sub (v128.load (local.get $q))
                (f64x2.mul (local.get $VI) (v128.load (i32.add (local.get $r) (local.get $jb))))))
            (v128.store (local.get $q) (local.get $X))
            (local.set $S
              (f64x2.add (local.get $S) (f64x2.mul (local.get $X) (v128.load (i32.add (local.get $vp) (local.get $jb))))))
            (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
            (br $l)))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $S)) (f64x2.extract_lane 1 (local.get $S))))
        (if (i32.lt_s (local.get $jb) (local.get $jb1))
          (then
            (local.set $q (i32.add (local.get $row) (local.get $jb)))
            (local.set $x
              (f64.sub (f64.load (local.get $q))
                (f64.mul (local.get $vi) (f64.load (i32.add (local.get $r) (local.get $jb))))))
            (f64.store (local.get $q) (local.get $x))
            (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (f64.load (i32.add (local.get $vp) (local.get $jb))))))))
        (local.set $s (f64.mul (local.get $s) (local.get $tp)))
        (if (f64.ne (local.get $s) (f64.const 0))
          (then
            (local.set $SS (f64x2.splat (local.get $s)))
            (local.set $jb (local.get $jb0))
            (block $r_done
              (loop $rl
                (br_if $r_done (i32.gt_s (i32.add (local.get $jb) (i32.const 16)) (local.get $jb1)))
                (local.set $q (i32.add (local.get $row) (local.get $jb)))
                (v128.store (local.get $q)
                  (f64x2.sub (v128.load (local.get $q))
                    (f64x2.mul (local.get $SS) (v128.load (i32.add (local.get $vp) (local.get $jb))))))
                (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
                (br $rl)))
            (if (i32.lt_s (local.get $jb) (local.get $jb1))
              (then
                (local.set $q (i32.add (local.get $row) (local.get $jb)))
                (f64.store (local.get $q)
                  (f64.sub (f64.load (local.get $q))
                    (f64.mul (local.get $s) (f64.load (i32.add (local.get $vp) (local.get $jb))))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
  )
;; gemmRows for two rows of C at once (rows 2i, 2i+1; m even, k a multiple of 4): each
  ;; vector of four B rows is loaded once for both, so a pass costs 4 loads of B, 2 loads and
  ;; 2 stores of C per 16 multiply-adds. The driver sends odd rows and k mod 4 to gemmRows.
  (func (export "gemmPairs")
    (param $m i32) (param $n i32) (param $k i32)
    (param $A i32) (param $lda i32) (param $B i32) (param $ldb i32) (param $C i32) (param $ldc i32)
    (local $i i32) (local $p i32) (local $jb i32) (local $nb i32) (local $ldbb i32)
    (local $ar0 i32) (local $ar1 i32) (local $cr0 i32) (local $cr1 i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $q i32)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64)
    (local $e0 f64) (local $e1 f64) (local $e2 f64) (local $e3 f64)
    (local $A0 v128) (local $A1 v128) (local $A2 v128) (local $A3 v128)
    (local $E0 v128) (local $E1 v128) (local $E2 v128) (local $E3 v128)
    (local $B0 v128) (local $B1 v128) (local $B2 v128) (local $B3 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $ldbb (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
        (local.set $ar0 (i32.add (local.get $A) (i32.shl (i32.mul (local.get $i) (local.get $lda)) (i32.const 3))))
        (local.set $ar1 (i32.add (local.get $ar0) (i32.shl (local.get $lda) (i32.const 3))))
        (local.set $cr0 (i32.add (local.get $C) (i32.shl (i32.mul (local.get $i) (local.get $ldc)) (i32.const 3))))
        (local.set $cr1 (i32.add (local.get $cr0) (i32.shl (local.get $ldc) (i32.const 3))))
        (local.set $p (i32.const 0))
        (block $quads_done
          (loop $quads
            (br_if $quads_done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
            (local.set $q (i32.add (local.get $ar0) (i32.shl (local.get $p) (i32.const 3))))
            (local.set $a0 (f64.load (local.get $q)))
            (local.set $a1 (f64.load offset=8 (local.get $q)))
            (local.set $a2 (f64.load offset=16 (local.get $q)))
            (local.set $a3 (f64.load offset=24 (local.get $q)))
            (local.set $q (i32.add (local.get $ar1) (i32.shl (local.get $p) (i32.const 3))))
            (local.set $e0 (f64.load (local.get $q)))
            (local.set $e1 (f64.load offset=8 (local.get $q)))
            (local.set $e2 (f64.load offset=16 (local.get $q)))
            (local.set $e3 (f64.load offset=24 (local.get $q)))
            (local.set $A0 (f64x2.splat (local.get $a0)))
            (local.set $A1 (f64x2.splat (local.get $a1)))
            (local.set $A2 (f64x2.splat (local.get $a2)))
            (local.set $A3 (f64x2.splat (local.get $a3)))
            (local.set $E0 (f64x2.splat (local.get $e0)))
            (local.set $E1 (f64x2.splat (local.get $e1)))
            (local.set $E2 (f64x2.splat (local.get $e2)))
            (local.set $E3 (f64x2.splat (local.get $e3)))
            (local.set $b0 (i32.add (local.get $B) (i32.mul (local.get $p) (local.get $ldbb))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $ldbb)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $ldbb)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $ldbb)))
            (local.set $jb (i32.const 0))
            (block $vec_done
              (loop $vec
                (br_if $vec_done (i32.gt_s (i32.add (local.get $jb) (i32.const 16)) (local.get $nb)))
                (local.set $B0 (v128.load (i32.add (local.get $b0) (local.get $jb))))
                (local.set $B1 (v128.load (i32.add (local.get $b1) (local.get $jb))))
                (local.set $B2 (v128.load (i32.add (local.get $b2) (local.get $jb))))
                (local.set $B3 (v128.load (i32.add (local.get $b3) (local.get $jb))))
                (local.set $q (i32.add (local.get $cr0) (local.get $jb)))
                (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.add (f64x2.add (f64x2.mul (local.get $A0) (local.get $B0)) (f64x2.mul (local.get $A1) (local.get $B1))) (f64x2.add (f64x2.mul (local.get $A2) (local.get $B2)) (f64x2.mul (local.get $A3) (local.get $B3))))))
                (local.set $q (i32.add (local.get $cr1) (local.get $jb)))
                (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.add (f64x2.add (f64x2.mul (local.get $E0) (local.get $B0)) (f64x2.mul (local.get $E1) (local.get $B1))) (f64x2.add (f64x2.mul (local.get $E2) (local.get $B2)) (f64x2.mul (local.get $E3) (local.get $B3))))))
                (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
                (br $vec)))
            (if (i32.lt_s (local.get $jb) (local.get $nb))
              (then
                (local.set $q (i32.add (local.get $cr0) (local.get $jb)))
                (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.add (f64.add (f64.mul (local.get $a0) (f64.load (i32.add (local.get $b0) (local.get $jb)))) (f64.mul (local.get $a1) (f64.load (i32.add (local.get $b1) (local.get $jb))))) (f64.add (f64.mul (local.get $a2) (f64.load (i32.add (local.get $b2) (local.get $jb)))) (f64.mul (local.get $a3) (f64.load (i32.add (local.get $b3) (local.get $jb))))))))
                (local.set $q (i32.add (local.get $cr1) (local.get $jb)))
                (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.add (f64.add (f64.mul (local.get $e0) (f64.load (i32.add (local.get $b0) (local.get $jb)))) (f64.mul (local.get $e1) (f64.load (i32.add (local.get $b1) (local.get $jb))))) (f64.add (f64.mul (local.get $e2) (f64.load (i32.add (local.get $b2) (local.get $jb)))) (f64.mul (local.get $e3) (f64.load (i32.add (local.get $b3) (local.get $jb))))))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $quads)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows)))
  )
)
