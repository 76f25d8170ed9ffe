;; Float64 inner loops of the CPU twin's Householder reductions, in WebAssembly SIMD (f64x2).
;; The O(n²) passes over the trailing matrix are where all the time goes; the tridiagonal
;; reduction runs whole steps in here (its O(n) work per step cost ~10% from JavaScript), the
;; other reductions keep their O(n) work in the TypeScript drivers.
;; Scalar JavaScript tops out near 2 GFLOP/s on these loops (bounds checks, no vectors);
;; two-lane SIMD with no checks runs them at the speed of the cache.
;;
;; Every pointer is a byte offset into the exported memory; matrices are row-major float64.
(module
  (memory (export "memory") 1)

  ;; The symmetric -> tridiagonal reduction (tridiagonalize in householder.ts), steps
  ;; kfrom..kto-1 of it, everything per step in here: the w vector, the next reflector and one
  ;; fused pass over the trailing lower triangle that applies step k's rank-2 update
  ;;   a[i][j] -= v[i]·w[j] + w[i]·v[j]
  ;; and accumulates step k+1's product p = S·u with the updated values (u = reflector k+1).
  ;; Step -1 is the plain product S·u of reflector 0 (its v and w are zero).
  ;;
  ;; Vectors live in four lanes at $L (byte offsets): w 0, v 131136, u 262272, p 393408, each up
  ;; to 16384 doubles; the offsets are immediates, so one address serves all four, and the
  ;; extra cache line per lane keeps the four streams out of one L1 set. Lanes hold zeros
  ;; below the active range where the pass reads them (it starts on an even column so that
  ;; every pair is one aligned f64x2; the zeros make the extra column a no-op).
  ;; tau, d, e: arrays of n doubles; V: n×n, row k holds reflector k (entries k+1.., first 1).
  (func (export "triSteps")
    (param $A i32) (param $n i32) (param $V i32) (param $L i32)
    (param $tau i32) (param $d i32) (param $e i32) (param $kfrom i32) (param $kto i32)
    (local $k i32)
    (local.set $k (local.get $kfrom))
    (block $done
      (loop $steps
        (br_if $done (i32.ge_s (local.get $k) (local.get $kto)))
        (call $triStep (local.get $A) (local.get $n) (local.get $V) (local.get $L)
          (local.get $tau) (local.get $d) (local.get $e) (local.get $k))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $steps))))

  (func $triStep
    (param $A i32) (param $n i32) (param $V i32) (param $L i32)
    (param $tau i32) (param $d i32) (param $e i32) (param $k i32)
    (local $rowb i32) (local $k1 i32) (local $ib i32) (local $jb i32) (local $nb i32) (local $q i32)
    (local $p i32) (local $vr i32) (local $i i32) (local $first i32)
    (local $t f64) (local $pv f64) (local $K f64) (local $x f64) (local $vi f64)
    (local $wk1 f64) (local $vk1 f64) (local $alpha f64) (local $scale f64) (local $inv f64)
    (local $ss f64) (local $xnorm f64) (local $m f64) (local $beta f64)
    (local.set $rowb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $nb (local.get $rowb))
    (local.set $k1 (i32.add (local.get $k) (i32.const 1)))
    ;; w = tau·p - (tau²/2)(pᵀv)·v and v = the previous u, from index k+1 on; zeros at k.
    (if (i32.ge_s (local.get $k) (i32.const 0))
      (then
        (local.set $t (f64.load (i32.add (local.get $tau) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $pv (f64.const 0))
        (local.set $jb (i32.shl (local.get $k1) (i32.const 3)))
        (block $pv_done
          (loop $pv_loop
            (br_if $pv_done (i32.ge_s (local.get $jb) (local.get $nb)))
            (local.set $q (i32.add (local.get $L) (local.get $jb)))
            (local.set $pv (f64.add (local.get $pv)
              (f64.mul (f64.load offset=393408 (local.get $q)) (f64.load offset=262272 (local.get $q)))))
            (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
            (br $pv_loop)))
        (local.set $K (f64.mul (f64.mul (f64.const 0.5) (f64.mul (local.get $t) (local.get $t))) (local.get $pv)))
        (local.set $jb (i32.shl (local.get $k1) (i32.const 3)))
        (block $w_done
          (loop $w_loop
            (br_if $w_done (i32.ge_s (local.get $jb) (local.get $nb)))
            (local.set $q (i32.add (local.get $L) (local.get $jb)))
            (local.set $vi (f64.load offset=262272 (local.get $q)))
            (f64.store offset=131136 (local.get $q) (local.get $vi))
            (f64.store (local.get $q)
              (f64.sub (f64.mul (local.get $t) (f64.load offset=393408 (local.get $q))) (f64.mul (local.get $K) (local.get $vi))))
            (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
            (br $w_loop)))
        (local.set $q (i32.add (local.get $L) (i32.shl (local.get $k) (i32.const 3))))
        (f64.store (local.get $q) (f64.const 0))
        (f64.store offset=131136 (local.get $q) (f64.const 0))
        (local.set $p (i32.add (local.get $A) (i32.mul (local.get $k) (i32.add (local.get $rowb) (i32.const 8)))))
        (f64.store (i32.add (local.get $d) (i32.shl (local.get $k) (i32.const 3))) (f64.load (local.get $p))))
      (else
        (local.set $jb (i32.const 0))
        (block $z_done
          (loop $z_loop
            (br_if $z_done (i32.ge_s (local.get $jb) (local.get $nb)))
            (local.set $q (i32.add (local.get $L) (local.get $jb)))
            (f64.store (local.get $q) (f64.const 0))
            (f64.store offset=131136 (local.get $q) (f64.const 0))
            (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
            (br $z_loop)))))
    ;; The last step: update the trailing 2×2 block and read off T's last entries.
    (if (i32.eq (local.get $k) (i32.sub (local.get $n) (i32.const 3)))
      (then
        (local.set $i (local.get $k1))
        (block $f_done
          (loop $f_rows
            (br_if $f_done (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $ib (i32.shl (local.get $i) (i32.const 3)))
            (local.set $jb (i32.shl (local.get $k1) (i32.const 3)))
            (block $fc_done
              (loop $f_cols
                (br_if $fc_done (i32.gt_s (local.get $jb) (local.get $ib)))
                (local.set $p (i32.add (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $rowb))) (local.get $jb)))
                (f64.store (local.get $p)
                  (f64.sub (f64.load (local.get $p))
                    (f64.add
                      (f64.mul (f64.load offset=131136 (i32.add (local.get $L) (local.get $ib))) (f64.load (i32.add (local.get $L) (local.get $jb))))
                      (f64.mul (f64.load (i32.add (local.get $L) (local.get $ib))) (f64.load offset=131136 (i32.add (local.get $L) (local.get $jb)))))))
                (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
                (br $f_cols)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $f_rows)))
        (local.set $i (i32.sub (local.get $n) (i32.const 2)))
        (local.set $p (i32.add (local.get $A) (i32.mul (local.get $i) (i32.add (local.get $rowb) (i32.const 8)))))
        (f64.store (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 3))) (f64.load (local.get $p)))
        (f64.store (i32.add (local.get $e) (i32.shl (local.get $i) (i32.const 3))) (f64.load (i32.add (local.get $p) (local.get $rowb))))
        (f64.store offset=8 (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 3)))
          (f64.load offset=8 (i32.add (local.get $p) (local.get $rowb))))
        (return)))
    ;; Reflector k+1 (LAPACK's dlarfg) from column k+1 after step k's update, rows k+2..,
    ;; written straight into row k+1 of V.
    (local.set $vr (i32.add (local.get $V) (i32.mul (local.get $k1) (local.get $rowb))))
    (local.set $q (i32.add (local.get $L) (i32.shl (local.get $k1) (i32.const 3))))
    (local.set $wk1 (f64.load (local.get $q)))
    (local.set $vk1 (f64.load offset=131136 (local.get $q)))
    (local.set $first (i32.shl (i32.add (local.get $k) (i32.const 2)) (i32.const 3)))
    (local.set $scale (f64.const 0))
    (local.set $jb (local.get $first))
    (local.set $p (i32.add (i32.add (local.get $A) (i32.mul (i32.add (local.get $k) (i32.const 2)) (local.get $rowb)))
      (i32.shl (local.get $k1) (i32.const 3))))
    (block $c_done
      (loop $c_loop
        (br_if $c_done (i32.ge_s (local.get $jb) (local.get $nb)))
        (local.set $q (i32.add (local.get $L) (local.get $jb)))
        (local.set $x
          (f64.sub (f64.load (local.get $p))
            (f64.add (f64.mul (f64.load offset=131136 (local.get $q)) (local.get $wk1))
              (f64.mul (f64.load (local.get $q)) (local.get $vk1)))))
        (f64.store (i32.add (local.get $vr) (local.get $jb)) (local.get $x))
        (if (i32.gt_s (local.get $jb) (local.get $first))
          (then (local.set $scale (f64.max (local.get $scale) (f64.abs (local.get $x))))))
        (local.set $p (i32.add (local.get $p) (local.get $rowb)))
        (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
        (br $c_loop)))
    (local.set $alpha (f64.load (i32.add (local.get $vr) (local.get $first))))
    (if (f64.eq (local.get $scale) (f64.const 0))
      (then
        (f64.store (i32.add (local.get $tau) (i32.shl (local.get $k1) (i32.const 3))) (f64.const 0))
        (f64.store (i32.add (local.get $e) (i32.shl (local.get $k1) (i32.const 3))) (local.get $alpha))
        (local.set $jb (i32.add (local.get $first) (i32.const 8)))
        (block $zz_done
          (loop $zz
            (br_if $zz_done (i32.ge_s (local.get $jb) (local.get $nb)))
            (f64.store (i32.add (local.get $vr) (local.get $jb)) (f64.const 0))
            (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
            (br $zz))))
      (else
        ;; Scaled norm, then β = -sign(α)·hypot(α, ‖x‖): no overflow or underflow at any scale.
        (local.set $inv (f64.div (f64.const 1) (local.get $scale)))
        (local.set $ss (f64.const 0))
        (local.set $jb (i32.add (local.get $first) (i32.const 8)))
        (block $ss_done
          (loop $ss_loop
            (br_if $ss_done (i32.ge_s (local.get $jb) (local.get $nb)))
            (local.set $x (f64.mul (f64.load (i32.add (local.get $vr) (local.get $jb))) (local.get $inv)))
            (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $x) (local.get $x))))
            (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
            (br $ss_loop)))
        (local.set $xnorm (f64.mul (local.get $scale) (f64.sqrt (local.get $ss))))
        (local.set $m (f64.max (f64.abs (local.get $alpha)) (local.get $xnorm)))
        (local.set $beta
          (f64.mul (local.get $m)
            (f64.sqrt (f64.add
              (f64.mul (f64.div (local.get $alpha) (local.get $m)) (f64.div (local.get $alpha) (local.get $m)))
              (f64.mul (f64.div (local.get $xnorm) (local.get $m)) (f64.div (local.get $xnorm) (local.get $m)))))))
        (if (f64.ge (local.get $alpha) (f64.const 0)) (then (local.set $beta (f64.neg (local.get $beta)))))
        (f64.store (i32.add (local.get $tau) (i32.shl (local.get $k1) (i32.const 3)))
          (f64.div (f64.sub (local.get $beta) (local.get $alpha)) (local.get $beta)))
        (f64.store (i32.add (local.get $e) (i32.shl (local.get $k1) (i32.const 3))) (local.get $beta))
        (local.set $inv (f64.div (f64.const 1) (f64.sub (local.get $alpha) (local.get $beta))))
        (local.set $jb (i32.add (local.get $first) (i32.const 8)))
        (block $sc_done
          (loop $sc_loop
            (br_if $sc_done (i32.ge_s (local.get $jb) (local.get $nb)))
            (local.set $p (i32.add (local.get $vr) (local.get $jb)))
            (f64.store (local.get $p) (f64.mul (f64.load (local.get $p)) (local.get $inv)))
            (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
            (br $sc_loop)))))
    (f64.store (i32.add (local.get $vr) (local.get $first)) (f64.const 1))
    ;; u = reflector k+1 (zeros at k, k+1), p = 0 from max(k, 0) on.
    (local.set $jb (i32.shl (i32.add (local.get $k) (i32.const 2)) (i32.const 3)))
    (block $u_done
      (loop $u_loop
        (br_if $u_done (i32.ge_s (local.get $jb) (local.get $nb)))
        (local.set $q (i32.add (local.get $L) (local.get $jb)))
        (f64.store offset=262272 (local.get $q) (f64.load (i32.add (local.get $vr) (local.get $jb))))
        (f64.store offset=393408 (local.get $q) (f64.const 0))
        (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
        (br $u_loop)))
    (local.set $q (i32.add (local.get $L) (i32.shl (local.get $k1) (i32.const 3))))
    (f64.store offset=262272 (local.get $q) (f64.const 0))
    (f64.store offset=393408 (local.get $q) (f64.const 0))
    (if (i32.ge_s (local.get $k) (i32.const 0))
      (then
        (local.set $q (i32.add (local.get $L) (i32.shl (local.get $k) (i32.const 3))))
        (f64.store offset=262272 (local.get $q) (f64.const 0))
        (f64.store offset=393408 (local.get $q) (f64.const 0))
        ;; Row k+1 only gets its diagonal updated (its column-(k+1) entries are consumed).
        (local.set $p (i32.add (local.get $A) (i32.mul (local.get $k1) (i32.add (local.get $rowb) (i32.const 8)))))
        (f64.store (local.get $p)
          (f64.sub (f64.load (local.get $p)) (f64.mul (f64.const 2) (f64.mul (local.get $vk1) (local.get $wk1)))))))
    (call $triPass (local.get $A) (local.get $n) (local.get $L) (local.get $k)))

  ;; Step k's fused pass over rows k+2.. (see triSteps). Two rows at a time: each pair of
  ;; columns loads w, v, u and p once for both rows and stores p once. Three and four rows
  ;; measured slower (0.126 s and 0.134 s against 0.115 s at n = 1024): V8 has sixteen vector
  ;; registers and spills the extra per-row splats and sums inside the loop.
  (func $triPass (param $A i32) (param $n i32) (param $L i32) (param $k i32)
    (local $rowb i32) (local $i i32) (local $ib i32) (local $i0b i32) (local $j0b i32) (local $jb i32) (local $q i32)
    (local $r0 i32) (local $r1 i32) (local $pa i32)
    (local $V0 v128) (local $W0 v128) (local $U0 v128) (local $S0 v128)
    (local $V1 v128) (local $W1 v128) (local $U1 v128) (local $S1 v128)
    (local $WJ v128) (local $VJ v128) (local $UJ v128) (local $PN v128) (local $X v128)
    (local.set $rowb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $j0b (i32.shl (i32.and (i32.add (local.get $k) (i32.const 1)) (i32.const -2)) (i32.const 3)))
    (local.set $i (i32.add (local.get $k) (i32.const 2)))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
        (local.set $ib (i32.shl (local.get $i) (i32.const 3)))
        (local.set $i0b (i32.shl (i32.and (local.get $i) (i32.const -2)) (i32.const 3)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $rowb))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowb)))
        (local.set $q (i32.add (local.get $L) (local.get $ib)))
        (local.set $W0 (v128.load64_splat (local.get $q)))
        (local.set $V0 (v128.load64_splat offset=131136 (local.get $q)))
        (local.set $U0 (v128.load64_splat offset=262272 (local.get $q)))
        (local.set $W1 (v128.load64_splat offset=8 (local.get $q)))
        (local.set $V1 (v128.load64_splat offset=131144 (local.get $q)))
        (local.set $U1 (v128.load64_splat offset=262280 (local.get $q)))
        (local.set $S0 (v128.const f64x2 0 0))
        (local.set $S1 (v128.const f64x2 0 0))
        (local.set $jb (local.get $j0b))
        (block $vec_done
          (loop $vec
            (br_if $vec_done (i32.ge_s (local.get $jb) (local.get $i0b)))
            (local.set $q (i32.add (local.get $L) (local.get $jb)))
            (local.set $WJ (v128.load (local.get $q)))
            (local.set $VJ (v128.load offset=131136 (local.get $q)))
            (local.set $UJ (v128.load offset=262272 (local.get $q)))
            (local.set $PN (v128.load offset=393408 (local.get $q)))
            (local.set $pa (i32.add (local.get $r0) (local.get $jb)))
            (local.set $X (f64x2.sub (f64x2.sub (v128.load (local.get $pa))
              (f64x2.mul (local.get $V0) (local.get $WJ))) (f64x2.mul (local.get $W0) (local.get $VJ))))
            (v128.store (local.get $pa) (local.get $X))
            (local.set $S0 (f64x2.add (local.get $S0) (f64x2.mul (local.get $X) (local.get $UJ))))
            (local.set $PN (f64x2.add (local.get $PN) (f64x2.mul (local.get $X) (local.get $U0))))
            (local.set $pa (i32.add (local.get $r1) (local.get $jb)))
            (local.set $X (f64x2.sub (f64x2.sub (v128.load (local.get $pa))
              (f64x2.mul (local.get $V1) (local.get $WJ))) (f64x2.mul (local.get $W1) (local.get $VJ))))
            (v128.store (local.get $pa) (local.get $X))
            (local.set $S1 (f64x2.add (local.get $S1) (f64x2.mul (local.get $X) (local.get $UJ))))
            (local.set $PN (f64x2.add (local.get $PN) (f64x2.mul (local.get $X) (local.get $U1))))
            (v128.store offset=393408 (local.get $q) (local.get $PN))
            (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
            (br $vec)))
        (call $triRowTail (local.get $r0) (local.get $L) (local.get $i0b) (local.get $ib)
          (f64.add (f64x2.extract_lane 0 (local.get $S0)) (f64x2.extract_lane 1 (local.get $S0))))
        (call $triRowTail (local.get $r1) (local.get $L) (local.get $i0b) (i32.add (local.get $ib) (i32.const 8))
          (f64.add (f64x2.extract_lane 0 (local.get $S1)) (f64x2.extract_lane 1 (local.get $S1))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; The last row when the count is odd.
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $ib (i32.shl (local.get $i) (i32.const 3)))
        (local.set $i0b (i32.shl (i32.and (local.get $i) (i32.const -2)) (i32.const 3)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $rowb))))
        (local.set $q (i32.add (local.get $L) (local.get $ib)))
        (local.set $W0 (v128.load64_splat (local.get $q)))
        (local.set $V0 (v128.load64_splat offset=131136 (local.get $q)))
        (local.set $U0 (v128.load64_splat offset=262272 (local.get $q)))
        (local.set $S0 (v128.const f64x2 0 0))
        (local.set $jb (local.get $j0b))
        (block $one_done
          (loop $one
            (br_if $one_done (i32.ge_s (local.get $jb) (local.get $i0b)))
            (local.set $q (i32.add (local.get $L) (local.get $jb)))
            (local.set $pa (i32.add (local.get $r0) (local.get $jb)))
            (local.set $X (f64x2.sub (f64x2.sub (v128.load (local.get $pa))
              (f64x2.mul (local.get $V0) (v128.load (local.get $q))))
              (f64x2.mul (local.get $W0) (v128.load offset=131136 (local.get $q)))))
            (v128.store (local.get $pa) (local.get $X))
            (local.set $S0 (f64x2.add (local.get $S0) (f64x2.mul (local.get $X) (v128.load offset=262272 (local.get $q)))))
            (v128.store offset=393408 (local.get $q)
              (f64x2.add (v128.load offset=393408 (local.get $q)) (f64x2.mul (local.get $X) (local.get $U0))))
            (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
            (br $one)))
        (call $triRowTail (local.get $r0) (local.get $L) (local.get $i0b) (local.get $ib)
          (f64.add (f64x2.extract_lane 0 (local.get $S0)) (f64x2.extract_lane 1 (local.get $S0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Columns jb..ib-1 and the diagonal of one row of the pass (byte offsets; ra: the row),
  ;; finishing p[i] with the row's sum s from the vector loop.
  (func $triRowTail (param $ra i32) (param $L i32) (param $jb i32) (param $ib i32) (param $s f64)
    (local $q i32) (local $p i32) (local $vi f64) (local $wi f64) (local $ui f64) (local $x f64)
    (local.set $q (i32.add (local.get $L) (local.get $ib)))
    (local.set $wi (f64.load (local.get $q)))
    (local.set $vi (f64.load offset=131136 (local.get $q)))
    (local.set $ui (f64.load offset=262272 (local.get $q)))
    (block $done
      (loop $cols
        (br_if $done (i32.ge_s (local.get $jb) (local.get $ib)))
        (local.set $q (i32.add (local.get $L) (local.get $jb)))
        (local.set $p (i32.add (local.get $ra) (local.get $jb)))
        (local.set $x
          (f64.sub (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $vi) (f64.load (local.get $q))))
            (f64.mul (local.get $wi) (f64.load offset=131136 (local.get $q)))))
        (f64.store (local.get $p) (local.get $x))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (f64.load offset=262272 (local.get $q)))))
        (f64.store offset=393408 (local.get $q)
          (f64.add (f64.load offset=393408 (local.get $q)) (f64.mul (local.get $x) (local.get $ui))))
        (local.set $jb (i32.add (local.get $jb) (i32.const 8)))
        (br $cols)))
    (local.set $p (i32.add (local.get $ra) (local.get $ib)))
    (local.set $x (f64.sub (f64.load (local.get $p)) (f64.mul (f64.const 2) (f64.mul (local.get $vi) (local.get $wi)))))
    (f64.store (local.get $p) (local.get $x))
    (local.set $q (i32.add (local.get $L) (local.get $ib)))
    (f64.store offset=393408 (local.get $q)
      (f64.add (f64.load offset=393408 (local.get $q)) (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $ui))))))

  ;; C[0..m4)[0..n4) += A·B for A m4×k (lda), B k×n4 (ldb), m4 and n4 multiples of 4, through
  ;; packed panels in the scratch region S (owned by the kernels, see wasm-kernels.ts): B is
  ;; packed once into n4/4 panels of k×4 (b[p][c] = B[p][4j+c]), then each strip of four rows
  ;; of A into one k×4 panel (a[p][r] = A[4i+r][p]), and a 4×4 block of C is accumulated in
  ;; eight f64x2 registers over all k before it touches memory. Per p: six loads for sixteen
  ;; vector flops, where the row kernels load and store C for every four p.
  (func (export "gemmPacked")
    (param $m4 i32) (param $n4 i32) (param $k i32)
    (param $A i32) (param $lda i32) (param $B i32) (param $ldb i32) (param $C i32) (param $ldc i32) (param $S i32)
    (local $i i32) (local $j i32) (local $p i32) (local $kb i32) (local $ldcb i32) (local $ldab i32) (local $ldbb i32)
    (local $ap i32) (local $pa i32) (local $pb i32) (local $pend i32) (local $c i32) (local $src i32) (local $dst i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 5)))
    (local.set $ldab (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $ldbb (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 3)))
    ;; The A panel sits after the B panels.
    (local.set $ap (i32.add (local.get $S) (i32.mul (i32.shr_u (local.get $n4) (i32.const 2)) (local.get $kb))))
    ;; Pack B: panel j, row p = B[p][4j..4j+3].
    (local.set $j (i32.const 0))
    (block $bj_done (loop $bj
      (br_if $bj_done (i32.ge_s (local.get $j) (local.get $n4)))
      (local.set $src (i32.add (local.get $B) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $dst (i32.add (local.get $S) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $kb))))
      (local.set $pend (i32.add (local.get $dst) (local.get $kb)))
      (block $bp_done (loop $bp
        (br_if $bp_done (i32.ge_u (local.get $dst) (local.get $pend)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $ldbb)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $bp)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $bj)))
    (local.set $i (i32.const 0))
    (block $i_done (loop $il
      (br_if $i_done (i32.ge_s (local.get $i) (local.get $m4)))
      ;; Pack rows i..i+3 of A: a[p][r].
      (local.set $src (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $ldab))))
      (local.set $dst (local.get $ap))
      (local.set $pend (i32.add (local.get $ap) (local.get $kb)))
      (block $ap_done (loop $apl
        (br_if $ap_done (i32.ge_u (local.get $dst) (local.get $pend)))
        (f64.store (local.get $dst) (f64.load (local.get $src)))
        (f64.store offset=8 (local.get $dst) (f64.load (i32.add (local.get $src) (local.get $ldab))))
        (f64.store offset=16 (local.get $dst) (f64.load (i32.add (local.get $src) (i32.shl (local.get $ldab) (i32.const 1)))))
        (f64.store offset=24 (local.get $dst)
          (f64.load (i32.add (local.get $src) (i32.mul (local.get $ldab) (i32.const 3)))))
        (local.set $src (i32.add (local.get $src) (i32.const 8)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $apl)))
      (local.set $j (i32.const 0))
      (block $j_done (loop $jl
        (br_if $j_done (i32.ge_s (local.get $j) (local.get $n4)))
        (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
        (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
        (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
        (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
        (local.set $pa (local.get $ap))
        (local.set $pb (i32.add (local.get $S) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $kb))))
        (block $p_done (loop $pl
          (br_if $p_done (i32.ge_u (local.get $pa) (local.get $pend)))
          (local.set $b0 (v128.load (local.get $pb)))
          (local.set $b1 (v128.load offset=16 (local.get $pb)))
          (local.set $a (v128.load64_splat (local.get $pa)))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $a (v128.load64_splat offset=8 (local.get $pa)))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $a (v128.load64_splat offset=16 (local.get $pa)))
          (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $a (v128.load64_splat offset=24 (local.get $pa)))
          (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
          (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
          (br $pl)))
        (local.set $c (i32.add (local.get $C)
          (i32.add (i32.mul (local.get $i) (local.get $ldcb)) (i32.shl (local.get $j) (i32.const 3)))))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c00)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
        (local.set $c (i32.add (local.get $c) (local.get $ldcb)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c10)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c11)))
        (local.set $c (i32.add (local.get $c) (local.get $ldcb)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c20)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c21)))
        (local.set $c (i32.add (local.get $c) (local.get $ldcb)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c30)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c31)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jl)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $il)))
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
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
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
            (br $pairs)))
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
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
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
            (br $pairs)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows)))
  )
)
