;; Reductions for the wasm backend that tfjs-backend-wasm 4.22 does slowly, in WebAssembly SIMD on
;; the backend's heap (imported memory; pointers are byte offsets of tensors there).
(module
  (import "env" "memory" (memory 1))

  ;; out[c] = Σ_r x[r, c] for x [R, C] (R >= 1), summed in row order like a plain loop. Row by
  ;; row into the output (C floats stay in cache) instead of tfjs's transpose-then-reduce:
  ;; 2.7 ms -> ~0.3 ms for [640, 1024], 28 ms -> ~1 ms for [2048, 1024].
  (func (export "sum_rows") (param $x i32) (param $out i32) (param $R i32) (param $C i32)
    (local $rowBytes i32) (local $vecBytes i32) (local $end i32) (local $o i32) (local $p i32) (local $r i32)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    ;; the columns handled four at a time; the last C mod 4 one by one
    (local.set $vecBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (memory.copy (local.get $out) (local.get $x) (local.get $rowBytes))
    (local.set $p (i32.add (local.get $x) (local.get $rowBytes)))
    (local.set $r (i32.const 1))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $R)))
      (local.set $o (i32.const 0))
      (block $vecDone (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $o) (local.get $vecBytes)))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $out) (local.get $o))) (v128.load (i32.add (local.get $p) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $rowBytes)))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add (f32.load (i32.add (local.get $out) (local.get $o))) (f32.load (i32.add (local.get $p) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail)))
      (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))))
