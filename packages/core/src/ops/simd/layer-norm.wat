;; LayerNorm over the last axis with its backward, in WebAssembly SIMD on the wasm backend's heap
;; (imported memory; pointers are byte offsets). tfjs ops take ~8 passes forward (mean, centre,
;; square, mean, rsqrt, scale, shift) and ~15 recorded ones backward, with wasm's slow Sum for the
;; weight and bias gradients; these kernels read each row once forward and twice backward.
;; Rows of C floats, C a multiple of 4 (the caller checks).
(module
  (import "env" "memory" (memory 1))

  ;; @include math.wati

  ;; y = (x - mean)·rstd·w + b per row, rstd = 1/√(var + eps) with the biased variance (PyTorch's
  ;; nn.LayerNorm); writes mean [R] and rstd [R] for the backward.
  (func (export "layer_norm") (param $x i32) (param $w i32) (param $b i32) (param $y i32) (param $mean i32) (param $rstd i32) (param $R i32) (param $C i32) (param $eps f32)
    (local $row i32) (local $o i32) (local $end i32) (local $r i32) (local $acc v128) (local $d v128) (local $m f32) (local $s f32) (local $mv v128) (local $sv v128)
    (local.set $end (i32.shl (local.get $C) (i32.const 2)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $R)))
      (local.set $row (i32.mul (local.get $r) (local.get $end)))
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $o (i32.const 0))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $x) (i32.add (local.get $row) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l1)))
      (local.set $m (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $C))))
      (local.set $mv (f32x4.splat (local.get $m)))
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $o (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $d (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $row) (local.get $o)))) (local.get $mv)))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l2)))
      (local.set $s (f32.div (f32.const 1) (f32.sqrt (f32.add (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $C))) (local.get $eps)))))
      (local.set $sv (f32x4.splat (local.get $s)))
      (local.set $o (i32.const 0))
      (block $d3 (loop $l3
        (br_if $d3 (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store (i32.add (local.get $y) (i32.add (local.get $row) (local.get $o)))
          (f32x4.add
            (f32x4.mul (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $row) (local.get $o)))) (local.get $mv)) (local.get $sv))
                       (v128.load (i32.add (local.get $w) (local.get $o))))
            (v128.load (i32.add (local.get $b) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l3)))
      (f32.store (i32.add (local.get $mean) (i32.shl (local.get $r) (i32.const 2))) (local.get $m))
      (f32.store (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2))) (local.get $s))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; Backward: with xhat = (x - mean)·rstd and g = dy·w,
  ;; dx = rstd·(g - mean(g) - xhat·mean(g·xhat)); dw = Σ_rows dy·xhat; db = Σ_rows dy.
  (func (export "layer_norm_grad") (param $x i32) (param $dy i32) (param $w i32) (param $mean i32) (param $rstd i32) (param $dx i32) (param $dw i32) (param $db i32) (param $R i32) (param $C i32)
    (local $row i32) (local $o i32) (local $end i32) (local $r i32) (local $mv v128) (local $sv v128)
    (local $xh v128) (local $g v128) (local $dyv v128) (local $sg v128) (local $sgx v128) (local $a v128) (local $bq v128) (local $inv f32)
    (local.set $end (i32.shl (local.get $C) (i32.const 2)))
    (local.set $inv (f32.div (f32.const 1) (f32.convert_i32_u (local.get $C))))
    (memory.fill (local.get $dw) (i32.const 0) (local.get $end))
    (memory.fill (local.get $db) (i32.const 0) (local.get $end))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $R)))
      (local.set $row (i32.mul (local.get $r) (local.get $end)))
      (local.set $mv (f32x4.splat (f32.load (i32.add (local.get $mean) (i32.shl (local.get $r) (i32.const 2))))))
      (local.set $sv (f32x4.splat (f32.load (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2))))))
      (local.set $sg (v128.const f32x4 0 0 0 0))
      (local.set $sgx (v128.const f32x4 0 0 0 0))
      (local.set $o (i32.const 0))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $xh (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $row) (local.get $o)))) (local.get $mv)) (local.get $sv)))
        (local.set $dyv (v128.load (i32.add (local.get $dy) (i32.add (local.get $row) (local.get $o)))))
        (local.set $g (f32x4.mul (local.get $dyv) (v128.load (i32.add (local.get $w) (local.get $o)))))
        (local.set $sg (f32x4.add (local.get $sg) (local.get $g)))
        (local.set $sgx (f32x4.add (local.get $sgx) (f32x4.mul (local.get $g) (local.get $xh))))
        (v128.store (i32.add (local.get $dw) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $dw) (local.get $o))) (f32x4.mul (local.get $dyv) (local.get $xh))))
        (v128.store (i32.add (local.get $db) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $db) (local.get $o))) (local.get $dyv)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l1)))
      ;; a = mean(g), bq = mean(g·xhat)
      (local.set $a (f32x4.splat (f32.mul (call $hsum (local.get $sg)) (local.get $inv))))
      (local.set $bq (f32x4.splat (f32.mul (call $hsum (local.get $sgx)) (local.get $inv))))
      (local.set $o (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $xh (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $row) (local.get $o)))) (local.get $mv)) (local.get $sv)))
        (local.set $g (f32x4.mul (v128.load (i32.add (local.get $dy) (i32.add (local.get $row) (local.get $o)))) (v128.load (i32.add (local.get $w) (local.get $o)))))
        (v128.store (i32.add (local.get $dx) (i32.add (local.get $row) (local.get $o)))
          (f32x4.mul (local.get $sv) (f32x4.sub (f32x4.sub (local.get $g) (local.get $a)) (f32x4.mul (local.get $xh) (local.get $bq)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l2)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))))
