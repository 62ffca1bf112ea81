;; The backward of a softmax over rows in WebAssembly SIMD on the wasm backend's heap (imported
;; memory; pointers are byte offsets): as tfjs ops it is a multiply, a sum, a subtract and a
;; multiply over the [batch, heads, L, S] weights (the largest tensor of a Transformer layer at
;; long L); here two passes over each row while it is in cache.
(module
  (import "env" "memory" (memory 1))

  ;; @include ../../../core/src/ops/simd/math.wati

  ;; dx[r, :] = w[r, :]·(dy[r, :] - Σ_s w[r, s]·dy[r, s]) for w, dy, dx [R, S]
  (func (export "softmax_grad") (param $w i32) (param $dy i32) (param $dx i32) (param $R i32) (param $S i32)
    (local $rowBytes i32) (local $vecBytes i32) (local $r i32) (local $o i32)
    (local $dv v128) (local $d f32)
    (local.set $rowBytes (i32.shl (local.get $S) (i32.const 2)))
    (local.set $vecBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $R)))
      (local.set $dv (v128.const i32x4 0 0 0 0))
      (local.set $o (i32.const 0))
      (block $sDone (loop $sVec
        (br_if $sDone (i32.ge_u (local.get $o) (local.get $vecBytes)))
        (local.set $dv (f32x4.add (local.get $dv) (f32x4.mul (v128.load (i32.add (local.get $w) (local.get $o))) (v128.load (i32.add (local.get $dy) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $sVec)))
      (local.set $d (call $hsum (local.get $dv)))
      (block $stDone (loop $sTail
        (br_if $stDone (i32.ge_u (local.get $o) (local.get $rowBytes)))
        (local.set $d (f32.add (local.get $d) (f32.mul (f32.load (i32.add (local.get $w) (local.get $o))) (f32.load (i32.add (local.get $dy) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $sTail)))
      (local.set $dv (f32x4.splat (local.get $d)))
      (local.set $o (i32.const 0))
      (block $gDone (loop $gVec
        (br_if $gDone (i32.ge_u (local.get $o) (local.get $vecBytes)))
        (v128.store (i32.add (local.get $dx) (local.get $o))
          (f32x4.mul (v128.load (i32.add (local.get $w) (local.get $o))) (f32x4.sub (v128.load (i32.add (local.get $dy) (local.get $o))) (local.get $dv))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $gVec)))
      (block $gtDone (loop $gTail
        (br_if $gtDone (i32.ge_u (local.get $o) (local.get $rowBytes)))
        (f32.store (i32.add (local.get $dx) (local.get $o))
          (f32.mul (f32.load (i32.add (local.get $w) (local.get $o))) (f32.sub (f32.load (i32.add (local.get $dy) (local.get $o))) (local.get $d))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $gTail)))
      (local.set $w (i32.add (local.get $w) (local.get $rowBytes)))
      (local.set $dy (i32.add (local.get $dy) (local.get $rowBytes)))
      (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))))
