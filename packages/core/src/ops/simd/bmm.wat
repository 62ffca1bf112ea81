;; A batch of small matrix products C[i] = A[i] @ B[i] in WebAssembly SIMD on the wasm backend's
;; heap (imported memory; pointers are byte offsets). For products too small for XNNPACK to pay
;; off: tfjs-wasm's batched matMul runs at ~1 GFLOP/s, and splitting a batch into 2-D products
;; costs, per matrix, an op, a copy out of the batch, XNNPACK packing the right operand and a copy
;; back (the attention heads of a Transformer LM: 1,536 such products per training step).
;; Row-major A [M, K], B [K, N], C [M, N]: 4 x 8 tiles of C in registers, then the last M mod 4
;; rows and N mod 8 columns one element at a time. Each output element is summed over k in order,
;; like a plain loop. No cache blocking: the caller keeps B small enough to stay in cache.
(module
  (import "env" "memory" (memory 1))

  ;; C[i, j] = Σ_k A[i, k]·B[k, j] for one element (pa: A[i, 0], pb: B[0, j]).
  (func $dot (param $pa i32) (param $pb i32) (param $K i32) (param $rowB i32) (result f32)
    (local $acc f32)
    (block $done (loop $ks
      (br_if $done (i32.eqz (local.get $K)))
      (local.set $acc (f32.add (local.get $acc) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
      (local.set $pb (i32.add (local.get $pb) (local.get $rowB)))
      (local.set $K (i32.sub (local.get $K) (i32.const 1)))
      (br $ks)))
    (local.get $acc))

  ;; The elements of C in rows [i0, i1) and columns [j0, j1), one at a time.
  (func $edge (param $a i32) (param $b i32) (param $c i32) (param $K i32) (param $N i32) (param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32)
    (local $i i32) (local $j i32)
    (local.set $i (local.get $i0))
    (block $iDone (loop $rows
      (br_if $iDone (i32.ge_u (local.get $i) (local.get $i1)))
      (local.set $j (local.get $j0))
      (block $jDone (loop $cols
        (br_if $jDone (i32.ge_u (local.get $j) (local.get $j1)))
        (f32.store (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $N)) (local.get $j)) (i32.const 2)))
          (call $dot (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $K)) (i32.const 2)))
                     (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))
                     (local.get $K) (i32.shl (local.get $N) (i32.const 2))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))

  (func (export "bmm") (param $a i32) (param $b i32) (param $c i32) (param $batch i32) (param $M i32) (param $K i32) (param $N i32)
    (local $M4 i32) (local $N8 i32)
    (local $i i32) (local $j i32) (local $k i32) (local $rowA i32) (local $rowB i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $sizeA i32) (local $sizeB i32) (local $sizeC i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowA (i32.shl (local.get $K) (i32.const 2)))
    (local.set $rowB (i32.shl (local.get $N) (i32.const 2)))
    (local.set $sizeA (i32.mul (local.get $M) (local.get $rowA)))
    (local.set $sizeB (i32.mul (local.get $K) (local.get $rowB)))
    (local.set $sizeC (i32.mul (local.get $M) (local.get $rowB)))
    (local.set $M4 (i32.and (local.get $M) (i32.const -4)))
    (local.set $N8 (i32.and (local.get $N) (i32.const -8)))
    (block $done (loop $batches
      (br_if $done (i32.eqz (local.get $batch)))
      (local.set $i (i32.const 0))
      (block $iDone (loop $rows
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $M4)))
        (local.set $j (i32.const 0))
        (block $jDone (loop $cols
          (br_if $jDone (i32.ge_u (local.get $j) (local.get $N8)))
          (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
          (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
          (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
          (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
          ;; pa: A[i, 0]; pb: B[0, j]
          (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowA))))
          (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $k (i32.const 0))
          (block $kDone (loop $ks
            (br_if $kDone (i32.ge_u (local.get $k) (local.get $K)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $x (v128.load32_splat (local.get $pa)))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $pa) (local.get $rowA))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $pa) (i32.shl (local.get $rowA) (i32.const 1)))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $pa) (i32.mul (local.get $rowA) (i32.const 3)))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
            (local.set $pb (i32.add (local.get $pb) (local.get $rowB)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $ks)))
          ;; pc: C[i, j]
          (local.set $pc (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $rowB)) (i32.shl (local.get $j) (i32.const 2)))))
          (v128.store (local.get $pc) (local.get $c00))
          (v128.store offset=16 (local.get $pc) (local.get $c01))
          (local.set $pc (i32.add (local.get $pc) (local.get $rowB)))
          (v128.store (local.get $pc) (local.get $c10))
          (v128.store offset=16 (local.get $pc) (local.get $c11))
          (local.set $pc (i32.add (local.get $pc) (local.get $rowB)))
          (v128.store (local.get $pc) (local.get $c20))
          (v128.store offset=16 (local.get $pc) (local.get $c21))
          (local.set $pc (i32.add (local.get $pc) (local.get $rowB)))
          (v128.store (local.get $pc) (local.get $c30))
          (v128.store offset=16 (local.get $pc) (local.get $c31))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
      ;; the last M mod 4 rows (all columns), then the last N mod 8 columns of the other rows
      (call $edge (local.get $a) (local.get $b) (local.get $c) (local.get $K) (local.get $N) (local.get $M4) (local.get $M) (i32.const 0) (local.get $N))
      (call $edge (local.get $a) (local.get $b) (local.get $c) (local.get $K) (local.get $N) (i32.const 0) (local.get $M4) (local.get $N8) (local.get $N))
      (local.set $a (i32.add (local.get $a) (local.get $sizeA)))
      (local.set $b (i32.add (local.get $b) (local.get $sizeB)))
      (local.set $c (i32.add (local.get $c) (local.get $sizeC)))
      (local.set $batch (i32.sub (local.get $batch) (i32.const 1)))
      (br $batches)))))
