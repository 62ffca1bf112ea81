;; Softmax cross-entropy over the rows of logits [R, C] for the wasm backend, in WebAssembly SIMD
;; on the backend's heap (imported memory; pointers are byte offsets). tfjs ops take ~9 passes
;; over the logits for the loss and its gradient (max, sub, exp, sum forward; divide, scatter,
;; add, multiply backward), and logits [rows, vocabulary] are a step's largest elementwise
;; tensor: here the forward reads them twice and writes exp once, the backward is one pass.
(module
  (import "env" "memory" (memory 1))

  ;; @include ../../ops/simd/math.wati

  ;; exp(z) for z <= 0, 0 below -87.34 (where $exp clamps): a -Infinity logit gets probability 0.
  (func $exp_neg (param $z v128) (result v128)
    (v128.andnot (call $exp (local.get $z)) (f32x4.lt (local.get $z) (v128.const f32x4 -87.33654 -87.33654 -87.33654 -87.33654))))

  ;; Per row r, with m the row's max and t = targets[r]:
  ;;   e[r, c] = exp(x[r, c] - m);  stats[r] = (Σ_c e[r, c], x[r, t] - m, Σ_c (x[r, c] - m)).
  ;; A NaN logit makes the row's sum NaN; a target outside [0, C) makes its x[r, t] - m NaN.
  (func (export "xent_forward") (param $x i32) (param $t i32) (param $e i32) (param $stats i32) (param $R i32) (param $C i32)
    (local $rowBytes i32) (local $vecBytes i32) (local $o i32) (local $r i32) (local $tr i32)
    (local $mv v128) (local $mm v128) (local $sv v128) (local $zv v128) (local $z v128) (local $ev v128)
    (local $m f32) (local $s f32) (local $zs f32) (local $zt f32) (local $zf f32) (local $ef f32)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $vecBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $R)))
      ;; the row's max (NaN lanes are skipped by pmax; the exp pass below turns them into NaN)
      (local.set $mv (v128.const f32x4 -inf -inf -inf -inf))
      (local.set $o (i32.const 0))
      (block $mDone (loop $mVec
        (br_if $mDone (i32.ge_u (local.get $o) (local.get $vecBytes)))
        (local.set $mv (f32x4.pmax (local.get $mv) (v128.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $mVec)))
      (local.set $m (f32.max (f32.max (f32x4.extract_lane 0 (local.get $mv)) (f32x4.extract_lane 1 (local.get $mv)))
                             (f32.max (f32x4.extract_lane 2 (local.get $mv)) (f32x4.extract_lane 3 (local.get $mv)))))
      (block $mtDone (loop $mTail
        (br_if $mtDone (i32.ge_u (local.get $o) (local.get $rowBytes)))
        (local.set $m (f32.max (local.get $m) (f32.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $mTail)))
      ;; exp(x - m), its sum, and the sum of x - m
      (local.set $mm (f32x4.splat (local.get $m)))
      (local.set $sv (v128.const i32x4 0 0 0 0))
      (local.set $zv (v128.const i32x4 0 0 0 0))
      (local.set $o (i32.const 0))
      (block $eDone (loop $eVec
        (br_if $eDone (i32.ge_u (local.get $o) (local.get $vecBytes)))
        (local.set $z (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $mm)))
        (local.set $ev (call $exp_neg (local.get $z)))
        (v128.store (i32.add (local.get $e) (local.get $o)) (local.get $ev))
        (local.set $sv (f32x4.add (local.get $sv) (local.get $ev)))
        (local.set $zv (f32x4.add (local.get $zv) (local.get $z)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $eVec)))
      (local.set $s (call $hsum (local.get $sv)))
      (local.set $zs (call $hsum (local.get $zv)))
      (block $etDone (loop $eTail
        (br_if $etDone (i32.ge_u (local.get $o) (local.get $rowBytes)))
        (local.set $zf (f32.sub (f32.load (i32.add (local.get $x) (local.get $o))) (local.get $m)))
        (local.set $ef (f32x4.extract_lane 0 (call $exp_neg (f32x4.splat (local.get $zf)))))
        (f32.store (i32.add (local.get $e) (local.get $o)) (local.get $ef))
        (local.set $s (f32.add (local.get $s) (local.get $ef)))
        (local.set $zs (f32.add (local.get $zs) (local.get $zf)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $eTail)))
      (local.set $tr (i32.load (i32.add (local.get $t) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $zt (f32.const nan))
      (if (i32.lt_u (local.get $tr) (local.get $C))
        (then (local.set $zt (f32.sub (f32.load (i32.add (local.get $x) (i32.shl (local.get $tr) (i32.const 2)))) (local.get $m)))))
      (f32.store (local.get $stats) (local.get $s))
      (f32.store offset=4 (local.get $stats) (local.get $zt))
      (f32.store offset=8 (local.get $stats) (local.get $zs))
      (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
      (local.set $e (i32.add (local.get $e) (local.get $rowBytes)))
      (local.set $stats (i32.add (local.get $stats) (i32.const 12)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; The gradient of the rows' losses for per-row factors k (upstream gradient × valid):
  ;;   g[r, c] = (e[r, c]/s_r - ε/C)·k_r, and at c = t_r (if in range) (e/s - (1 - ε) - ε/C)·k_r.
  (func (export "xent_backward") (param $e i32) (param $stats i32) (param $t i32) (param $k i32) (param $g i32) (param $R i32) (param $C i32) (param $eps f32)
    (local $rowBytes i32) (local $vecBytes i32) (local $o i32) (local $r i32) (local $tr i32)
    (local $inv f32) (local $kr f32) (local $epsC f32) (local $iv v128) (local $kv v128) (local $ev v128)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $vecBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $epsC (f32.div (local.get $eps) (f32.convert_i32_u (local.get $C))))
    (local.set $ev (f32x4.splat (local.get $epsC)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $R)))
      (local.set $inv (f32.div (f32.const 1) (f32.load (local.get $stats))))
      (local.set $kr (f32.load (i32.add (local.get $k) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $iv (f32x4.splat (local.get $inv)))
      (local.set $kv (f32x4.splat (local.get $kr)))
      (local.set $o (i32.const 0))
      (block $vDone (loop $vec
        (br_if $vDone (i32.ge_u (local.get $o) (local.get $vecBytes)))
        (v128.store (i32.add (local.get $g) (local.get $o))
          (f32x4.mul (f32x4.sub (f32x4.mul (v128.load (i32.add (local.get $e) (local.get $o))) (local.get $iv)) (local.get $ev)) (local.get $kv)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
      (block $tDone (loop $tail
        (br_if $tDone (i32.ge_u (local.get $o) (local.get $rowBytes)))
        (f32.store (i32.add (local.get $g) (local.get $o))
          (f32.mul (f32.sub (f32.mul (f32.load (i32.add (local.get $e) (local.get $o))) (local.get $inv)) (local.get $epsC)) (local.get $kr)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail)))
      (local.set $tr (i32.load (i32.add (local.get $t) (i32.shl (local.get $r) (i32.const 2)))))
      (if (i32.lt_u (local.get $tr) (local.get $C))
        (then
          (local.set $o (i32.shl (local.get $tr) (i32.const 2)))
          (f32.store (i32.add (local.get $g) (local.get $o))
            (f32.mul (f32.sub (f32.sub (f32.mul (f32.load (i32.add (local.get $e) (local.get $o))) (local.get $inv))
                                       (f32.sub (f32.const 1) (local.get $eps)))
                              (local.get $epsC))
                     (local.get $kr)))))
      (local.set $e (i32.add (local.get $e) (local.get $rowBytes)))
      (local.set $g (i32.add (local.get $g) (local.get $rowBytes)))
      (local.set $stats (i32.add (local.get $stats) (i32.const 12)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))))
