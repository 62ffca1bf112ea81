;; Bahdanau's additive scores in WebAssembly SIMD on the wasm backend's heap (imported memory;
;; pointers are byte offsets): score[b, t, s] = Σ_a v[a]·tanh(pq[b, t, a] + pk[b, s, a]), and its
;; backward, recomputing the tanh instead of storing the [B, Tq, S, A] hidden layer. As tfjs ops
;; this is a broadcasting add, a tanh, a [B·Tq·S, A] x [A, 1] product and, backward, the reductions
;; of the broadcast (wasm's slow Sum) and the product's gradients: ~15 ops per decoder step.
;; A (the attention size) must be a multiple of 4; the caller checks.
(module
  (import "env" "memory" (memory 1))

  ;; @include ../../../core/src/ops/simd/math.wati

  ;; pq [B, Tq, A], pk [B, S, A], v [A] -> scores [B, Tq, S]
  (func (export "additive_score") (param $pq i32) (param $pk i32) (param $v i32) (param $scores i32) (param $B i32) (param $Tq i32) (param $S i32) (param $A i32)
    (local $b i32) (local $t i32) (local $s i32) (local $o i32) (local $rowA i32) (local $q i32) (local $k i32) (local $out i32) (local $acc v128)
    (local.set $rowA (i32.shl (local.get $A) (i32.const 2)))
    (local.set $out (local.get $scores))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $t (i32.const 0))
      (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_u (local.get $t) (local.get $Tq)))
        (local.set $q (i32.add (local.get $pq) (i32.mul (i32.add (i32.mul (local.get $b) (local.get $Tq)) (local.get $t)) (local.get $rowA))))
        (local.set $s (i32.const 0))
        (block $sDone (loop $sLoop
          (br_if $sDone (i32.ge_u (local.get $s) (local.get $S)))
          (local.set $k (i32.add (local.get $pk) (i32.mul (i32.add (i32.mul (local.get $b) (local.get $S)) (local.get $s)) (local.get $rowA))))
          (local.set $acc (v128.const f32x4 0 0 0 0))
          (local.set $o (i32.const 0))
          (block $aDone (loop $aLoop
            (br_if $aDone (i32.ge_u (local.get $o) (local.get $rowA)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o)))
                         (call $tanh (f32x4.add (v128.load (i32.add (local.get $q) (local.get $o))) (v128.load (i32.add (local.get $k) (local.get $o))))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $aLoop)))
          (f32.store (local.get $out) (call $hsum (local.get $acc)))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br $sLoop)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop))))

  ;; Backward for upstream dscores [B, Tq, S]: with h = tanh(pq + pk) and g = dscore·v·(1 - h²),
  ;; dpq[b, t] = Σ_s g, dpk[b, s] = Σ_t g, dv = Σ_{b, t, s} dscore·h.
  (func (export "additive_score_grad") (param $pq i32) (param $pk i32) (param $v i32) (param $dsc i32) (param $dpq i32) (param $dpk i32) (param $dv i32) (param $B i32) (param $Tq i32) (param $S i32) (param $A i32)
    (local $b i32) (local $t i32) (local $s i32) (local $o i32) (local $rowA i32) (local $q i32) (local $k i32) (local $dq i32) (local $dk i32) (local $d i32)
    (local $h v128) (local $g v128) (local $ds v128) (local $vv v128)
    (local.set $rowA (i32.shl (local.get $A) (i32.const 2)))
    (memory.fill (local.get $dpq) (i32.const 0) (i32.mul (i32.mul (local.get $B) (local.get $Tq)) (local.get $rowA)))
    (memory.fill (local.get $dpk) (i32.const 0) (i32.mul (i32.mul (local.get $B) (local.get $S)) (local.get $rowA)))
    (memory.fill (local.get $dv) (i32.const 0) (local.get $rowA))
    (local.set $d (local.get $dsc))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $t (i32.const 0))
      (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_u (local.get $t) (local.get $Tq)))
        (local.set $q (i32.mul (i32.add (i32.mul (local.get $b) (local.get $Tq)) (local.get $t)) (local.get $rowA)))
        (local.set $dq (i32.add (local.get $dpq) (local.get $q)))
        (local.set $q (i32.add (local.get $pq) (local.get $q)))
        (local.set $s (i32.const 0))
        (block $sDone (loop $sLoop
          (br_if $sDone (i32.ge_u (local.get $s) (local.get $S)))
          (local.set $k (i32.mul (i32.add (i32.mul (local.get $b) (local.get $S)) (local.get $s)) (local.get $rowA)))
          (local.set $dk (i32.add (local.get $dpk) (local.get $k)))
          (local.set $k (i32.add (local.get $pk) (local.get $k)))
          (local.set $ds (f32x4.splat (f32.load (local.get $d))))
          (local.set $o (i32.const 0))
          (block $aDone (loop $aLoop
            (br_if $aDone (i32.ge_u (local.get $o) (local.get $rowA)))
            (local.set $h (call $tanh (f32x4.add (v128.load (i32.add (local.get $q) (local.get $o))) (v128.load (i32.add (local.get $k) (local.get $o))))))
            (local.set $vv (v128.load (i32.add (local.get $v) (local.get $o))))
            (local.set $g (f32x4.mul (f32x4.mul (local.get $ds) (local.get $vv))
                                     (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $h) (local.get $h)))))
            (v128.store (i32.add (local.get $dq) (local.get $o)) (f32x4.add (v128.load (i32.add (local.get $dq) (local.get $o))) (local.get $g)))
            (v128.store (i32.add (local.get $dk) (local.get $o)) (f32x4.add (v128.load (i32.add (local.get $dk) (local.get $o))) (local.get $g)))
            (v128.store (i32.add (local.get $dv) (local.get $o))
              (f32x4.add (v128.load (i32.add (local.get $dv) (local.get $o))) (f32x4.mul (local.get $ds) (local.get $h))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $aLoop)))
          (local.set $d (i32.add (local.get $d) (i32.const 4)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br $sLoop)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop)))))
