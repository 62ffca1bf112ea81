;; Elementwise functions for the wasm backend in WebAssembly SIMD on the backend's heap (imported
;; memory; pointers are byte offsets). tfjs-backend-wasm 4.22's Exp and Tanh call the C library
;; per element (~9-15 ns per element here for expf, ~24 for tanhf); these run 4 lanes at a time.
(module
  (import "env" "memory" (memory 1))

  ;; @include math.wati

  ;; exp with IEEE edges, unlike math.wati's clamped $exp: +Inf above ln(FLT_MAX), 0 below
  ;; -87.34 (where exp would be a denormal: flushed), and (88, 88.72] as exp(x/2)² (x/2 is exact).
  (func $exp_ieee (param $x v128) (result v128)
    (local $big v128) (local $e v128)
    (local.set $big (f32x4.gt (local.get $x) (v128.const f32x4 88.0 88.0 88.0 88.0)))
    (local.set $e (call $exp (v128.bitselect (f32x4.mul (local.get $x) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $x) (local.get $big))))
    (local.set $e (v128.bitselect (f32x4.mul (local.get $e) (local.get $e)) (local.get $e) (local.get $big)))
    (local.set $e (v128.andnot (local.get $e) (f32x4.lt (local.get $x) (v128.const f32x4 -87.33654 -87.33654 -87.33654 -87.33654))))
    (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $e) (f32x4.gt (local.get $x) (v128.const f32x4 88.7228391 88.7228391 88.7228391 88.7228391))))

  ;; y = exp(x) over n >= 4 floats: whole vectors, then the last 4 elements once more (an
  ;; overlapping vector, so no scalar tail; x and y are separate buffers).
  (func (export "exp") (param $x i32) (param $y i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (v128.store (i32.add (local.get $y) (local.get $o)) (call $exp_ieee (v128.load (i32.add (local.get $x) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each)))
    (local.set $o (i32.shl (i32.sub (local.get $n) (i32.const 4)) (i32.const 2)))
    (v128.store (i32.add (local.get $y) (local.get $o)) (call $exp_ieee (v128.load (i32.add (local.get $x) (local.get $o))))))

  ;; y = tanh(x) over n >= 4 floats, the same way (math.wati's $tanh: ±1 for ±Inf, NaN kept).
  (func (export "tanh") (param $x i32) (param $y i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (v128.store (i32.add (local.get $y) (local.get $o)) (call $tanh (v128.load (i32.add (local.get $x) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each)))
    (local.set $o (i32.shl (i32.sub (local.get $n) (i32.const 4)) (i32.const 2)))
    (v128.store (i32.add (local.get $y) (local.get $o)) (call $tanh (v128.load (i32.add (local.get $x) (local.get $o)))))))
