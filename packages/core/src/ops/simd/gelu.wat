;; GELU (the erf form, PyTorch's F.gelu default) and its derivative in WebAssembly SIMD on the wasm
;; backend's heap (imported memory; pointers are byte offsets). One pass each instead of tfjs's
;; five ops forward and about eight in the recorded backward, over tensors like [16, 128, 1024].
(module
  (import "env" "memory" (memory 1))

  ;; @include math.wati

  ;; erf(x/√2) for lanes of x, and e = exp(-x²/2) (the derivative needs it too).
  (func $erf_scaled (param $x v128) (result v128 v128)
    (local $a v128) (local $e v128)
    (local.set $a (f32x4.mul (f32x4.abs (local.get $x)) (v128.const f32x4 0.70710678118654752 0.70710678118654752 0.70710678118654752 0.70710678118654752)))
    (local.set $e (call $exp (f32x4.neg (f32x4.mul (local.get $a) (local.get $a)))))
    ;; copysign(erf(|z|), x)
    (v128.or (v128.and (call $erf_abs (local.get $a) (local.get $e)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
             (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))
    (local.get $e))

  ;; y = (x·0.5)·(erf(x/√2) + 1) over n floats (a multiple of 4), in tfjs's composite order.
  (func (export "gelu") (param $x i32) (param $y i32) (param $n i32)
    (local $o i32) (local $end i32) (local $v v128) (local $erf v128) (local $e v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $o))))
      (local.set $e (call $erf_scaled (local.get $v)))
      (local.set $erf)
      (v128.store (i32.add (local.get $y) (local.get $o))
        (f32x4.mul (f32x4.mul (local.get $v) (v128.const f32x4 0.5 0.5 0.5 0.5))
                   (f32x4.add (local.get $erf) (v128.const f32x4 1.0 1.0 1.0 1.0))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; dx = dy·(Φ(x) + x·φ(x)) with Φ(x) = (1 + erf(x/√2))/2 and φ(x) = exp(-x²/2)/√(2π).
  (func (export "gelu_grad") (param $x i32) (param $dy i32) (param $dx i32) (param $n i32)
    (local $o i32) (local $end i32) (local $v v128) (local $cdf v128) (local $erf v128) (local $e v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $o))))
      (local.set $e (call $erf_scaled (local.get $v)))
      (local.set $erf)
      (local.set $cdf (f32x4.mul (f32x4.add (local.get $erf) (v128.const f32x4 1.0 1.0 1.0 1.0)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
      (v128.store (i32.add (local.get $dx) (local.get $o))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $o)))
          (f32x4.add (local.get $cdf)
            (f32x4.mul (local.get $v) (f32x4.mul (local.get $e) (v128.const f32x4 0.39894228040143268 0.39894228040143268 0.39894228040143268 0.39894228040143268))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each)))))
