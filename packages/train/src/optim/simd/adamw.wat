;; One AdamW / Adam step of one parameter tensor in WebAssembly SIMD on the wasm backend's heap
;; (imported memory; pointers are byte offsets). The op path (adamw.ts) runs ~12 tfjs kernels per
;; variable, each a pass over [3000, 256]-sized buffers; this reads p, m, v, g once and writes
;; p', m', v' once. The arithmetic is the op path's, operation for operation, in float32 (wasm's
;; f32x4 add, mul, div and sqrt are correctly rounded and never fused), so both paths agree to the
;; bit wherever tfjs-wasm's kernels are correctly rounded too.
(module
  (import "env" "memory" (memory 1))

  ;; The first `lanes` (1-3) floats at ptr in lanes 0.. (the other lanes repeat lane 0: their
  ;; results are discarded), for the tail of a tensor whose size is not a multiple of 4.
  (func $load_part (param $ptr i32) (param $lanes i32) (result v128)
    (local $x v128)
    (local.set $x (f32x4.splat (f32.load (local.get $ptr))))
    (if (i32.gt_u (local.get $lanes) (i32.const 1))
      (then (local.set $x (f32x4.replace_lane 1 (local.get $x) (f32.load offset=4 (local.get $ptr))))))
    (if (i32.gt_u (local.get $lanes) (i32.const 2))
      (then (local.set $x (f32x4.replace_lane 2 (local.get $x) (f32.load offset=8 (local.get $ptr))))))
    (local.get $x))

  ;; Stores lanes 0..lanes-1 of x at ptr (never past the tensor's end).
  (func $store_part (param $ptr i32) (param $lanes i32) (param $x v128)
    (f32.store (local.get $ptr) (f32x4.extract_lane 0 (local.get $x)))
    (if (i32.gt_u (local.get $lanes) (i32.const 1))
      (then (f32.store offset=4 (local.get $ptr) (f32x4.extract_lane 1 (local.get $x)))))
    (if (i32.gt_u (local.get $lanes) (i32.const 2))
      (then (f32.store offset=8 (local.get $ptr) (f32x4.extract_lane 2 (local.get $x))))))

  ;; Over n floats (any n; p', m', v' are new buffers, never the inputs):
  ;;   m' = m·β1 + g·(1-β1)
  ;;   v' = v·β2 + (g·g)·(1-β2)
  ;;   p' = p·decay + (m' / (√v' / bc2Sqrt + eps))·(-stepSize)
  ;; decay = 1 - lr·λ (1 for Adam: x·1 = x exactly, as the op path's skipped multiply), stepSize =
  ;; lr / (1 - β1^t), bc2Sqrt = √(1 - β2^t); the constants are the float32 scalars the op path uses.
  ;; Whole vectors first; the last 1-3 floats go through the same code lane by lane, so every
  ;; element sees one formula.
  (func (export "adamw")
    (param $p i32) (param $m i32) (param $v i32) (param $g i32)
    (param $p1 i32) (param $m1 i32) (param $v1 i32) (param $n i32)
    (param $beta1 f32) (param $beta2 f32) (param $oneMinusBeta1 f32) (param $oneMinusBeta2 f32)
    (param $decay f32) (param $stepSize f32) (param $bc2Sqrt f32) (param $eps f32)
    (local $o i32) (local $end i32) (local $lanes i32)
    (local $b1 v128) (local $b2 v128) (local $c1 v128) (local $c2 v128)
    (local $dk v128) (local $ns v128) (local $bc v128) (local $ep v128)
    (local $pv v128) (local $mv v128) (local $vv v128) (local $gv v128)
    (local $mn v128) (local $vn v128) (local $pn v128)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $c1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $c2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $dk (f32x4.splat (local.get $decay)))
    (local.set $ns (f32x4.splat (f32.neg (local.get $stepSize))))
    (local.set $bc (f32x4.splat (local.get $bc2Sqrt)))
    (local.set $ep (f32x4.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      ;; 4 when a whole vector is left, else the 1-3 floats of the tail.
      (local.set $lanes (i32.shr_u (i32.sub (local.get $end) (local.get $o)) (i32.const 2)))
      (if (i32.ge_u (local.get $lanes) (i32.const 4))
        (then
          (local.set $pv (v128.load (i32.add (local.get $p) (local.get $o))))
          (local.set $mv (v128.load (i32.add (local.get $m) (local.get $o))))
          (local.set $vv (v128.load (i32.add (local.get $v) (local.get $o))))
          (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o)))))
        (else
          (local.set $pv (call $load_part (i32.add (local.get $p) (local.get $o)) (local.get $lanes)))
          (local.set $mv (call $load_part (i32.add (local.get $m) (local.get $o)) (local.get $lanes)))
          (local.set $vv (call $load_part (i32.add (local.get $v) (local.get $o)) (local.get $lanes)))
          (local.set $gv (call $load_part (i32.add (local.get $g) (local.get $o)) (local.get $lanes)))))
      (local.set $mn (f32x4.add (f32x4.mul (local.get $mv) (local.get $b1)) (f32x4.mul (local.get $gv) (local.get $c1))))
      (local.set $vn (f32x4.add (f32x4.mul (local.get $vv) (local.get $b2))
                                (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $c2))))
      (local.set $pn
        (f32x4.add (f32x4.mul (local.get $pv) (local.get $dk))
                   (f32x4.mul (f32x4.div (local.get $mn)
                                         (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vn)) (local.get $bc)) (local.get $ep)))
                              (local.get $ns))))
      (if (i32.ge_u (local.get $lanes) (i32.const 4))
        (then
          (v128.store (i32.add (local.get $p1) (local.get $o)) (local.get $pn))
          (v128.store (i32.add (local.get $m1) (local.get $o)) (local.get $mn))
          (v128.store (i32.add (local.get $v1) (local.get $o)) (local.get $vn)))
        (else
          (call $store_part (i32.add (local.get $p1) (local.get $o)) (local.get $lanes) (local.get $pn))
          (call $store_part (i32.add (local.get $m1) (local.get $o)) (local.get $lanes) (local.get $mn))
          (call $store_part (i32.add (local.get $v1) (local.get $o)) (local.get $lanes) (local.get $vn))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each)))))
