;; Transposes for the wasm backend in WebAssembly SIMD on the backend's heap (imported memory;
;; pointers are byte offsets of tensors there). tfjs-backend-wasm 4.22's Transpose moves one
;; element at a time through index arithmetic (~11 ns per element here: 23 ms for [2048, 1024]; this kernel ~7 ms).
(module
  (import "env" "memory" (memory 1))

  ;; out[a, c, r, i] = x[a, r, c, i] for x [A, R, C, I] of 4-byte elements: every transpose that
  ;; swaps two blocks of axes (after merging axes that stay together) has this form. I = 1 goes
  ;; through 4x4 register transposes, larger I copies runs of I elements.
  (func (export "transpose") (param $x i32) (param $out i32) (param $A i32) (param $R i32) (param $C i32) (param $I i32)
    (local $a i32) (local $r i32) (local $c i32) (local $run i32) (local $plane i32) (local $src i32) (local $dst i32)
    (local.set $run (i32.shl (local.get $I) (i32.const 2)))
    (local.set $plane (i32.mul (i32.mul (local.get $R) (local.get $C)) (local.get $run)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $a) (local.get $A)))
      (if (i32.eq (local.get $I) (i32.const 1))
        (then (call $transpose2d (local.get $x) (local.get $out) (local.get $R) (local.get $C)))
        (else
          ;; runs of I elements: out row c gathers x[r, c] for every r
          (local.set $r (i32.const 0))
          (block $rDone (loop $rows
            (br_if $rDone (i32.ge_u (local.get $r) (local.get $R)))
            (local.set $src (i32.add (local.get $x) (i32.mul (i32.mul (local.get $r) (local.get $C)) (local.get $run))))
            (local.set $dst (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $run))))
            (local.set $c (i32.const 0))
            (block $cDone (loop $cols
              (br_if $cDone (i32.ge_u (local.get $c) (local.get $C)))
              (memory.copy (local.get $dst) (local.get $src) (local.get $run))
              (local.set $src (i32.add (local.get $src) (local.get $run)))
              (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $R) (local.get $run))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br $cols)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))))
      (local.set $x (i32.add (local.get $x) (local.get $plane)))
      (local.set $out (i32.add (local.get $out) (local.get $plane)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $each))))

  ;; out [C, R] = x [R, C]ᵀ. Tiles of 32 x 32 keep the written lines in cache; inside a tile,
  ;; 4 x 4 blocks are transposed in registers (two rounds of shuffles); the R mod 4 and C mod 4
  ;; edges go element by element.
  (func $transpose2d (param $x i32) (param $out i32) (param $R i32) (param $C i32)
    (local $R4 i32) (local $C4 i32) (local $r0 i32) (local $c0 i32) (local $rEnd i32) (local $cEnd i32) (local $r i32) (local $c i32)
    (local $rowBytes i32) (local $colBytes i32) (local $p i32) (local $q i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $R4 (i32.and (local.get $R) (i32.const -4)))
    (local.set $C4 (i32.and (local.get $C) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $R) (i32.const 2)))
    (block $r0Done (loop $r0Loop
      (br_if $r0Done (i32.ge_u (local.get $r0) (local.get $R4)))
      (local.set $rEnd (select (i32.add (local.get $r0) (i32.const 32)) (local.get $R4) (i32.lt_u (i32.add (local.get $r0) (i32.const 32)) (local.get $R4))))
      (local.set $c0 (i32.const 0))
      (block $c0Done (loop $c0Loop
        (br_if $c0Done (i32.ge_u (local.get $c0) (local.get $C4)))
        (local.set $cEnd (select (i32.add (local.get $c0) (i32.const 32)) (local.get $C4) (i32.lt_u (i32.add (local.get $c0) (i32.const 32)) (local.get $C4))))
        (local.set $r (local.get $r0))
        (block $rDone (loop $rLoop
          (br_if $rDone (i32.ge_u (local.get $r) (local.get $rEnd)))
          (local.set $c (local.get $c0))
          (block $cDone (loop $cLoop
            (br_if $cDone (i32.ge_u (local.get $c) (local.get $cEnd)))
            ;; p: x[r, c]; q: out[c, r]
            (local.set $p (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $C)) (local.get $c)) (i32.const 2))))
            (local.set $q (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $R)) (local.get $r)) (i32.const 2))))
            (local.set $v0 (v128.load (local.get $p)))
            (local.set $v1 (v128.load (i32.add (local.get $p) (local.get $rowBytes))))
            (local.set $v2 (v128.load (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 1)))))
            (local.set $v3 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            ;; t0 = (v0[0], v1[0], v0[1], v1[1]), t1 = (v0[2], v1[2], v0[3], v1[3]); t2, t3 from v2, v3
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            ;; column k of the block = (v0[k], v1[k], v2[k], v3[k])
            (v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $q) (local.get $colBytes))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $q) (i32.shl (local.get $colBytes) (i32.const 1)))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store (i32.add (local.get $q) (i32.mul (local.get $colBytes) (i32.const 3)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $cLoop)))
          (local.set $r (i32.add (local.get $r) (i32.const 4)))
          (br $rLoop)))
        (local.set $c0 (local.get $cEnd))
        (br $c0Loop)))
      (local.set $r0 (local.get $rEnd))
      (br $r0Loop)))
    ;; edges: rows R4..R (all columns), then columns C4..C of rows 0..R4
    (local.set $r (local.get $R4))
    (block $erDone (loop $erLoop
      (br_if $erDone (i32.ge_u (local.get $r) (local.get $R)))
      (local.set $c (i32.const 0))
      (block $ecDone (loop $ecLoop
        (br_if $ecDone (i32.ge_u (local.get $c) (local.get $C)))
        (call $move (local.get $x) (local.get $out) (local.get $R) (local.get $C) (local.get $r) (local.get $c))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $ecLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $erLoop)))
    (local.set $r (i32.const 0))
    (block $fDone (loop $fLoop
      (br_if $fDone (i32.ge_u (local.get $r) (local.get $R4)))
      (local.set $c (local.get $C4))
      (block $gDone (loop $gLoop
        (br_if $gDone (i32.ge_u (local.get $c) (local.get $C)))
        (call $move (local.get $x) (local.get $out) (local.get $R) (local.get $C) (local.get $r) (local.get $c))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $gLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $fLoop))))

  ;; out[c, r] = x[r, c], one element (any 4-byte type: moved as bits)
  (func $move (param $x i32) (param $out i32) (param $R i32) (param $C i32) (param $r i32) (param $c i32)
    (i32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $R)) (local.get $r)) (i32.const 2)))
               (i32.load (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $C)) (local.get $c)) (i32.const 2)))))))
