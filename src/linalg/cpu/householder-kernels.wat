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
)
